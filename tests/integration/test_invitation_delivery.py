"""Every due invitation reaches a real SMTP server exactly once, even when the worker sending
them is killed (SIGKILL) mid-sweep, and when two processes sweep the same database at once.

The worker runs the development settings (the test settings always use the in-memory mail
backend), so that ``EMAIL_URL`` points it at the sink, with a short send lease so that the
claims of a killed worker are taken again within seconds.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from pathlib import Path
from unittest import mock

import pytest
import redis
import time_machine
from django.core import mail
from django.db.models import Count
from django.utils import timezone

from content.services import home_page_ensure
from portal.celery import app as celery_app
from surveys.models import INVITATION_ONLY, Invitation, InvitationMessage, SurveyPage
from surveys.scheduling import transition_schedule
from surveys.sending import invitations_sweep
from surveys.services import survey_create_from_snapshot, survey_page_ensure
from surveys.tasks import invitations_sweep_task
from tests import processes
from tests.integration.conftest import REDIS_URL, redis_answers
from tests.integration.conftest import test_database_url as database_url_for_workers
from tests.integration.smtp_sink import SmtpSink, tally
from tests.surveys.factories import three_step_snapshot
from transitions.models import CareTransition, Facility

pytestmark = [pytest.mark.integration, pytest.mark.both_databases]

ROOT = Path(__file__).resolve().parents[2]
INVITATIONS = 1000
LEASE_SECONDS = 8
KILL_AT = (300, 650)  # messages arrived at the sink when the worker is killed
BOUND_SECONDS = 120


# --- data ---------------------------------------------------------------------------------


def rule_page_sending_all_day() -> SurveyPage:
    home = home_page_ensure(title="Care after the hospital", intro="Information for you and your family.")
    survey = survey_create_from_snapshot(snapshot=three_step_snapshot(), locale=home.locale)
    page = survey_page_ensure(
        parent=home, slug="your-move", title="Your move", survey=survey, access=INVITATION_ONLY
    )
    page.invite_destination_kinds = ["snf"]
    # The whole day (to the last microsecond), so the run does not depend on the hour.
    page.send_from, page.send_until = dt.time(0), dt.time.max
    page.save_revision().publish()
    return SurveyPage.objects.get(pk=page.pk)


def make_due(count: int) -> dict[int, str]:
    """``count`` care transitions whose invitations fell due at midnight today; returns
    {invitation id: address}."""
    page = rule_page_sending_all_day()
    hospital = Facility.objects.create(name="General Hospital", kind="hospital")
    moved = timezone.localdate() - dt.timedelta(days=page.send_after_days)
    transitions = CareTransition.objects.bulk_create(
        CareTransition(
            external_reference=f"DELIVERY-{number:04d}",
            patient_first_name=f"Patient{number}",
            email=f"patient-{number:04d}@example.org",
            language="en",
            discharging_facility=hospital,
            destination_kind="snf",
            transition_date=moved,
        )
        for number in range(count)
    )
    for transition in transitions:
        transition_schedule(transition=transition)
    due = Invitation.objects.filter(status=Invitation.SCHEDULED, due_at__lte=timezone.now())
    assert due.count() == count, "the invitations are not all due now"
    return dict(due.values_list("pk", "transition__email"))


@pytest.fixture
def due_invitations(migrated_data) -> dict[int, str]:
    return make_due(INVITATIONS)


def expected_message_id(invitation_id: int) -> str:
    from django.conf import settings

    return f"<invitation-{invitation_id}-invitation@{settings.SURVEY_MAIL_DOMAIN}>"


# --- processes ----------------------------------------------------------------------------


def sending_env(sink: SmtpSink) -> dict[str, str]:
    """The environment of a process that sends for real: the test database, the sink."""
    return os.environ | {
        "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
        "DEBUG": "false",
        "DATABASE_URL": database_url_for_workers(),
        "CELERY_BROKER_URL": REDIS_URL,
        "EMAIL_URL": sink.url,
        "SURVEY_SEND_LEASE_SECONDS": str(LEASE_SECONDS),
    }


class SweepWorker:
    """A Celery worker (solo pool: the main process runs the task) on its own Redis queue,
    so that no other test's worker takes its tasks nor it theirs."""

    def __init__(self, env: dict[str, str], log: Path):
        self.env, self.log = env, log
        self.queue = f"delivery-{uuid.uuid4().hex[:12]}"
        self.process: subprocess.Popen | None = None
        self.starts = 0

    def start(self) -> None:
        self.starts += 1
        with self.log.open("ab") as log:
            log.write(f"--- start {self.starts}\n".encode())
            self.process = processes.start(
                [
                    sys.executable,
                    "-m",
                    "celery",
                    "-A",
                    "portal",
                    "worker",
                    "--pool=solo",
                    "--loglevel=WARNING",
                    "--without-gossip",
                    "--without-mingle",
                    "--without-heartbeat",
                    "-Q",
                    self.queue,
                    "-n",
                    f"{self.queue}-{self.starts}@%h",
                ],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=log,
            )

    def kill(self) -> None:
        """SIGKILL the process that runs the task, mid-sweep."""
        assert self.process is not None and self.process.poll() is None, "the worker had already died"
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        processes.stop(self.process, timeout=20)

    def enqueue_sweep(self) -> None:
        with celery_app.connection_for_write(REDIS_URL) as connection:
            invitations_sweep_task.apply_async(connection=connection, queue=self.queue)

    def queued(self, client: redis.Redis) -> int:
        return client.llen(self.queue)


@pytest.fixture
def sink():
    with SmtpSink() as running:
        yield running


@pytest.fixture
def sweep_worker(sink, due_invitations, tmp_path):
    if not redis_answers():
        pytest.fail(f"Redis does not answer at {REDIS_URL}; this test needs it (make test starts it).")
    was_eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    worker = SweepWorker(sending_env(sink), tmp_path / "worker.log")
    yield worker
    worker.stop()
    celery_app.conf.task_always_eager = was_eager
    redis.Redis.from_url(REDIS_URL).delete(worker.queue)
    log = worker.log.read_text(errors="replace")
    if "Traceback" in log:
        print(log[-6000:])  # shown by pytest when the test fails


# --- checks -------------------------------------------------------------------------------


def recorded_as_sent() -> int:
    return InvitationMessage.objects.filter(
        kind=InvitationMessage.INVITATION, state=InvitationMessage.SENT
    ).count()


def figures(sink: SmtpSink, due: dict[int, str]) -> dict:
    received = sink.received()
    counts = tally(received)
    ids = Counter(message.message_id for message in received)
    recipients = Counter(address for message in received for address in message.recipients)
    expected_ids = {expected_message_id(pk) for pk in due}
    expected_recipients = set(due.values())
    return counts | {
        "missing_by_message_id": len(expected_ids - set(ids)),
        "missing_by_recipient": len(expected_recipients - set(recipients)),
        "unexpected": len(set(ids) - expected_ids),
        "recorded_sent": recorded_as_sent(),
        "invitations_sent": Invitation.objects.filter(status=Invitation.SENT).count(),
        "retaken_claims": InvitationMessage.objects.filter(attempts__gt=1).count(),
    }


def assert_exactly_once(numbers: dict, due: dict[int, str]) -> None:
    total = len(due)
    assert numbers["duplicate_message_ids"] == 0, f"sent twice (by Message-ID): {numbers}"
    assert numbers["duplicate_recipients"] == 0, f"sent twice (by recipient): {numbers}"
    assert numbers["missing_by_message_id"] == 0, f"never arrived (by Message-ID): {numbers}"
    assert numbers["missing_by_recipient"] == 0, f"never arrived (by recipient): {numbers}"
    assert numbers["unexpected"] == 0, f"messages no invitation asked for: {numbers}"
    assert numbers["received"] == total, numbers
    assert numbers["invitations_sent"] == total, f"invitations not marked sent: {numbers}"
    assert numbers["recorded_sent"] == total, f"messages not recorded as sent: {numbers}"
    per_invitation = (
        InvitationMessage.objects.filter(kind=InvitationMessage.INVITATION, state=InvitationMessage.SENT)
        .values("invitation")
        .annotate(n=Count("pk"))
    )
    assert {row["invitation"] for row in per_invitation} == set(due)
    assert all(row["n"] == 1 for row in per_invitation)


def report(title: str, numbers: dict, **extra) -> None:
    from django.db import connection

    shown = {
        "sent": numbers["received"],
        "duplicates": max(numbers["duplicate_message_ids"], numbers["duplicate_recipients"]),
        "missing": max(numbers["missing_by_message_id"], numbers["missing_by_recipient"]),
        **extra,
        "retaken_claims": numbers["retaken_claims"],
    }
    print(f"\n[{connection.vendor}] {title}: " + ", ".join(f"{key}={value}" for key, value in shown.items()))


def settle(sink: SmtpSink, total: int, *, timeout: float = 5) -> None:
    """The last "." may arrive just after its record: wait for it, then a moment longer for
    anything that should not come."""
    deadline = time.monotonic() + timeout
    while sink.count() < total and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.5)


# --- the tests ----------------------------------------------------------------------------


def test_a_worker_killed_mid_sweep_still_sends_every_invitation_exactly_once(
    sink, due_invitations, sweep_worker
):
    broker = redis.Redis.from_url(REDIS_URL)
    started = time.monotonic()
    deadline = started + BOUND_SECONDS
    sweep_worker.start()
    sweep_worker.enqueue_sweep()
    last_enqueued = last_checked = time.monotonic()
    kills = 0
    while True:
        now = time.monotonic()
        if now > deadline:
            numbers = figures(sink, due_invitations)
            pytest.fail(
                f"not every invitation was sent within {BOUND_SECONDS} s "
                f"(kills={kills}, worker alive={sweep_worker.process.poll() is None}): {numbers}"
            )
        if kills < len(KILL_AT) and sink.count() >= KILL_AT[kills]:
            sweep_worker.kill()
            kills += 1
            sweep_worker.start()
            sweep_worker.enqueue_sweep()
            last_enqueued = time.monotonic()
            continue
        if kills == len(KILL_AT) and now - last_checked > 0.5:
            last_checked = now
            if recorded_as_sent() == INVITATIONS:
                break
        if now - last_enqueued > 1 and sweep_worker.queued(broker) == 0:
            # Like beat: another sweep, which retakes claims whose lease has run out.
            sweep_worker.enqueue_sweep()
            last_enqueued = now
        time.sleep(0.002)
    settle(sink, INVITATIONS)
    sweep_worker.stop()
    elapsed = time.monotonic() - started
    assert kills == len(KILL_AT), f"the worker was killed {kills} times, not {len(KILL_AT)}"

    numbers = figures(sink, due_invitations)
    report("killed worker", numbers, kills=kills, seconds=round(elapsed, 1))
    assert_exactly_once(numbers, due_invitations)


SWEEPER = """
import json, sys, time, traceback
import django
django.setup()
from portal import outbox
from surveys import sending
from surveys.models import Invitation

totals = {"sweeps": 0, "sent": 0, "lost_lease": 0, "failed": 0, "errors": []}
send = outbox.send


def counted_send(kind, claim, *, result, **kwargs):
    # Counted per message, so that the sends of a sweep that fails later still count.
    before = {key: getattr(result, key) for key in ("sent", "lost_lease", "failed")}
    try:
        send(kind, claim, result=result, **kwargs)
    finally:
        for key, value in before.items():
            totals[key] += getattr(result, key) - value


outbox.send = counted_send
print("ready", flush=True)
sys.stdin.readline()
deadline = time.monotonic() + float(sys.argv[1])
while time.monotonic() < deadline:
    try:
        result = sending.invitations_sweep()
    except Exception as problem:  # as a Celery task would fail, and beat run it again
        totals["errors"].append(f"{type(problem).__name__}: {problem}"[:300])
        traceback.print_exc()
        time.sleep(0.2)
        continue
    totals["sweeps"] += 1
    if not Invitation.objects.filter(status=Invitation.SCHEDULED).exists():
        break
    if not result.sent:
        time.sleep(0.2)
print(json.dumps(totals), flush=True)
"""


def test_two_processes_sweeping_at_once_send_every_invitation_exactly_once(sink, due_invitations, tmp_path):
    env = sending_env(sink)
    logs = [tmp_path / f"sweeper-{n}.log" for n in (1, 2)]
    sweepers = []
    for log in logs:
        with log.open("wb") as stderr:
            sweepers.append(
                processes.start(
                    [sys.executable, "-c", SWEEPER, str(BOUND_SECONDS - 10)],
                    cwd=ROOT,
                    env=env,
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    stderr=stderr,
                    text=True,
                )
            )
    try:
        for sweeper, log in zip(sweepers, logs, strict=True):
            line = sweeper.stdout.readline().strip()
            assert line == "ready", f"a sweeper did not start: {line!r}\n{log.read_text()[-3000:]}"
        started = time.monotonic()
        for sweeper in sweepers:  # both at once
            sweeper.stdin.write("go\n")
            sweeper.stdin.flush()
        totals = []
        for sweeper, log in zip(sweepers, logs, strict=True):
            try:
                out, _ = sweeper.communicate(timeout=BOUND_SECONDS)
            except subprocess.TimeoutExpired:
                pytest.fail(f"a sweeper ran past {BOUND_SECONDS} s: {figures(sink, due_invitations)}")
            assert sweeper.returncode == 0, f"a sweeper failed:\n{log.read_text()[-3000:]}"
            totals.append(json.loads(out.strip().splitlines()[-1]))
        elapsed = time.monotonic() - started
    finally:
        for sweeper in sweepers:
            processes.kill(sweeper)
    settle(sink, INVITATIONS)

    numbers = figures(sink, due_invitations)
    report(
        "two sweepers at once",
        numbers,
        seconds=round(elapsed, 1),
        sent_by_each="/".join(str(t["sent"]) for t in totals),
        lost_leases=sum(t["lost_lease"] for t in totals),
        sweep_errors=sum(len(t["errors"]) for t in totals),
    )
    assert_exactly_once(numbers, due_invitations)
    errors = [error for t in totals for error in t["errors"]]
    assert not errors, f"sweeps failed while running at once: {errors}"
    assert all(t["sent"] for t in totals), f"one process sent nothing, so nothing ran at once: {totals}"


# --- what the runs above found, pinned down one at a time ---------------------------------


def test_a_claim_taken_late_in_a_long_sweep_still_gets_a_whole_lease(migrated_data):
    """A sweep whose first batch took longer than the lease (a slow mail server, a long
    backlog) claims its next batch with leases measured from the sweep's start: they have
    run out before the first message of the batch is sent, so a concurrent sweep may take
    them over while this one is sending them."""
    from django.conf import settings

    from portal import outbox
    from surveys import sending

    make_due(2)
    lease = dt.timedelta(seconds=settings.SURVEY_SEND_LEASE_SECONDS)
    claimed = []  # (when the claim was made, the lease it was given)
    claim, send = outbox.claim, outbox.send
    with time_machine.travel(timezone.now(), tick=False) as clock:

        def recording_claim(kind, **kwargs):
            claims = claim(kind, **kwargs)
            claimed.extend((timezone.now(), made.lease_until) for made in claims)
            return claims

        def slow_send(kind, claim, **kwargs):
            send(kind, claim, **kwargs)
            clock.shift(lease + dt.timedelta(seconds=1))

        with (
            mock.patch.object(outbox, "claim", recording_claim),
            mock.patch.object(outbox, "send", slow_send),
        ):
            result = sending.invitations_sweep(batch_size=1)

    assert result.sent == 2 and len(claimed) == 2
    short = [(when, until) for when, until in claimed if until - when < lease]
    assert not short, (
        f"claims made with less than the {lease.seconds} s lease left (made at, lease until): {short}"
    )


def test_retaking_an_expired_claim_while_its_sender_records_it_does_not_deadlock(migrated_data):
    """Sweep 1 has claimed a message and is recording it as sent just as its lease runs out;
    sweep 2 takes the claim over. Sweep 2 locks the invitation, then updates the message;
    the record updates the message, then the invitation: opposite orders."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no row locks: its writers take turns (BEGIN IMMEDIATE) and cannot deadlock")
    from portal import outbox
    from portal.delivery import Delivery
    from surveys.sending import InvitationOutbox
    from transitions import optouts

    make_due(1)
    (claim,) = outbox.claim(
        InvitationOutbox(), now=timezone.now(), batch_size=10, result=outbox.SweepResult()
    )
    after_the_lease = claim.lease_until + dt.timedelta(seconds=1)
    holding_the_invitation, go_on = threading.Event(), threading.Event()
    contact_blocked = optouts.contact_blocked
    errors: dict[str, BaseException] = {}
    retaken: list = []

    def pausing_contact_blocked(transition, **kwargs):
        if threading.current_thread().name == "sweep 2":
            holding_the_invitation.set()  # the invitation row is locked FOR UPDATE by now
            go_on.wait(10)
        return contact_blocked(transition, **kwargs)

    def sweep_2_claims():
        retaken.extend(
            outbox.claim(InvitationOutbox(), now=after_the_lease, batch_size=10, result=outbox.SweepResult())
        )

    def sweep_1_records():
        with Delivery() as delivery:
            outbox.send(InvitationOutbox(), claim, delivery=delivery, result=outbox.SweepResult())

    def run(work):
        try:
            work()
        except BaseException as problem:
            errors[threading.current_thread().name] = problem
        finally:
            connection.close()

    def waiting_on_a_lock() -> int:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND wait_event_type = 'Lock'"
            )
            return cursor.fetchone()[0]

    with mock.patch.object(optouts, "contact_blocked", pausing_contact_blocked):
        second = threading.Thread(target=run, args=(sweep_2_claims,), name="sweep 2")
        second.start()
        assert holding_the_invitation.wait(10), "sweep 2 never reached its claim"
        first = threading.Thread(target=run, args=(sweep_1_records,), name="sweep 1")
        first.start()
        deadline = time.monotonic() + 10
        while waiting_on_a_lock() < 1 and first.is_alive() and time.monotonic() < deadline:
            time.sleep(0.02)
        go_on.set()
        second.join(30)
        first.join(30)
    assert not second.is_alive() and not first.is_alive(), "the two sweeps are still blocked"

    assert not errors, f"a sweep failed: {errors}"
    message = InvitationMessage.objects.get(invitation=claim.invitation)
    if message.state == InvitationMessage.SENT:  # sweep 1 recorded it: sweep 2 must not send it again
        assert retaken == [] and len(mail.outbox) == 1
    else:  # sweep 2 took it over: sweep 1 must not have sent it
        assert len(retaken) == 1 and mail.outbox == []


def test_an_invitation_refused_at_the_end_of_data_is_sent_again_not_replaced_by_a_reminder(
    migrated_data, settings
):
    """The server answers the final "." with a temporary failure (451): the invitation was
    not delivered, so the next sweep after the back-off sends the invitation itself."""
    due = make_due(1)
    (invitation_id,) = due
    with SmtpSink(refuse_first=1) as refusing:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = refusing.host, refusing.port
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        first = invitations_sweep()
        with time_machine.travel(timezone.now() + dt.timedelta(minutes=16), tick=False):
            second = invitations_sweep()
        received, refused = refusing.received(), refusing.refused()

    assert first.failed == 1 and [m.message_id for m in refused] == [expected_message_id(invitation_id)]
    assert [m.message_id for m in received] == [expected_message_id(invitation_id)], (
        f"after the refusal the server got {[(m.message_id, m.subject) for m in received]} "
        f"(second sweep: {second}); messages recorded: "
        f"{list(InvitationMessage.objects.values_list('kind', 'state', 'attempts'))}"
    )
    assert InvitationMessage.objects.filter(
        invitation_id=invitation_id, kind=InvitationMessage.INVITATION, state=InvitationMessage.SENT
    ).exists()
