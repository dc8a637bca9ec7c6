"""Post-acute providers and their Medicare measures, made directly (not through the importer),
for the directory search, the choice list and anything else that shows providers."""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal

import factory

from transitions.models import Facility, ProviderDataRelease, ProviderMeasure
from transitions.providers.geo import MILES_PER_DEGREE_LATITUDE

# ZIP 60601 (Chicago's Loop), as the zipcodes package places it.
ORIGIN_ZIP = "60601"


class ProviderDataReleaseFactory(factory.django.DjangoModelFactory):
    """The nursing homes' Provider Information file of 1 November 2026."""

    class Meta:
        model = ProviderDataRelease

    file_kind = "nh_provider_info"
    released_on = dt.date(2026, 11, 1)
    file_name = "NH_ProviderInfo_Nov2026.csv"


class ProviderFactory(factory.django.DjangoModelFactory):
    """An active skilled nursing facility with a CCN, in Chicago, not affiliated."""

    class Meta:
        model = Facility

    name = factory.Sequence(lambda n: f"Lakeside Care Center {n}")
    kind = "snf"
    ccn = factory.Sequence(lambda n: f"14{n:04d}")
    address = factory.Sequence(lambda n: f"{100 + n} N Michigan Ave")
    city = "Chicago"
    state = "IL"
    zip_code = ORIGIN_ZIP
    phone = "(312) 555-0100"
    latitude = 41.8858
    longitude = -87.6181
    location_source = Facility.LOCATION_FROM_FILE
    ownership = "For profit - Corporation"


def provider_measure_add(
    facility: Facility,
    code: str,
    value: Decimal | int | str | None,
    *,
    release: ProviderDataRelease | None = None,
    national_average: Decimal | str | None = None,
    text: str = "",
) -> ProviderMeasure:
    """One measure of ``facility`` as a release gave it (a new release of 1 November 2026
    unless one is given)."""
    return ProviderMeasure.objects.create(
        facility=facility,
        code=code,
        value=None if value is None else Decimal(str(value)),
        text=text,
        national_average=None if national_average is None else Decimal(str(national_average)),
        release=release or ProviderDataReleaseFactory(),
    )


def provider_at(
    *, latitude: float, longitude: float, north_miles: float = 0, east_miles: float = 0, **fields
):
    """A provider ``north_miles`` north and ``east_miles`` east of a point (flat-earth
    offsets, good enough over a few dozen miles)."""
    degrees_east = east_miles / (MILES_PER_DEGREE_LATITUDE * math.cos(math.radians(latitude)))
    return ProviderFactory(
        latitude=latitude + north_miles / MILES_PER_DEGREE_LATITUDE,
        longitude=longitude + degrees_east,
        **fields,
    )
