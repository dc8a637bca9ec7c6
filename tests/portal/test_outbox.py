"""The outbox's exactly-once protocol, for every kind of email that goes through it: a claim
whose worker died is retaken after its lease, a lease taken over is never recorded nor sent,
a message recorded but not moved on is not sent again, a refused message is tried again after
the back-off and given up after MAX_ATTEMPTS, two sweeps at once send each message once, and
the record commits without waiting for the disk."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from portal import outbox
from portal.delivery import Delivery, DeliveryError
from portal.models import OutboxMessage
from tests.portal.outbox_kinds import KINDS, Kind

pytestmark = pytest.mark.both_databases

every_kind = pytest.mark.parametrize("kind", KINDS, ids=str)


def recipients() -> list[str]:
    return sorted(address for email in mail.outbox for address in email.to)


@pytest.fixture
def lease(settings) -> dt.timedelta:
    settings.SURVEY_SEND_LEASE_SECONDS = 60
    return dt.timedelta(seconds=60)


@every_kind
@pytest.mark.django_db
def test_each_due_message_is_sent_once_and_a_second_sweep_sends_nothing(kind: Kind):
    addresses = kind.make_due(3)
    assert kind.sweep().sent == 3
    assert kind.sweep().sent == 0
    assert recipients() == sorted(addresses)
    assert kind.recorded_as_sent() == 3


@every_kind
@pytest.mark.django_db
def test_a_claim_whose_worker_died_is_taken_again_after_its_lease(kind: Kind, lease):
    kind.make_due(1)
    now = timezone.now()
    (claim,) = outbox.claim(kind.adapter(), now=now, batch_size=10, result=outbox.SweepResult())
    # ... and the worker dies here, before sending.
    assert kind.sweep(now=now + lease / 2).sent == 0  # the lease still holds
    assert kind.sweep(now=now + lease + dt.timedelta(seconds=1)).sent == 1
    assert len(mail.outbox) == 1
    message = kind.sent_messages().get()
    assert message.pk == claim.message_id and message.attempts == 2


@every_kind
@pytest.mark.django_db
def test_a_sender_whose_lease_was_taken_over_neither_records_nor_sends(kind: Kind, lease):
    """A sweep too slow to record before its lease ran out finds another sweep's lease on the
    message: it aborts the send (the server never gets the final "."), the other one sends."""
    kind.make_due(1)
    now = timezone.now()
    (slow,) = outbox.claim(kind.adapter(), now=now, batch_size=10, result=outbox.SweepResult())
    (fast,) = outbox.claim(
        kind.adapter(), now=now + lease + dt.timedelta(seconds=1), batch_size=10, result=outbox.SweepResult()
    )
    assert fast.message_id == slow.message_id
    late, taken_over = outbox.SweepResult(), outbox.SweepResult()
    with Delivery() as delivery:
        outbox.send(kind.adapter(), slow, delivery=delivery, result=late)
        outbox.send(kind.adapter(), fast, delivery=delivery, result=taken_over)
    assert (late.sent, late.lost_lease, taken_over.sent) == (0, 1, 1)
    assert len(mail.outbox) == 1 and kind.recorded_as_sent() == 1


@every_kind
@pytest.mark.django_db
def test_a_message_recorded_but_not_moved_on_is_not_sent_again(kind: Kind):
    kind.make_due(1)
    now = timezone.now()
    (claim,) = outbox.claim(kind.adapter(), now=now, batch_size=10, result=outbox.SweepResult())
    # The record committed; the worker died before its row was moved on (as an older
    # release could leave it): the row is due again, its message is sent.
    kind.messages.objects.filter(pk=claim.message_id).update(state=outbox.SENT, sent_at=now, lease_until=None)
    assert kind.sweep(now=claim.lease_until + dt.timedelta(seconds=1)).sent == 0
    assert kind.sweep(now=claim.lease_until + dt.timedelta(hours=1)).sent == 0
    assert mail.outbox == []
    assert kind.recorded_as_sent() == 1


@every_kind
@pytest.mark.django_db
def test_a_refused_message_is_tried_again_after_the_back_off_then_given_up(kind: Kind, monkeypatch):
    def refuse(self, email):
        raise DeliveryError("550 mailbox unavailable")

    kind.make_due(1)
    monkeypatch.setattr(Delivery, "prepare", refuse)
    assert kind.sweep().failed == 1
    (message,) = kind.messages.objects.all().exclude(state=outbox.SENT)
    assert message.state == outbox.FAILED and "550" in message.error
    assert kind.sweep(now=timezone.now() + outbox.RETRY_AFTER / 2).failed == 0  # not before the back-off
    later = timezone.now()
    for attempt in range(2, outbox.MAX_ATTEMPTS + 1):
        later += outbox.RETRY_AFTER + dt.timedelta(minutes=1)
        assert kind.sweep(now=later).failed == 1, f"attempt {attempt}"
    later += outbox.RETRY_AFTER + dt.timedelta(minutes=1)
    monkeypatch.undo()
    assert kind.sweep(now=later).sent == 0  # given up after MAX_ATTEMPTS
    assert kind.sweep(now=later + dt.timedelta(days=1)).sent == 0
    assert mail.outbox == []
    assert kind.messages.objects.get(pk=message.pk).attempts == outbox.MAX_ATTEMPTS


@every_kind
@pytest.mark.django_db
def test_a_message_refused_once_is_sent_at_the_next_sweep_after_the_back_off(kind: Kind, monkeypatch):
    def refuse(self, email):
        raise DeliveryError("451 try again later")

    addresses = kind.make_due(1)
    monkeypatch.setattr(Delivery, "prepare", refuse)
    assert kind.sweep().failed == 1
    monkeypatch.undo()
    assert kind.sweep(now=timezone.now() + outbox.RETRY_AFTER + dt.timedelta(minutes=1)).sent == 1
    assert recipients() == sorted(addresses)


@every_kind
@pytest.mark.django_db
def test_the_record_of_a_sent_message_commits_without_waiting_for_the_disk(kind: Kind):
    if connection.vendor != "postgresql":
        pytest.skip("synchronous_commit is a PostgreSQL setting")
    kind.make_due(1)
    table = kind.messages._meta.db_table
    with CaptureQueriesContext(connection) as queries:
        assert kind.sweep().sent == 1
    statements = [query["sql"] for query in queries.captured_queries]
    relaxed = statements.index("SET LOCAL synchronous_commit TO OFF")
    recorded = next(
        n
        for n, sql in enumerate(statements)
        if sql.startswith(f'UPDATE "{table}"') and '"sent_at" = ' in sql and n > relaxed
    )
    assert not any(sql.startswith(("COMMIT", "RELEASE")) for sql in statements[relaxed:recorded])


@every_kind
@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_send_every_message_exactly_once(kind: Kind, request):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one writer at a time; the row locks matter on PostgreSQL")
    request.getfixturevalue("migrated_data")
    count = 60
    addresses = kind.make_due(count)
    start = threading.Barrier(2)
    results, errors = [], []

    def sweep():
        try:
            start.wait()
            results.append(kind.sweep(batch_size=7))
        except Exception as problem:  # reported below
            errors.append(problem)
        finally:
            connection.close()

    threads = [threading.Thread(target=sweep) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors
    assert recipients() == sorted(addresses)
    assert sum(result.sent for result in results) == count
    assert kind.recorded_as_sent() == count


@pytest.mark.django_db
def test_a_notice_keeps_its_sender_recipients_subject_and_body(settings):
    outbox.message_add(
        kind="followup", to=["a@example.org", "b@example.org"], subject="Hello", body="Body.\n"
    )
    outbox.message_add(
        kind="followup", to=["c@example.org"], subject="Hi", body="B.\n", from_email="Team <team@example.org>"
    )
    assert outbox.messages_sweep().sent == 2
    first, second = mail.outbox
    assert (first.from_email, first.to, first.subject, first.body) == (
        settings.DEFAULT_FROM_EMAIL,
        ["a@example.org", "b@example.org"],
        "Hello",
        "Body.\n",
    )
    assert second.from_email == "Team <team@example.org>"
    assert set(OutboxMessage.objects.values_list("state", flat=True)) == {outbox.SENT}
    assert not OutboxMessage.objects.filter(due_at__isnull=False).exists()


@pytest.mark.django_db
def test_sending_only_the_given_notices_leaves_the_others_to_the_periodic_sweep():
    from portal.tasks import outbox_sweep_task

    first = outbox.message_add(kind="followup", to=["a@example.org"], subject="One", body="1\n")
    outbox.message_add(kind="followup", to=["b@example.org"], subject="Two", body="2\n")
    assert outbox.messages_sweep(ids=[first.pk]).sent == 1
    assert outbox.messages_sweep(ids=[]).sent == 0
    assert outbox_sweep_task.delay().get() == {"sent": 1, "failed": 0}
    assert recipients() == ["a@example.org", "b@example.org"]


def test_the_outbox_sweep_runs_with_the_other_sweeps(settings):
    (entry,) = [
        e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == "portal.tasks.outbox_sweep_task"
    ]
    assert entry["schedule"] == float(settings.SURVEY_SWEEP_SECONDS)
