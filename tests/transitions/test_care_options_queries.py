"""The directory search's cost: a fixed number of queries, whatever the directory holds and
however many places a search finds."""

import random

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.transitions.provider_factories import (
    ORIGIN_ZIP,
    ProviderDataReleaseFactory,
    provider_at,
    provider_measure_add,
)
from transitions.models import PROVIDER_KINDS, Facility
from transitions.providers.geo import zip_location
from transitions.providers.search import providers_near

pytestmark = [pytest.mark.both_databases, pytest.mark.django_db]

LATITUDE, LONGITUDE = zip_location(ORIGIN_ZIP)


def rated_providers(count: int, *, first: int = 0) -> None:
    release = ProviderDataReleaseFactory()
    for number in range(first, first + count):
        provider = provider_at(
            latitude=LATITUDE, longitude=LONGITUDE, north_miles=number / 10, name=f"Home {number:02d}"
        )
        provider_measure_add(provider, "overall_rating", 1 + number % 5, release=release)
        provider_measure_add(provider, "staffing_rating", 1 + number % 3, release=release)


def own_queries(queries: CaptureQueriesContext) -> list[str]:
    """The queries of the page itself: the caches' reads and writes (tables in tests, Redis
    or files elsewhere) aside."""
    return [
        query["sql"]
        for query in queries.captured_queries
        if "portal_page_cache" not in query["sql"]
        and "portal_cache" not in query["sql"]
        and "SAVEPOINT" not in query["sql"]
    ]


def results_page_queries(client) -> int:
    caches["pages"].clear()  # the page cache would answer a second identical request
    with CaptureQueriesContext(connection) as queries:
        response = client.get(
            reverse("care_options"),
            {"kind": "snf", "zip_code": ORIGIN_ZIP, "distance": "25", "sort": "overall_rating"},
        )
    assert response.status_code == 200
    return len(own_queries(queries))


def test_the_results_page_makes_as_many_queries_for_30_places_as_for_3(client):
    # The site's settings rows are made on first use (which starts a new cache generation),
    # then the navigation and links are kept until anything is next published.
    for _ in range(2):
        caches["pages"].clear()
        client.get(reverse("care_options"))
    rated_providers(3)
    first_for_three, then_for_three = results_page_queries(client), results_page_queries(client)
    rated_providers(27, first=3)  # a new release: every place's ratings are drawn again

    first_for_thirty, then_for_thirty = results_page_queries(client), results_page_queries(client)

    # The places in the box, the rating they are sorted by and the latest release; the
    # first time, the shown places' measures and their releases to draw their ratings.
    assert first_for_three == first_for_thirty == 5
    assert then_for_three == then_for_thirty == 3
    html = client.get(reverse("care_options"), {"kind": "snf", "zip_code": ORIGIN_ZIP, "distance": "25"})
    assert "30 places found" in html.content.decode()


def test_a_providers_page_makes_a_fixed_number_of_queries(client):
    rated_providers(2)
    provider = Facility.objects.order_by("pk").last()
    url = reverse("care_option", args=[provider.pk])
    client.get(url)
    caches["pages"].clear()
    client.get(url)
    caches["pages"].clear()

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, {"zip_code": ORIGIN_ZIP}).status_code == 200

    # The provider, its measures, their releases and the latest release (the education
    # page's link and the drawn ratings are kept in the cache).
    own = own_queries(queries)
    assert len(own) == 4, own


def test_the_search_answers_in_at_most_four_queries_over_15000_providers(django_assert_max_num_queries):
    # 15,000 providers of every kind scattered over the lower 48 states, 60 of them nursing
    # homes within 25 miles of the searched ZIP code, each with two ratings.
    randomness = random.Random(24)
    far = [
        Facility(
            name=f"Provider {number}",
            kind=randomness.choice(PROVIDER_KINDS),
            ccn=f"F{number:05d}",
            latitude=randomness.uniform(25, 49),
            longitude=randomness.uniform(-124, -67),
        )
        for number in range(15_000 - 60)
    ]
    Facility.objects.bulk_create(far, batch_size=2_000)
    rated_providers(60)

    with django_assert_max_num_queries(4):
        found = providers_near(
            kind="snf", latitude=LATITUDE, longitude=LONGITUDE, radius_miles=25, sort="overall_rating"
        )
        shown = [item.measures_shown() for item in found]

    assert Facility.objects.count() == 15_000
    assert sum(1 for item in found if item.facility.name.startswith("Home ")) == 60
    assert all(len(measures) == 6 for measures in shown)
