"""Reading one cell of a Medicare file: a CCN, a date, a measure's value, a place.

Each reader returns the value or raises CellProblem with a sentence saying what is wrong and
what the cell should hold. CMS writes "Not Available" (and sometimes "Not Applicable" or a
dash) where a provider has no value; those are kept as the file's words, not as problems.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from transitions.providers.geo import zip_normalised
from transitions.providers.measures import COUNT, FLAG, PERCENT, SCORE, STARS, Measure

NOT_AVAILABLE = {"not available", "not applicable", "n/a", "na", "-", "--", ".", "not  available"}
CCN_PATTERN = re.compile(r"^[0-9A-Z]{6}$")
RANGES = {
    STARS: (Decimal(1), Decimal(5)),
    PERCENT: (Decimal(0), Decimal(100)),
    SCORE: (Decimal(0), Decimal(10)),
}
TEXT_LIMIT = 120


class CellProblem(ValueError):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class MeasureValue:
    value: Decimal | None
    text: str
    footnote: str

    def as_tuple(self) -> tuple:
        return (self.value, self.text, self.footnote)


def ccn_read(cell: str) -> str:
    """The six-character CCN in ``cell``. A five-digit number is a CCN whose leading zero a
    spreadsheet dropped (Alabama's all start with 0)."""
    value = cell.strip().strip("'").upper()
    if not value:
        raise CellProblem(
            _("The CCN is missing. Each row needs the provider's six-character Medicare number (CCN).")
        )
    if value.isdigit() and len(value) == 5:
        value = "0" + value
    if not CCN_PATTERN.match(value):
        raise CellProblem(
            _("“%(value)s” is not a CCN: a CCN is six letters or digits, such as 015009.")
            % {"value": value[:20]}
        )
    return value


@functools.lru_cache(maxsize=256)  # a file's rows repeat one processing date
def date_read(cell: str) -> dt.date:
    value = cell.strip()
    for pattern in ("%Y-%m-%d", "%m/%d/%Y", "%Y%m%d", "%Y-%m-%dT%H:%M:%S"):
        try:
            return dt.datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    raise CellProblem(
        _("“%(value)s” is not a date. Dates look like 2024-08-01 or 08/01/2024.") % {"value": value[:30]}
    )


def _number(cell: str) -> Decimal:
    value = cell.strip().replace(",", "").rstrip("%")
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise ValueError(cell) from None
    if not number.is_finite():
        raise ValueError(cell)
    return number


def _wrong_number(measure: Measure, value: str) -> CellProblem:
    if measure.form == STARS:
        return CellProblem(
            _("“%(value)s” is not a star rating: it should be a number from 1 to 5, or Not Available.")
            % {"value": value[:30]}
        )
    if measure.form == COUNT:
        return CellProblem(_("“%(value)s” is not a whole number.") % {"value": value[:30]})
    return CellProblem(
        _("“%(value)s” is not a number: it should be a number, or Not Available.") % {"value": value[:30]}
    )


def _out_of_range(measure: Measure, number: Decimal) -> CellProblem:
    low, high = RANGES[measure.form]
    if measure.form == STARS:
        return CellProblem(
            _("%(value)s is outside 1 to 5: a star rating goes from 1 to 5.") % {"value": f"{number:f}"}
        )
    return CellProblem(
        _("%(value)s is outside %(low)s to %(high)s.") % {"value": f"{number:f}", "low": low, "high": high}
    )


def measure_read(measure: Measure, cell: str, footnote: str = "") -> MeasureValue:
    """The value of ``measure`` in ``cell``: a number (checked against the measure's range),
    or no number and the file's own words when it has none."""
    value = cell.strip()
    footnote = footnote.strip()[:TEXT_LIMIT]
    if not value or value.casefold() in NOT_AVAILABLE:
        return MeasureValue(None, value[:TEXT_LIMIT], footnote)
    if measure.form == FLAG:
        flags = {"y": 1, "yes": 1, "true": 1, "n": 0, "no": 0, "false": 0}
        if value.casefold() not in flags:
            raise CellProblem(_("“%(value)s” should be Y or N.") % {"value": value[:30]})
        return MeasureValue(Decimal(flags[value.casefold()]), "", footnote)
    try:
        number = _number(value)
    except ValueError:
        raise _wrong_number(measure, value) from None
    if measure.form == COUNT and (number != number.to_integral_value() or number < 0):
        raise _wrong_number(measure, value)
    if measure.form in RANGES:
        low, high = RANGES[measure.form]
        if not low <= number <= high:
            raise _out_of_range(measure, number)
    # Four decimal places, as stored; trailing zeros dropped without an exponent (100, not 1E+2).
    return MeasureValue(Decimal(f"{number.quantize(Decimal('0.0001')).normalize():f}"), "", footnote)


def location_read(latitude: str, longitude: str) -> tuple[float, float] | None:
    """The file's latitude and longitude, or None when it has none; both or neither."""
    if not latitude.strip() and not longitude.strip():
        return None
    try:
        lat, lon = float(latitude), float(longitude)
    except ValueError:
        raise CellProblem(
            _("“%(value)s” is not a latitude and longitude.") % {"value": f"{latitude}, {longitude}"[:40]}
        ) from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise CellProblem(
            _("“%(value)s” is not a latitude and longitude.") % {"value": f"{latitude}, {longitude}"[:40]}
        )
    return (round(lat, 6), round(lon, 6))


def zip_read(cell: str) -> str:
    """The five-digit ZIP code, with a leading zero a spreadsheet dropped put back."""
    value = cell.strip()
    if value.isdigit() and len(value) in (3, 4):
        value = value.zfill(5)
    return zip_normalised(value) or value[:10]


def phone_read(cell: str) -> str:
    """A ten-digit number as 312-555-0101 (CMS writes the digits alone); anything else as is."""
    value = cell.strip()
    if re.fullmatch(r"\d+\.0", value):  # a spreadsheet that took the number for a decimal
        value = value[:-2]
    digits = re.sub(r"\D", "", value)
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    if len(digits) == 10:
        return f"{digits[:3]}-{digits[3:6]}-{digits[6:]}"
    return value[:30]


def text_read(cell: str, limit: int) -> str:
    return " ".join(cell.split())[:limit]
