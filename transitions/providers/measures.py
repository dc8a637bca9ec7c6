"""The quality measures the portal shows for providers, in plain words.

Codes are the portal's own: the importer maps each CMS file's columns (or measure codes, in
the files with one row per measure) onto them, whatever a release calls them. Each measure
says what it measures in words a family can read (grade 8 or below), how it is shown, and
whether more is better, so the search can sort by it and the page can say "above average".
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

STARS = "stars"
PERCENT = "percent"
COUNT = "count"
FLAG = "flag"
SCORE = "score"


@dataclass(frozen=True)
class Measure:
    code: str
    kinds: tuple[str, ...]
    label: str
    explanation: str
    form: str
    higher_is_better: bool | None = True

    @property
    def sortable(self) -> bool:
        return self.form in (STARS, PERCENT, SCORE) and self.higher_is_better is not None


MEASURES: dict[str, Measure] = {
    measure.code: measure
    for measure in [
        Measure(
            "overall_rating",
            ("snf",),
            _("Overall rating"),
            _("Medicare's summary of the three ratings below: inspections, staffing and quality of care."),
            STARS,
        ),
        Measure(
            "inspection_rating",
            ("snf",),
            _("Health inspections"),
            _("How the home did when state inspectors checked it over the last three years."),
            STARS,
        ),
        Measure(
            "staffing_rating",
            ("snf",),
            _("Staffing"),
            _("How many nurses and aides the home has for each resident, and how often they change."),
            STARS,
        ),
        Measure(
            "quality_rating",
            ("snf",),
            _("Quality of resident care"),
            _("How well residents do here, for example fewer falls, bed sores and hospital stays."),
            STARS,
        ),
        Measure(
            "certified_beds",
            ("snf",),
            _("Beds"),
            _("How many beds Medicare has approved at this home."),
            COUNT,
            None,
        ),
        Measure(
            "abuse_icon",
            ("snf",),
            _("Cited for abuse"),
            _("Inspectors found that a resident was abused or harmed here in the last one or two years."),
            FLAG,
            False,
        ),
        Measure(
            "patient_care_rating",
            ("home_health",),
            _("Quality of patient care"),
            _("How well patients got better with this agency, for example walking, bathing and breathing."),
            STARS,
        ),
        Measure(
            "patient_survey_rating",
            ("home_health",),
            _("Patients' survey rating"),
            _("How patients rated this agency in a national survey about their care."),
            STARS,
        ),
        Measure(
            "discharge_to_community",
            ("irf", "ltach"),
            _("Went home afterwards"),
            _("Out of every 100 patients, how many went home after their stay and did well there."),
            PERCENT,
        ),
        Measure(
            "falls_major_injury",
            ("irf", "ltach"),
            _("Falls with a major injury"),
            _(
                "Out of every 100 patients, how many fell during their stay and were badly hurt. "
                "Lower is better."
            ),
            PERCENT,
            False,
        ),
        Measure(
            "family_survey_rating",
            ("hospice",),
            _("Family survey rating"),
            _("How families rated this hospice's care in a national survey."),
            STARS,
        ),
        Measure(
            "hospice_care_index",
            ("hospice",),
            _("Hospice Care Index"),
            _(
                "A score from 0 to 10 for ten signs of good hospice care, such as visits near the "
                "end of life."
            ),
            SCORE,
        ),
    ]
}


def measures_for_kind(kind: str) -> list[Measure]:
    """The measures shown for a kind of provider, in the order above."""
    return [measure for measure in MEASURES.values() if kind in measure.kinds]


def sortable_measures_for_kind(kind: str) -> list[Measure]:
    return [measure for measure in measures_for_kind(kind) if measure.sortable]


def _star_words(value: Decimal) -> str:
    if value >= Decimal("4.5"):
        return gettext("much above average")
    if value >= Decimal("3.5"):
        return gettext("above average")
    if value >= Decimal("2.5"):
        return gettext("average")
    if value >= Decimal("1.5"):
        return gettext("below average")
    return gettext("much below average")


def _number(value: Decimal) -> str:
    text = f"{value.normalize():f}"
    return text


def measure_shown(
    measure: Measure, *, value: Decimal | None, text: str = "", national_average: Decimal | None = None
) -> dict:
    """How a measure's value reads on a page, in the active language: ``value`` (the words a
    person reads, e.g. "4 out of 5 stars — above average"), ``stars`` (whole stars to draw,
    or None), ``average`` (the national average in words, or "")."""
    shown = {"code": measure.code, "label": str(measure.label), "explanation": str(measure.explanation)}
    stars = None
    average = ""
    if value is None:
        words = text or gettext("Not available")
    elif measure.form == STARS:
        stars = int(value)
        words = ngettext(
            "%(value)s out of 5 star — %(words)s",
            "%(value)s out of 5 stars — %(words)s",
            1 if value == 1 else 2,
        ) % {"value": _number(value), "words": _star_words(value)}
    elif measure.form == PERCENT:
        words = gettext("%(value)s%%") % {"value": _number(value.quantize(Decimal("0.1")))}
        if national_average is not None:
            average = gettext("National average: %(value)s%%") % {
                "value": _number(national_average.quantize(Decimal("0.1")))
            }
    elif measure.form == FLAG:
        words = gettext("Yes") if value else gettext("No")
    elif measure.form == SCORE:
        words = gettext("%(value)s out of 10") % {"value": _number(value)}
        if national_average is not None:
            average = gettext("National average: %(value)s") % {"value": _number(national_average)}
    else:
        words = _number(value.quantize(Decimal("1")))
    shown.update({"value": words, "stars": stars, "average": average})
    return shown
