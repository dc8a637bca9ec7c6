"""Invitations sent per second by one worker to a local SMTP sink.

A real SMTP server (aiosmtpd, in a process of its own so it does not share this process's
GIL) listens on 127.0.0.1; the email settings point at it. Each round creates ``messages``
due invitations (not timed), then times one ``invitations_sweep()`` in this process: claim,
two-phase SMTP send, record, finish, everything a worker does. The figure is the median
round's messages per second; the target is an absolute rate (>= 200 msg/s).

Beside it, alternating round by round, the floor: the same emails handed to Django's SMTP
backend on one connection, with no database work (``ratio`` = sweep time / floor time).

``python bench/send_rate.py --profile`` runs one round under cProfile and prints the top costs.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import io
import json
import os
import pstats
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NAME = "invitations sent per second by one worker to a local SMTP sink"
TARGET = 200  # msg/s
PREFIX = "BENCH-SEND-"
SLUG = "bench-invitations"


@dataclass
class SendRate:
    name: str
    median_ms: float  # per message, median round
    p95_ms: float  # per message, slowest round
    baseline: str
    ratio: float
    queries: float  # per message
    target: int
    met: bool
    value: float
    unit: str = "msg/s"

    def row(self) -> str:
        """A line for bench/run.py's table (the name is longer than its column)."""
        return (
            f"{self.name}\n{'':<36} {self.median_ms:>10.2f} {self.p95_ms:>9.2f} {self.ratio:>8.2f} "
            f"{self.queries:>8}  >= {self.target} {self.unit}: {self.value:.0f} {self.unit}  "
            f"{'yes' if self.met else 'NO'}"
        )


class SinkProcess:
    """tests/integration/smtp_sink.py in a child process; its tally is read when it stops."""

    def __enter__(self) -> SinkProcess:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.integration.smtp_sink"],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        line = self.process.stdout.readline().split()
        if line[:1] != ["port"]:
            self.process.kill()
            raise SystemExit(f"bench: the SMTP sink did not start ({line})")
        self.port = int(line[1])
        self.tally: dict = {}
        return self

    def __exit__(self, *exc_info) -> None:
        out, _ = self.process.communicate(timeout=30)  # closes its standard input: it stops
        lines = out.strip().splitlines()
        self.tally = json.loads(lines[-1]) if lines else {}


def smtp_settings(port: int):
    from django.test import override_settings

    return override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=port,
        EMAIL_HOST_USER="",
        EMAIL_HOST_PASSWORD="",
        EMAIL_USE_TLS=False,
        EMAIL_USE_SSL=False,
    )


def rule_page():
    """A survey page inviting people moving to a nursing facility, sending all day. It sits
    beside the site's home page, not under it, so the page scenarios do not see it."""
    from wagtail.models import Page

    from surveys.models import INVITATION_ONLY, SurveyPage
    from surveys.services import survey_create_from_snapshot, survey_page_ensure
    from tests.surveys.conftest import three_step_snapshot

    page = SurveyPage.objects.filter(slug=SLUG).first()
    if page is None:
        root = Page.get_first_root_node()
        survey = survey_create_from_snapshot(snapshot=three_step_snapshot(), locale=root.locale)
        page = survey_page_ensure(
            parent=root, slug=SLUG, title="Your move", survey=survey, access=INVITATION_ONLY
        )
        page.invite_destination_kinds = ["snf"]
        page.send_from, page.send_until = dt.time(0), dt.time.max
        page.save_revision().publish()
    return SurveyPage.objects.get(pk=page.pk)


def due_invitations(page, count: int) -> list:
    """Replace the previous round's transitions with ``count`` whose invitations are due now."""
    from django.utils import timezone

    from surveys.models import Invitation
    from surveys.scheduling import transition_schedule
    from transitions.models import CareTransition, Facility

    CareTransition.objects.filter(external_reference__startswith=PREFIX).delete()
    hospital, _created = Facility.objects.get_or_create(name="Bench Hospital", defaults={"kind": "hospital"})
    moved = timezone.localdate() - dt.timedelta(days=page.send_after_days)
    stamp = time.time_ns()
    transitions = CareTransition.objects.bulk_create(
        CareTransition(
            external_reference=f"{PREFIX}{stamp}-{number}",
            patient_first_name=f"Patient{number}",
            email=f"bench-{stamp}-{number}@example.org",
            language="en",
            discharging_facility=hospital,
            destination_kind="snf",
            transition_date=moved,
        )
        for number in range(count)
    )
    for transition in transitions:
        transition_schedule(transition=transition)
    due = list(
        Invitation.objects.filter(
            transition__in=transitions, status=Invitation.SCHEDULED, due_at__lte=timezone.now()
        ).select_related("transition", "page")
    )
    if len(due) != count:
        raise SystemExit(f"bench: {len(due)} of {count} invitations are due")
    return due


def floor_emails(invitations: list) -> list:
    """The emails the sweep would send for these invitations (built outside the timing)."""
    from surveys.models import InvitationMessage
    from surveys.sending import Claim, _EmailTemplates

    templates = _EmailTemplates()
    return [
        templates.email(
            Claim(
                message_id=0,
                invitation=invitation,
                kind=InvitationMessage.INVITATION,
                lease_until=invitation.due_at,
                token="x" * 43,
            )
        )
        for invitation in invitations
    ]


def timed_floor(emails: list) -> float:
    from django.core.mail import get_connection

    connection = get_connection()
    started = time.perf_counter()
    connection.open()
    sent = connection.send_messages(emails)
    connection.close()
    elapsed = time.perf_counter() - started
    if sent != len(emails):
        raise SystemExit(f"bench: the floor sent {sent} of {len(emails)}")
    return elapsed


def timed_sweep(count: int, *, profile: cProfile.Profile | None = None) -> float:
    from surveys.sending import invitations_sweep

    started = time.perf_counter()
    if profile is not None:
        profile.enable()
    result = invitations_sweep()
    if profile is not None:
        profile.disable()
    elapsed = time.perf_counter() - started
    if result.sent != count:
        raise SystemExit(f"bench: the sweep sent {result.sent} of {count} ({result})")
    return elapsed


def measure(*, messages: int = 500, rounds: int = 3) -> SendRate:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    page = rule_page()
    sweep_s, floor_s = [], []
    with SinkProcess() as sink, smtp_settings(sink.port):
        for _ in range(rounds):
            invitations = due_invitations(page, messages)
            floor_s.append(timed_floor(floor_emails(invitations)))
            sweep_s.append(timed_sweep(messages))
        few = 50
        due_invitations(page, few)
        with CaptureQueriesContext(connection) as queries:
            timed_sweep(few)
    transitions_delete()
    expected = rounds * messages * 2 + few
    if sink.tally.get("received") != expected:
        raise SystemExit(f"bench: the sink took {sink.tally}, expected {expected} messages")
    median = statistics.median(sweep_s)
    value = messages / median
    return SendRate(
        name=NAME,
        median_ms=round(median * 1000 / messages, 3),
        p95_ms=round(max(sweep_s) * 1000 / messages, 3),
        baseline="the same emails through Django's SMTP backend, no database",
        ratio=round(median / statistics.median(floor_s), 2),
        queries=round(len(queries) / few, 1),
        target=TARGET,
        met=value >= TARGET,
        value=round(value, 1),
    )


def transitions_delete() -> None:
    from transitions.models import CareTransition

    CareTransition.objects.filter(external_reference__startswith=PREFIX).delete()


def profile(*, messages: int, top: int = 25) -> str:
    """One round under cProfile: the top costs by cumulative and by own time."""
    page = rule_page()
    profiler = cProfile.Profile()
    with SinkProcess() as sink, smtp_settings(sink.port):
        due_invitations(page, messages)
        elapsed = timed_sweep(messages, profile=profiler)
    transitions_delete()
    out = io.StringIO()
    out.write(f"{messages} messages in {elapsed:.2f} s ({messages / elapsed:.0f} msg/s, under cProfile)\n")
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("cumulative").print_stats(top)
    stats.sort_stats("tottime").print_stats(top)
    return out.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--messages", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="one round under cProfile")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    call_command("createcachetable", verbosity=0)
    if args.profile:
        print(profile(messages=args.messages))
    else:
        print(measure(messages=args.messages, rounds=args.rounds).row())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
