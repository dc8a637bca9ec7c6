"""Kept routes and page context (content.routing): faster, and never stale or wrong."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from tests.surveys.conftest import snapshot, survey, survey_page  # noqa: F401 - fixtures

NO_PAGE_CACHE = ("PageCache", "middleware.cache")


@pytest.fixture(autouse=True)
def without_page_cache(settings):
    """The whole-page cache would answer before any of this runs."""
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if not any(part in m for part in NO_PAGE_CACHE)]


def warm(client, url):
    client.get(url)
    return client.get(url)


def page_queries(client, url) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return [q["sql"] for q in queries if "wagtailcore_page" in q["sql"] and "cache_key" not in q["sql"]]


def test_a_page_seen_before_is_fetched_in_one_query_and_reads_the_same(client, library):
    url = library["heart"].url
    first = client.get(url).content.decode()
    second = warm(client, url).content.decode()
    assert len(page_queries(client, url)) == 1
    assert "Living with heart failure" in second and "You cannot breathe." in second
    assert (
        second.count("Heart failure means your heart") == first.count("Heart failure means your heart") == 1
    )


def test_an_unpublished_page_is_gone_at_once(client, library):
    url = library["heart"].url
    warm(client, url)
    library["heart"].unpublish()
    assert client.get(url).status_code == 404


def test_a_deleted_page_is_gone_at_once(client, library):
    url = library["copd"].url
    warm(client, url)
    library["copd"].delete()
    assert client.get(url).status_code == 404


def test_a_new_view_restriction_applies_at_once(client, library):
    url = library["heart"].url
    warm(client, url)
    PageViewRestriction.objects.create(page=library["heart"], restriction_type=PageViewRestriction.LOGIN)
    answer = client.get(url)
    assert answer.status_code == 302 and "login" in answer.url


def test_a_moved_page_answers_at_its_new_address_only(client, library):
    old = library["snf"].url
    warm(client, old)
    library["snf"].move(library["topics"], pos="last-child")
    library["snf"].refresh_from_db()
    assert client.get(old).status_code in (301, 302, 404)
    assert client.get(library["snf"].url).status_code == 200


def test_a_published_change_shows_at_once_on_the_page_and_where_it_is_linked(client, library):
    heart, copd = library["heart"], library["copd"]
    heart.related_pages.set([copd])
    heart.save_revision().publish()
    warm(client, heart.url)
    copd.title = "Living well with COPD"
    copd.save_revision().publish()
    heart.body = [*[(b.block_type, b.value) for b in heart.body], ("text", "<p>A new paragraph.</p>")]
    heart.save_revision().publish()
    html = client.get(heart.url).content.decode()
    assert "Living well with COPD" in html and "A new paragraph." in html


def test_each_language_keeps_its_own_route(client, library):
    warm(client, library["heart"].url)
    warm(client, library["heart_es"].url)
    assert 'lang="es"' in client.get(library["heart_es"].url).content.decode()
    assert 'lang="en"' in client.get(library["heart"].url).content.decode()


def test_survey_steps_keep_their_page_and_resolve_their_step_again(client, survey_page):  # noqa: F811 - the fixture
    step = survey_page.url + survey_page.reverse_subpage("step", kwargs={"step": "1"})
    first = warm(client, step).content.decode()
    with CaptureQueriesContext(connection) as queries:
        again = client.get(step)
    assert again.status_code == 200 and "Step 1 of" in again.content.decode() and "Step 1 of" in first
    routing = [q["sql"] for q in queries if "wagtailcore_page" in q["sql"] and "cache_key" not in q["sql"]]
    assert routing == []  # a survey's page is kept with its route: no walk down the tree, no read
    # A step that does not exist is still not found, and POSTs go through the same route.
    assert client.get(survey_page.url + "step/nine/").status_code in (302, 404)
    posted = client.post(step, {"1-preferences": "3", "1-problem": "no"})
    assert posted.status_code == 302 and posted.url.endswith("/step/2/")


def test_search_results_are_kept_until_the_next_publish(client, library):
    url = "/search/?q=heart"
    warm(client, url)
    with CaptureQueriesContext(connection) as queries:
        first = client.get(url).content.decode()
    assert "Living with heart failure" in first and "Living with COPD" not in first
    assert not [q for q in queries if "wagtailsearch" in q["sql"]], "searched again"
    copd = library["copd"]
    copd.title = "Heart and lungs: living with COPD"
    copd.save_revision().publish()
    assert "Heart and lungs: living with COPD" in client.get(url).content.decode()


def test_a_kept_route_of_another_shape_is_ignored_not_a_500(client, library):
    """What an older release kept must never break a page (see content.routing.FORMAT)."""
    from django.core.cache import cache

    from content.routing import _key

    url = library["heart"].url
    warm(client, url)
    key = _key("route", "testserver", "en", url.lstrip("/"))
    assert cache.get(key) is not None  # the key the middleware uses
    cache.set(key, (library["heart"].pk, 2))
    assert client.get(url).status_code == 200
    # Another page's id and type under this path (a database restored under the cache, or
    # another database sharing it): the page is routed afresh, never the other one shown.
    copd = library["copd"]
    cache.set(key, (copd.pk, copd.content_type_id, ()))
    assert "Living with heart failure" in client.get(url).content.decode()
    cache.set(key, (library["heart"].pk, 1, ()))  # not a page type
    assert client.get(url).status_code == 200
