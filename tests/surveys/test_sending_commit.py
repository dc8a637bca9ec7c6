"""The record that a message was sent commits without waiting for the disk (PostgreSQL), so
a worker killed between that commit and the email's final "." has only a round trip in
which it can lose the email (make stress lost one when the commit waited for a flush)."""

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from surveys.models import InvitationMessage
from surveys.sending import invitations_sweep
from tests.surveys.factories import scheduled_transition
from tests.surveys.test_sending import hospital, local  # noqa: F401 - fixture

pytestmark = pytest.mark.both_databases


def test_the_record_of_a_sent_message_commits_without_waiting_for_the_disk(rule_page, hospital):  # noqa: F811
    if connection.vendor != "postgresql":
        pytest.skip("synchronous_commit is a PostgreSQL setting")
    scheduled_transition(hospital)
    with (
        CaptureQueriesContext(connection) as queries,
        time_machine.travel(local(2026, 3, 4, 9, 1), tick=False),
    ):
        assert invitations_sweep().sent == 1
    statements = [query["sql"] for query in queries.captured_queries]
    claimed = next(
        n for n, sql in enumerate(statements) if sql.startswith('INSERT INTO "surveys_invitationmessage"')
    )
    recorded = next(
        n
        for n, sql in enumerate(statements)
        if sql.startswith('UPDATE "surveys_invitationmessage"') and n > claimed
    )
    relaxed = [n for n, sql in enumerate(statements) if sql == "SET LOCAL synchronous_commit TO OFF"]
    assert relaxed, "the record's commit waits for the disk"
    assert claimed < relaxed[0] < recorded, "synchronous_commit is relaxed outside the record's transaction"
    assert InvitationMessage.objects.get().state == InvitationMessage.SENT
