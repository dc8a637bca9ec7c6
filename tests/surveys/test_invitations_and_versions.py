"""Invitation links, versioning, and the survey editor."""

import datetime as dt
import threading

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from surveys import definition as d
from surveys.blocks import StepsBlock, snapshot_steps
from surveys.models import INVITATION_ONLY, Invitation, InvitationToken, Response, SurveyDraft, SurveyVersion
from surveys.selectors import response_answers_display, survey_versions_with_counts
from surveys.services import (
    drafts_expire,
    invitation_create,
    response_submit,
    survey_page_ensure,
    survey_translation_publish,
    survey_version_freeze,
)
from tests.surveys.factories import three_step_snapshot
from tests.surveys.test_wizard import STEP1, STEP2, STEP3, answer_all, checked_values, post_step, step_url

pytestmark = pytest.mark.both_databases


@pytest.fixture
def invited_page(home_page, survey):
    return survey_page_ensure(
        parent=home_page, slug="invited", title="Invited", survey=survey, access=INVITATION_ONLY
    )


def test_the_link_is_exchanged_for_a_session_and_the_token_leaves_the_url(client, invited_page):
    invitation, token = invitation_create(page=invited_page, language="en")
    assert len(token) >= 43
    assert token not in str(InvitationToken.objects.values_list("token_hash", flat=True))
    response = client.get(f"/s/{token}/")
    assert response.status_code == 302 and response.url == invited_page.url
    assert token not in response.url
    assert client.get(invited_page.url).status_code == 200
    invitation.refresh_from_db()
    assert invitation.opened_at is not None


def test_unknown_expired_and_used_links_get_the_same_page(client, invited_page):
    _unused, expired = invitation_create(
        page=invited_page, language="en", expires_at=timezone.now() - dt.timedelta(minutes=1)
    )
    used_invitation, used = invitation_create(page=invited_page, language="en")
    Invitation.objects.filter(pk=used_invitation.pk).update(responded_at=timezone.now())
    pages = [client.get(f"/s/{token}/") for token in ("not-a-token", expired, used, "x" * 5000)]
    assert {page.status_code for page in pages} == {404}
    bodies = {page.content.decode().replace(page.wsgi_request.get_full_path(), "") for page in pages}
    assert len({body.split("<main", 1)[1] for body in bodies}) == 1
    assert "This survey link cannot be used" in pages[0].content.decode()


def test_an_invitation_only_page_needs_the_link(client, invited_page):
    response = client.get(invited_page.url)
    assert response.status_code == 403
    assert "Please use the link in your email" in response.content.decode()
    assert client.get(step_url(invited_page, "1")).status_code == 403


def test_the_same_link_on_another_device_resumes_where_the_person_stopped(invited_page):
    _invitation, token = invitation_create(page=invited_page, language="en")
    phone = Client()
    phone.get(f"/s/{token}/")
    post_step(phone, invited_page, "1", STEP1)
    laptop = Client()
    laptop.get(f"/s/{token}/")
    resumed = laptop.get(invited_page.url + "continue/")
    assert resumed.url.endswith("/step/2/")
    step1 = laptop.get(step_url(invited_page, "1")).content.decode()
    assert checked_values(step1, "1-preferences") == ["3"]


def test_a_draft_expires_with_its_invitation(invited_page):
    expires = timezone.now() + dt.timedelta(days=3)
    _invitation, token = invitation_create(page=invited_page, language="en", expires_at=expires)
    client = Client()
    client.get(f"/s/{token}/")
    post_step(client, invited_page, "1", STEP1)
    assert SurveyDraft.objects.get().expires_at == expires
    assert drafts_expire(now=expires - dt.timedelta(seconds=1)) == 0
    assert drafts_expire(now=expires + dt.timedelta(seconds=1)) == 1
    assert not SurveyDraft.objects.exists()


def test_after_answering_the_link_shows_the_thank_you_page(invited_page):
    invitation, token = invitation_create(page=invited_page, language="en")
    client = Client()
    client.get(f"/s/{token}/")
    answer_all(client, invited_page)
    client.post(step_url(invited_page, "check"), {})
    invitation.refresh_from_db()
    assert invitation.responded_at is not None
    assert Response.objects.get().invitation == invitation
    assert client.get(invited_page.url).url.endswith("/thank-you/")
    assert Client().get(f"/s/{token}/").status_code == 404  # single use once answered


def test_the_invitation_language_chooses_the_page_and_the_switcher_keeps_the_answers(
    invited_page, survey, home_page
):
    from content.services import page_translation_publish

    spanish_survey = survey_translation_publish(
        survey=survey, snapshot={**three_step_snapshot("es"), "title": "Su traslado"}, language_code="es"
    )
    page_translation_publish(page=home_page, language_code="es", slug="inicio", fields={}, body=None)
    spanish_page = page_translation_publish(
        page=invited_page,
        language_code="es",
        slug="invitado",
        fields={"title": "Invitado", "survey": spanish_survey},
        body=None,
    )
    _invitation, token = invitation_create(page=invited_page, language="es")
    client = Client()
    assert client.get(f"/es/s/{token}/").url == spanish_page.url
    post_step(client, spanish_page, "1", STEP1)
    english_step = client.get(step_url(invited_page, "1")).content.decode()
    assert 'lang="en"' in english_step and "checked" in english_step
    assert client.get(invited_page.url + "continue/").url.endswith("/step/2/")
    switcher = client.get(step_url(spanish_page, "2")).content.decode()
    assert f'href="{step_url(invited_page, "2")}"' in switcher


def test_editing_a_survey_with_responses_publishes_version_2_and_old_answers_keep_their_wording(
    client, survey_page, survey
):
    answer_all(client, survey_page)
    client.post(step_url(survey_page, "check"), {})
    old = Response.objects.get()
    steps = survey.steps.raw_data
    steps[0]["value"]["questions"][0]["value"]["text"] = "The team asked what I wanted."
    survey.steps = steps
    survey.save_revision().publish()
    survey.refresh_from_db()
    assert survey.current_version.number == 2
    versions = survey_versions_with_counts(survey=survey)
    assert [(v.number, v.response_count) for v in versions] == [(2, 0), (1, 1)]
    rows = response_answers_display(response=old)
    assert rows[0]["question"] == "My wishes were taken into account." and rows[0]["answer"] == "Agree"
    assert survey.current_version.definition["steps"][0]["questions"][0]["text"] == (
        "The team asked what I wanted."
    )
    # Publishing again without a change freezes nothing new.
    survey.save_revision().publish()
    assert SurveyVersion.objects.filter(survey=survey).count() == 2
    assert survey_version_freeze(survey=survey) is None


def test_a_frozen_version_cannot_be_changed(survey):
    version = survey.current_version
    version.definition = {}
    with pytest.raises(Exception, match="cannot be changed"):
        version.save()


def test_a_draft_keeps_the_version_it_started_on(client, survey_page, survey):
    post_step(client, survey_page, "1", STEP1)
    steps = survey.steps.raw_data
    steps[1]["value"]["questions"][0]["value"]["text"] = "A new rating question"
    survey.steps = steps
    survey.save_revision().publish()
    assert "How would you rate the move?" in client.get(step_url(survey_page, "2")).content.decode()
    post_step(client, survey_page, "2", STEP2)
    post_step(client, survey_page, "3", STEP3)
    client.post(step_url(survey_page, "check"), {})
    assert Response.objects.get().version.number == 1


def test_a_three_item_four_point_agreement_survey_with_not_applicable_can_be_built():
    block = StepsBlock()
    item = {
        "key": "",
        "text": "",
        "help_text": "",
        "required": True,
        "show_if": {"key": "", "operator": "", "answer": ""},
        "points": "4",
        "not_applicable": True,
        "scored": True,
        "reverse_scored": False,
    }
    questions = [
        {"type": "agreement", "value": {**item, "key": f"item_{n}", "text": f"Statement {n}"}}
        for n in (1, 2, 3)
    ]
    value = block.to_python([{"type": "step", "value": {"title": "Before you left", "questions": questions}}])
    block.clean(value)
    steps = snapshot_steps(value)
    snapshot = {"title": "Licensed measure", "steps": steps}
    assert d.definition_problems(snapshot) == []
    options = steps[0]["questions"][2]["options"]
    assert [o["code"] for o in options] == ["1", "2", "3", "4", "na"]
    assert [o["value"] for o in options] == [1.0, 2.0, 3.0, 4.0, None]


def test_a_definition_with_a_forward_condition_or_duplicate_key_is_refused(survey):
    from django.core.exceptions import ValidationError

    steps = survey.steps.raw_data
    steps[0]["value"]["questions"][0]["value"]["show_if"] = {
        "key": "overall",
        "operator": "at_most",
        "value": "6",
    }
    steps[2]["value"]["questions"][1]["value"]["key"] = "problem"
    survey.steps = steps
    with pytest.raises(ValidationError) as refused:
        survey.full_clean()
    stream_error = refused.value.error_dict["steps"][0]
    first = stream_error.block_errors[0].block_errors["questions"].block_errors[0]
    last = stream_error.block_errors[2].block_errors["questions"].block_errors[1]
    assert "earlier step" in str(first.non_block_errors.as_data()[0].messages)
    assert "used twice" in str(last.non_block_errors.as_data()[0].messages)


@pytest.mark.django_db(transaction=True)
def test_two_tabs_submitting_at_once_store_one_response(migrated_data):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL; the PostgreSQL run covers this")
    from content.services import home_page_ensure
    from surveys.services import survey_create_from_snapshot

    home = home_page_ensure(title="Home", intro="")
    survey = survey_create_from_snapshot(snapshot=three_step_snapshot(), locale=home.locale)
    page = survey_page_ensure(parent=home, slug="race", title="Race", survey=survey, access="public")
    draft = SurveyDraft.objects.create(
        version=survey.current_version, data={}, expires_at=timezone.now() + dt.timedelta(days=1)
    )
    answers = {"preferences": "3", "problem": "no", "overall": "7"}
    barrier = threading.Barrier(4)
    results = []

    def submit():
        barrier.wait()
        try:
            results.append(response_submit(draft=draft, answers=answers, page=page, language="en"))
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Response.objects.count() == 1
    assert sorted(created for _response, created in results) == [False, False, False, True]
    assert {response.pk for response, _created in results} == {Response.objects.get().pk}


def test_wagtail_localize_translates_the_wording_and_keeps_keys_and_codes(
    survey, django_capture_on_commit_callbacks
):
    from wagtail.models import Locale
    from wagtail_localize.models import (
        StringSegment,
        StringTranslation,
        Translation,
        TranslationSource,
    )

    spanish = Locale.objects.get_or_create(language_code="es")[0]
    source, _created = TranslationSource.get_or_create_from_instance(survey)
    segments = StringSegment.objects.filter(source=source).select_related("string", "context")
    texts = {segment.string.data for segment in segments}
    assert (
        "My wishes were taken into account." in texts and "A nurse calls you within 2 working days." in texts
    )
    assert not texts & {"preferences", "problem", "na", "understood_medicines"}
    for segment in segments:
        StringTranslation.objects.create(
            translation_of=segment.string,
            locale=spanish,
            context=segment.context,
            data=f"ES {segment.string.data}",
        )
    translation = Translation.objects.create(source=source, target_locale=spanish)
    with django_capture_on_commit_callbacks(execute=True):  # wagtail-localize publishes on commit
        translation.save_target(publish=True)
    translated = survey.get_translation(spanish)
    translated.refresh_from_db()
    definition = translated.current_version.definition
    first = definition["steps"][0]["questions"][0]
    assert first["key"] == "preferences" and first["text"] == "ES My wishes were taken into account."
    assert [o["code"] for o in first["options"]] == ["1", "2", "3", "4", "na"]
    assert d.definition_problems(definition) == []
    assert translated.current_version.number == 1 and translated.current_version.survey_id == translated.pk


def test_the_first_answer_marks_the_invitation_started(invited_page):
    invitation, token = invitation_create(page=invited_page, language="en")
    client = Client()
    client.get(f"/s/{token}/")
    invitation.refresh_from_db()
    assert invitation.opened_at is not None and invitation.started_at is None
    post_step(client, invited_page, "1", STEP1)
    invitation.refresh_from_db()
    assert invitation.started_at is not None


def test_two_devices_starting_at_once_share_one_draft(invited_page):
    from surveys.services import draft_save

    invitation, _token = invitation_create(page=invited_page, language="en")
    version = invited_page.survey.current_version
    first = draft_save(draft=None, version=version, invitation=invitation, data={"step_data": {"1": {}}})
    second = draft_save(draft=None, version=version, invitation=invitation, data={"step_data": {"2": {}}})
    assert first.pk == second.pk and SurveyDraft.objects.count() == 1
    assert SurveyDraft.objects.get().data == {"step_data": {"2": {}}}
