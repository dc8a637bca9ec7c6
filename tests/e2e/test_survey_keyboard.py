"""The whole three-step survey with the keyboard alone: Tab, Shift+Tab, Space, the arrow keys,
Enter and typing. No clicks, from the introduction to the thank-you page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from surveys.models import Answer, Response
from tests.e2e.survey_helpers import focused
from tests.surveys.conftest import snapshot, survey, survey_page  # noqa: F401 - shared fixtures

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("migrated_data")]

MAX_PRESSES = 40


def tab_to(page: Page, wanted, *, backwards: bool = False) -> list[dict]:
    """Press Tab (or Shift+Tab) until ``wanted(focused element)`` holds; returns every element
    focused on the way, the wanted one last. Fails if it is never reached."""
    visited = []
    for _ in range(MAX_PRESSES):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        now = focused(page)
        visited.append(now)
        assert now["name"] != "website", "the spam trap must not take the keyboard focus"
        if wanted(now):
            return visited
    raise AssertionError(f"never reached; focus went through {visited}")


def radio(name: str, value: str | None = None):
    return lambda f: (
        f["tag"] == "INPUT"
        and f["type"] == "radio"
        and f["name"] == name
        and (value is None or f["value"] == value)
    )


def named(name: str):
    return lambda f: f["name"] == name


def submit_button(text: str):
    return lambda f: f["tag"] == "BUTTON" and f["text"] == text


def arrive(page: Page, path: str) -> None:
    """Wait for the page ``path`` (a redirect may keep the fragment of an earlier address)."""
    page.wait_for_url(re.compile(re.escape(path) + r"(#[\w-]*)?$"))


def checked(page: Page, name: str) -> str | None:
    return page.evaluate(
        "name => { const e = document.querySelector(`input[name='${name}']:checked`); return e && e.value; }",
        name,
    )


def test_the_whole_survey_with_the_keyboard_alone(page, live_server, survey_page):  # noqa: F811
    page.set_default_timeout(10_000)
    page.goto(live_server.url + survey_page.url)

    # The first Tab reaches the skip link, which moves focus to the main content.
    page.keyboard.press("Tab")
    assert focused(page)["text"] == "Skip to main content"
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "main-content"
    path = tab_to(page, lambda f: f["tag"] == "A" and f["text"] == "Start the survey")
    assert len(path) == 1, path  # nothing to get past between the main content and Start
    page.keyboard.press("Enter")
    arrive(page, "/step/1/")

    # Step 1: agreement (arrow keys) and yes/no (Space on the first answer).
    tab_to(page, radio("1-preferences"))
    assert focused(page)["label"] == "Strongly disagree"  # no answer yet: the first one
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert checked(page, "1-preferences") == "3"
    assert focused(page)["label"] == "Agree"
    page.keyboard.press("Tab")
    assert radio("1-problem", "yes")(focused(page))
    page.keyboard.press("Space")
    assert checked(page, "1-problem") == "yes"
    tab_to(page, submit_button("Save and continue"))
    page.keyboard.press("Enter")
    arrive(page, "/step/2/")

    # Step 2: send it unanswered first; the error summary takes the focus and its links
    # lead to the fields.
    tab_to(page, submit_button("Save and continue"))
    page.keyboard.press("Enter")
    summary = page.locator(".portal-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    page.keyboard.press("Tab")
    first_link = focused(page)
    assert first_link["tag"] == "A" and first_link["text"].startswith("How would you rate the move?"), (
        first_link
    )
    page.keyboard.press("Enter")  # the link takes the focus to the question's first answer
    assert radio("2-overall", "0")(focused(page)), focused(page)
    for _ in range(8):
        page.keyboard.press("ArrowRight")
    assert checked(page, "2-overall") == "8"

    page.keyboard.press("Tab")
    assert named("2-problem_details")(focused(page)), focused(page)
    page.keyboard.type("The ambulance was late.")
    page.keyboard.press("Tab")
    assert radio("2-call_back", "yes")(focused(page)), focused(page)
    page.keyboard.press("ArrowDown")
    assert checked(page, "2-call_back") == "no"
    # Shift+Tab back to the text, then forward again: what was typed stays.
    page.keyboard.press("Shift+Tab")
    assert named("2-problem_details")(focused(page))
    assert focused(page)["value"] == "The ambulance was late."
    page.keyboard.press("Tab")
    assert radio("2-call_back", "no")(focused(page))  # back on the checked answer
    tab_to(page, submit_button("Save and continue"))
    page.keyboard.press("Enter")
    arrive(page, "/step/3/")

    # Step 3: the matrix (one radio group per statement) and an optional comment.
    tab_to(page, radio("3-understood_medicines"))
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    assert checked(page, "3-understood_medicines") == "4"
    page.keyboard.press("Tab")
    assert radio("3-understood_contacts")(focused(page))
    for _ in range(4):
        page.keyboard.press("ArrowDown")
    assert checked(page, "3-understood_contacts") == "5"
    page.keyboard.press("Tab")
    assert named("3-comment")(focused(page))
    page.keyboard.type("Thank you")
    page.keyboard.press("Enter")  # Enter in a text box sends the step
    arrive(page, "/step/check/")

    # Check your answers, then send.
    expect(page.locator("main")).to_contain_text("The ambulance was late.")
    path = tab_to(page, submit_button("Send my answers"))
    assert any(f["tag"] == "A" and f["text"].startswith("Change") for f in path)
    page.keyboard.press("Enter")
    arrive(page, "/thank-you/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your answers have been sent")
    assert page.csp_violations == []

    answers = dict(Answer.objects.filter(response=Response.objects.get()).values_list("key", "code"))
    assert answers["preferences"] == "3" and answers["problem"] == "yes"
    assert answers["overall"] == "8" and answers["call_back"] == "no"
    assert answers["understood_medicines"] == "4" and answers["understood_contacts"] == "5"
