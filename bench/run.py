"""`make bench`: each scenario's median and p95 as a ratio to the floor measured beside it.

Samples alternate between the floor and the scenario, so both see the same machine noise.
Absolute times are printed but only ratios and query counts are compared with targets
(except the figures that have absolute targets: sending rate, review dashboard, export).
`--quick` (or `make bench QUICK=1`) takes fewer samples on less data, for a quick check.
"""

import argparse
import json
import os
import statistics
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import django

django.setup()

from django.core.cache import caches  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench import frontend, load, provider_import, review, send_rate, survey  # noqa: E402
from bench import packets as packet_bench  # noqa: E402
from bench import providers as provider_bench  # noqa: E402
from content.services import home_page_ensure  # noqa: E402
from portal import config  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results" / "latest.json"


@dataclass
class Scenario:
    name: str
    path: str
    max_ratio: float | None = None
    max_queries: int | None = None
    uncached: bool = False  # empty the page cache before each request (not timed)


@dataclass
class Result:
    """A row of the table and of the JSON; None where a column does not apply (a byte
    count has no timing, a load test from outside no query count)."""

    name: str
    median_ms: float | None
    p95_ms: float | None
    baseline: str
    ratio: float | None
    queries: int | None
    target: str
    met: bool
    value: float | None = None  # a figure with its own unit (e.g. requests per second)
    unit: str = ""
    p99_ms: float | None = None
    errors: int | None = None
    requests: int | None = None

    def row(self) -> str:
        def shown(number, width, decimals=2):
            return f"{'-':>{width}}" if number is None else f"{number:>{width}.{decimals}f}"

        queries = "-" if self.queries is None else str(self.queries)
        value = f": {self.value:,.1f} {self.unit}" if self.value is not None else ""
        extra = (
            ""
            if self.p99_ms is None
            else f" (p99 {self.p99_ms:.2f} ms, {self.requests:,} requests, {self.errors} errors)"
        )
        return (
            f"{self.name:<36} {shown(self.median_ms, 10)} {shown(self.p95_ms, 9)} {shown(self.ratio, 8)} "
            f"{queries:>8}  {self.target}{value}{extra}  {'yes' if self.met else 'NO'}"
        )

    def as_json(self) -> dict:
        return {key: value for key, value in asdict(self).items() if value is not None and value != ""}


def scenarios() -> list[Scenario]:
    """The public pages measured against the floor; run after prepare() (it finds the demo
    library's pages)."""
    from content.models import ArticlePage, ConditionIndexPage

    article = ArticlePage.objects.live().filter(locale__language_code="en").order_by("path").first().url
    index = ConditionIndexPage.objects.live().filter(locale__language_code="en").first().url
    return [
        Scenario("home page, anonymous, uncached", "/", max_ratio=20, uncached=True),
        Scenario("home page, from the page cache", "/", max_ratio=2, max_queries=2),
        Scenario("article page, anonymous, uncached", article, max_ratio=15, max_queries=6, uncached=True),
        Scenario("article page, from the page cache", article, max_ratio=2, max_queries=2),
        Scenario("health topics A to Z, uncached", index, max_ratio=20, uncached=True),
        Scenario("search results, 'heart'", "/search/?q=heart", max_ratio=20, uncached=True),
        Scenario(
            f"care options, {provider_bench.PROVIDERS:,} providers",
            provider_bench.SEARCH_PATH,
            max_ratio=15,
            max_queries=4,
            uncached=True,
        ),
        Scenario("staff sign-in page", "/accounts/login/", max_ratio=15, max_queries=6),
        Scenario("health check", "/healthz", max_ratio=5, max_queries=1),
    ]


def database_ensure() -> None:
    """Create the PostgreSQL database DATABASE_URL names when it does not exist yet (as
    Django's test runner creates its own); say in one line what stands in the way if that
    cannot be done."""
    from django.db import OperationalError

    try:
        connection.ensure_connection()
        return
    except OperationalError as error:
        if connection.vendor != "postgresql" or "does not exist" not in str(error):
            raise SystemExit(f"bench: cannot connect to the database: {str(error).strip()}") from None
    import psycopg

    params = connection.get_connection_params()
    name = params.pop("dbname")
    try:
        with psycopg.connect(**{**params, "dbname": "postgres"}, autocommit=True) as admin:
            admin.execute(f"CREATE DATABASE {connection.ops.quote_name(name)}")
    except psycopg.Error as error:
        raise SystemExit(
            f"bench: the database {name} does not exist and could not be created ({str(error).strip()}); "
            f"create it, e.g. createdb {name}"
        ) from None
    print(f"bench: created the database {name}", flush=True)


def prepare() -> None:
    database_ensure()
    call_command("migrate", verbosity=0, interactive=False)
    call_command("createcachetable", verbosity=0)
    statics_collect()
    home = home_page_ensure(title="Care after the hospital", intro="Information for you and your family.")
    from content.models import ArticlePage

    if not ArticlePage.objects.live().exists():
        from demo.library_seed import library_seed

        library_seed(home=home)
    provider_bench.providers_ensure()


def statics_collect() -> None:
    """Collect the static files as production does (about 30 s), unless nothing changed
    since the last time."""
    from django.conf import settings

    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    sources = [
        path for folder in settings.STATICFILES_DIRS for path in Path(folder).rglob("*") if path.is_file()
    ]
    if manifest.exists() and all(path.stat().st_mtime < manifest.stat().st_mtime for path in sources):
        return
    call_command("collectstatic", interactive=False, verbosity=0)


def timed_get(client: Client, path: str) -> float:
    started = time.perf_counter()
    response = client.get(path)
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise SystemExit(f"bench: {path} answered {response.status_code}")
    return elapsed


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure(scenario: Scenario, *, samples: int, warmup: int) -> Result:
    client = Client()

    def scenario_get() -> float:
        if scenario.uncached:
            caches["pages"].clear()
        return timed_get(client, scenario.path)

    for _ in range(warmup):
        timed_get(client, "/bench/floor/")
        scenario_get()
    floor_ms, scenario_ms = [], []
    for _ in range(samples):
        floor_ms.append(timed_get(client, "/bench/floor/"))
        scenario_ms.append(scenario_get())
    if scenario.uncached:
        caches["pages"].clear()
    with CaptureQueriesContext(connection) as queries:
        timed_get(client, scenario.path)
    median = statistics.median(scenario_ms)
    ratio = median / statistics.median(floor_ms)
    met = (scenario.max_ratio is None or ratio <= scenario.max_ratio) and (
        scenario.max_queries is None or len(queries) <= scenario.max_queries
    )
    target = f"<= {scenario.max_ratio}x floor" + (
        f", <= {scenario.max_queries} queries" if scenario.max_queries is not None else ", queries reported"
    )
    return Result(
        name=scenario.name,
        median_ms=round(median, 3),
        p95_ms=round(percentile(scenario_ms, 0.95), 3),
        baseline="floor",
        ratio=round(ratio, 2),
        queries=len(queries),
        target=target,
        met=met,
    )


def cold_line(scenario: Scenario, *, samples: int) -> str:
    """The same page just after a publish: the page cache and the kept routes and context
    (content.routing) all empty, so Wagtail walks the tree and the page reads everything
    again. Reported for comparison; the targets apply to the rows above."""
    from content.routing import generation_bump

    client = Client()
    floor_ms, cold_ms = [], []
    for _ in range(samples):
        floor_ms.append(timed_get(client, "/bench/floor/"))
        generation_bump()
        caches["pages"].clear()
        cold_ms.append(timed_get(client, scenario.path))
    generation_bump()
    caches["pages"].clear()
    with CaptureQueriesContext(connection) as queries:
        timed_get(client, scenario.path)
    median = statistics.median(cold_ms)
    return (
        f"{scenario.name.split(',')[0]} right after a publish (every cache empty): median {median:.2f} ms, "
        f"{median / statistics.median(floor_ms):.2f}x floor, {len(queries)} queries"
    )


# Defaults as (full run, --quick). A full `make bench` stays under 15 minutes on 2 cores
# (generating 100,000 responses on PostgreSQL takes 4 to 5 of them, once); --quick, under 3.
DEFAULTS = {
    "samples": (200, 30),
    "warmup": (20, 5),
    "messages": (500, 100),
    "review_samples": (20, 5),
    "review_seconds": (90, 20),
    "export_rounds": (3, 1),
    "submit_samples": (40, 10),
    "load_seconds": (10, 3),
    "load_rounds": (2, 1),
    "import_rounds": (3, 1),
}
QUICK_RESPONSES = 5_000
RESPONSES = {"postgresql": 100_000}  # SQLite and others: FALLBACK_RESPONSES
FALLBACK_RESPONSES = 20_000


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument(
        "--quick",
        action="store_true",
        default=config.boolean("QUICK", default=False),
        help="fewer samples on 5,000 responses (also QUICK=1)",
    )
    parser.add_argument("--samples", type=int, help="page samples (200; quick 30)")
    parser.add_argument("--warmup", type=int, help="warm-up requests (20; quick 5)")
    parser.add_argument("--messages", type=int, help="invitations per send-rate round (500; quick 100)")
    parser.add_argument(
        "--responses",
        type=int,
        help="generated responses for the review figures (PostgreSQL 100,000, SQLite 20,000; quick 5,000)",
    )
    parser.add_argument("--review-samples", type=int, help="dashboard samples (20; quick 5)")
    parser.add_argument("--review-seconds", type=float, help="time budget for them (90; quick 20)")
    parser.add_argument("--export-rounds", type=int, help="full CSV exports (3; quick 1)")
    parser.add_argument("--submit-samples", type=int, help="final survey submits timed (40; quick 10)")
    parser.add_argument("--load-seconds", type=int, help="seconds per gunicorn load round (10; quick 3)")
    parser.add_argument("--load-rounds", type=int, help="gunicorn load rounds per side (2; quick 1)")
    parser.add_argument(
        "--import-rounds", type=int, help="imports of the 15,000-row nursing-home file (3; quick 1)"
    )
    args = parser.parse_args()
    for name, (full, quick) in DEFAULTS.items():
        if getattr(args, name) is None:
            setattr(args, name, quick if args.quick else full)
    if args.responses is None:
        args.responses = (
            QUICK_RESPONSES if args.quick else RESPONSES.get(connection.vendor, FALLBACK_RESPONSES)
        )
    return args


def main() -> int:
    args = arguments()
    started = time.perf_counter()
    prepare()
    responses, data_line = review.data_ensure(responses=args.responses)
    print(data_line, flush=True)
    results = [measure(s, samples=args.samples, warmup=args.warmup) for s in scenarios()]
    results += survey.measure(
        samples=args.samples, warmup=args.warmup, submit_samples=args.submit_samples, result_class=Result
    )
    handout = packet_bench.packet_pdf_scenario(quick=args.quick)
    results.append(
        Result(
            name="packet: combined handout PDF, 6 pages",
            median_ms=handout["median_ms"],
            p95_ms=handout["p95_ms"],
            baseline="none (absolute)",
            ratio=None,
            queries=handout["queries"],
            target=handout["target"],
            met=handout["met"],
        )
    )
    notes = [cold_line(scenarios()[2], samples=max(10, args.samples // 10))]
    notes.append(survey.peer_line(samples=args.samples, warmup=args.warmup))
    article, survey_step = scenarios()[2].path, survey.first_step_path()
    results.append(frontend.assets_row(article, result_class=Result))
    with load.gunicorn_server() as base:
        loaded, skipped_load = load.measure(
            base=base,
            seconds=args.load_seconds,
            rounds=args.load_rounds,
            article_path=article,
            result_class=Result,
        )
        pages = {"article page": article}
        if not args.quick:
            pages = {"home page": "/", **pages, "survey step 1": survey_step}
        audited, skipped_lighthouse = frontend.lighthouse_rows(base, pages, result_class=Result)
    results += loaded + audited
    notes += [message for message in (skipped_load, skipped_lighthouse) if message]
    sending = send_rate.measure(messages=args.messages)
    importing = provider_import.measure(rounds=args.import_rounds)
    figures, skipped = review.measure(
        responses=responses,
        samples=args.review_samples,
        warmup=min(args.warmup, 3),
        budget_s=args.review_seconds,
        export_rounds=args.export_rounds,
    )
    mode = "quick" if args.quick else "full"
    print(
        f"database: {connection.vendor}; {mode} run; {args.samples} samples each, alternating with the floor"
    )
    print(f"{'scenario':<36} {'median ms':>10} {'p95 ms':>9} {'x floor':>8} {'queries':>8}  target  met")
    for r in results:
        print(r.row())
    for note in notes:
        print(note)
    print(sending.row())
    print(importing.row())
    for figure in figures:
        print(figure.row())
    for message in skipped:
        print(message)
    print(f"bench took {time.perf_counter() - started:.0f} s")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    rows = [
        r.as_json() if isinstance(r, Result) else asdict(r) for r in [*results, sending, importing, *figures]
    ]
    RESULTS.write_text(json.dumps(rows, indent=2) + "\n")
    print(f"written: {RESULTS.relative_to(Path.cwd()) if RESULTS.is_relative_to(Path.cwd()) else RESULTS}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
