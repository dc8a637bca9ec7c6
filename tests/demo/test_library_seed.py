"""The seeded demo library: every page readable, findable in both languages, complete."""

import pytest

from content.models import ArticlePage, CareSettingPage, GlossaryTerm
from demo.library_seed import library_seed

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(home_page):
    return library_seed(home=home_page)


def education_pages():
    return [*ArticlePage.objects.all(), *CareSettingPage.objects.all()]


def test_every_demo_page_reads_at_grade_8_or_below_with_short_sentences(demo):
    pages = education_pages()
    assert len(pages) >= 6 + 6 + 6 + 3
    too_hard = [
        (p.locale.language_code, p.slug, p.readability_grade, p.readability_sentence_words)
        for p in pages
        if p.readability_grade > 8 or p.readability_sentence_words > 20
    ]
    assert too_hard == []


def test_demo_covers_six_conditions_six_care_settings_and_their_spanish(demo):
    english = {p.slug for p in education_pages() if p.locale.language_code == "en"}
    kinds = set(
        CareSettingPage.objects.filter(locale__language_code="es").values_list("care_setting_kind", flat=True)
    )
    assert ArticlePage.objects.filter(locale__language_code="en").count() == 6
    assert kinds == {"snf", "irf", "home_health", "hospice", "ltach", "home"}
    assert ArticlePage.objects.filter(locale__language_code="es").count() >= 3
    assert "heart-failure" in english
    assert GlossaryTerm.objects.filter(locale__language_code="en").count() >= 25
    # Never reviewed by the organization's clinicians, and saying so.
    assert all(p.last_reviewed is None and not p.reviewer for p in education_pages())


def test_demo_pages_define_every_glossary_term_they_use(demo):
    assert [
        (p.slug, p.readability_details["undefined_terms"])
        for p in education_pages()
        if p.readability_details["undefined_terms"]
    ] == []


@pytest.mark.both_databases
def test_search_finds_heart_failure_in_english_and_spanish(client, demo):
    english = client.get("/search/", {"q": "heart failure"}).context
    spanish = client.get("/es/search/", {"q": "insuficiencia cardíaca"}).context
    first = (english["promoted"] + english["results"])[0]["page"]
    primero = (spanish["promoted"] + spanish["results"])[0]["page"]
    assert first.slug == "heart-failure"
    assert primero.slug == "insuficiencia-cardiaca"


@pytest.mark.both_databases
def test_seeding_twice_changes_nothing(home_page):
    library_seed(home=home_page)
    count = len(education_pages())
    library_seed(home=home_page)
    assert len(education_pages()) == count


def az_letters(client, index_page) -> dict[str, list[str]]:
    response = client.get(index_page.url)
    assert response.status_code == 200
    return {group["letter"]: [p.az_label for p in group["pages"]] for group in response.context["letters"]}


@pytest.mark.both_databases
def test_demo_a_to_z_lists_go_by_the_names_people_look_for_in_both_languages(client, demo):
    from wagtail.models import Locale

    spanish = Locale.objects.get(language_code="es")
    assert az_letters(client, demo["topics"]) == {
        "C": ["COPD"],
        "D": ["Diabetes, type 2"],
        "H": ["Heart failure", "Hip or knee replacement"],
        "P": ["Pneumonia"],
        "S": ["Stroke"],
    }
    assert az_letters(client, demo["care_settings"]) == {
        "G": ["Going home"],
        "H": ["Home health care", "Hospice"],
        "I": ["Inpatient rehabilitation facility"],
        "L": ["Long-term acute care hospital"],
        "S": ["Skilled nursing facility"],
    }
    assert az_letters(client, demo["topics"].get_translation(spanish)) == {
        "D": ["Derrame cerebral", "Diabetes tipo 2"],
        "E": ["EPOC"],
        "I": ["Insuficiencia cardíaca"],
        "N": ["Neumonía"],
        "R": ["Reemplazo de cadera o de rodilla"],
    }
    assert az_letters(client, demo["care_settings"].get_translation(spanish)) == {
        "A": ["Atención médica en el hogar"],
        "C": ["Centro de enfermería especializada", "Cuidados de hospicio"],
        "H": ["Hospital de cuidados agudos a largo plazo"],
        "R": ["Regreso a casa", "Rehabilitación para pacientes internados"],
    }
