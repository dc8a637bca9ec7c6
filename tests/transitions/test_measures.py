"""The quality measures as families read them: every one comes from a Medicare file the
importer knows, each explanation reads at grade 8 or below, and ratings read in words."""

from decimal import Decimal

import pytest
from django.utils import translation

from content.readability import GRADE_LIMIT, readability_measure
from transitions.providers.importer.files import SPECS
from transitions.providers.measures import MEASURES, measure_shown, measures_for_kind


def test_every_measure_shown_is_one_an_imported_file_gives():
    imported = set()
    for spec in SPECS:
        imported |= set(spec.measures) | set(spec.measure_codes.values())
    assert set(MEASURES) <= imported, set(MEASURES) - imported
    for spec in SPECS:
        kinds_given = {MEASURES[code].kinds for code in set(spec.measures) | set(spec.measure_codes.values())}
        assert all(spec.provider_kind in kinds for kinds in kinds_given), spec.kind


@pytest.mark.parametrize("code", sorted(MEASURES))
def test_each_explanation_reads_at_grade_8_or_below(code):
    measure = MEASURES[code]
    text = f"{measure.label}. {measure.explanation}"
    assert readability_measure(text=text).grade <= GRADE_LIMIT, text


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("5", "5 out of 5 stars — much above average"),
        ("4", "4 out of 5 stars — above average"),
        ("3", "3 out of 5 stars — average"),
        ("2", "2 out of 5 stars — below average"),
        ("1", "1 out of 5 star — much below average"),
        ("3.5", "3.5 out of 5 stars — above average"),
    ],
)
def test_star_ratings_read_as_stars_and_words(value, words):
    shown = measure_shown(MEASURES["overall_rating"], value=Decimal(value))
    assert shown["value"] == words and shown["stars"] == int(Decimal(value))


def test_star_ratings_read_in_spanish_too():
    with translation.override("es"):
        shown = measure_shown(MEASURES["overall_rating"], value=Decimal("4"))
    assert shown["value"] == "4 de 5 estrellas — por encima del promedio"
    assert shown["label"] == "Calificación general"


def test_a_missing_value_says_so_and_percentages_carry_the_national_average():
    assert measure_shown(MEASURES["staffing_rating"], value=None)["value"] == "Not available"
    shown = measure_shown(
        MEASURES["discharge_to_community"], value=Decimal("61.25"), national_average=Decimal("63")
    )
    assert (shown["value"], shown["average"]) == ("61.3%", "National average: 63%")


def test_each_kind_of_provider_has_its_measures():
    assert [m.code for m in measures_for_kind("snf")][:4] == [
        "overall_rating",
        "inspection_rating",
        "staffing_rating",
        "quality_rating",
    ]
    for kind in ("home_health", "irf", "ltach", "hospice"):
        assert measures_for_kind(kind), kind
