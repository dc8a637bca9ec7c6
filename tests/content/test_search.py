"""Search: finds the right page in each language, filters, promotes, and survives hostile input."""

import pytest
from wagtail.contrib.search_promotions.models import Query, SearchPromotion

pytestmark = [pytest.mark.django_db, pytest.mark.both_databases]


def titles(response) -> list[str]:
    return [item["page"].title for item in response.context["promoted"] + response.context["results"]]


def test_heart_failure_finds_the_heart_failure_page_first(client, library):
    response = client.get("/search/", {"q": "heart failure"})
    assert response.status_code == 200
    assert titles(response)[0] == "Living with heart failure"
    assert "<mark>heart</mark>" in response.content.decode().lower()


def test_spanish_search_finds_the_spanish_page(client, library):
    response = client.get("/es/search/", {"q": "insuficiencia cardíaca"})
    assert titles(response) == ["Vivir con insuficiencia cardíaca"]


def test_filter_by_kind_and_condition(client, library):
    assert titles(client.get("/search/", {"q": "care", "type": "setting"})) == [
        "What to expect in a skilled nursing facility"
    ]
    copd = library["conditions"]["copd"]
    assert titles(client.get("/search/", {"q": "living", "condition": copd.id})) == ["Living with COPD"]


def test_promoted_result_comes_first_for_a_common_word(client, library):
    query = Query.get("chf")
    SearchPromotion.objects.create(query=query, page=library["heart"], sort_order=0)
    response = client.get("/search/", {"q": "CHF"})
    assert titles(response)[0] == "Living with heart failure"
    assert "Recommended" in response.content.decode()


def test_nothing_found_suggests_the_a_to_z_lists(client, library):
    response = client.get("/search/", {"q": "zebra xylophone"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "We did not find a page for that" in html
    assert library["topics"].url in html


@pytest.mark.parametrize(
    "hostile",
    [
        "heart " * 500,
        "!!! ??? ... ---",
        "'; DROP TABLE wagtailcore_page; --",
        '"heart failure',
        "heart' OR '1'='1",
        "<script>alert(1)</script>",
        "%00\x00",
        "((((",
        "heart AND NOT OR",
    ],
)
def test_hostile_queries_never_raise_and_are_escaped(client, library, hostile):
    response = client.get("/search/", {"q": hostile})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()
    assert len(response.context["query"]) <= 200


def test_autocomplete_suggests_titles(client, library):
    data = client.get("/search/suggest/", {"q": "liv"}).json()
    assert {"Living with heart failure", "Living with COPD"} <= {s["title"] for s in data["suggestions"]}
    assert client.get("/search/suggest/", {"q": "'"}).json() == {"suggestions": []}


def test_query_syntax_characters_are_read_as_plain_words(client, library):
    # To SQLite's full-text search these are operators; to a visitor they are punctuation.
    for query in ("heart: failure", '"heart failure"', "heart* AND failure", "heart & failure NOT"):
        body = client.get("/search/", {"q": query}).content.decode()
        assert "Heart failure" in body, query


def test_highlighting_never_marks_letters_inside_escaped_characters():
    from content.search import highlight

    shown = highlight("Don't <stop> taking it", "27 lt t")
    assert "&#x27;" in shown and "&lt;stop&gt;" in shown
    assert "<mark>27</mark>" not in shown and "&<mark>lt</mark>;" not in shown
    assert shown.count("<mark>") == 0
    assert highlight("Take it at night", "night") == "Take it at <mark>night</mark>"
