"""Locations and distances for the provider directory, offline.

ZIP code centroids come from the ``zipcodes`` package (US ZIP codes shipped inside it); the
search narrows by a latitude/longitude box in SQL, then measures the exact great-circle
distance of the few rows left.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache

EARTH_RADIUS_MILES = 3958.8
MILES_PER_DEGREE_LATITUDE = 69.05
ZIP_PATTERN = re.compile(r"^\s*(\d{5})(?:-?\d{4})?\s*$")


def zip_normalised(value: str) -> str:
    """The five-digit ZIP code in ``value`` (ZIP+4 accepted), or "" when it is not one."""
    match = ZIP_PATTERN.match(value or "")
    return match.group(1) if match else ""


@cache
def _zip_centroids() -> dict[str, tuple[float, float]]:
    import zipcodes

    centroids = {}
    for row in zipcodes.list_all():
        try:
            centroids[row["zip_code"]] = (float(row["lat"]), float(row["long"]))
        except (KeyError, TypeError, ValueError):
            continue
    return centroids


def zip_location(zip_code: str) -> tuple[float, float] | None:
    """The centre of a US ZIP code as (latitude, longitude), or None when unknown."""
    code = zip_normalised(zip_code)
    return _zip_centroids().get(code) if code else None


@dataclass(frozen=True)
class Box:
    south: float
    north: float
    west: float
    east: float


def bounding_box(latitude: float, longitude: float, miles: float) -> Box:
    """A box that holds every point within ``miles`` of the point (a little more near its
    corners; the exact distance then drops those)."""
    dlat = miles / MILES_PER_DEGREE_LATITUDE
    cos_lat = max(math.cos(math.radians(latitude)), 0.01)
    dlon = miles / (MILES_PER_DEGREE_LATITUDE * cos_lat)
    return Box(latitude - dlat, latitude + dlat, longitude - dlon, longitude + dlon)


def distance_miles(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine) in miles."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_MILES * math.asin(min(1.0, math.sqrt(a)))
