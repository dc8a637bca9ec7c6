"""Each provider's headline Medicare measure, for lists that show one rating per provider
(the dashboard's breakdown by the place patients moved to)."""

from __future__ import annotations

from transitions.models import ProviderMeasure
from transitions.providers.measures import MEASURES, STARS, measure_shown

# The one measure that sums a provider up, by kind: the star rating Medicare leads with
# where it has one, else the outcome it reports for every provider of that kind.
HEADLINE_MEASURES = {
    "snf": "overall_rating",
    "home_health": "patient_care_rating",
    "hospice": "hospice_care_index",
    "irf": "discharge_to_community",
    "ltach": "discharge_to_community",
}


def headline_ratings(*, facility_ids) -> dict[int, dict]:
    """The headline measure of each provider that has one, by facility id, worded as
    ``measure_shown`` words it, with ``released_on`` (one query)."""
    rows = ProviderMeasure.objects.filter(
        facility_id__in=facility_ids, code__in=set(HEADLINE_MEASURES.values())
    ).values(
        "facility_id", "facility__kind", "code", "value", "text", "national_average", "release__released_on"
    )
    ratings = {}
    for row in rows:
        if HEADLINE_MEASURES.get(row["facility__kind"]) != row["code"]:
            continue
        measure = MEASURES[row["code"]]
        shown = measure_shown(
            measure, value=row["value"], text=row["text"], national_average=row["national_average"]
        )
        shown["released_on"] = row["release__released_on"]
        shown["is_stars"] = measure.form == STARS
        ratings[row["facility_id"]] = shown
    return ratings
