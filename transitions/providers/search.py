"""The directory search: providers of one kind within a distance of a point, sorted by
distance or by a rating the family chooses — never by any order of the organization's own.

Two queries whatever the area holds: the providers inside a latitude/longitude box (SQL, on
the kind-and-location index), then their measures with each one's release. The exact
distance then drops the box's corners.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from transitions.models import Facility, ProviderMeasure
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
    def data_as_of(self) -> dt.date | None:
        dates = [row.release.released_on for row in self.measures.values()]
        return max(dates) if dates else None


def _measures_by_facility(facility_ids: list[int]) -> dict[int, dict[str, ProviderMeasure]]:
    measures: dict[int, dict[str, ProviderMeasure]] = {}
    rows = ProviderMeasure.objects.filter(facility_id__in=facility_ids).select_related("release")
    for row in rows:
        measures.setdefault(row.facility_id, {})[row.code] = row
    return measures


def providers_near(
    *, kind: str, latitude: float, longitude: float, radius_miles: float, sort: str = SORT_DISTANCE
) -> list[ProviderFound]:
    """Active providers of ``kind`` within ``radius_miles``, sorted by distance, or by the
    measure ``sort`` names (best first; providers without it last, then by distance)."""
    box = bounding_box(latitude, longitude, radius_miles)
    facilities = list(
        Facility.objects.filter(
            kind=kind,
            active=True,
            latitude__range=(box.south, box.north),
            longitude__range=(box.west, box.east),
        )
    )
    found = []
    for facility in facilities:
        distance = distance_miles(latitude, longitude, facility.latitude, facility.longitude)
        if distance <= radius_miles:
            found.append(ProviderFound(facility=facility, distance_miles=distance))
    measures = _measures_by_facility([item.facility.pk for item in found])
    for item in found:
        item.measures = measures.get(item.facility.pk, {})
    return providers_sorted(found, sort=sort)


def providers_sorted(found: list[ProviderFound], *, sort: str) -> list[ProviderFound]:
    """``found`` by distance, or by the named measure (best first, missing values last)."""
    by_distance = sorted(
        found, key=lambda item: (item.distance_miles is None, item.distance_miles or 0, item.facility.name)
    )
    measure = MEASURES.get(sort)
    if measure is None or not measure.sortable:
        return by_distance
    with_value = [item for item in by_distance if item.value(sort) is not None]
    without = [item for item in by_distance if item.value(sort) is None]
    with_value.sort(key=lambda item: item.value(sort), reverse=bool(measure.higher_is_better))
    return with_value + without


def providers_by_ids(ids: list[int], *, origin: tuple[float, float] | None = None) -> list[ProviderFound]:
    """The providers with these ids (in that order), with their measures, and their distance
    from ``origin`` where both are known. Two queries."""
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
