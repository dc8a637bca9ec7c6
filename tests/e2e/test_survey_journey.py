"""The survey acceptance scenario in a real browser: a manager builds and publishes a survey
in the Wagtail admin, then a patient answers it from an invitation link on two devices, in
English and in Spanish."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from content.services import page_translation_publish
from surveys.models import INVITATION_ONLY, Answer, Response, Survey, SurveyPage
from surveys.services import (
    invitation_create,
    survey_create_from_snapshot,
    survey_page_ensure,
    survey_translation_publish,
)
from tests.e2e.survey_helpers import (
    WORDING,
    back_button,
    current_step_number,
    journey_snapshot,
    open_page,
    save_button,
    sign_in,
    step_heading,
    step_url,
)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("migrated_data")]

ADMIN_VIEWPORT = {"width": 1400, "height": 1000}
DETAILS = "The ambulance came two hours late."
BAD_PHONE = "call me maybe"
PHONE = "555-201-0123"
COMMENT = "The driver was kind."
# In the page's language, and without the fragment of a "Change" link the person came from.
CHECK_PAGE = re.compile(r"/(step/check|paso/revisar)/$")
THANK_YOU_PAGE = re.compile(r"/(thank-you|gracias)/$")


# --- the patient's side, by answer code so that it reads the same in every language --------


def question_group(page: Page, question: str):
    """The fieldset whose legend is ``question`` (followed by "(optional)" or not)."""
    return page.get_by_role("group", name=re.compile("^" + re.escape(question)))


def pick(page: Page, question: str, code: str) -> None:
    """Click the label of the answer ``code`` to the question whose legend is ``question``."""
    group = question_group(page, question)
    radio = group.locator(f"input[type=radio][value='{code}']")
    group.locator(f"label[for='{radio.get_attribute('id')}']").click()


def picked(page: Page, question: str) -> str | None:
    group = question_group(page, question)
    checked = group.locator("input[type=radio]:checked")
    return checked.get_attribute("value") if checked.count() else None


def option_labels(page: Page, question: str) -> list[str]:
    return [text.strip() for text in question_group(page, question).locator("label").all_inner_texts()]


def expect_step(page: Page, number: int, title: str, language: str) -> None:
    page.wait_for_url(re.compile(rf"/{'paso' if language == 'es' else 'step'}/{number}/(\?.*)?(#.*)?$"))
    assert page.locator("html").get_attribute("lang") == language
    assert current_step_number(page) == str(number)
    assert step_heading(page) == title


def answer_from_the_invitation(browser, base_url: str, survey_page, token: str, language: str = "en") -> dict:
    """The whole patient journey of the scenario; returns what the check page showed."""
    w = WORDING[language]
    link = f"{base_url}{'/es' if language == 'es' else ''}/s/{token}/"
    seen: dict = {"option_labels": {}}

    # First device: the emailed link is exchanged for a session and leaves the address bar.
    phone = open_page(browser)
    phone.goto(link)
    assert token not in phone.url
    assert phone.url == base_url + survey_page.url
    assert phone.locator("html").get_attribute("lang") == language
    expect(phone.get_by_role("heading", level=1)).to_have_text(w["title"])
    expect(phone.get_by_text(w["privacy_notice"])).to_be_visible()
    phone.locator("main a.usa-button--big").click()  # "Start the survey"

    expect_step(phone, 1, w["step1"], language)
    seen["option_labels"]["problem"] = option_labels(phone, w["problem"])
    seen["option_labels"]["preferences"] = option_labels(phone, w["preferences"])
    pick(phone, w["preferences"], "3")
    pick(phone, w["problem"], "yes")
    save_button(phone).click()

    # Step 2 asks "what went wrong?" because the answer to `problem` was yes.
    expect_step(phone, 2, w["step2"], language)
    pick(phone, w["overall"], "8")
    phone.get_by_label(w["problem_details"]).fill(DETAILS)
    pick(phone, w["call_back"], "yes")
    phone.locator("#id_2-call_back_phone").fill(BAD_PHONE)
    save_button(phone).click()

    # One wrong answer: the summary at the top (focused), the message by the field, and
    # every other answer on the step still there.
    summary = phone.locator(".portal-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    assert phone.url.endswith(step_url(survey_page, 2))
    assert phone.title().startswith("Error:")
    summary_links = summary.locator("a")
    expect(summary_links).to_have_count(1)
    assert summary_links.first.get_attribute("href") == "#id_2-call_back_phone"
    field_error = phone.locator("#id_2-call_back_phone_error")
    expect(field_error).to_be_visible()
    # "Next to the field": inside the same form group, just above the input.
    group = phone.locator(".usa-form-group", has=phone.locator("#id_2-call_back_phone"))
    expect(group.locator(".usa-error-message")).to_have_text(field_error.inner_text())
    summary_box, error_box = summary.bounding_box(), field_error.bounding_box()
    input_box = phone.locator("#id_2-call_back_phone").bounding_box()
    assert summary_box["y"] < error_box["y"] < input_box["y"]
    if language == "en":
        expect(summary).to_contain_text("Please check your answers")
        expect(field_error).to_have_text("Enter a phone number using digits, for example 555-201-0123.")
    assert picked(phone, w["overall"]) == "8"
    expect(phone.get_by_label(w["problem_details"])).to_have_value(DETAILS)
    assert picked(phone, w["call_back"]) == "yes"
    expect(phone.locator("#id_2-call_back_phone")).to_have_value(BAD_PHONE)

    # Back keeps step 1 as answered.
    back_button(phone).click()
    expect_step(phone, 1, w["step1"], language)
    assert picked(phone, w["preferences"]) == "3"
    assert picked(phone, w["problem"]) == "yes"
    phone.context.close()

    # Another device, the same link: it offers to continue and resumes at step 2 with what
    # was typed there.
    laptop = open_page(browser, viewport={"width": 1280, "height": 900})
    laptop.goto(link)
    assert laptop.url == base_url + survey_page.url
    start = laptop.locator("main a.usa-button--big")
    if language == "en":
        expect(start).to_have_text("Continue where you stopped")
    start.click()
    expect_step(laptop, 2, w["step2"], language)
    assert picked(laptop, w["overall"]) == "8"
    expect(laptop.get_by_label(w["problem_details"])).to_have_value(DETAILS)
    assert picked(laptop, w["call_back"]) == "yes"
    expect(laptop.locator("#id_2-call_back_phone")).to_have_value(BAD_PHONE)
    laptop.locator("#id_2-call_back_phone").fill(PHONE)
    save_button(laptop).click()

    expect_step(laptop, 3, w["step3"], language)
    laptop.get_by_label(w["comment"]).fill(COMMENT)
    save_button(laptop).click()

    # Check your answers, change one, and come back to the summary.
    laptop.wait_for_url(CHECK_PAGE)
    summary_list = laptop.locator("dl.survey-summary")
    expect(summary_list.first).to_be_visible()
    row = laptop.locator(".survey-summary__row", has=laptop.locator("dt", has_text=w["overall"]))
    expect(row.locator("dd").first).to_have_text("8")
    expect(laptop.locator("main")).to_contain_text(DETAILS)
    expect(laptop.locator("main")).to_contain_text(PHONE)
    expect(laptop.locator("main")).to_contain_text(COMMENT)
    if language == "en":
        expect(laptop.get_by_role("heading", level=1)).to_contain_text("Check your answers")
        change = laptop.get_by_role("link", name=f"Change your answer to: {w['overall']}")
    else:
        change = row.locator("a")
    change.click()
    expect_step(laptop, 2, w["step2"], language)
    assert picked(laptop, w["overall"]) == "8"
    pick(laptop, w["overall"], "3")
    save_button(laptop).click()
    laptop.wait_for_url(CHECK_PAGE)
    row = laptop.locator(".survey-summary__row", has=laptop.locator("dt", has_text=w["overall"]))
    expect(row.locator("dd").first).to_have_text("3")
    seen["summary"] = laptop.locator("main").inner_text()

    # Send twice quickly, then reload and replay the same POST: one response only.
    check_url = base_url + step_url(survey_page, "check")
    csrf = laptop.locator("form.survey-form input[name=csrfmiddlewaretoken]").input_value()
    if language == "en":
        expect(save_button(laptop)).to_have_text("Send my answers")
    save_button(laptop).dblclick()
    laptop.wait_for_url(THANK_YOU_PAGE)
    expect(laptop.get_by_text(w["thank_you"])).to_be_visible()
    assert laptop.locator("html").get_attribute("lang") == language
    laptop.reload()
    assert THANK_YOU_PAGE.search(laptop.url)
    replay = laptop.request.post(
        check_url, form={"csrfmiddlewaretoken": csrf}, headers={"Referer": check_url}
    )
    assert replay.ok and THANK_YOU_PAGE.search(replay.url), (replay.status, replay.url)
    laptop.go_back()  # to the check page, which now sends the person to the thank-you page
    assert THANK_YOU_PAGE.search(laptop.url), laptop.url
    laptop.goto(check_url)
    assert THANK_YOU_PAGE.search(laptop.url), laptop.url
    assert laptop.csp_violations == []
    laptop.context.close()
    return seen


def assert_one_response_with_the_changed_answer(survey_page, invitation, language: str) -> None:
    assert Response.objects.count() == 1
    response = Response.objects.get()
    assert response.page.translation_key == survey_page.translation_key
    assert response.language == language
    assert response.invitation_id == invitation.pk
    answers = {answer.key: answer for answer in Answer.objects.filter(response=response)}
    assert set(answers) == {"preferences", "problem", "overall", "problem_details", "call_back", "comment"}
    assert answers["overall"].code == "3" and answers["overall"].value == 3
    assert answers["preferences"].code == "3"
    assert answers["problem"].code == "yes"
    assert answers["problem_details"].text == DETAILS
    assert answers["call_back"].code == "yes" and answers["call_back"].text == PHONE
    assert answers["comment"].text == COMMENT
    invitation.refresh_from_db()
    assert invitation.responded_at is not None


# --- the manager's side ----------------------------------------------------------------------


def add_step(page: Page, index: int, title: str) -> None:
    """Title step ``index``, adding it first unless it is there (a new survey has one step)."""
    title_box = page.locator(f"[name='steps-{index}-value-title']")
    if not title_box.count():
        page.locator("#tab-questions").get_by_title("Insert a block").last.click()
    title_box.fill(title)


def add_question(page: Page, step: int, index: int, kind: str, key: str, text: str) -> str:
    """Append a question of block type ``kind`` (its label in the chooser) to a step."""
    questions = page.locator(
        f"input[name='steps-{step}-value-questions-count'] + [data-streamfield-stream-container]"
    )
    questions.get_by_title("Insert a block").last.click()
    page.get_by_role("option", name=kind, exact=True).click()
    prefix = f"steps-{step}-value-questions-{index}-value-"
    page.locator(f"[name='{prefix}key']").fill(key)
    page.locator(f"[name='{prefix}text']").fill(text)
    return prefix


def publish(page: Page) -> None:
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Publish", exact=True).click()


def build_survey_in_the_admin(page: Page) -> None:
    w = WORDING["en"]
    page.get_by_role("link", name="Surveys", exact=True).click()
    page.get_by_role("link", name="Add survey").first.click()
    page.get_by_role("textbox", name="Title").fill(w["title"])
    page.get_by_role("textbox", name="Introduction").fill(w["introduction"])
    page.get_by_role("textbox", name="Privacy notice").fill(w["privacy_notice"])
    page.get_by_role("textbox", name="Thank-you message").fill(w["thank_you"])

    page.get_by_role("tab", name="Questions").click()
    add_step(page, 0, w["step1"])
    add_question(page, 0, 0, "Agreement scale", "preferences", w["preferences"])
    add_question(page, 0, 1, "Yes or no", "problem", w["problem"])

    add_step(page, 1, w["step2"])
    rating = add_question(page, 1, 0, "Rating from 0 to 10", "overall", w["overall"])
    expect(page.locator(f"[name='{rating}required']")).to_be_checked()  # required by default
    details = add_question(page, 1, 1, "Long text", "problem_details", w["problem_details"])
    page.locator(f"[name='{details}max_length']").fill("500")
    page.locator(f"[aria-controls='block_group-{details}show_if-content']").click()  # "Show only if"
    condition = page.locator(f"#block_group-{details}show_if-content")
    # The editor offers the earlier questions and their answers as choices (survey-builder.js).
    condition.get_by_label("Key of an earlier question").select_option("problem")
    condition.get_by_label("Condition").select_option(label="is")
    condition.get_by_label("Answer code or number").select_option("yes")
    call_back = add_question(page, 1, 2, "Call-back request", "call_back", w["call_back"])
    page.locator(f"[name='{call_back}required']").uncheck()
    page.locator(f"[name='{call_back}purpose']").fill(w["purpose"])

    add_step(page, 2, w["step3"])
    comment = add_question(page, 2, 0, "Short text", "comment", w["comment"])
    page.locator(f"[name='{comment}max_length']").fill("200")
    page.locator(f"[name='{comment}required']").uncheck()

    publish(page)
    page.wait_for_url("**/admin/snippets/surveys/survey/**")
    expect(page.get_by_role("link", name=w["title"])).to_be_visible()


def create_survey_page_in_the_admin(page: Page) -> None:
    page.get_by_role("button", name="Pages", exact=True).click()
    page.get_by_role("link", name="Care after the hospital").first.click()
    page.wait_for_url("**/admin/pages/*/")
    page.get_by_role("link", name="Add child page").first.click()
    page.wait_for_url("**/add**")
    if "/add_subpage/" in page.url:  # more than one page type may go here: choose one
        survey_page_type = page.get_by_role("link", name="Survey page", exact=True)
        expect(survey_page_type, "the home page offers no “Survey page” child page type").to_be_visible()
        survey_page_type.click()
    expect(page.get_by_role("heading", name="New: Survey page")).to_be_attached()
    page.get_by_placeholder("Page title").fill("Tell us about your move")
    # The address is filled from the title by script as the title loses focus; on a slow
    # machine that can lag, so give it explicitly, as an editor may.
    page.get_by_role("tab", name="Promote").click()
    page.get_by_role("textbox", name="Slug").fill("tell-us-about-your-move")
    page.get_by_role("tab", name="Content").click()
    assert page.csp_violations == [], page.csp_violations
    page.get_by_role("combobox", name="Survey").select_option(label=WORDING["en"]["title"])
    page.get_by_role("combobox", name="Who can answer").select_option(label="Only people invited by email")
    publish(page)
    expect(page.get_by_text("created and published")).to_be_visible()


# --- the tests -------------------------------------------------------------------------------


def test_acceptance_a_manager_builds_and_publishes_a_survey_and_a_patient_answers_it(
    browser, live_server, manager, home_page
):
    admin = open_page(browser, viewport=ADMIN_VIEWPORT)
    sign_in(admin, live_server.url, manager)
    build_survey_in_the_admin(admin)
    assert admin.csp_violations == [], admin.csp_violations

    # What the admin froze is exactly the survey the scenario describes.
    survey = Survey.objects.get()
    assert survey.live and survey.current_version.number == 1
    frozen = survey.current_version.definition
    assert [step["title"] for step in frozen["steps"]] == [
        WORDING["en"]["step1"],
        WORDING["en"]["step2"],
        WORDING["en"]["step3"],
    ]
    questions = {q["key"]: q for step in frozen["steps"] for q in step["questions"]}
    assert [(key, q["type"]) for key, q in questions.items()] == [
        ("preferences", "agreement"),
        ("problem", "yes_no"),
        ("overall", "rating"),
        ("problem_details", "long_text"),
        ("call_back", "callback"),
        ("comment", "short_text"),
    ]
    assert questions["overall"]["required"] is True
    assert questions["problem_details"]["show_if"] == {"key": "problem", "operator": "equals", "value": "yes"}
    assert questions["call_back"]["purpose"] == WORDING["en"]["purpose"]
    assert frozen["privacy_notice"] == WORDING["en"]["privacy_notice"]

    create_survey_page_in_the_admin(admin)
    admin.context.close()
    survey_page = SurveyPage.objects.get()
    assert survey_page.live and survey_page.survey_id == survey.pk and survey_page.access == INVITATION_ONLY

    invitation, token = invitation_create(page=survey_page, language="en")
    answer_from_the_invitation(browser, live_server.url, survey_page, token)
    assert_one_response_with_the_changed_answer(survey_page, invitation, "en")


@pytest.fixture
def journey_page(home_page):
    """The scenario's survey and page, built through the service layer."""
    survey = survey_create_from_snapshot(snapshot=journey_snapshot("en"), locale=home_page.locale)
    return survey_page_ensure(
        parent=home_page, slug="your-move-home", title="Your move home", survey=survey, access=INVITATION_ONLY
    )


@pytest.fixture
def spanish_journey_page(home_page, journey_page):
    page_translation_publish(
        page=home_page,
        language_code="es",
        slug="inicio",
        fields={"title": "Cuidado después del hospital"},
        body=None,
    )
    spanish_survey = survey_translation_publish(
        survey=journey_page.survey, snapshot=journey_snapshot("es"), language_code="es"
    )
    return page_translation_publish(
        page=journey_page,
        language_code="es",
        slug="su-regreso-a-casa",
        fields={"title": WORDING["es"]["title"], "survey": spanish_survey},
        body=None,
    )


def test_a_patient_answers_from_an_invitation_on_two_devices_and_one_response_is_stored(
    browser, live_server, journey_page
):
    invitation, token = invitation_create(page=journey_page, language="en")
    seen = answer_from_the_invitation(browser, live_server.url, journey_page, token)
    assert seen["option_labels"]["problem"] == ["Yes", "No"]
    assert_one_response_with_the_changed_answer(journey_page, invitation, "en")


def test_the_same_journey_in_spanish(browser, live_server, journey_page, spanish_journey_page):
    invitation, token = invitation_create(page=journey_page, language="es")
    seen = answer_from_the_invitation(browser, live_server.url, spanish_journey_page, token, language="es")
    assert WORDING["es"]["overall"] in seen["summary"]
    assert WORDING["en"]["overall"] not in seen["summary"]
    assert_one_response_with_the_changed_answer(spanish_journey_page, invitation, "es")
    # The answers offered on a Spanish step are in Spanish too, not in the language of
    # whoever published the translation.
    assert seen["option_labels"]["problem"] == ["Sí", "No"]
    assert "Agree" not in seen["option_labels"]["preferences"]


def test_the_language_switcher_on_a_step_keeps_the_answers(
    browser, live_server, journey_page, spanish_journey_page
):
    w_en, w_es = WORDING["en"], WORDING["es"]
    _invitation, token = invitation_create(page=journey_page, language="en")
    page = open_page(browser)
    page.goto(f"{live_server.url}/s/{token}/")
    page.get_by_role("link", name="Start the survey").click()
    expect_step(page, 1, w_en["step1"], "en")
    pick(page, w_en["preferences"], "4")
    pick(page, w_en["problem"], "yes")
    save_button(page).click()
    expect_step(page, 2, w_en["step2"], "en")

    page.get_by_role("navigation", name="Language").get_by_role("link", name="Español").click()
    expect_step(page, 2, w_es["step2"], "es")
    assert page.url == live_server.url + step_url(spanish_journey_page, 2)
    expect(page.get_by_label(w_es["problem_details"])).to_be_visible()  # the condition still holds
    back_button(page).click()
    expect_step(page, 1, w_es["step1"], "es")
    assert picked(page, w_es["preferences"]) == "4"
    assert picked(page, w_es["problem"]) == "yes"

    # And back to English: still answered.
    page.get_by_role("navigation").locator("a[hreflang=en]").click()
    expect_step(page, 1, w_en["step1"], "en")
    assert picked(page, w_en["preferences"]) == "4"
    assert page.csp_violations == []
    page.context.close()
