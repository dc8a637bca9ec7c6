"""No answer silently lost, in a real browser: a personal link on a public survey page whose
hidden field gets filled (as a password manager or autofill might), and a session cookie
that disappears in the middle of the survey."""

from __future__ import annotations

import pytest
from django.conf import settings
from playwright.sync_api import expect

from surveys.models import PUBLIC, Answer, Invitation, Response, SurveyDraft
from surveys.services import invitation_create, survey_create_from_snapshot, survey_page_ensure
from tests.e2e.survey_helpers import WORDING, journey_snapshot, open_page, save_button
from tests.e2e.test_survey_journey import CHECK_PAGE, THANK_YOU_PAGE, expect_step, pick

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("migrated_data")]

W = WORDING["en"]
DETAILS = "The ambulance came two hours late."
COMMENT = "The driver was kind."
ALL_KEYS = {"preferences", "problem", "overall", "problem_details", "call_back", "comment"}

# What a password manager or a browser's autofill does: fill every text box it can reach,
# hidden ones included, without a person seeing it.
FILL_EVERY_TEXT_BOX = """() => {
  for (const input of document.querySelectorAll('form.survey-form input[type=text]')) {
    if (!input.value) input.value = 'autofilled';
  }
}"""


@pytest.fixture
def public_page(home_page):
    """The journey's survey on a public page, which also takes personal invitation links."""
    survey = survey_create_from_snapshot(snapshot=journey_snapshot("en"), locale=home_page.locale)
    return survey_page_ensure(
        parent=home_page, slug="your-move-home", title="Your move home", survey=survey, access=PUBLIC
    )


def answer_every_step(page, *, before_each_save=None, after_step_1=None) -> None:
    page.locator("main a.usa-button--big").click()  # "Start the survey"
    expect_step(page, 1, W["step1"], "en")
    pick(page, W["preferences"], "3")
    pick(page, W["problem"], "yes")
    if before_each_save:
        before_each_save(page)
    save_button(page).click()
    expect_step(page, 2, W["step2"], "en")
    if after_step_1:
        after_step_1(page)
    pick(page, W["overall"], "8")
    page.get_by_label(W["problem_details"]).fill(DETAILS)
    pick(page, W["call_back"], "no")
    if before_each_save:
        before_each_save(page)
    save_button(page).click()
    expect_step(page, 3, W["step3"], "en")
    page.get_by_label(W["comment"]).fill(COMMENT)
    if before_each_save:
        before_each_save(page)
    save_button(page).click()
    page.wait_for_url(CHECK_PAGE)
    save_button(page).click()
    page.wait_for_url(THANK_YOU_PAGE)
    expect(page.get_by_text(W["thank_you"])).to_be_visible()


def assert_one_complete_response(invitation) -> None:
    response = Response.objects.get()
    assert response.invitation_id == invitation.pk
    assert set(Answer.objects.filter(response=response).values_list("key", flat=True)) == ALL_KEYS
    assert Answer.objects.get(response=response, key="comment").text == COMMENT
    invitation.refresh_from_db()
    assert invitation.status == Invitation.COMPLETED and invitation.responded_at is not None


def test_a_personal_link_with_every_text_box_autofilled_stores_the_response(
    browser, live_server, public_page
):
    invitation, token = invitation_create(page=public_page, language="en")
    page = open_page(browser)
    page.goto(f"{live_server.url}/s/{token}/")

    answer_every_step(page, before_each_save=lambda step: step.evaluate(FILL_EVERY_TEXT_BOX))

    assert_one_complete_response(invitation)
    assert page.csp_violations == []
    page.context.close()


def test_a_session_cookie_lost_mid_way_still_ends_with_every_answer_stored_once(
    browser, live_server, public_page
):
    invitation, token = invitation_create(page=public_page, language="en")
    page = open_page(browser)
    page.goto(f"{live_server.url}/s/{token}/")

    def lose_the_session(step) -> None:
        # The phone clears the session cookie (or it reaches its 12 hours) on step 2.
        step.context.clear_cookies(name=settings.SESSION_COOKIE_NAME)
        assert not [c for c in step.context.cookies() if c["name"] == settings.SESSION_COOKIE_NAME]

    answer_every_step(page, after_step_1=lose_the_session)

    assert_one_complete_response(invitation)
    assert SurveyDraft.objects.count() == 1
    assert page.csp_violations == []
    page.context.close()
