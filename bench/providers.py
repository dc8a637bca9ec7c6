"""The "Find a place of care" search over a national directory of 15,000 made-up providers.

Providers sit where people live, roughly: each is placed at the centre of a US ZIP code
drawn at random from the ZIP codes the ``zipcodes`` package ships (dense cities have many
ZIP codes, the plains few), moved up to 3 miles in any direction. Kinds follow Medicare's own
mix (about half nursing homes, then home health agencies, hospices, rehabilitation and
long-term care hospitals); each provider gets its kind's measures from one release, with one
value in ten missing, as in the real files. The same seed makes the same directory, and a
database that already holds it is reused.

The page measured is nursing homes within 25 miles of downtown Chicago (ZIP 60601), best
overall rating first: about 40 homes found, the first 10 drawn. Target: a median of at most
15x the floor (bench/run.py measures it beside the floor like the other pages).
"""

from __future__ import annotations

import datetime as dt
import math
import random
from decimal import Decimal

PROVIDERS = 15_000
CCN_PREFIX = "BN"  # no real CCN starts with letters
SEARCH_PATH = "/care-options/?kind=snf&zip_code=60601&distance=25&sort=overall_rating"
KIND_SHARES = [("snf", 0.5), ("home_health", 0.3), ("hospice", 0.13), ("irf", 0.05), ("ltach", 0.02)]
JITTER_MILES = 3.0
SEED = 24


def _value(measure, randomness: random.Random) -> Decimal | None:
    from transitions.providers.measures import COUNT, FLAG, PERCENT, SCORE, STARS

    if randomness.random() < 0.1:
        return None
    if measure.form == STARS:
        return Decimal(randomness.randint(1, 5))
    if measure.form == PERCENT:
        return Decimal(f"{randomness.uniform(1, 80):.1f}")
    if measure.form == SCORE:
        return Decimal(randomness.randint(0, 10))
    if measure.form == COUNT:
        return Decimal(randomness.randint(20, 250))
    if measure.form == FLAG:
        return Decimal(int(randomness.random() < 0.05))
    return None


def providers_ensure(*, count: int = PROVIDERS) -> int:
    """The made-up directory of ``count`` providers with their measures; made only when the
    database does not hold it yet. Returns how many bench providers there are."""
    from transitions.models import Facility, ProviderDataRelease, ProviderMeasure
    from transitions.providers.geo import MILES_PER_DEGREE_LATITUDE, _zip_centroids
    from transitions.providers.measures import measures_for_kind

    existing = Facility.objects.filter(ccn__startswith=CCN_PREFIX).count()
    if existing >= count:
        return existing
    Facility.objects.filter(ccn__startswith=CCN_PREFIX).delete()
    randomness = random.Random(SEED)
    centroids = sorted(_zip_centroids().items())
    kinds, weights = zip(*KIND_SHARES, strict=True)
    release = ProviderDataRelease.objects.create(
        file_kind="nh_provider_info", released_on=dt.date(2026, 11, 1), file_name="bench", rows=count
    )
    facilities = []
    for number in range(count):
        zip_code, (latitude, longitude) = randomness.choice(centroids)
        kind = randomness.choices(kinds, weights)[0]
        north, east = (randomness.uniform(-JITTER_MILES, JITTER_MILES) for _ in range(2))
        facilities.append(
            Facility(
                name=f"Bench {kind} {number}",
                kind=kind,
                ccn=f"{CCN_PREFIX}{number:06d}",
                address=f"{number} Main St",
                city="Somewhere",
                state="IL",
                zip_code=zip_code,
                phone="(312) 555-0100",
                latitude=latitude + north / MILES_PER_DEGREE_LATITUDE,
                longitude=longitude + east / (MILES_PER_DEGREE_LATITUDE * math.cos(math.radians(latitude))),
                location_source=Facility.LOCATION_FROM_ZIP,
                affiliated=randomness.random() < 0.01,
            )
        )
    Facility.objects.bulk_create(facilities, batch_size=1_000)
    facilities = Facility.objects.filter(ccn__startswith=CCN_PREFIX).only("pk", "kind")
    measures = []
    for facility in facilities.iterator():
        for measure in measures_for_kind(facility.kind):
            value = _value(measure, randomness)
            measures.append(
                ProviderMeasure(
                    facility_id=facility.pk,
                    code=measure.code,
                    value=value,
                    text="" if value is not None else "Not Available",
                    release=release,
                )
            )
    ProviderMeasure.objects.bulk_create(measures, batch_size=2_000)
    return count


if __name__ == "__main__":
    # `python bench/providers.py`: this row alone, after bench/run.py's own set-up.
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from bench import run

    run.prepare()
    made = providers_ensure()
    scenario = next(item for item in run.scenarios() if item.path == SEARCH_PATH)
    result = run.measure(scenario, samples=int(sys.argv[1]) if len(sys.argv) > 1 else 30, warmup=5)
    print(f"{made:,} providers")
    print(result.row())
