"""The demo education library: plain language, complete pages, and data the seeding code can read."""

import re

import pytest

from content.readability import readability_measure, text_from_html
from demo.loader import library_load

CONDITION_SLUGS = [
    "heart-failure",
    "copd",
    "stroke-recovery",
    "type-2-diabetes",
    "hip-or-knee-replacement",
    "pneumonia",
]
CARE_SETTING_KINDS = ["snf", "irf", "home_health", "hospice", "ltach", "home"]
URGENCIES = {"emergency", "urgent", "routine"}
BLOCK_TYPES = {
    "in_short",
    "text",
    "care_card",
    "warning",
    "do_dont",
    "steps",
    "checklist",
    "questions",
    "faq",
}
REQUIRED_BLOCKS = {"in_short", "care_card", "steps", "checklist", "questions"}
RICH_TEXT_TAGS = {"p", "h2", "h3", "ul", "ol", "li", "strong", "em"}
TAG = re.compile(r"</?([a-zA-Z0-9]+)([^>]*)>")
ICD10_CM = re.compile(r"^[A-TV-Z][0-9][0-9AB](\.[0-9A-TV-Z]{1,4})?$")

# Field limits of the page blocks the seeding code fills (content.blocks, content.models).
LIMITS = {
    "summary": 300,
    "title": 255,
    "short": 200,  # key points, signs, do/don't items, checklist items, FAQ questions
    "long": 250,  # numbered steps, questions to ask
    "heading": 120,
    "warning": 600,
    "answer": 1500,
}

library = library_load()
ALL_PAGES = library.condition_pages + library.care_setting_pages


def _strings(value):
    """Every reader-facing string inside a block value (the urgency choice is not text)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key != "urgency":
                yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


def _page_text(summary: str, body: list) -> str:
    parts = [summary]
    for block_type, value in body:
        if block_type == "text":
            parts.append(text_from_html(value))
        else:
            parts.extend(_strings(value))
    return "\n".join(parts)


def _versions():
    """(label, language, page) for every English page and every Spanish version."""
    for page in ALL_PAGES:
        yield page["slug"], "en", page
        if page["es"]:
            yield page["es"]["slug"], "es", page["es"]


VERSIONS = list(_versions())
VERSION_IDS = [label for label, _language, _page in VERSIONS]


@pytest.mark.parametrize("page", ALL_PAGES, ids=[page["slug"] for page in ALL_PAGES])
def test_english_page_reads_at_grade_8_or_below_with_short_sentences(page):
    result = readability_measure(text=_page_text(page["summary"], page["body"]))
    assert result.grade <= 8, (result.grade, result.longest_sentences)
    assert result.average_sentence_words <= 20, (result.average_sentence_words, result.longest_sentences)


@pytest.mark.parametrize(("label", "language", "page"), VERSIONS, ids=VERSION_IDS)
def test_page_length_suits_a_phone(label, language, page):
    words = readability_measure(text=_page_text(page["summary"], page["body"]), language=language).words
    assert 350 <= words <= (700 if language == "en" else 800), words


@pytest.mark.parametrize(
    "page", [p for p in ALL_PAGES if p["es"]], ids=[p["es"]["slug"] for p in ALL_PAGES if p["es"]]
)
def test_spanish_version_reads_easily_with_short_sentences(page):
    result = readability_measure(text=_page_text(page["es"]["summary"], page["es"]["body"]), language="es")
    assert result.grade <= 8, (result.grade, result.longest_sentences)
    assert result.average_sentence_words <= 20, (result.average_sentence_words, result.longest_sentences)


def test_glossary_has_at_least_25_unique_terms_in_both_languages():
    terms = [item["term"] for item in library.glossary]
    assert len(terms) >= 25
    assert len({term.casefold() for term in terms}) == len(terms)
    assert len({item["term_es"].casefold() for item in library.glossary}) == len(terms)
    for item in library.glossary:
        assert set(item) == {"term", "definition", "term_es", "definition_es"}
        for key, value in item.items():
            assert isinstance(value, str), (item["term"], key)
            assert value.strip() == value and value, (item["term"], key)
        assert len(item["term"]) <= 80 and len(item["term_es"]) <= 80
        assert len(item["definition"]) <= 400 and len(item["definition_es"]) <= 400


@pytest.mark.parametrize("item", library.glossary, ids=[item["term"] for item in library.glossary])
def test_glossary_definition_is_one_or_two_short_sentences_at_grade_6(item):
    english = readability_measure(text=item["definition"])
    spanish = readability_measure(text=item["definition_es"], language="es")
    assert english.grade <= 6, english.grade
    assert 1 <= english.sentences <= 2
    assert 1 <= spanish.sentences <= 2


def test_the_six_conditions_with_spanish_names():
    assert [condition["slug"] for condition in library.conditions] == CONDITION_SLUGS
    for condition in library.conditions:
        assert set(condition) == {"slug", "name", "name_es", "icd10", "snomed"}
        assert condition["name"] and condition["name_es"]


@pytest.mark.parametrize("condition", library.conditions, ids=CONDITION_SLUGS)
def test_condition_codes_are_well_formed(condition):
    assert 2 <= len(condition["icd10"]) <= 5
    assert 1 <= len(condition["snomed"]) <= 3
    assert len(set(condition["icd10"])) == len(condition["icd10"])
    assert len(set(condition["snomed"])) == len(condition["snomed"])
    for code in condition["icd10"]:
        assert ICD10_CM.match(code), code
    for concept in condition["snomed"]:
        assert concept.isdigit() and concept.isascii() and not concept.startswith("0"), concept


def test_one_condition_page_per_condition_in_the_same_order():
    assert [page["condition"] for page in library.condition_pages] == CONDITION_SLUGS


def test_care_setting_pages_are_exactly_the_six_kinds():
    assert [page["kind"] for page in library.care_setting_pages] == CARE_SETTING_KINDS


def test_spanish_for_every_care_setting_and_at_least_three_conditions():
    assert all(page["es"] for page in library.care_setting_pages)
    translated = {page["condition"] for page in library.condition_pages if page["es"]}
    assert len(translated) >= 3
    assert translated >= {"heart-failure", "type-2-diabetes", "stroke-recovery"}


def test_spanish_titles_can_be_found_by_the_words_people_search_for():
    titles = {page["condition"]: page["es"]["title"].casefold() for page in library.condition_pages}
    assert "insuficiencia cardíaca" in titles["heart-failure"]
    assert "diabetes" in titles["type-2-diabetes"]
    assert "derrame cerebral" in titles["stroke-recovery"] or (
        "accidente cerebrovascular" in titles["stroke-recovery"]
    )


def test_page_fields_and_unique_slugs():
    slugs = []
    for page in ALL_PAGES:
        assert page["audience"] in {"patients", "families"}
        assert set(page["es"] or {}) <= {"slug", "title", "az_name", "summary", "body"}
        for version in filter(None, (page, page["es"])):
            assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", version["slug"]), version["slug"]
            assert version["title"] and len(version["title"]) <= LIMITS["title"]
            assert version["az_name"] and len(version["az_name"]) <= 120
            assert version["summary"] and len(version["summary"]) <= LIMITS["summary"]
            slugs.append(version["slug"])
    assert len(slugs) == len(set(slugs))


@pytest.mark.parametrize(("label", "language", "page"), VERSIONS, ids=VERSION_IDS)
def test_page_has_the_required_blocks_in_a_known_shape(label, language, page):
    body = page["body"]
    assert body[0][0] == "in_short", "every page starts with the key points"
    types = [block_type for block_type, _value in body]
    assert set(types) <= BLOCK_TYPES
    assert set(types) >= REQUIRED_BLOCKS, REQUIRED_BLOCKS - set(types)
    for block_type, value in body:
        if block_type == "text":
            assert isinstance(value, str)
            for tag, attributes in TAG.findall(value):
                assert tag in RICH_TEXT_TAGS and not attributes.strip(), (tag, attributes)
            continue
        for text in _strings(value):
            assert text.strip() == text and text, (block_type, text)
            assert "<" not in text and ">" not in text, text
        if block_type == "in_short":
            assert set(value) == {"items"} and 2 <= len(value["items"]) <= 4
        elif block_type == "care_card":
            assert set(value) == {"urgency", "symptoms"} and value["symptoms"]
            assert value["urgency"] in URGENCIES
        elif block_type == "warning":
            assert set(value) == {"heading", "text"}
            assert len(value["heading"]) <= LIMITS["heading"] and len(value["text"]) <= LIMITS["warning"]
        elif block_type == "do_dont":
            assert set(value) == {"dos", "donts"} and value["dos"] and value["donts"]
        elif block_type == "steps":
            assert set(value) == {"heading", "steps"} and len(value["steps"]) >= 2
            assert all(len(step) <= LIMITS["long"] for step in value["steps"])
        elif block_type == "checklist":
            assert set(value) == {"heading", "items"} and value["items"]
        elif block_type == "questions":
            assert set(value) == {"heading", "questions"} and value["questions"]
            assert all(len(question) <= LIMITS["long"] for question in value["questions"])
        elif block_type == "faq":
            assert set(value) == {"items"} and value["items"]
            for item in value["items"]:
                assert set(item) == {"question", "answer"}
                assert len(item["question"]) <= LIMITS["short"] and len(item["answer"]) <= LIMITS["answer"]
        if block_type in {"in_short", "care_card", "do_dont", "checklist"}:
            short = [text for key, items in value.items() if key != "urgency" for text in items]
            assert all(len(text) <= LIMITS["short"] for text in short), block_type
        if block_type in {"steps", "checklist", "questions"}:
            assert len(value["heading"]) <= LIMITS["heading"]


@pytest.mark.parametrize(("label", "language", "page"), VERSIONS, ids=VERSION_IDS)
def test_when_to_get_help_cards(label, language, page):
    urgencies = {value["urgency"] for block_type, value in page["body"] if block_type == "care_card"}
    if any(page is p or page is p["es"] for p in library.condition_pages):
        assert urgencies == URGENCIES
    else:
        assert {"urgent", "emergency"} <= urgencies


@pytest.mark.parametrize(("label", "language", "page"), VERSIONS, ids=VERSION_IDS)
def test_language_of_each_version(label, language, page):
    text = _page_text(page["summary"], page["body"]) + "\n" + page["title"]
    assert "\u2018" not in text and "\u2019" not in text and "\u201c" not in text and "\u201d" not in text
    assert "sample content" not in text.casefold()
    if language == "es":
        assert re.search(r"[áéíóúñ¿¡]", text), "Spanish text with its accents"
        assert not re.search(r"\b(tú|tu|tus|te|ti|contigo)\b", text, re.I), "written with usted, never tú"
    else:
        assert text.isascii() or set(re.sub(r"[\x00-\x7f]", "", text)) <= {"\u00b0"}
        assert re.search(r"\byou\b", text, re.I), "written to the reader"


@pytest.mark.parametrize("page", library.care_setting_pages, ids=CARE_SETTING_KINDS)
def test_care_setting_pages_explain_medicare_carefully(page):
    english = _page_text(page["summary"], page["body"])
    spanish = _page_text(page["es"]["summary"], page["es"]["body"])
    assert "Medicare" in english and "Medicare" in spanish
    assert "Rules can change" in english and "Las reglas pueden cambiar" in spanish
    assert "1-800-MEDICARE" in english and "1-800-MEDICARE" in spanish
    assert "liaison" in english and "persona de enlace" in spanish
    headings = " ".join(re.findall(r"<h2>(.*?)</h2>", " ".join(v for t, v in page["body"] if t == "text")))
    assert "Medicare" in headings
    checklists = [value["heading"] for block_type, value in page["body"] if block_type == "checklist"]
    assert checklists, "a printable list of what to bring or have ready"


def _glossary_words_in(text: str, terms) -> set[str]:
    """Terms found as whole words, the way the portal spots words a page should define."""
    lowered = text.casefold()
    return {term for term in terms if re.search(rf"\b{re.escape(term.casefold())}\b", lowered)}


def test_glossary_on_page_lists_existing_terms_for_every_page():
    terms = {item["term"] for item in library.glossary}
    assert set(library.glossary_on_page) == {page["slug"] for page in ALL_PAGES}
    for slug, used in library.glossary_on_page.items():
        assert 2 <= len(used) <= 6, slug
        assert len(set(used)) == len(used), slug
        assert set(used) <= terms, (slug, set(used) - terms)


@pytest.mark.parametrize(("label", "language", "page"), VERSIONS, ids=VERSION_IDS)
def test_page_defines_exactly_the_glossary_terms_its_text_uses(label, language, page):
    """Each listed term appears on the page, and every glossary word the page uses is listed, so the
    seeded page shows a definition for each (in Spanish, through the terms' Spanish names)."""
    english_slug = {p["es"]["slug"]: p["slug"] for p in ALL_PAGES if p["es"]}.get(label, label)
    listed = library.glossary_on_page[english_slug]
    key = "term" if language == "en" else "term_es"
    names = {item["term"]: item[key] for item in library.glossary}
    found = _glossary_words_in(_page_text(page["summary"], page["body"]), names.values())
    assert found == {names[term] for term in listed}


def test_every_glossary_term_is_used_on_some_page():
    used = {term for terms in library.glossary_on_page.values() for term in terms}
    assert {item["term"] for item in library.glossary} == used
