"""Importing the national nursing-home file: 15,000 rows of Medicare's Provider Information in
its real format (the August 2024 header row of tests/transitions/cms/snf_aug2024.csv, every
one of its 103 columns filled), generated once with made-up providers.

Each round deletes the bench's providers (not timed), then times the whole import as the
command runs it: read and recognise the file, check every row against the database, and save
in one transaction. Target: under 15 s (absolute). A second figure re-imports the same file
over itself (every provider unchanged, nothing written), with no target.

``python bench/provider_import.py`` runs it alone (on the bench database) and prints the row.
"""

from __future__ import annotations

import csv
import io
import os
import random
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEADER_FIXTURE = ROOT / "tests" / "transitions" / "cms" / "snf_aug2024.csv"
NAME = "import: national nursing-home file, 15,000 rows"
ROWS = 15_000
TARGET_S = 15.0
CCN_PREFIX = "Z"  # made-up CCNs: Z00001 … (real ones start with a two-digit state code; the
# search bench's providers start with BN, and the generated moves point at them)


@dataclass
class ImportRate:
    name: str
    median_ms: float
    p95_ms: float
    baseline: str
    ratio: float | None
    queries: int
    target: str
    met: bool
    value: float  # rows per second, median round
    unit: str = "rows/s"
    again_ms: float | None = None  # the same file imported over itself

    def row(self) -> str:
        """A line for bench/run.py's table (the name is longer than its column)."""
        again = f"; again over itself {self.again_ms / 1000:.1f} s" if self.again_ms is not None else ""
        return (
            f"{self.name}\n{'':<36} {self.median_ms:>10.0f} {self.p95_ms:>9.0f} {'-':>8} "
            f"{self.queries:>8}  {self.target}: {self.median_ms / 1000:.1f} s, {self.value:,.0f} {self.unit}"
            f"{again}  {'yes' if self.met else 'NO'}"
        )


def file_write(path: Path, rows: int = ROWS) -> None:
    """A Provider Information file of ``rows`` made-up nursing homes around the country."""
    header_line = HEADER_FIXTURE.read_text(encoding="utf-8").partition("\n")[0]
    header = next(csv.reader([header_line]))
    randomly = random.Random(2024)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for number in range(1, rows + 1):
        latitude, longitude = randomly.uniform(25.0, 48.0), randomly.uniform(-123.0, -70.0)
        values = {
            "CMS Certification Number (CCN)": f"{CCN_PREFIX}{number:05d}",
            "Provider Name": f"BENCH CARE CENTER {number}",
            "Provider Address": f"{number} EXAMPLE STREET",
            "City/Town": "SPRINGFIELD",
            "State": "IL",
            "ZIP Code": f"{randomly.randint(1001, 99950):05d}",
            "Telephone Number": f"555{number:07d}",
            "Ownership Type": randomly.choice(["For profit - Corporation", "Non profit - Corporation"]),
            "Number of Certified Beds": str(randomly.randint(20, 300)),
            "Abuse Icon": randomly.choice("NNNNY"),
            "Latitude": f"{latitude:.4f}",
            "Longitude": f"{longitude:.4f}",
            "Processing Date": "2024-08-01",
        }
        for rating in ("Overall Rating", "Health Inspection Rating", "QM Rating", "Staffing Rating"):
            values[rating] = str(randomly.randint(1, 5))
        # Every other column holds a figure, as the real file's staffing and inspection columns do.
        writer.writerow([values.get(column, f"{randomly.uniform(0, 50):.3f}") for column in header])
    path.write_text(header_line + "\n" + out.getvalue(), encoding="utf-8")


def providers_delete() -> None:
    from transitions.models import Facility, ProviderDataRelease

    Facility.objects.filter(ccn__startswith=CCN_PREFIX).delete()
    ProviderDataRelease.objects.filter(file_name="bench-NH_ProviderInfo.csv", measures__isnull=True).delete()


def timed_import(path: Path) -> tuple[float, object]:
    from django.core.files import File

    from transitions.providers import importer

    started = time.perf_counter()
    with path.open("rb") as handle:
        provider_file = importer.read_upload(
            File(handle, name=path.name), provider_kind="snf", file_name="bench-NH_ProviderInfo.csv"
        )
    result = importer.provider_file_import(provider_file=provider_file, actor="bench")
    return time.perf_counter() - started, result


def measure(*, rounds: int = 3, rows: int = ROWS) -> ImportRate:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "NH_ProviderInfo_Aug2024.csv"
        file_write(path, rows)
        seconds = []
        for _ in range(rounds):
            providers_delete()
            elapsed, result = timed_import(path)
            if result.created != rows:
                raise SystemExit(f"bench: the import added {result.created} of {rows} providers ({result})")
            seconds.append(elapsed)
        with CaptureQueriesContext(connection) as queries:
            again, result = timed_import(path)
        if result.unchanged != rows:
            raise SystemExit(f"bench: importing the file again changed providers ({result})")
    providers_delete()
    median = statistics.median(seconds)
    return ImportRate(
        name=NAME if rows == ROWS else f"import: nursing-home file, {rows:,} rows",
        median_ms=round(median * 1000, 1),
        p95_ms=round(max(seconds) * 1000, 1),
        baseline="none (absolute)",
        ratio=None,
        queries=len(queries),
        target=f"< {TARGET_S:.0f} s",
        met=median < TARGET_S,
        value=round(rows / median, 1),
        again_ms=round(again * 1000, 1),
    )


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from bench.run import prepare

    prepare()
    print(measure(rounds=1 if "--quick" in sys.argv else 3).row())
