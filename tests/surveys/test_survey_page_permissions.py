"""Survey pages decide who may answer and what patients are emailed: only those who hold
the survey permission (liaison managers) change them; content editors and liaisons see them
read-only (issue 19, finding 10)."""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, rich_text

from surveys.models import INVITATION_ONLY, PUBLIC, SurveyPage
from surveys.services import survey_page_ensure
from tests.factories import staff


@pytest.fixture
def invitation_page(home_page, survey):
    return survey_page_ensure(
        parent=home_page, slug="move", title="Move", survey=survey, access=INVITATION_ONLY
    )


def edit_data(page, **changes) -> dict:
    fields = {
        "title": page.title,
        "slug": page.slug,
        "survey": page.survey_id,
        "intro": rich_text("<p>Tell us.</p>"),
        "access": page.access,
        "send_after_days": 2,
        "expire_after_days": 30,
        "reminder_count": 2,
        "reminder_every_days": 5,
        "send_from": "09:00",
        "send_until": "19:00",
        "invitation_subject": "",
        "invitation_message": "",
        "reminder_subject": "",
        "reminder_message": "",
    }
    fields.update(changes)
    data = nested_form_data(fields)
    data["action-publish"] = "Publish"
    return data


ATTACK = {"access": PUBLIC, "invitation_subject": "Action needed: confirm your details at evil.example"}


@pytest.mark.parametrize("role", ["Content editor", "Liaison"])
def test_editors_and_liaisons_cannot_change_a_survey_pages_access_or_email_wording(
    client, invitation_page, role
):
    client.force_login(staff(role))
    edit = reverse("wagtailadmin_pages:edit", args=[invitation_page.pk])
    assert client.get(edit).status_code in (302, 403)
    refused = client.post(edit, edit_data(invitation_page, **ATTACK))
    assert refused.status_code in (302, 403)
    stored = SurveyPage.objects.get(pk=invitation_page.pk)
    assert stored.access == INVITATION_ONLY and stored.invitation_subject == ""
    assert stored.get_latest_revision().content["access"] == INVITATION_ONLY
    for name in ("wagtailadmin_pages:delete", "wagtailadmin_pages:unpublish", "wagtailadmin_pages:copy"):
        assert client.get(reverse(name, args=[invitation_page.pk])).status_code in (302, 403), name


@pytest.mark.parametrize("role", ["Content editor", "Liaison"])
def test_editors_and_liaisons_cannot_add_a_survey_page(client, home_page, survey, role):
    client.force_login(staff(role))
    add = reverse("wagtailadmin_pages:add", args=["surveys", "surveypage", home_page.pk])
    assert client.get(add).status_code in (302, 403)
    client.post(add, edit_data(SurveyPage(title="Open", slug="open", survey=survey), access=PUBLIC))
    assert not SurveyPage.objects.filter(slug="open").exists()


def test_editors_still_edit_education_pages(client, library):
    client.force_login(staff("Content editor"))
    assert client.get(reverse("wagtailadmin_pages:edit", args=[library["heart"].pk])).status_code == 200


def test_a_liaison_manager_changes_a_survey_pages_access_and_wording(client, invitation_page):
    client.force_login(staff("Liaison manager"))
    edit = reverse("wagtailadmin_pages:edit", args=[invitation_page.pk])
    assert client.get(edit).status_code == 200
    saved = client.post(edit, edit_data(invitation_page, **{**ATTACK, "invitation_subject": "How was it?"}))
    assert saved.status_code == 302, saved.context and saved.context["form"].errors
    stored = SurveyPage.objects.get(pk=invitation_page.pk)
    assert stored.access == PUBLIC and stored.invitation_subject == "How was it?"
