"""The survey editor: who may use it, its versions panel, and FHIR export and import."""

import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from surveys.models import Survey
from tests.factories import StaffUserFactory, activate_totp


@pytest.fixture
def liaison(db):
    user = StaffUserFactory(role="Liaison")
    activate_totp(user)
    return user


@pytest.mark.both_databases
def test_managers_edit_surveys_and_see_versions_with_response_counts(client, manager, survey):
    client.force_login(manager)
    listing = client.get(reverse("wagtailsnippets_surveys_survey:list"))
    assert listing.status_code == 200 and survey.title in listing.content.decode()
    edit = client.get(reverse("wagtailsnippets_surveys_survey:edit", args=[survey.pk]))
    body = edit.content.decode()
    assert edit.status_code == 200
    assert (
        "Published versions" in body
        and reverse("survey_admin:fhir_export", args=[survey.current_version.pk]) in body
    )


def test_the_show_only_if_script_and_its_wording_load_in_the_survey_editor_only(
    client, manager, survey, home_page
):
    client.force_login(manager)
    survey_editor = client.get(
        reverse("wagtailsnippets_surveys_survey:edit", args=[survey.pk])
    ).content.decode()
    assert 'id="survey-builder-words"' in survey_editor and "js/admin/survey-builder.js" in survey_editor
    page_editor = client.get(reverse("wagtailadmin_pages:edit", args=[home_page.pk])).content.decode()
    assert "survey-builder" not in page_editor


def test_liaisons_and_editors_cannot_edit_surveys_or_export_them(client, liaison, survey):
    client.force_login(liaison)
    assert client.get(reverse("wagtailsnippets_surveys_survey:edit", args=[survey.pk])).status_code in (
        302,
        403,
    )
    # Wagtail answers a refused admin view with a redirect to the dashboard and a message.
    for url in (
        reverse("survey_admin:fhir_export", args=[survey.current_version.pk]),
        reverse("survey_admin:fhir_import"),
    ):
        refused = client.get(url)
        assert refused.status_code in (302, 403) and b"resourceType" not in refused.content


def test_a_version_downloads_as_a_valid_fhir_questionnaire(client, manager, survey):
    from fhir.resources.R4B.questionnaire import Questionnaire

    client.force_login(manager)
    response = client.get(reverse("survey_admin:fhir_export", args=[survey.current_version.pk]))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    Questionnaire.model_validate(data)
    assert data["version"] == "1"
    link_ids = [item["linkId"] for step in data["item"] for item in step.get("item", [])]
    assert "problem_details" in link_ids


@pytest.mark.both_databases
def test_importing_a_questionnaire_creates_a_draft_survey(client, manager, survey, home_page):
    client.force_login(manager)
    exported = client.get(reverse("survey_admin:fhir_export", args=[survey.current_version.pk])).content
    upload = SimpleUploadedFile("q.json", b"\xef\xbb\xbf" + exported, content_type="application/json")
    response = client.post(
        reverse("survey_admin:fhir_import"), {"questionnaire": upload, "locale": home_page.locale.pk}
    )
    assert response.status_code == 302
    imported = Survey.objects.exclude(pk=survey.pk).get()
    assert not imported.live
    assert imported.snapshot()["steps"] == survey.current_version.definition["steps"]


@pytest.mark.both_databases
def test_a_questionnaire_with_unsupported_items_imports_nothing_and_lists_them(client, manager, home_page):
    client.force_login(manager)
    questionnaire = {
        "resourceType": "Questionnaire",
        "status": "active",
        "title": "Other system",
        "item": [
            {"linkId": "when", "type": "date", "text": "When did you move?"},
            {"linkId": "ok", "type": "boolean", "text": "Was it fine?"},
        ],
    }
    upload = SimpleUploadedFile("q.json", json.dumps(questionnaire).encode(), content_type="application/json")
    response = client.post(
        reverse("survey_admin:fhir_import"), {"questionnaire": upload, "locale": home_page.locale.pk}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Nothing was imported" in body and "<code>when</code>" in body
    assert not Survey.objects.exists()


def _minimal_questionnaire(**fields) -> SimpleUploadedFile:
    """A Questionnaire as other systems write them: questions only, none of our wording."""
    questionnaire = {
        "resourceType": "Questionnaire",
        "status": "active",
        "title": "Other system",
        "item": [{"linkId": "ok", "type": "boolean", "text": "Was the move fine?"}],
        **fields,
    }
    return SimpleUploadedFile("q.json", json.dumps(questionnaire).encode(), content_type="application/json")


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_questionnaire_without_our_wording_imports_as_a_draft_with_plain_wording_to_check(
    client, manager, home_page, language
):
    from wagtail.models import Locale

    locale, _created = Locale.objects.get_or_create(language_code=language)
    client.force_login(manager)
    response = client.post(
        reverse("survey_admin:fhir_import"), {"questionnaire": _minimal_questionnaire(), "locale": locale.pk}
    )
    assert response.status_code == 302
    imported = Survey.objects.get()
    assert not imported.live and imported.locale == locale
    assert imported.privacy_notice.strip() and imported.thank_you.strip() and imported.introduction.strip()
    if language == "es":
        assert "privad" in imported.privacy_notice  # the wording is in the survey's language
    edit = client.get(response.url)
    assert edit.status_code == 200
    said = [str(message) for message in edit.context["messages"]]
    assert any(
        imported.privacy_notice not in m and str(Survey._meta.get_field("privacy_notice").verbose_name) in m
        for m in said
    ), said


@pytest.mark.parametrize(
    ("language", "marked"), [("en", "Other system (imported)"), ("es", "Other system (importado)")]
)
def test_an_imported_survey_is_titled_as_imported_in_its_language(
    client, manager, home_page, language, marked
):
    from wagtail.models import Locale

    locale, _created = Locale.objects.get_or_create(language_code=language)
    client.force_login(manager)
    response = client.post(
        reverse("survey_admin:fhir_import"), {"questionnaire": _minimal_questionnaire(), "locale": locale.pk}
    )
    assert response.status_code == 302
    assert Survey.objects.get().title == marked


def test_an_imported_title_that_fit_is_shortened_to_fit_with_its_mark(client, manager, home_page):
    client.force_login(manager)
    response = client.post(
        reverse("survey_admin:fhir_import"),
        {"questionnaire": _minimal_questionnaire(title="T" * 118), "locale": home_page.locale.pk},
    )
    assert response.status_code == 302
    title = Survey.objects.get().title
    assert len(title) == 120 and title.endswith("T… (imported)")


def test_a_questionnaire_the_survey_refuses_gets_a_form_error_not_a_server_error(client, manager, home_page):
    client.force_login(manager)
    response = client.post(
        reverse("survey_admin:fhir_import"),
        {"questionnaire": _minimal_questionnaire(title="T" * 500), "locale": home_page.locale.pk},
    )
    assert response.status_code == 200
    assert "Nothing was imported" in response.content.decode()
    assert not Survey.objects.exists()


@pytest.mark.parametrize(
    "content",
    [b"\xff\xfe not utf-8", b"{not json", b"[]", json.dumps({"resourceType": "Patient"}).encode()],
)
def test_a_bad_file_gets_a_clear_message(client, manager, home_page, content):
    client.force_login(manager)
    upload = SimpleUploadedFile("q.json", content, content_type="application/json")
    response = client.post(
        reverse("survey_admin:fhir_import"), {"questionnaire": upload, "locale": home_page.locale.pk}
    )
    assert response.status_code == 200
    assert "error" in response.content.decode().lower()
    assert not Survey.objects.exists()


def test_the_survey_listing_says_whether_a_survey_is_live_in_words(client, manager, survey):
    client.force_login(manager)
    listing = client.get(reverse("wagtailsnippets_surveys_survey:list")).content.decode()
    shown = [re.sub(r"\s+", " ", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", listing, re.S)]
    assert "Yes" in shown and not {"True", "False"} & set(shown)
