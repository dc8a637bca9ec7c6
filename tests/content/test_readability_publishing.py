"""Readability is measured on save, shown in the editor, and guards publishing above grade 8."""

import pytest
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from content.models import ArticlePage

pytestmark = pytest.mark.django_db

EASY = "Take your pill each day. Weigh yourself every morning. Call us if you gain weight."
HARD = (
    "Individuals experiencing decompensated congestive cardiac insufficiency frequently necessitate "
    "comprehensive pharmacological optimisation incorporating diuretic administration, angiotensin "
    "receptor modulation, individualised sodium limitation and meticulous longitudinal monitoring."
)


def edit_form(page, text: str, *, reason: str = "", publish: bool) -> dict:
    data = nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "summary": "How to care for your heart at home.",
            "audience": "patients",
            "body": streamfield(
                [
                    ("text", rich_text(f"<p>{text}</p>")),
                    (
                        "care_card",
                        {"urgency": "emergency", "symptoms": streamfield([("item", "You faint.")])},
                    ),
                ]
            ),
            "sources": streamfield([]),
            "review_interval_months": "12",
            "readability_reason": reason,
        }
    )
    if publish:
        data["action-publish"] = "Publish"
    return data


@pytest.fixture
def editor_client(client, manager):
    client.force_login(manager)
    return client


def edit(client, page, **kwargs):
    return client.post(f"/admin/pages/{page.id}/edit/", edit_form(page, **kwargs))


def test_publishing_plain_text_works_and_stores_the_figures(editor_client, library):
    response = edit(editor_client, library["heart"], text=EASY, publish=True)
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    page = ArticlePage.objects.get(id=library["heart"].id)
    assert page.readability_grade <= 6
    assert page.readability_details["words"] > 0


def test_publishing_above_grade_8_without_a_reason_is_refused_on_the_reason_field(editor_client, library):
    response = edit(editor_client, library["heart"], text=HARD, publish=True)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "readability_reason" in errors
    assert "grade 8" in errors["readability_reason"][0]
    assert ArticlePage.objects.get(id=library["heart"].id).live_revision.content["body"] != HARD


def test_a_draft_above_grade_8_may_be_saved_and_the_editor_shows_the_figures(editor_client, library):
    response = edit(editor_client, library["heart"], text=HARD, publish=False)
    assert response.status_code == 302
    editor = editor_client.get(f"/admin/pages/{library['heart'].id}/edit/").content.decode()
    assert "Publishing needs a written reason" in editor or "written reason" in editor


def test_publishing_above_grade_8_with_a_reason_is_allowed(editor_client, library):
    response = edit(
        editor_client, library["heart"], text=HARD, publish=True, reason="Written for nurses; reviewed."
    )
    assert response.status_code == 302


def test_a_condition_page_needs_a_when_to_get_help_block(library):
    from django.core.exceptions import ValidationError

    page = ArticlePage.objects.get(id=library["copd"].id)
    page.body = [("text", "<p>Only text.</p>")]
    with pytest.raises(ValidationError) as caught:
        page.full_clean()
    assert "body" in caught.value.message_dict


def test_a_review_interval_over_three_years_is_refused(library):
    from django.core.exceptions import ValidationError

    page = ArticlePage.objects.get(id=library["copd"].id)
    page.review_interval_months = 37
    with pytest.raises(ValidationError) as caught:
        page.full_clean()
    assert "review_interval_months" in caught.value.message_dict


def test_undefined_glossary_terms_are_reported(library):
    from content.models import GlossaryTerm

    GlossaryTerm.objects.create(term="Diuretic", definition="A water pill.", locale=library["heart"].locale)
    page = ArticlePage.objects.get(id=library["heart"].id)
    page.body = [
        ("text", "<p>Take your diuretic each morning.</p>"),
        ("care_card", {"urgency": "urgent", "symptoms": ["You feel dizzy."]}),
    ]
    page.full_clean()
    assert page.readability_details["undefined_terms"] == ["Diuretic"]
