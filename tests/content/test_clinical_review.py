"""Only clinical reviewers (liaison managers) publish education pages, and their approval
or publish is the review: it stamps who reviewed, when, and when the next review is due."""

import datetime as dt
import json
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Locale, Page

from content.models import ArticlePage
from content.models.pages import months_after
from portal.models import StaffProfile
from tests.content.test_readability_publishing import EASY, edit_form
from tests.factories import StaffUserFactory, activate_totp

pytestmark = pytest.mark.django_db


def staff(role: str, **names):
    user = StaffUserFactory(role=role, **names)
    activate_totp(user)
    return user


@pytest.fixture
def reviewer():
    user = staff("Liaison manager", first_name="Mia", last_name="Manager")
    StaffProfile.objects.create(user=user, credentials="RN, MSN")
    return user


@pytest.fixture
def draft(library):
    """A health topic page an editor has written and never had reviewed."""
    page = ArticlePage.objects.get(id=library["copd"].id)
    page.unpublish()
    ArticlePage.objects.filter(id=page.id).update(last_reviewed=None, next_review_due=None, reviewer="")
    page = ArticlePage.objects.get(id=page.id)
    page.save_revision()
    return page


def post_edit(client, page, action: dict, **form):
    data = edit_form(page, text=EASY, publish=False) | form | action
    response = client.post(f"/admin/pages/{page.id}/edit/", data)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    return response


def submit_and_approve(client, page, reviewer, **form):
    client.force_login(staff("Content editor"))
    post_edit(client, page, {"action-submit": "Submit"}, **form)
    client.force_login(reviewer)
    post_edit(client, page, {"action-workflow-action": "true", "workflow-action-name": "approve"}, **form)
    return ArticlePage.objects.get(id=page.id)


def test_an_editor_has_no_publish_button_and_a_publish_post_leaves_the_page_a_draft(client, draft):
    client.force_login(staff("Content editor"))
    editor = client.get(f"/admin/pages/{draft.id}/edit/").content.decode()
    assert 'name="action-publish"' not in editor
    assert 'name="action-submit"' in editor

    post_edit(client, draft, {"action-publish": "Publish"})

    page = ArticlePage.objects.get(id=draft.id)
    assert not page.live
    assert page.last_reviewed is None


def test_a_draft_saves_without_any_review_field(client, library):
    client.force_login(staff("Content editor"))
    data = edit_form(library["copd"], text=EASY, publish=False) | {
        "title": "Taking your inhaler",
        "slug": "inhaler",
    }
    response = client.post(f"/admin/pages/add/content/articlepage/{library['topics'].id}/", data)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    page = ArticlePage.objects.get(slug="inhaler")
    assert not page.live
    assert (page.last_reviewed, page.next_review_due, page.reviewer) == (None, None, "")


def test_approval_stamps_the_reviewer_with_credentials_today_and_the_next_review_due(client, draft, reviewer):
    page = submit_and_approve(client, draft, reviewer, review_interval_months="6")
    today = timezone.localdate()
    assert page.live
    assert page.reviewer == "Mia Manager, RN, MSN"
    assert page.last_reviewed == today
    assert page.next_review_due == months_after(today, 6)


def test_approve_and_publish_leaves_the_page_live_with_no_draft(client, draft, reviewer):
    page = submit_and_approve(client, draft, reviewer)
    assert page.live
    assert not page.has_unpublished_changes
    assert page.live_revision_id == page.latest_revision_id
    assert page.get_latest_revision().content["reviewer"] == "Mia Manager, RN, MSN"


def test_a_reviewer_publishing_directly_stamps_the_review(client, draft, reviewer):
    client.force_login(reviewer)
    post_edit(client, draft, {"action-publish": "Publish"})
    page = ArticlePage.objects.get(id=draft.id)
    assert page.live and not page.has_unpublished_changes
    assert (page.reviewer, page.last_reviewed) == ("Mia Manager, RN, MSN", timezone.localdate())


def test_the_review_interval_is_at_most_36_months(client, draft):
    client.force_login(staff("Content editor"))
    data = edit_form(draft, text=EASY, publish=False) | {"review_interval_months": "37"}
    response = client.post(f"/admin/pages/{draft.id}/edit/", data)
    assert "review_interval_months" in response.context["form"].errors


def test_next_review_due_keeps_to_the_end_of_a_shorter_month():
    assert months_after(dt.date(2027, 1, 31), 1) == dt.date(2027, 2, 28)
    assert months_after(dt.date(2026, 12, 7), 36) == dt.date(2029, 12, 7)


def test_a_page_never_reviewed_says_so_with_no_date_and_claims_no_review(client, draft):
    draft.save_revision().publish()
    html = client.get(draft.url).content.decode()
    assert "Not yet reviewed by our clinicians" in html
    assert "Reviewed by" not in html
    assert "Sample content" not in html
    json_ld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html).group(1))
    assert "lastReviewed" not in json_ld and "reviewedBy" not in json_ld


def test_a_reviewed_page_names_its_reviewer_and_date_in_both_languages(client, library, reviewer):
    for page in (library["heart"], library["heart_es"]):
        page.specific.get_latest_revision().publish(user=reviewer)
    english = client.get(library["heart"].url).content.decode()
    spanish = client.get(library["heart_es"].url).content.decode()
    today = timezone.localdate()
    assert f"Reviewed by Mia Manager, RN, MSN on {today:%B} {today.day}, {today.year}." in english
    assert "Revisado por Mia Manager, RN, MSN el" in spanish
    json_ld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', english).group(1))
    assert json_ld["reviewedBy"] == {"@type": "Person", "name": "Mia Manager, RN, MSN"}
    assert json_ld["lastReviewed"] == today.isoformat()


def test_the_conditions_offered_are_in_the_pages_language(client, library):
    from content.services import condition_upsert, locale_ensure

    spanish = condition_upsert(
        name="Insuficiencia cardíaca", icd10=["I50.9"], snomed=[], locale=locale_ensure(language_code="es")
    )
    client.force_login(staff("Content editor"))
    english_form = client.get(f"/admin/pages/{library['copd'].id}/edit/").context["form"]
    spanish_form = client.get(f"/admin/pages/{library['heart_es'].id}/edit/").context["form"]
    assert set(english_form.fields["conditions"].queryset) == set(library["conditions"].values())
    assert spanish in spanish_form.fields["conditions"].queryset
    assert library["conditions"]["copd"] not in spanish_form.fields["conditions"].queryset


def test_the_spanish_link_of_a_page_not_yet_in_spanish_goes_to_the_spanish_home(client, library):
    html = client.get(library["copd"].url).content.decode()
    spanish_link = re.search(r'<a [^>]*href="([^"]*)" lang="es" hreflang="es"', html).group(1)
    assert spanish_link == library["home_es"].url


def test_a_synced_translation_goes_through_clinical_review(client, library, reviewer):
    from wagtail_localize.models import StringTranslation, Translation, TranslationSource

    spanish = Locale.objects.get(language_code="es")
    source, _created = TranslationSource.get_or_create_from_instance(library["copd"])
    translation = Translation.objects.create(source=source, target_locale=spanish)
    translation.save_target(publish=False)
    target = Page.objects.get(translation_key=library["copd"].translation_key, locale=spanish).specific
    title = source.stringsegment_set.get(context__path="title")
    StringTranslation.objects.create(
        translation_of=title.string, locale=spanish, context=title.context, data="Vivir con EPOC"
    )

    writer = staff("Content editor")
    client.force_login(writer)
    assert client.post(f"/admin/content-translations/{target.id}/submit/").status_code == 302
    state = Page.objects.get(id=target.id).current_workflow_state
    assert state.status == "in_progress"
    assert not Page.objects.get(id=target.id).live

    client.force_login(reviewer)
    task_state = state.current_task_state
    response = client.post(
        f"/admin/pages/workflow/action/{target.id}/approve/{task_state.id}/", {"comment": ""}
    )
    assert response.status_code in (200, 302)
    page = ArticlePage.objects.get(id=target.id)
    assert page.live and page.title == "Vivir con EPOC"
    assert page.reviewer == "Mia Manager, RN, MSN"
    assert not page.has_unpublished_changes


def test_a_page_that_is_not_a_synced_translation_is_not_submitted_that_way(client, library):
    client.force_login(staff("Liaison"))
    response = client.post(f"/admin/content-translations/{library['copd'].id}/submit/")
    assert response.status_code == 302 and response["Location"] == "/admin/"  # Wagtail's "no permission"
    assert Page.objects.get(id=library["copd"].id).current_workflow_state is None


def test_a_reviewer_keeps_their_credentials_in_their_account_settings(client, reviewer):
    client.force_login(reviewer)
    account = client.get("/admin/account/").content.decode()
    assert 'name="direct_phone-credentials"' in account
    assert 'value="RN, MSN"' in account


def test_syncing_translations_does_not_publish_a_page_without_clinical_review(client, library, reviewer):
    """wagtail-localize's "Sync translated pages" offers "Publish immediately" to anyone who may
    translate; for someone who may not publish, it is not offered and the translation stays a draft."""
    from wagtail_localize.models import Translation, TranslationSource

    spanish = Locale.objects.get(language_code="es")
    source, _created = TranslationSource.get_or_create_from_instance(library["copd"])
    Translation.objects.create(source=source, target_locale=spanish).save_target(publish=False)
    target = Page.objects.get(translation_key=library["copd"].translation_key, locale=spanish)
    update = reverse("wagtail_localize:update_translations", args=[source.id])

    client.force_login(staff("Content editor"))
    form = client.get(update).content.decode()
    assert 'name="publish_translations"' not in form.replace('type="hidden" name="publish_translations"', "")
    assert client.post(update, {"publish_translations": "on"}).status_code == 302
    assert not Page.objects.get(id=target.id).live

    client.force_login(reviewer)
    assert 'type="checkbox" name="publish_translations"' in client.get(update).content.decode()
