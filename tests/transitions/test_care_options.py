"""Find a place of care: the public search of post-acute providers and a provider's page."""

import datetime as dt
import re

import pytest
from django.core.cache import caches
from django.urls import reverse
from django.utils import translation
from wagtail.models import Page

from content.models import CareSettingPage
from content.selectors import care_setting_pages_by_kind
from content.services import page_translation_publish
from tests.transitions.provider_factories import (
    ORIGIN_ZIP,
    ProviderDataReleaseFactory,
    ProviderFactory,
    provider_at,
    provider_measure_add,
)
from transitions.providers.geo import zip_location

LATITUDE, LONGITUDE = zip_location(ORIGIN_ZIP)


def search(client, *, language: str = "en", **params):
    params = {"kind": "snf", "zip_code": ORIGIN_ZIP, "distance": "10", "sort": "distance", **params}
    with translation.override(language):
        url = reverse("care_options")
    return client.get(url, params)


def names_in_order(response) -> list[str]:
    html = response.content.decode()
    return re.findall(r'class="portal-provider__name"><a href="[^"]*">([^<]+)</a>', html)


@pytest.mark.django_db
def test_a_provider_inside_the_box_corner_but_beyond_the_distance_is_not_listed(client):
    provider_at(latitude=LATITUDE, longitude=LONGITUDE, north_miles=9.9, name="Just inside")
    # Inside the search's latitude/longitude box (9 miles north and 9 east, each less than
    # 10) but about 12.7 miles away in a straight line.
    provider_at(latitude=LATITUDE, longitude=LONGITUDE, north_miles=9, east_miles=9, name="Box corner")

    response = search(client, distance="10")

    assert names_in_order(response) == ["Just inside"]
    assert "1 place found" in response.content.decode()


@pytest.mark.django_db
def test_sorting_by_a_rating_puts_the_best_first_and_those_without_it_last(client):
    release = ProviderDataReleaseFactory()
    three = provider_at(latitude=LATITUDE, longitude=LONGITUDE, north_miles=1, name="Three stars")
    five = provider_at(latitude=LATITUDE, longitude=LONGITUDE, north_miles=3, name="Five stars")
    provider_at(latitude=LATITUDE, longitude=LONGITUDE, north_miles=0.5, name="No rating, nearest")
    provider_measure_add(three, "overall_rating", 3, release=release)
    provider_measure_add(five, "overall_rating", 5, release=release)

    by_rating = search(client, sort="overall_rating")
    by_distance = search(client, sort="distance")

    assert names_in_order(by_rating) == ["Five stars", "Three stars", "No rating, nearest"]
    assert "In this order: Overall rating, best first." in by_rating.content.decode()
    assert names_in_order(by_distance) == ["No rating, nearest", "Three stars", "Five stars"]


@pytest.mark.django_db
def test_a_rating_the_kind_does_not_have_falls_back_to_nearest_first_and_says_so(client):
    provider_at(latitude=LATITUDE, longitude=LONGITUDE, north_miles=2, name="Far", kind="home_health")
    provider_at(latitude=LATITUDE, longitude=LONGITUDE, north_miles=1, name="Near", kind="home_health")

    response = search(client, kind="home_health", sort="overall_rating")

    assert names_in_order(response) == ["Near", "Far"]
    assert "Medicare does not give the rating you chose for this kind of care" in response.content.decode()


@pytest.mark.django_db
def test_each_rating_reads_as_words_with_stars_drawn_for_the_eye_and_its_source_and_date(client):
    provider = ProviderFactory(ccn="145678", phone="(312) 555-0142")
    provider_measure_add(provider, "overall_rating", 4, release=ProviderDataReleaseFactory())

    html = search(client).content.decode()

    assert "4 out of 5 stars — above average" in html
    assert '<span class="portal-stars" aria-hidden="true">★★★★☆</span>' in html
    assert "One rating that sums up the three below" in html
    assert "Data from Medicare Care Compare, as of November 1, 2026." in html
    assert 'href="https://www.medicare.gov/care-compare/details/nursing-home/145678"' in html
    assert "on Care Compare (Medicare's website)" in html
    assert '<a href="tel:+13125550142">(312) 555-0142</a>' in html
    assert "0.0 miles away" in html


@pytest.mark.django_db
def test_a_percentage_shows_the_national_average_the_file_gave(client):
    provider = ProviderFactory(kind="irf")
    release = ProviderDataReleaseFactory(file_kind="irf")
    provider_measure_add(provider, "discharge_to_community", "64.3", national_average="62.1", release=release)

    html = search(client, kind="irf").content.decode()

    assert "64.3%" in html
    assert "National average: 62.1%" in html


@pytest.mark.django_db
def test_an_affiliated_provider_carries_the_financial_interest_disclosure(client, organization):
    ProviderFactory(name="Our own nursing home", affiliated=True)
    ProviderFactory(name="Someone else's home", affiliated=False)

    html = search(client).content.decode()

    assert html.count("has a financial interest in this provider.") == 1
    assert f"{organization.name} has a financial interest in this provider." in html


@pytest.mark.django_db
def test_an_unknown_zip_code_is_named_in_plain_words_and_what_was_typed_is_kept(client):
    response = search(client, zip_code="00000", kind="hospice", distance="50", sort="hospice_care_index")
    html = response.content.decode()

    assert "We could not find the ZIP code 00000. Check the numbers and try again." in html
    assert 'value="00000"' in html
    assert re.search(r'value="hospice"\s+checked', html)
    assert '<option value="50" selected>' in html
    assert '<option value="hospice_care_index" selected>' in html
    assert "places found" not in html


@pytest.mark.django_db
def test_a_zip_code_that_is_not_five_numbers_says_how_to_write_one(client):
    html = search(client, zip_code="6060").content.decode()

    assert "Enter a ZIP code with 5 numbers, for example 60601." in html
    assert 'aria-invalid="true"' in html


@pytest.mark.django_db
def test_the_first_visit_shows_the_form_without_errors(client):
    response = client.get(reverse("care_options"))

    assert response.status_code == 200
    assert "usa-error-message" not in response.content.decode()


@pytest.mark.django_db
def test_no_place_nearby_suggests_a_larger_distance(client):
    provider_at(latitude=LATITUDE, longitude=LONGITUDE, north_miles=30, name="Thirty miles")

    html = search(client, distance="5").content.decode()

    assert "0 places found" in html
    assert "We did not find a place nearby" in html
    assert "distance=50" in html


@pytest.mark.django_db
def test_each_kind_of_care_links_to_its_education_page_in_the_readers_language(client, library):
    page_translation_publish(
        page=library["care_settings"],
        language_code="es",
        slug="lugares-de-cuidado",
        fields={"title": "Lugares de cuidado"},
        body=None,
    )
    snf_es = page_translation_publish(
        page=library["snf"],
        language_code="es",
        slug="centro-de-enfermeria",
        fields={"title": "Qué esperar en un centro de enfermería especializada"},
        body=None,
    )

    english = search(client).content.decode()
    spanish = search(client, language="es").content.decode()

    assert f'href="{library["snf"].url}">What to expect in a skilled nursing facility</a>' in english
    assert f'href="{snf_es.url}">Qué esperar en un centro de enfermería especializada</a>' in spanish
    assert care_setting_pages_by_kind(language="es") == {"snf": CareSettingPage.objects.get(pk=snf_es.pk)}


@pytest.mark.django_db
def test_a_kind_without_a_translated_page_links_to_the_english_one(library):
    pages = care_setting_pages_by_kind(language="es")

    assert pages["snf"].pk == library["snf"].pk


@pytest.mark.django_db
def test_the_search_reads_in_spanish(client):
    provider = ProviderFactory()
    provider_measure_add(provider, "overall_rating", 2, release=ProviderDataReleaseFactory())

    html = search(client, language="es").content.decode()

    assert "Buscar un lugar de cuidado" in html
    assert "2 de 5 estrellas — por debajo del promedio" in html
    assert "Datos de Care Compare de Medicare, al 1 de noviembre de 2026." in html


@pytest.mark.django_db
def test_a_providers_page_shows_it_with_the_distance_from_the_searched_zip_code(client):
    provider = provider_at(latitude=LATITUDE, longitude=LONGITUDE, north_miles=2.4, name="Harbor View")
    provider_measure_add(provider, "overall_rating", 5, release=ProviderDataReleaseFactory())

    response = client.get(reverse("care_option", args=[provider.pk]), {"zip_code": ORIGIN_ZIP, "kind": "snf"})
    html = response.content.decode()

    assert '<h1 class="portal-provider__name">Harbor View</h1>' in html
    assert "2.4 miles away" in html
    assert "5 out of 5 stars — much above average" in html
    assert f'href="{reverse("care_options")}?kind=snf&amp;zip_code={ORIGIN_ZIP}"' in html


@pytest.mark.django_db
@pytest.mark.parametrize("fields", [{"kind": "hospital", "ccn": None}, {"active": False}])
def test_a_hospital_or_inactive_provider_has_no_public_page(client, fields):
    facility = ProviderFactory(**fields)

    assert client.get(reverse("care_option", args=[facility.pk])).status_code == 404


@pytest.mark.django_db
def test_inactive_providers_and_other_kinds_are_not_listed(client):
    ProviderFactory(name="Closed home", active=False)
    ProviderFactory(name="A hospice", kind="hospice")
    ProviderFactory(name="Open home")

    assert names_in_order(search(client)) == ["Open home"]


@pytest.mark.django_db
def test_the_page_never_offers_a_recommended_order(client):
    html = client.get(reverse("care_options")).content.decode().lower()

    assert "recommended" not in html
    assert "Nearest first".lower() in html


@pytest.mark.django_db
def test_the_date_shown_is_that_of_the_latest_release_a_providers_data_came_from(client):
    provider = ProviderFactory()
    provider_measure_add(provider, "overall_rating", 3, release=ProviderDataReleaseFactory())
    later = ProviderDataReleaseFactory(released_on=dt.date(2026, 12, 1))
    provider_measure_add(provider, "staffing_rating", 2, release=later)

    assert "as of December 1, 2026." in search(client).content.decode()


def test_pages_in_the_tree_are_not_needed_for_the_search_itself(db, client):
    assert not Page.objects.type(CareSettingPage).exists()
    assert search(client).status_code == 200


@pytest.mark.django_db
def test_a_care_setting_page_links_to_the_search_with_its_kind_chosen(client, library):
    html = client.get(library["snf"].url).content.decode()
    assert f'href="{reverse("care_options")}?kind=snf">Find a place of care near you</a>' in html

    form = client.get(reverse("care_options"), {"kind": "snf"}).content.decode()
    assert re.search(r'value="snf"\s+checked', form)
    assert "usa-error-message" not in form


@pytest.mark.django_db
def test_ratings_kept_from_an_earlier_search_give_way_to_a_new_release(client):
    provider = ProviderFactory()
    measure = provider_measure_add(provider, "overall_rating", 2, release=ProviderDataReleaseFactory())
    assert "2 out of 5 stars" in search(client).content.decode()

    measure.value = 5
    measure.release = ProviderDataReleaseFactory(released_on=dt.date(2026, 12, 1))
    measure.save()
    caches["pages"].clear()

    html = search(client).content.decode()
    assert "5 out of 5 stars — much above average" in html
    assert "as of December 1, 2026." in html
