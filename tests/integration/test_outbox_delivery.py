"""Every kind of email the outbox sends reaches a real SMTP server exactly once, even when the
worker sweeping it is killed (SIGKILL) mid-sweep, twice: invitations, reminders, packets and
the three staff notices (tests/portal/outbox_kinds.py).

As in test_invitation_delivery.py (whose worker and environment this reuses): the worker runs
the development settings, pointed at the sink, with a short send lease, so that the claims of
a killed worker are taken again within seconds. Each message goes to an address of its own,
so a message sent twice or never shows by its recipient.
"""

from __future__ import annotations

import time

import pytest
import redis

import packets.tasks  # noqa: F401 - registers the sweep tasks the worker is sent
import portal.tasks  # noqa: F401
import surveys.tasks  # noqa: F401
from portal.celery import app as celery_app
from tests.integration.conftest import REDIS_URL, redis_answers
from tests.integration.smtp_sink import SmtpSink, tally
from tests.integration.test_invitation_delivery import SweepWorker, sending_env, settle
from tests.portal.outbox_kinds import KINDS, Kind

pytestmark = [pytest.mark.integration, pytest.mark.both_databases]

MESSAGES = 200
KILL_AT = (60, 130)  # messages arrived at the sink when the worker is killed
BOUND_SECONDS = 120


class KindWorker(SweepWorker):
    """The same worker, sent the sweep task of one kind of email."""

    def __init__(self, env, log, *, task: str):
        super().__init__(env, log)
        self.task = celery_app.tasks[task]

    def enqueue_sweep(self) -> None:
        with celery_app.connection_for_write(REDIS_URL) as connection:
            self.task.apply_async(connection=connection, queue=self.queue)


def figures(sink: SmtpSink, kind: Kind, addresses: set[str]) -> dict:
    received = sink.received()
    got = {address for message in received for address in message.recipients}
    return tally(received) | {
        "missing": len(addresses - got),
        "unexpected": len(got - addresses),
        "recorded_sent": kind.recorded_as_sent(),
        "retaken_claims": kind.messages.objects.filter(attempts__gt=1).count(),
    }


@pytest.mark.parametrize("kind", KINDS, ids=str)
def test_a_worker_killed_mid_sweep_still_sends_every_message_exactly_once(
    kind: Kind, migrated_data, tmp_path
):
    from django.db import connection

    if not redis_answers():
        pytest.fail(f"Redis does not answer at {REDIS_URL}; this test needs it (make test starts it).")
    addresses = kind.make_due(MESSAGES)
    was_eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    broker = redis.Redis.from_url(REDIS_URL)
    with SmtpSink() as sink:
        worker = KindWorker(sending_env(sink), tmp_path / "worker.log", task=kind.task)
        try:
            kills, elapsed = kill_twice_until_all_recorded(worker, sink, kind, addresses, broker)
            settle(sink, MESSAGES)
        finally:
            worker.stop()
            celery_app.conf.task_always_eager = was_eager
            broker.delete(worker.queue)
            log = worker.log.read_text(errors="replace")
            if "Traceback" in log:
                print(log[-6000:])  # shown by pytest when the test fails
        numbers = figures(sink, kind, addresses)
    print(f"\n[{connection.vendor}] {kind}: killed {kills} times, {elapsed:.1f} s: {numbers}")
    assert kills == len(KILL_AT), f"the worker was killed {kills} times, not {len(KILL_AT)}"
    assert numbers["duplicate_recipients"] == 0, f"sent twice: {numbers}"
    assert numbers["missing"] == 0 and numbers["unexpected"] == 0, f"never arrived or unexpected: {numbers}"
    assert numbers["received"] == MESSAGES and numbers["recorded_sent"] == MESSAGES, numbers
    assert numbers["retaken_claims"] > 0, f"no claim of a killed worker was retaken: {numbers}"


def kill_twice_until_all_recorded(worker: KindWorker, sink: SmtpSink, kind: Kind, addresses, broker):
    started = time.monotonic()
    deadline = started + BOUND_SECONDS
    worker.start()
    worker.enqueue_sweep()
    last_enqueued = last_checked = time.monotonic()
    kills = 0
    while True:
        now = time.monotonic()
        if now > deadline:
            pytest.fail(
                f"not every {kind} was sent within {BOUND_SECONDS} s (kills={kills}): "
                f"{figures(sink, kind, addresses)}"
            )
        if kills < len(KILL_AT) and sink.count() >= KILL_AT[kills]:
            worker.kill()
            kills += 1
            worker.start()
            worker.enqueue_sweep()
            last_enqueued = time.monotonic()
            continue
        if kills == len(KILL_AT) and now - last_checked > 0.5:
            last_checked = now
            if kind.recorded_as_sent() == MESSAGES:
                return kills, time.monotonic() - started
        if now - last_enqueued > 1 and worker.queued(broker) == 0:
            # Like beat: another sweep, which retakes claims whose lease has run out.
            worker.enqueue_sweep()
            last_enqueued = now
        time.sleep(0.002)
