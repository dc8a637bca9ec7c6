"""Requests per second under gunicorn: the cached article page against the floor.

gunicorn serves the bench settings (the floor view included) with 2 sync workers on a free
port of 127.0.0.1; wrk (Debian's package) drives it with 1 thread and 8 connections for a
bounded time per round. Rounds alternate floor, article, floor, article, so both see the
same noise; each side's figure is the median round. The article is fetched once first, so
every measured request is served from the page cache. Target: the article sustains at least
50% of the floor's requests per second, with zero errors (non-2xx/3xx answers, connection
errors or timeouts). Latency p50/p95/p99 come from wrk's own histogram (a Lua ``done``
hook prints them).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

from tests import processes

ROOT = Path(__file__).resolve().parents[1]
TARGET_SHARE = 0.5
REPORT = """
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout
  io.write(string.format(
    'RESULT {"requests": %d, "seconds": %f, "errors": %d, "p50": %f, "p95": %f, "p99": %f}\\n',
    summary.requests, summary.duration / 1e6, errors,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000))
end
"""


def _wait_until_up(url: str, *, seconds: float = 30) -> None:
    if not processes.wait_for(lambda: processes.http_status(url, timeout=2) == 200, timeout=seconds):
        raise SystemExit(f"bench: gunicorn did not answer {url} within {seconds:.0f} s")


def _wrk(url: str, *, seconds: int, script: str) -> dict:
    out = subprocess.run(
        ["wrk", "-t1", "-c8", f"-d{seconds}s", "--timeout", "5s", "-s", script, url],
        capture_output=True,
        text=True,
        timeout=seconds + 30,
        check=True,
    ).stdout
    line = next(line for line in out.splitlines() if line.startswith("RESULT "))
    figures = json.loads(line[len("RESULT ") :])
    figures["rps"] = figures["requests"] / figures["seconds"]
    return figures


@contextlib.contextmanager
def gunicorn_server():
    """gunicorn with the bench settings and 2 workers on a free loopback port; yields its
    base URL and stops it (the whole process group) afterwards."""
    port = processes.free_port()
    base = f"http://127.0.0.1:{port}"
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="bench.settings", PYTHONPATH=str(ROOT))
    server = processes.start(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "portal.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--worker-class",
            "sync",
            "--log-level",
            "warning",
            "--graceful-timeout",
            "5",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        _wait_until_up(base + "/bench/floor/")
        yield base
    finally:
        processes.stop(server, timeout=15)


def measure(*, base: str, seconds: int, rounds: int, article_path: str, result_class):
    """Two rows (floor and cached article) against the gunicorn at ``base``, or a message
    saying why it was skipped."""
    if shutil.which("wrk") is None:
        return [], "gunicorn load: skipped, wrk is not installed (apt-get install wrk; make bench does)"
    for _warm in range(20):  # both workers, and the article into the page cache
        urllib.request.urlopen(base + article_path, timeout=10).read()  # noqa: S310
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(REPORT)
    floor, article = [], []
    for _round in range(rounds):
        floor.append(_wrk(base + "/bench/floor/", seconds=seconds, script=script.name))
        article.append(_wrk(base + article_path, seconds=seconds, script=script.name))
    os.unlink(script.name)
    floor_rps = statistics.median(r["rps"] for r in floor)
    article_rps = statistics.median(r["rps"] for r in article)
    share = article_rps / floor_rps
    rows = []
    for name, runs, rps in (
        ("gunicorn: floor", floor, floor_rps),
        ("gunicorn: article, page cache", article, article_rps),
    ):
        middle = sorted(runs, key=lambda r: r["rps"])[len(runs) // 2]
        errors = sum(r["errors"] for r in runs)
        is_article = runs is article
        row = result_class(
            name=name,
            median_ms=round(middle["p50"], 3),
            p95_ms=round(middle["p95"], 3),
            baseline="floor (gunicorn)" if is_article else "none: the floor",
            ratio=round(share if is_article else 1.0, 3),
            queries=None,
            target=(
                f">= {TARGET_SHARE:.0%} of the floor's requests/s, 0 errors" if is_article else "0 errors"
            ),
            met=(share >= TARGET_SHARE and errors == 0) if is_article else errors == 0,
            value=round(rps, 1),
            unit="req/s",
            p99_ms=round(middle["p99"], 3),
            errors=errors,
            requests=sum(r["requests"] for r in runs),
        )
        rows.append(row)
    return rows, None
