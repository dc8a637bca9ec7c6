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


def test_sub_routes_such_as_survey_steps_are_never_kept(client, survey_page):  # noqa: F811 - the fixture
    from django.core.cache import cache

    from content.routing import generation

    step = survey_page.url + survey_page.reverse_subpage("step", kwargs={"step": "1"})
    for url in (survey_page.url, step):
        warm(client, url)
    kept = [key for key in _cache_keys(cache) if f"content:route:{generation()}" in key]
    assert not kept


def _cache_keys(cache) -> list[str]:
    from django.db import connection as db

    with db.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM portal_cache")
        return [row[0] for row in cursor.fetchall()]
