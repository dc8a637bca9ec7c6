"""Review notices go through the outbox: each is written in the transaction that marks the
notice handled, so a worker that dies after that commit, before sending, leaves a row the
periodic outbox sweep sends, once."""

import datetime as dt
from unittest import mock

import pytest
from django.core import mail

from content.services import REVIEW_NOTICE, review_notices_send
from portal import outbox
from portal.models import OutboxMessage
from portal.tasks import outbox_sweep_task
from tests.content.test_review_notices import owned_library, set_due  # noqa: F401 - fixture

pytestmark = [pytest.mark.django_db, pytest.mark.both_databases]


def test_review_notices_left_by_a_dead_worker_are_sent_once_by_the_outbox_sweep(owned_library):  # noqa: F811
    today = dt.date(2027, 1, 10)
    set_due(owned_library["heart"], today + dt.timedelta(days=20))
    set_due(owned_library["copd"], today - dt.timedelta(days=1))
    for key in ("snf", "heart_es"):
        set_due(owned_library[key], today + dt.timedelta(days=400))
    with mock.patch.object(outbox, "messages_sweep"):
        review_notices_send(today=today)
    assert OutboxMessage.objects.filter(kind=REVIEW_NOTICE, state=OutboxMessage.QUEUED).count() == 2
    assert mail.outbox == []
    assert review_notices_send(today=today) == 0  # handled: not put in the outbox again
    assert outbox_sweep_task.delay().get() == {"sent": 2, "failed": 0}
    assert outbox_sweep_task.delay().get() == {"sent": 0, "failed": 0}
    assert sorted(m.subject for m in mail.outbox) == [
        "Clinical review due by January 30, 2027: Living with heart failure",
        "Clinical review overdue: Living with COPD",
    ]
    assert all(m.to == ["owner@example.org"] for m in mail.outbox)
