"""The survey editor's "Show only if", by keyboard in a real browser: it offers the questions
of earlier steps and their answers, writes the key and code it stored before, and the
condition's panel has no axe-core violations (WCAG 2.2 AA) nor script blocked by the CSP."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from surveys.models import Survey
from tests.e2e.conftest import WCAG_22_AA
from tests.e2e.survey_helpers import sign_in
from tests.surveys.conftest import snapshot, survey  # noqa: F401 - shared fixtures

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("migrated_data")]

# "What went wrong?" is the second question of the second step, shown if "problem" is "yes".
CONDITION = "steps-1-value-questions-1-value-show_if"


def options(select) -> list[str]:
    return select.locator("option").evaluate_all("(options) => options.map((option) => option.value)")


def test_show_only_if_offers_earlier_questions_and_their_answers_by_keyboard(
    browser,
    live_server,
    manager,
    survey,  # noqa: F811 - a shared fixture
    axe,
):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-US")
    page = context.new_page()
    page.csp_violations = []
    page.on("console", lambda m: page.csp_violations.append(m.text) if "Content Security" in m.text else None)
    sign_in(page, live_server.url, manager)
    # A new survey: one empty step to fill in, and no error before anything is typed.
    page.goto(live_server.url + reverse("wagtailsnippets_surveys_survey:add") + "#tab-questions")
    expect(page.locator("input[name='steps-0-value-title']")).to_be_attached()
    expect(page.locator("main")).not_to_contain_text("minimum number")
    page.goto(
        live_server.url + reverse("wagtailsnippets_surveys_survey:edit", args=[survey.pk]) + "#tab-questions"
    )

    key_choice = page.locator(f"#{CONDITION}-key-choice")
    answer_choice = page.locator(f"#{CONDITION}-answer-choice")
    expect(key_choice).to_be_attached()
    # Only the first step's questions: a condition cannot name one answered on the same step.
    assert options(key_choice) == ["", "preferences", "problem"]
    assert key_choice.input_value() == "problem"
    assert options(answer_choice) == ["", "yes", "no"]

    # "Show only if" starts folded: open it from its toggle.
    page.locator(f"button[aria-controls='block_group-{CONDITION}-content']").focus()
    page.keyboard.press("Enter")
    expect(key_choice).to_be_visible()
    expect(key_choice).to_have_accessible_name("Key of an earlier question")
    expect(answer_choice).to_have_accessible_name("Answer code or number")
    key_choice.focus()
    page.keyboard.press("ArrowUp")  # "problem" → "preferences"
    assert page.locator(f"input[name='{CONDITION}-key']").input_value() == "preferences"
    assert options(answer_choice) == ["", "1", "2", "3", "4", "na"]
    answer_choice.focus()
    page.keyboard.press("ArrowDown")
    assert page.locator(f"input[name='{CONDITION}-answer']").input_value() == "1"
    # Scoped to the condition: the rest of the page is Wagtail's snippet editor, whose nested
    # panels of one name ("Show only if" on every question) and h2 page title axe-core flags
    # as best practice whether or not this script runs.
    results = axe.run(page, context=f"#block_group-{CONDITION}-section", options=WCAG_22_AA)
    assert results.violations_count == 0, results.generate_report()
    assert page.csp_violations == [], page.csp_violations

    with page.expect_navigation():
        page.keyboard.press("Control+s")  # Wagtail's shortcut for "Save draft"
    draft = Survey.objects.get(pk=survey.pk).latest_revision.as_object()
    condition = draft.snapshot()["steps"][1]["questions"][1]["show_if"]
    assert condition == {"key": "preferences", "operator": "equals", "value": "1"}
    context.close()
