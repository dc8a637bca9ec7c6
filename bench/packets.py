"""The combined handout of an education packet as a PDF: how long WeasyPrint takes for a
packet of six demo pages (the cover, then each page in full).

The packet is made once from the demo library (seeded when the database has too few pages)
and kept; each sample builds the whole PDF in this process, as the patient's download and
the liaison's "Print packet" do: the queries, the templates and WeasyPrint. A warm-up
comes first (it loads WeasyPrint and the fonts). Target: a median under 3 s on 2 cores.

``python bench/packets.py [--quick]`` prints the figure as JSON; bench/run.py can call
``packet_pdf_scenario(quick=...)`` after its own set-up.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NAME = "Combined handout PDF, 6 pages"
PAGES = 6
TARGET_MS = 3000
REFERENCE = "BENCH-PACKET"


def packet_ensure():
    """A packet of ``PAGES`` English demo pages (condition pages, then care settings)."""
    from django.utils import timezone

    from content.models import ArticlePage, CareSettingPage
    from content.services import home_page_ensure
    from packets.services import packet_save
    from transitions.models import CareTransition, Facility

    def english(model):
        return list(model.objects.live().filter(locale__language_code="en").order_by("path"))

    if len(english(ArticlePage)) + len(english(CareSettingPage)) < PAGES:
        from demo.library_seed import library_seed

        home = home_page_ensure(title="Care after the hospital", intro="Information for you and your family.")
        library_seed(home=home)
    conditions, care_settings = english(ArticlePage), english(CareSettingPage)
    pages = (care_settings[:2] + conditions)[:PAGES]
    pages += [page for page in conditions + care_settings if page not in pages][: PAGES - len(pages)]
    facility, _created = Facility.objects.get_or_create(name="Bench hospital", defaults={"kind": "hospital"})
    transition, _created = CareTransition.objects.get_or_create(
        external_reference=REFERENCE,
        defaults={
            "patient_first_name": "Bench",
            "email": "bench-packet@example.org",
            "language": "en",
            "discharging_facility": facility,
            "destination_kind": "snf",
            "transition_date": timezone.localdate(),
        },
    )
    return packet_save(transition=transition, pages=pages, user=None)


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def packet_pdf_scenario(*, quick: bool) -> dict:
    """Median and p95 milliseconds to build the 6-page handout PDF, and its SQL queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from packets.handout import handout_pdf

    packet = packet_ensure()
    pages = packet.items.count()
    if pages != PAGES:
        raise SystemExit(f"bench: the packet has {pages} pages, not {PAGES}")
    handout_pdf(packet=packet)  # warm-up: WeasyPrint's import, fonts, templates
    samples_ms = []
    for _ in range(3 if quick else 5):
        started = time.perf_counter()
        pdf = handout_pdf(packet=packet)
        samples_ms.append((time.perf_counter() - started) * 1000)
        if not pdf.startswith(b"%PDF"):
            raise SystemExit("bench: the handout is not a PDF")
    with CaptureQueriesContext(connection) as queries:
        handout_pdf(packet=packet)
    median_ms = statistics.median(samples_ms)
    return {
        "name": NAME,
        "median_ms": round(median_ms, 1),
        "p95_ms": round(percentile(samples_ms, 0.95), 1),
        "queries": len(queries),
        "target": f"< {TARGET_MS} ms",
        "met": median_ms < TARGET_MS,
        "unit": "ms",
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="3 samples instead of 5")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    call_command("createcachetable", verbosity=0)
    print(json.dumps(packet_pdf_scenario(quick=args.quick), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
