"""Zero axe-core violations (WCAG 2.2 AA) on every page a patient sees while answering a
survey, and no horizontal scrolling at 320 px wide (the width WCAG 1.4.10 Reflow asks for)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from surveys.models import INVITATION_ONLY, Response
from surveys.services import survey_page_ensure
from tests.e2e.survey_helpers import (
    choose,
    no_horizontal_scroll,
    open_page,
    page_feedback_enable,
    save_button,
)
from tests.surveys.conftest import snapshot, survey, survey_page  # noqa: F401 - shared fixtures

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("migrated_data")]


def walk_the_survey(page: Page, base_url: str, survey_page, visit) -> None:  # noqa: F811
    """Answer the three-step survey, calling ``visit(name)`` on every page on the way,
    including each step sent back with its errors."""
    page.goto(base_url + survey_page.url)
    visit("intro")
    page.get_by_role("link", name="Start the survey").click()
    page.wait_for_url("**/step/1/")
    visit("step 1")

    save_button(page).click()
    expect(page.locator(".portal-error-summary")).to_be_focused()
    visit("step 1 with errors")
    choose(page, "My wishes were taken into account.", "Agree")
    choose(page, "Did anything go wrong?", "Yes")
    save_button(page).click()

    page.wait_for_url("**/step/2/")
    expect(page.locator("[data-scale]").first).to_be_attached()
    visit("step 2: the 0 to 10 scale")
    page.get_by_label("What went wrong?").fill("The ambulance was late.")
    choose(page, "Would you like a call? (optional)", "Yes, please call me")
    page.get_by_label("Phone number to call").fill("call me maybe")
    save_button(page).click()  # no rating and letters for a phone number
    expect(page.locator(".portal-error-summary li")).to_have_count(2)
    visit("step 2 with errors")
    choose(page, "How would you rate the move?", "8")
    page.get_by_label("Phone number to call").fill("555-201-0123")
    save_button(page).click()

    page.wait_for_url("**/step/3/")
    expect(page.locator(".survey-matrix")).to_be_visible()
    visit("step 3: the matrix")
    save_button(page).click()
    expect(page.locator(".portal-error-summary")).to_be_visible()
    visit("step 3 with errors")
    choose(page, "I knew what my medicines were for.", "Agree")
    choose(page, "I knew who to call.", "Strongly agree")
    save_button(page).click()

    page.wait_for_url("**/step/check/")
    visit("check your answers")
    save_button(page).click()
    page.wait_for_url("**/thank-you/")
    expect(page.get_by_text("Thank you for your answers.")).to_be_visible()
    visit("thank you")


def test_every_page_of_the_survey_has_no_accessibility_violations(
    page,
    live_server,
    survey_page,  # noqa: F811
    assert_accessible,
):
    failures: dict[str, str] = {}

    def visit(name: str) -> None:
        try:
            assert_accessible(page)
        except AssertionError as problem:
            failures[name] = str(problem)

    walk_the_survey(page, live_server.url, survey_page, visit)
    assert Response.objects.count() == 1
    assert not failures, "\n\n".join(f"== {name} ==\n{report}" for name, report in failures.items())


def test_survey_pages_need_no_horizontal_scrolling_at_320_px(browser, live_server, survey_page):  # noqa: F811
    page = open_page(browser, viewport={"width": 320, "height": 640})
    too_wide = []

    def visit(name: str) -> None:
        if not no_horizontal_scroll(page):
            too_wide.append(
                (
                    name,
                    page.evaluate(
                        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
                    ),
                )
            )

    walk_the_survey(page, live_server.url, survey_page, visit)
    page.context.close()
    assert too_wide == []


def test_invitation_link_problem_and_invitation_only_pages_have_no_violations(
    page,
    live_server,
    home_page,
    survey,  # noqa: F811
    assert_accessible,
):
    invited = survey_page_ensure(
        parent=home_page, slug="invited", title="Invited", survey=survey, access=INVITATION_ONLY
    )
    response = page.goto(live_server.url + "/s/not-a-real-token/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("This survey link cannot be used")
    assert_accessible(page)

    response = page.goto(live_server.url + invited.url)
    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("Please use the link in your email")
    assert_accessible(page)


def test_the_was_this_page_helpful_form_has_no_violations(page, live_server, library, assert_accessible):
    page_feedback_enable(locale=library["home"].locale)
    page.goto(live_server.url + library["heart"].url)
    feedback = page.locator("#page-feedback")
    expect(feedback.get_by_role("group", name="Was this page helpful?")).to_be_visible()
    assert_accessible(page)

    # Sent without an answer: the form comes back on its own page with its errors.
    feedback.get_by_role("button", name="Send feedback").click()
    expect(page.locator(".portal-error-summary")).to_be_focused()
    assert_accessible(page)
