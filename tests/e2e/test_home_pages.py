"""Each staff role's admin home in real Chromium: signed in with the second factor, the role
sees its own work in its panels, every link there opens for that person, and the page has no
axe-core violation (WCAG 2.2 AA)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from content.models import ArticlePage
from packets.models import Packet
from tests.e2e.survey_helpers import sign_in
from tests.feedback.factories import (
    case_like,
    cast,  # noqa: F401 - shared fixture: two hospitals and their people
)
from tests.surveys.conftest import snapshot, survey  # noqa: F401 - shared fixtures
from transitions.models import CareTransition

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("migrated_data")]

PANEL_LINKS = "section[id^='home-'] a[href]:not(.w-panel__anchor)"


@pytest.fixture
def desktop(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    page = context.new_page()
    page.csp_violations = []
    yield page
    context.close()


def open_home(page, base_url: str, user, assert_accessible) -> None:
    sign_in(page, base_url, user)
    # Opened again without the sign-in message: Wagtail's own success banner is checked elsewhere,
    # and axe sometimes measures it mid fade-in (contrast 4.38).
    assert page.goto(base_url + "/admin/").status == 200
    assert page.locator(".w-summary").count() == 0  # Wagtail's page and image counts are gone
    assert_accessible(page)


def assert_panel_links_open(page, base_url: str) -> int:
    """Every link in the role's panels answers 200 for the signed-in person (same cookies)."""
    hrefs = page.locator(PANEL_LINKS).evaluate_all("links => links.map(link => link.getAttribute('href'))")
    assert hrefs
    for href in hrefs:
        assert page.request.get(base_url + href).status == 200, href
    return len(hrefs)


def test_a_liaison_home_lists_their_follow_ups_invitations_packets_and_pages(
    desktop,
    live_server,
    cast,  # noqa: F811
    library,
    assert_accessible,
):
    late = case_like(cast.north_response, owner=cast.north_liaison, due_in_hours=-3)
    case_like(cast.south_response, owner=cast.south_liaison, due_in_hours=-3)
    CareTransition.objects.create(
        external_reference="N-NOMAIL",
        patient_first_name="Ana",
        discharging_facility=cast.north,
        destination_kind="snf",
        transition_date=timezone.localdate(),
    )
    Packet.objects.create(
        transition=cast.north_response.transition,
        language="en",
        status=Packet.SENT,
        sent_at=timezone.now() - dt.timedelta(days=5),
    )
    ArticlePage.objects.filter(slug="copd").update(
        owner=cast.north_liaison, next_review_due=timezone.localdate() + dt.timedelta(days=10)
    )

    open_home(desktop, live_server.url, cast.north_liaison, assert_accessible)

    followups = desktop.locator("#home-followups-section")
    expect(followups.get_by_role("heading", name="Your open follow-ups")).to_be_visible()
    expect(followups.get_by_role("listitem")).to_have_count(1)
    expect(followups.get_by_role("link", name=f"Follow-up {late.pk}")).to_be_visible()
    expect(followups).to_contain_text("Overdue")
    expect(desktop.locator("#home-invitations_not_sent-section")).to_contain_text("no email address")
    expect(
        desktop.locator("#home-packets_not_opened-section").get_by_role("link", name="Reference N-1")
    ).to_be_visible()
    expect(desktop.locator("#home-pages_review_due-section")).to_contain_text("Living with COPD")
    expect(desktop.locator("#home-pages_in_review-section")).to_contain_text(
        "None of your pages is in review."
    )
    expect(desktop.get_by_text("S-1")).to_have_count(0)
    assert assert_panel_links_open(desktop, live_server.url) >= 4


def test_a_manager_home_lists_the_teams_overdue_and_waiting_follow_ups_rate_and_pages(
    desktop,
    live_server,
    cast,  # noqa: F811
    library,
    assert_accessible,
):
    case_like(cast.north_response, owner=cast.north_liaison, due_in_hours=-3)
    case_like(cast.south_response, owner=cast.south_liaison, due_in_hours=-1)
    case_like(cast.south_response, due_in_hours=8)
    ArticlePage.objects.filter(slug="copd").update(
        next_review_due=timezone.localdate() - dt.timedelta(days=2)
    )

    open_home(desktop, live_server.url, cast.manager, assert_accessible)

    overdue = desktop.locator("#home-team_overdue_followups-section")
    expect(overdue.get_by_role("listitem")).to_have_count(2)
    expect(overdue).to_contain_text("held by Nora North")
    expect(desktop.locator("#home-followups_waiting-section").get_by_role("listitem")).to_have_count(1)
    expect(desktop.locator("#home-response-rate-section")).to_contain_text("answered of")
    expect(desktop.locator("#home-pages_review_overdue-section")).to_contain_text("Living with COPD")
    assert assert_panel_links_open(desktop, live_server.url) >= 5


def test_a_content_editor_home_lists_their_pages_in_review_and_above_the_reading_target(
    desktop,
    live_server,
    cast,  # noqa: F811
    library,
    assert_accessible,
):
    ArticlePage.objects.filter(slug="heart-failure").update(owner=cast.editor, readability_grade=9.2)
    heart = ArticlePage.objects.get(slug="heart-failure")
    heart.get_workflow().start(heart, cast.editor)

    open_home(desktop, live_server.url, cast.editor, assert_accessible)

    in_review = desktop.locator("#home-pages_in_review-section")
    expect(in_review.get_by_role("link", name="Living with heart failure")).to_be_visible()
    expect(in_review).to_contain_text("Clinical sign-off")
    expect(desktop.locator("#home-readability_warnings-section")).to_contain_text("grade 9.2")
    expect(desktop.locator("#home-followups-section")).to_have_count(0)
    assert assert_panel_links_open(desktop, live_server.url) >= 2
