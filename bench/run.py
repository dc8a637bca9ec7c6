"""`make bench`: each scenario's median and p95 as a ratio to the floor measured beside it.

Samples alternate between the floor and the scenario, so both see the same machine noise.
Absolute times are printed but only ratios and query counts are compared with targets.
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

from bench import send_rate  # noqa: E402
from content.services import home_page_ensure  # noqa: E402

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
    name: str
    median_ms: float
    p95_ms: float
    baseline: str
    ratio: float
    queries: int
    target: str
    met: bool


SCENARIOS = [
    Scenario("home page, anonymous, uncached", "/", max_ratio=15, max_queries=6, uncached=True),
    Scenario("home page, from the page cache", "/", max_ratio=2, max_queries=2),
    Scenario("staff sign-in page", "/accounts/login/", max_ratio=15, max_queries=6),
    Scenario("health check", "/healthz", max_ratio=5, max_queries=1),
]


def prepare() -> None:
    call_command("migrate", verbosity=0, interactive=False)
    call_command("createcachetable", verbosity=0)
    home_page_ensure(title="Care after the hospital", intro="Information for you and your family.")


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
    target = f"<= {scenario.max_ratio}x floor, <= {scenario.max_queries} queries"
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--messages", type=int, default=500, help="invitations per send-rate round")
    args = parser.parse_args()
    prepare()
    results = [measure(s, samples=args.samples, warmup=args.warmup) for s in SCENARIOS]
    sending = send_rate.measure(messages=args.messages)
    print(f"database: {connection.vendor}; {args.samples} samples each, alternating with the floor")
    print(f"{'scenario':<28} {'median ms':>10} {'p95 ms':>9} {'x floor':>8} {'queries':>8}  target  met")
    for r in results:
        print(
            f"{r.name:<28} {r.median_ms:>10.2f} {r.p95_ms:>9.2f} {r.ratio:>8.2f} {r.queries:>8}  "
            f"{r.target}  {'yes' if r.met else 'NO'}"
        )
    print(sending.row())
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps([asdict(r) for r in [*results, sending]], indent=2) + "\n")
    print(f"written: {RESULTS.relative_to(Path.cwd()) if RESULTS.is_relative_to(Path.cwd()) else RESULTS}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
