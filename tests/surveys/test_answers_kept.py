"""No answer is silently lost: spam traps only where they help (and never discarding), drafts
that outlive the session, an honest opt-out, honest required/optional marks and a question
before sending a survey with no answer at all."""

import copy
import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from wagtail.models import ModelLogEntry

from surveys.models import PUBLIC, Answer, Invitation, Response, SurveyDraft
from surveys.services import invitation_create, survey_create_from_snapshot, survey_page_ensure
from tests.factories import staff
from tests.surveys.factories import three_step_snapshot
from tests.surveys.test_wizard import STEP1, STEP2, STEP3, post_step, step_url

pytestmark = pytest.mark.both_databases

# Named here rather than imported, so that each test fails on its own on code without them.
ATTEMPT_FIELD = "survey_attempt"
DRAFT_COOKIE = "survey_drafts"
SESSION_ENDED = "Your session ended — open the link in your email again to carry on where you stopped."
ALL_KEYS = {
    "preferences",
    "problem",
    "overall",
    "problem_details",
    "call_back",
    "understood_medicines",
    "understood_contacts",
    "comment",
}


def open_link(client, page, language="en"):
    invitation, token = invitation_create(page=page, language=language)
    assert client.get(f"/s/{token}/").status_code == 302
    return invitation


def attempt_value(client, page, step) -> str:
    body = client.get(step_url(page, step)).content.decode()
    found = re.search(rf'name="{ATTEMPT_FIELD}" value="([^"]+)"', body)
    assert found, "the step carries no field naming its invitation"
    return found.group(1)


def lose_session(client) -> None:
    client.cookies.pop(settings.SESSION_COOKIE_NAME, None)


def held_rows():
    from surveys.models import HeldSubmission

    return HeldSubmission.objects


def answers_of(response) -> set[str]:
    return set(Answer.objects.filter(response=response).values_list("key", flat=True))


# --- 1. spam traps ------------------------------------------------------------------------------


def test_a_personal_link_on_a_public_page_draws_no_honeypot(client, survey_page):
    open_link(client, survey_page)
    body = client.get(step_url(survey_page, "1")).content.decode()
    assert 'name="1-website"' not in body
    public = Client().get(step_url(survey_page, "1"), follow=True).content.decode()
    assert 'name="1-website"' in public  # anonymous visitors still get one


def test_a_personal_link_with_the_hidden_field_filled_stores_the_response(client, survey_page):
    invitation = open_link(client, survey_page)
    post_step(client, survey_page, "1", STEP1, **{"1-website": "autofilled"})
    post_step(client, survey_page, "2", STEP2, **{"2-website": "autofilled"})
    post_step(client, survey_page, "3", STEP3)
    done = client.post(step_url(survey_page, "check"), {})
    assert done.url.endswith("/thank-you/")
    response = Response.objects.get()
    assert response.invitation_id == invitation.pk and answers_of(response) == ALL_KEYS
    assert Invitation.objects.get().status == Invitation.COMPLETED
    assert not held_rows().exists()


def test_a_filled_honeypot_on_a_public_page_holds_the_answers_out_of_the_figures(client, survey_page):
    post_step(client, survey_page, "1", STEP1, **{"1-website": "http://spam.example"})
    post_step(client, survey_page, "2", STEP2)
    post_step(client, survey_page, "3", STEP3)
    done = client.post(step_url(survey_page, "check"), {})
    assert done.url.endswith("/thank-you/")
    assert client.get(done.url).status_code == 200
    assert not Response.objects.exists()
    held = held_rows().get()
    assert held.reason == "possible_bot" and set(held.answers) >= ALL_KEYS - {"call_back_phone"}
    assert held.submission_key == SurveyDraft.objects.get().pk
    # Sending again stores nothing more.
    assert client.post(step_url(survey_page, "check"), {}).url.endswith("/thank-you/")
    assert held_rows().count() == 1


@pytest.mark.parametrize(
    "path",
    ["public", "public with the trap filled", "invitation", "invitation with a stray trap value"],
)
def test_every_path_through_done_shows_the_thank_you_only_once_a_row_is_stored(client, survey_page, path):
    if path.startswith("invitation"):
        open_link(client, survey_page)
    trap = {"1-website": "x"} if path.endswith(("filled", "value")) else {}
    post_step(client, survey_page, "1", STEP1, **trap)
    post_step(client, survey_page, "2", STEP2)
    post_step(client, survey_page, "3", STEP3)
    assert not Response.objects.exists() and not held_rows().exists()
    done = client.post(step_url(survey_page, "check"), {})
    assert done.status_code == 302 and done.url.endswith("/thank-you/")
    key = SurveyDraft.objects.get().pk
    stored = Response.objects.filter(submission_key=key).count()
    held = held_rows().filter(submission_key=key).count()
    assert stored + held == 1
    assert held == (1 if path == "public with the trap filled" else 0)


def test_a_manager_releases_or_deletes_held_answers_and_both_are_logged(client, survey_page):
    for trap in ("bot one", "bot two"):
        browser = Client()
        post_step(browser, survey_page, "1", STEP1, **{"1-website": trap})
        post_step(browser, survey_page, "2", STEP2)
        post_step(browser, survey_page, "3", STEP3)
        browser.post(step_url(survey_page, "check"), {})
    from surveys import audit
    from surveys.services import held_submission_delete, held_submission_release

    first, second = held_rows().order_by("received_at")
    manager = staff("Liaison manager")
    liaison = staff("Liaison")

    client.force_login(liaison)
    assert client.get(reverse("held_submissions:index")).status_code == 403
    assert client.post(reverse("held_submissions:release", args=[first.pk])).status_code == 403
    dashboard = client.get(reverse("review:dashboard")).content.decode()
    assert "2 possible automated submissions are held and not counted here." in dashboard

    client.force_login(manager)
    listing = client.get(reverse("held_submissions:index")).content.decode()
    assert "2 submissions are held." in listing and "Possible automated submission" in listing
    assert "The ambulance was late." in listing
    assert "Yes, please call me at 555 201 0123" in listing  # worded as on the check page
    assert "How much do you agree?: I knew who to call." in listing
    client.post(reverse("held_submissions:release", args=[first.pk]))
    response = Response.objects.get()
    assert response.submission_key == first.submission_key and response.submitted_at == first.received_at
    assert answers_of(response) == ALL_KEYS
    client.post(reverse("held_submissions:delete", args=[second.pk]))
    assert not held_rows().exists() and Response.objects.count() == 1
    actions = set(ModelLogEntry.objects.filter(user=manager).values_list("action", flat=True))
    assert {audit.HELD_RELEASED, audit.HELD_DELETED} <= actions
    # Already dealt with: the services say so rather than storing twice.
    assert held_submission_release(held=first, user=manager) is None
    assert held_submission_delete(held=second, user=manager) is False


# --- 2. sessions that lapse ----------------------------------------------------------------------


def test_a_lapsed_session_carries_on_in_the_invitations_draft(client, survey_page):
    invitation = open_link(client, survey_page)
    post_step(client, survey_page, "1", STEP1)
    signed = attempt_value(client, survey_page, "2")
    lose_session(client)
    saved = post_step(client, survey_page, "2", STEP2, **{ATTEMPT_FIELD: signed})
    assert saved.status_code == 302 and saved.url.endswith("/step/3/")
    post_step(client, survey_page, "3", STEP3)  # the session is back: no field needed
    assert client.post(step_url(survey_page, "check"), {}).url.endswith("/thank-you/")
    response = Response.objects.get()
    assert response.invitation_id == invitation.pk and answers_of(response) == ALL_KEYS
    assert SurveyDraft.objects.count() == 1
    assert Invitation.objects.get().status == Invitation.COMPLETED


def test_a_post_whose_invitation_cannot_be_found_keeps_the_step_and_says_how_to_carry_on(client, survey_page):
    open_link(client, survey_page)
    post_step(client, survey_page, "1", STEP1)
    lose_session(client)
    response = post_step(client, survey_page, "2", STEP2, **{ATTEMPT_FIELD: "altered:value"})
    body = response.content.decode()
    assert response.status_code == 200
    assert SESSION_ENDED in body
    assert "The ambulance was late." in body and "555 201 0123" in body
    assert "usa-error-message" not in body
    assert SurveyDraft.objects.count() == 1 and not Response.objects.exists()


def test_a_public_draft_outlives_the_session(client, survey_page):
    post_step(client, survey_page, "1", STEP1)
    assert DRAFT_COOKIE in client.cookies
    lose_session(client)
    resumed = client.get(survey_page.url + "continue/")
    assert resumed.url.endswith("/step/2/")
    post_step(client, survey_page, "2", STEP2)
    post_step(client, survey_page, "3", STEP3)
    lose_session(client)
    client.post(step_url(survey_page, "check"), {})
    assert answers_of(Response.objects.get()) == ALL_KEYS
    lose_session(client)
    assert client.get(survey_page.url).url.endswith("/thank-you/")  # one response per browser


def test_a_later_step_with_nothing_behind_it_says_the_session_ended(client, survey_page):
    response = client.get(step_url(survey_page, "2"), follow=True)
    assert response.redirect_chain[-1][0] == survey_page.url
    assert SESSION_ENDED in response.content.decode()


# --- 3. opting out -------------------------------------------------------------------------------


def test_the_stop_page_says_the_link_stops_too_and_a_second_stop_says_it_is_done(client, survey_page):
    from django.core import signing

    from surveys.sending import OPT_OUT_SALT

    invitation, _token = invitation_create(page=survey_page, language="en")
    stop = f"/stop/{signing.dumps(invitation.pk, salt=OPT_OUT_SALT)}/"
    asked = client.get(stop).content.decode()
    assert "The survey link in those emails will stop working too." in asked
    done = client.post(stop).content.decode()
    assert "You will get no more survey emails" in done and "no longer works" in done
    again = client.get(stop).content.decode()
    assert "Survey emails are already stopped" in again and "Press the button" not in again
    assert "Survey emails are already stopped" in client.post(stop).content.decode()


# --- 4. honest required and optional ----------------------------------------------------------------


def test_the_phone_is_marked_required_if_a_call_back_is_wanted(client, survey_page):
    post_step(client, survey_page, "1", STEP1)
    body = client.get(step_url(survey_page, "2")).content.decode()
    label = re.search(r'<label class="usa-label" for="id_2-call_back_phone">(.*?)</label>', body).group(1)
    assert "(required if you want a call back)" in label and "(optional)" not in label


def test_the_spanish_phone_marker_and_session_message_are_translated():
    from django.utils import translation

    with translation.override("es"):
        assert translation.gettext(SESSION_ENDED) != SESSION_ENDED
        assert (
            translation.gettext("(required if you want a call back)") != "(required if you want a call back)"
        )
        assert translation.gettext("You have not answered any question. Send anyway?") != (
            "You have not answered any question. Send anyway?"
        )


@pytest.fixture
def optional_page(home_page):
    snapshot = copy.deepcopy(three_step_snapshot())
    for step in snapshot["steps"]:
        for question in step["questions"]:
            question["required"] = False
    survey = survey_create_from_snapshot(snapshot=snapshot, locale=home_page.locale)
    return survey_page_ensure(
        parent=home_page, slug="optional", title="Optional", survey=survey, access=PUBLIC
    )


def test_a_survey_with_no_answer_asks_once_before_it_is_sent(client, optional_page):
    for step in ("1", "2", "3"):
        assert post_step(client, optional_page, step, {}).status_code == 302
    asked = client.post(step_url(optional_page, "check"), {})
    body = asked.content.decode()
    assert asked.status_code == 200
    assert "You have not answered any question. Send anyway?" in body
    assert 'name="send_empty" value="1"' in body
    assert not Response.objects.exists()
    sent = client.post(step_url(optional_page, "check"), {"send_empty": "1"})
    assert sent.url.endswith("/thank-you/")
    assert Response.objects.count() == 1


def test_a_survey_with_an_answer_is_sent_without_the_question(client, optional_page):
    post_step(client, optional_page, "1", {"problem": "no"})
    post_step(client, optional_page, "2", {})
    post_step(client, optional_page, "3", {})
    assert client.post(step_url(optional_page, "check"), {}).url.endswith("/thank-you/")
    assert Response.objects.count() == 1
