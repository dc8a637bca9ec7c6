"""The admin's Feedback area in a real browser: zero axe-core violations (WCAG 2.2 AA), charts
drawn under the admin Content-Security-Policy with a table beside each, markup typed by a
patient shown as text, each liaison kept to their own facilities, and the pages on a phone."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from feedback.models import FollowUp
from surveys.models import Response
from tests.e2e.review_helpers import (
    CHART_NAMES,
    DETAILS,
    PAYLOAD,
    PHONE_VIEWPORT,
    SCRIPT_PAYLOAD,
    charts_and_tables,
    cut_off_on_the_right,
    feedback_build,
    payload_ran,
    problems_seen,
    watched_page,
)
from tests.e2e.survey_helpers import sign_in
from tests.surveys.conftest import snapshot, survey  # noqa: F401 - shared fixtures
from transitions.models import Facility

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("migrated_data")]

NOTE_REQUIRED = "Say what was done before you close this follow-up."
REFUSED = "Failed to load resource: the server responded with a status of 400 (Bad Request)"


@pytest.fixture
def feedback(home_page, survey):  # noqa: F811
    return feedback_build(home_page=home_page, survey=survey)


@pytest.fixture
def manager_page(browser, live_server, feedback):
    page = watched_page(browser)
    sign_in(page, live_server.url, feedback.manager)
    problems_seen(page)  # the sign-in pages are checked elsewhere
    yield page
    page.context.close()


def open_admin(page: Page, base_url: str, url: str, *, status: int = 200) -> None:
    response = page.goto(base_url + url)
    assert response.status == status, f"{url} answered {response.status}"


def test_every_feedback_page_has_no_accessibility_violations_or_script_errors(
    manager_page, live_server, feedback, assert_accessible
):
    page = manager_page
    failures: dict[str, str] = {}

    def visit(name: str, *, expected_console: tuple[str, ...] = ()) -> None:
        try:
            assert_accessible(page)
        except AssertionError as problem:
            failures[name] = str(problem)
        seen = problems_seen(page, expected_console=expected_console)
        if seen:
            failures[name + " (console, CSP, dialogs)"] = repr(seen)
        if payload_ran(page):
            failures[name + " (markup)"] = "window.__xss was set: markup from the data ran"

    open_admin(page, live_server.url, reverse("review:dashboard"))
    expect(page.locator("canvas[data-chart]").first).to_be_visible()
    visit("dashboard")

    open_admin(page, live_server.url, reverse("review:responses"))
    expect(page.get_by_text("5 responses match.")).to_be_visible()
    visit("responses list")

    open_admin(page, live_server.url, reverse("review:response", args=[feedback.poor.pk]))
    expect(page.get_by_text(PAYLOAD).first).to_be_visible()
    visit("response detail")

    open_admin(page, live_server.url, reverse("review:followups"))
    expect(page.get_by_role("link", name="Change status").first).to_be_visible()
    visit("follow-up queue")

    # Resolved without saying what was done: the form comes back with the note's error.
    open_admin(page, live_server.url, reverse("review:followup", args=[feedback.followup.pk]))
    page.get_by_label("New status").select_option(FollowUp.RESOLVED)
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    expect(page.get_by_role("alert")).to_contain_text("The follow-up was not saved.")
    expect(page.get_by_role("link", name=f"What was done: {NOTE_REQUIRED}")).to_be_visible()
    error = page.get_by_text(NOTE_REQUIRED, exact=True)
    expect(error).to_be_visible()
    note = page.get_by_label("What was done")
    described_by = (note.get_attribute("aria-describedby") or "").split()
    descriptions = " ".join(page.locator(f"[id='{name}']").inner_text() for name in described_by)
    assert note.get_attribute("aria-invalid") == "true" or NOTE_REQUIRED in descriptions, (
        "the note's error is not tied to the field: "
        f"aria-invalid={note.get_attribute('aria-invalid')!r}, aria-describedby={described_by!r}"
    )
    # The view answers an invalid form with 400 by design, and Chromium logs that status.
    visit("follow-up status after a failed submit", expected_console=(f"{REFUSED} [{page.url}]",))
    feedback.followup.refresh_from_db()
    assert feedback.followup.status == FollowUp.OPEN

    assert not failures, "\n\n".join(f"== {name} ==\n{report}" for name, report in failures.items())


def test_every_chart_is_drawn_and_has_the_same_numbers_in_a_table(manager_page, live_server):
    page = manager_page
    open_admin(page, live_server.url, reverse("review:dashboard"))
    charts = charts_and_tables(page)

    # The breakdowns' charts and the split by education packet's.
    assert {chart["name"] for chart in charts} == CHART_NAMES | {"by_packet"}
    for chart in charts:
        assert chart["role"] == "img", chart
        assert chart["label"], chart
        assert chart["table"], chart
        assert chart["table_rows"] >= 1, chart
        assert chart["table_rows"] == chart["json_rows"], chart
    # Drawn: Chart.js (the vendor script) and the dashboard's script both ran under the CSP.
    assert [chart["name"] for chart in charts if not chart["drawn"]] == []
    assert problems_seen(page) == {}


def test_markup_typed_by_a_patient_is_shown_as_text_and_never_runs(manager_page, live_server, feedback):
    page = manager_page
    open_admin(page, live_server.url, reverse("review:response", args=[feedback.poor.pk]))
    answers = page.locator("table.listing").first
    expect(answers.get_by_text(DETAILS)).to_be_visible()
    expect(answers.get_by_text(SCRIPT_PAYLOAD)).to_be_visible()
    assert page.locator("img[src='x'], main script:not([type='application/json'])").count() == 0
    assert not payload_ran(page)

    open_admin(page, live_server.url, reverse("review:dashboard"))
    facility_table = page.locator("#facility-heading ~ .review-table-scroll table.listing")
    expect(facility_table.get_by_text(f"South Hospital {PAYLOAD}")).to_be_visible()
    assert page.locator("img[src='x']").count() == 0
    assert not payload_ran(page)
    assert problems_seen(page) == {}


def test_a_liaison_sees_only_the_responses_of_their_own_facilities(browser, live_server, feedback):
    signed_in = {}
    for person in ("manager", "north_liaison"):
        page = watched_page(browser)
        sign_in(page, live_server.url, getattr(feedback, person))
        open_admin(page, live_server.url, reverse("review:responses"))
        signed_in[person] = page.locator("table.listing tbody").inner_text()
        assert problems_seen(page) == {}
        if person == "north_liaison":
            south_response = Response.objects.get(transition__external_reference="S-1")
            outside = reverse("review:response", args=[south_response.pk])
            open_admin(page, live_server.url, outside, status=404)
        page.context.close()

    everything = feedback.references["north"] + feedback.references["south"]
    assert [ref for ref in everything if ref not in signed_in["manager"]] == []
    assert [ref for ref in feedback.references["north"] if ref not in signed_in["north_liaison"]] == []
    assert [ref for ref in feedback.references["south"] if ref in signed_in["north_liaison"]] == []
    assert "South Hospital" not in signed_in["north_liaison"]


def test_the_dashboard_and_the_lists_need_no_horizontal_scrolling_on_a_phone(browser, live_server, feedback):
    # Plain facility names here: this is about the layout, not about markup in the data.
    Facility.objects.filter(pk=feedback.south.pk).update(name="South Hospital")
    page = watched_page(browser, viewport=PHONE_VIEWPORT)
    sign_in(page, live_server.url, feedback.manager)
    too_wide: dict[str, object] = {}
    for name in ("review:dashboard", "review:responses", "review:followups"):
        open_admin(page, live_server.url, reverse(name))
        page_width, screen_width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        if page_width > screen_width + 1:
            too_wide[name] = f"the page is {page_width} px wide on a {screen_width} px screen"
        # Wagtail hides the page's sideways overflow, so content wider than the screen is cut
        # off instead of scrolled to: the same WCAG 1.4.10 (Reflow) failure, checked directly.
        if cut_off := cut_off_on_the_right(page):
            too_wide[name + " (cut off)"] = cut_off
    page.context.close()
    assert not too_wide, "\n".join(f"{name}: {found}" for name, found in too_wide.items())
