"""The directory search: providers of one kind within a distance of a point, sorted by
distance or by a rating the family chooses — never by any order of the organization's own.

A fixed number of queries whatever the area holds: the providers inside a latitude/longitude
box (SQL, on the kind-and-location index), then their measures and the releases those came
from. The exact distance then drops the box's corners. A list shown a page at a time reads
only the measure it is sorted by for every provider, and all measures for the page shown.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext

from transitions.models import Facility, ProviderDataRelease, ProviderMeasure
from transitions.providers.geo import bounding_box, distance_miles
from transitions.providers.measures import MEASURES, measure_shown, measures_for_kind

SORT_DISTANCE = "distance"


@dataclass
class ProviderFound:
    facility: Facility
    distance_miles: float | None
    measures: dict[str, ProviderMeasure] = field(default_factory=dict)

    def value(self, code: str) -> Decimal | None:
        measure = self.measures.get(code)
        return measure.value if measure is not None else None

    def measures_shown(self) -> list[dict]:
        """Every measure of this provider's kind, worded in the active language, with the
        date of the data each came from (None where the file had no value)."""
        shown = []
        for measure in measures_for_kind(self.facility.kind):
            row = self.measures.get(measure.code)
            item = measure_shown(
                measure,
                value=row.value if row else None,
                text=row.text if row else "",
                national_average=row.national_average if row else None,
            )
            item["released_on"] = row.release.released_on if row else None
            shown.append(item)
        return shown

    @property
    def distance_words(self) -> str:
        """ "2.4 miles away" in the active language; "" when the distance is not known."""
        if self.distance_miles is None:
            return ""
        return gettext("%(miles)s miles away") % {"miles": number_format(self.distance_miles, decimal_pos=1)}

    @property
    def data_as_of(self) -> dt.date | None:
        dates = [row.release.released_on for row in self.measures.values()]
        return max(dates) if dates else None


def _measures_by_facility(facility_ids: list[int]) -> dict[int, dict[str, ProviderMeasure]]:
    """Each provider's measures by code, each with its release: two queries (the releases
    are few, and joining them to every row would build one release object per measure)."""
    measures: dict[int, dict[str, ProviderMeasure]] = {}
    rows = list(ProviderMeasure.objects.filter(facility_id__in=facility_ids))
    releases = ProviderDataRelease.objects.in_bulk({row.release_id for row in rows})
    for row in rows:
        row.release = releases[row.release_id]
        measures.setdefault(row.facility_id, {})[row.code] = row
    return measures


def providers_measures_load(found: list[ProviderFound]) -> list[ProviderFound]:
    """``found`` with every provider's measures (two queries), for a list that was searched
    without them: only the page a person reads needs them all."""
    measures = _measures_by_facility([item.facility.pk for item in found])
    for item in found:
        item.measures = measures.get(item.facility.pk, {})
    return found


def providers_near(
    *,
    kind: str,
    latitude: float,
    longitude: float,
    radius_miles: float,
    sort: str = SORT_DISTANCE,
    with_measures: bool = True,
) -> list[ProviderFound]:
    """Active providers of ``kind`` within ``radius_miles``, sorted by distance, or by the
    measure ``sort`` names (best first; providers without it last, then by distance).
    Three queries with their measures; without them (``with_measures=False``, for a list
    shown a page at a time: see providers_measures_load), one, or two to sort by a measure."""
    box = bounding_box(latitude, longitude, radius_miles)
    facilities = Facility.objects.filter(
        kind=kind,
        active=True,
        latitude__range=(box.south, box.north),
        longitude__range=(box.west, box.east),
    )
    found = []
    for facility in facilities:
        distance = distance_miles(latitude, longitude, facility.latitude, facility.longitude)
        if distance <= radius_miles:
            found.append(ProviderFound(facility=facility, distance_miles=distance))
    if with_measures:
        return providers_sorted(providers_measures_load(found), sort=sort)
    measure = MEASURES.get(sort)
    if measure is None or not measure.sortable or not found:
        return providers_sorted(found, sort=SORT_DISTANCE)
    values = dict(
        ProviderMeasure.objects.filter(
            code=sort, facility_id__in=[item.facility.pk for item in found], value__isnull=False
        ).values_list("facility_id", "value")
    )
    return providers_sorted(found, sort=sort, values=values)


def providers_sorted(
    found: list[ProviderFound], *, sort: str, values: dict[int, Decimal] | None = None
) -> list[ProviderFound]:
    """``found`` by distance, or by the named measure (best first, missing values last):
    its value from each provider's measures, or from ``values`` (by provider id) when given."""
    by_distance = sorted(
        found, key=lambda item: (item.distance_miles is None, item.distance_miles or 0, item.facility.name)
    )
    measure = MEASURES.get(sort)
    if measure is None or not measure.sortable:
        return by_distance

    def value(item: ProviderFound) -> Decimal | None:
        return item.value(sort) if values is None else values.get(item.facility.pk)

    with_value = [item for item in by_distance if value(item) is not None]
    without = [item for item in by_distance if value(item) is None]
    with_value.sort(key=value, reverse=bool(measure.higher_is_better))
    return with_value + without


def provider_data_latest_release_id() -> int:
    """The id of the latest Medicare file imported (0 before any): anything drawn from the
    measures can be kept until it changes. One query."""
    return ProviderDataRelease.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def providers_by_ids(ids: list[int], *, origin: tuple[float, float] | None = None) -> list[ProviderFound]:
    """The providers with these ids (in that order), with their measures, and their distance
    from ``origin`` where both are known. Three queries."""
    facilities = Facility.objects.in_bulk(ids)
    measures = _measures_by_facility(list(facilities))
    found = []
    for pk in ids:
        facility = facilities.get(pk)
        if facility is None:
            continue
        distance = None
        if origin and facility.latitude is not None and facility.longitude is not None:
            distance = distance_miles(origin[0], origin[1], facility.latitude, facility.longitude)
        found.append(ProviderFound(facility=facility, distance_miles=distance, measures=measures.get(pk, {})))
    return found
