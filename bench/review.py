"""The review area on a realistic amount of data: the dashboard and a full CSV export.

Data: the care-move survey's made-up responses (demo.responses), generated only
up to the size asked for, so a database that already holds them is reused as it is.

- Dashboard: ``review:dashboard`` fetched by a signed-in manager (a "Liaison manager"
  with an authenticator app, not a superuser), samples alternating with the floor as in
  bench/run.py. Target: median under 300 ms, and the same number of queries for the
  default year as for the last month only (a fixed count whatever the data size).
- CSV export: ``export_chunks`` over every care-move response, consumed into a null sink
  in a fresh child process per round. Memory growth is the kernel's peak resident memory
  of that process during the export (``VmHWM``, reset just before it through
  ``/proc/self/clear_refs``) minus its resident memory then (``VmRSS``). ``ru_maxrss``
  is not used: on Linux a child keeps its parent's peak across fork and exec, so it would
  report the bench's own peak. Targets: at least 20,000 rows/s and under 50 MB. Its
  floor reads the same responses and answers with ``values_list``, writing nothing.

A figure whose view or module is missing is skipped with a message, not failed.
``python bench/review.py --export-round`` runs one export round and prints it as JSON.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MANAGER_EMAIL = "bench-manager@example.org"
DASHBOARD_TARGET_MS = 300
EXPORT_TARGET_ROWS_PER_S = 20_000
EXPORT_TARGET_MB = 50
RECENT_DAYS = 30  # the smaller data size the dashboard's query count is compared at


@dataclass
class Figure:
    """A row of bench/run.py's table and JSON; ``value`` and ``unit`` for absolute figures."""

    name: str
    median_ms: float
    p95_ms: float
    baseline: str
    ratio: float
    queries: int
    target: str
    met: bool
    value: float | None = None
    unit: str = ""

    def row(self) -> str:
        """A line for bench/run.py's table (the name is longer than its column)."""
        shown = f": {self.value:,.1f} {self.unit}" if self.value is not None else ""
        return (
            f"{self.name}\n{'':<36} {self.median_ms:>10.2f} {self.p95_ms:>9.2f} {self.ratio:>8.2f} "
            f"{self.queries:>8}  {self.target}{shown}  {'yes' if self.met else 'NO'}"
        )


def data_ensure(*, responses: int) -> tuple[int, str]:
    """The demo surveys and at least ``responses`` generated responses: how many there are
    now, and a line saying what was done."""
    from demo.management.commands.generate_responses import demo_surveys_ensure
    from demo.responses import care_move_pages, generated_responses_count, responses_generate

    demo_surveys_ensure()
    for page in care_move_pages().values():
        # The send-rate figure counts the emails of its own survey page: here the demo
        # page must not invite anyone (the generator then spreads moves over every kind).
        if page.invite_destination_kinds:
            page.invite_destination_kinds = []
            page.save_revision().publish()
    have = generated_responses_count()
    if have >= responses:
        return have, f"review data: {have:,} generated responses already in the database"
    started = time.perf_counter()
    responses_generate(count=responses - have)
    elapsed = time.perf_counter() - started
    return responses, f"review data: generated {responses - have:,} responses in {elapsed:.0f} s"


def manager_client():
    """A test client signed in as a liaison manager who has set up two-step verification."""
    from allauth.mfa.models import Authenticator
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.test import Client

    from portal.roles import MANAGER
    from tests.factories import activate_totp, second_factor_record

    user, _created = get_user_model().objects.get_or_create(
        username=MANAGER_EMAIL, defaults={"email": MANAGER_EMAIL, "first_name": "Bench"}
    )
    user.groups.set([Group.objects.get(name=MANAGER)])
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        activate_totp(user)
    client = Client()
    client.force_login(user)
    second_factor_record(client, user)
    return client


def _timed_get(client, path: str) -> float:
    started = time.perf_counter()
    response = client.get(path)
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise SystemExit(f"bench: {path} answered {response.status_code}")
    return elapsed


def _queries(client, path: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        _timed_get(client, path)
    return len(queries)


def _percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure_dashboard(*, responses: int, samples: int, warmup: int, budget_s: float) -> Figure | str:
    """The dashboard's median and p95 beside the floor, and its query count at two data
    sizes; a message instead when the view does not exist. Stops sampling after
    ``budget_s`` seconds (with at least 3 samples)."""
    from django.urls import NoReverseMatch, reverse
    from django.utils import timezone

    try:
        path = reverse("review:dashboard")
    except NoReverseMatch:
        return "skipped: the review dashboard (review:dashboard) does not exist yet"
    client = manager_client()
    for _ in range(warmup):
        _timed_get(client, "/bench/floor/")
        _timed_get(client, path)
    floor_ms, dashboard_ms = [], []
    started = time.perf_counter()
    while len(dashboard_ms) < samples and (len(dashboard_ms) < 3 or time.perf_counter() - started < budget_s):
        floor_ms.append(_timed_get(client, "/bench/floor/"))
        dashboard_ms.append(_timed_get(client, path))
    year = _queries(client, path)
    recent = timezone.localdate() - dt.timedelta(days=RECENT_DAYS - 1)
    month = _queries(client, f"{path}?date_from={recent.isoformat()}")
    median = statistics.median(dashboard_ms)
    return Figure(
        name=f"review dashboard, manager, {responses:,} responses ({len(dashboard_ms)} samples)",
        median_ms=round(median, 3),
        p95_ms=round(_percentile(dashboard_ms, 0.95), 3),
        baseline="floor",
        ratio=round(median / statistics.median(floor_ms), 2),
        queries=year,
        target=f"median < {DASHBOARD_TARGET_MS} ms, same queries for the last {RECENT_DAYS} days ({month})",
        met=median < DASHBOARD_TARGET_MS and month == year,
    )


def care_move_versions() -> list:
    from demo.responses import care_move_pages
    from surveys.models import SurveyVersion

    keys = {page.survey.translation_key for page in care_move_pages().values()}
    return list(SurveyVersion.objects.filter(survey__translation_key__in=keys).order_by("pk"))


def _memory_kib(field: str) -> int:
    """``VmRSS`` (resident now) or ``VmHWM`` (peak resident) of this process, in KiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise SystemExit(f"bench: no {field} in /proc/self/status")


def _peak_reset() -> None:
    """Make the kernel count this process's peak resident memory again from now."""
    Path("/proc/self/clear_refs").write_text("5")


def export_round() -> dict:
    """One full CSV export into a null sink, then its floor, with the export's memory
    growth: its peak resident memory minus the resident memory just before it (Linux)."""
    from django.db import connection

    from feedback.exports import ExportOptions, export_chunks
    from surveys.models import Answer, Response

    versions = care_move_versions()
    responses = Response.objects.filter(version__in=versions)
    rows = responses.count()  # also opens the connection before the measurement
    queries = 0

    def count(execute, sql, params, many, context):
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    _peak_reset()
    before_kib = _memory_kib("VmRSS")
    started = time.perf_counter()
    with connection.execute_wrapper(count):
        size = sum(
            len(chunk)
            for chunk in export_chunks(
                responses=responses, versions=versions, options=ExportOptions(format="csv")
            )
        )
    export_s = time.perf_counter() - started
    peak_kib = _memory_kib("VmHWM")
    started = time.perf_counter()
    for _row in responses.values_list("pk", "submitted_at", "score", "transition_id").iterator(2000):
        pass
    for _row in (
        Answer.objects.filter(response__in=responses)
        .values_list("response_id", "key", "code", "value", "text")
        .iterator(2000)
    ):
        pass
    floor_s = time.perf_counter() - started
    return {
        "rows": rows,
        "bytes": size,
        "export_s": export_s,
        "floor_s": floor_s,
        "queries": queries,
        "rss_before_mb": before_kib / 1024,
        "rss_growth_mb": max(0, peak_kib - before_kib) / 1024,
    }


def measure_export(*, rounds: int) -> list[Figure] | str:
    """Rows per second and peak memory growth of a full CSV export (median round for the
    rate, the largest growth of any round); a message instead when exports do not exist."""
    try:
        from feedback.exports import ExportOptions, export_chunks  # noqa: F401
    except ImportError as problem:
        return f"skipped: the CSV export (feedback.exports.export_chunks) cannot be imported ({problem})"
    results = []
    for _ in range(rounds):
        child = subprocess.run(
            [sys.executable, str(Path(__file__).resolve()), "--export-round"],
            cwd=ROOT,
            env={
                **os.environ,
                "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "bench.settings"),
            },
            capture_output=True,
            text=True,
            check=False,
        )
        if child.returncode != 0:
            raise SystemExit(f"bench: the export round failed:\n{child.stderr[-3000:]}")
        results.append(json.loads(child.stdout.strip().splitlines()[-1]))
    by_time = sorted(results, key=lambda result: result["export_s"])
    median = by_time[len(by_time) // 2]
    rows = median["rows"]
    rate = rows / median["export_s"]
    growth = max(result["rss_growth_mb"] for result in results)
    common = {
        "median_ms": round(median["export_s"] * 1000, 1),
        "p95_ms": round(by_time[-1]["export_s"] * 1000, 1),
        "queries": median["queries"],
    }
    return [
        Figure(
            name=f"CSV export of all {rows:,} care-move responses to a null sink, rows per second",
            baseline="the same responses and answers read with values_list, nothing written",
            ratio=round(median["export_s"] / median["floor_s"], 2),
            target=f">= {EXPORT_TARGET_ROWS_PER_S:,} rows/s",
            met=rate >= EXPORT_TARGET_ROWS_PER_S,
            value=round(rate, 1),
            unit="rows/s",
            **common,
        ),
        Figure(
            name=f"CSV export of all {rows:,} care-move responses, peak memory growth (VmHWM)",
            baseline=f"the process's resident memory before the export ({median['rss_before_mb']:.0f} MB)",
            ratio=round((median["rss_before_mb"] + growth) / median["rss_before_mb"], 2),
            target=f"< {EXPORT_TARGET_MB} MB",
            met=growth < EXPORT_TARGET_MB,
            value=round(growth, 1),
            unit="MB",
            **common,
        ),
    ]


def measure(
    *, responses: int, samples: int, warmup: int, budget_s: float, export_rounds: int
) -> tuple[list[Figure], list[str]]:
    """Every review figure, and a message for each one skipped."""
    figures, skipped = [], []
    for outcome in (
        measure_dashboard(responses=responses, samples=samples, warmup=warmup, budget_s=budget_s),
        measure_export(rounds=export_rounds),
    ):
        if isinstance(outcome, str):
            skipped.append(outcome)
        elif isinstance(outcome, list):
            figures.extend(outcome)
        else:
            figures.append(outcome)
    return figures, skipped


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--export-round", action="store_true", help="one export round, as JSON")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    if args.export_round:
        print(json.dumps(export_round()))
        return 0
    parser.error("use bench/run.py for the review figures, or --export-round")
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
