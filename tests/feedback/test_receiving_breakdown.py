"""The dashboard's breakdown by the place patients moved to puts each provider's Medicare
rating beside the organization's own survey results, marks groups too small to compare, and
says where the two disagree."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from feedback import dashboard
from tests.factories import staff
from tests.feedback.factories import care_move_answers
from tests.surveys.factories import answered_response
from transitions.models import Facility, ProviderDataRelease, ProviderMeasure

pytestmark = pytest.mark.both_databases


def _provider(name, ccn, stars):
    provider = Facility.objects.create(name=name, kind="snf", ccn=ccn, zip_code="21201")
    release = ProviderDataRelease.objects.create(
        file_kind="nh_provider_info", released_on=dt.date(2026, 10, 1)
    )
    ProviderMeasure.objects.create(
        facility=provider, code="overall_rating", value=Decimal(stars), release=release
    )
    ProviderMeasure.objects.create(
        facility=provider, code="staffing_rating", value=Decimal(1), release=release
    )
    return provider


@pytest.fixture
def moves(move_page, monkeypatch):
    monkeypatch.setattr(dashboard, "PACKET_MIN_GROUP", 3)
    hospital = Facility.objects.create(name="North Hospital", kind="hospital")
    five_star = _provider("Harbor View Nursing", "215001", 5)
    one_star = _provider("Elm Court Care", "215002", 1)
    unrated = Facility.objects.create(name="Small Place", kind="snf")
    now = timezone.now()
    rows = [(five_star, "1", "2", "2")] * 3 + [(one_star, "4", "10", "10")] * 3 + [(unrated, "4", "9", "9")]
    for number, (place, agreement, overall, recommend) in enumerate(rows):
        answered_response(
            page=move_page,
            facility=hospital,
            answers=care_move_answers(agreement, overall, recommend),
            reference=f"R-{number}",
            when=now - dt.timedelta(days=2 + number),
            destination_kind="snf",
            receiving_facility=place,
        )
    return {"five_star": five_star, "one_star": one_star}


def test_each_place_shows_its_medicare_rating_beside_our_results(client, moves):
    client.force_login(staff("Liaison manager"))
    data = client.get(reverse("review:dashboard_data")).json()
    rows = {row["label"]: row for row in data["by_receiving"]}
    assert rows["Harbor View Nursing"]["responses"] == 3
    assert rows["Harbor View Nursing"]["medicare"] == "5 out of 5 stars — much above average"
    assert rows["Harbor View Nursing"]["medicare_as_of"] == "2026-10-01"
    assert rows["Elm Court Care"]["medicare"] == "1 out of 5 star — much below average"
    assert rows["Small Place"]["medicare"] is None
    assert rows["Small Place"]["too_small"] is True and rows["Elm Court Care"]["too_small"] is False


def test_the_page_says_where_patients_and_medicare_disagree(client, moves):
    client.force_login(staff("Liaison manager"))
    page = client.get(reverse("review:dashboard")).content.decode()
    assert (
        "beside Medicare&#x27;s rating" in page
        or "beside Medicare’s rating" in page
        or "beside Medicare's rating" in page
    )
    assert page.count("Patients rate it lower than Medicare does") == 1  # the five-star home
    assert page.count("Patients rate it higher than Medicare does") == 1  # the one-star home
    assert "too few to compare" in page  # the single move to the unrated place
