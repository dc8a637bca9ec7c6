"""Clinical review in a real browser: an editor submits a page, a liaison manager approves
it, and the public page names the manager as its reviewer, dated today."""

import re

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format

from content.models import ArticlePage
from portal.models import StaffProfile
from tests.e2e.review_helpers import DESKTOP_VIEWPORT, reviewer
from tests.e2e.survey_helpers import open_page, sign_in

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("migrated_data")]


def never_reviewed_draft(page) -> ArticlePage:
    page = ArticlePage.objects.get(id=page.id)
    page.unpublish()
    ArticlePage.objects.filter(id=page.id).update(last_reviewed=None, next_review_due=None, reviewer="")
    page = ArticlePage.objects.get(id=page.id)
    page.save_revision()
    return page


def footer_action(tab, name) -> None:
    """Click one of the editor's footer actions, opening the "more actions" menu if it is
    in there."""
    button = tab.locator("footer").get_by_role("button", name=name)
    if not button.first.is_visible():
        tab.locator("footer [data-w-dropdown-target='toggle']").first.click()
    button.first.click()
    tab.wait_for_url("**/admin/pages/*/")


def test_an_editor_submits_a_manager_approves_and_readers_see_the_review(browser, live_server, library):
    draft = never_reviewed_draft(library["copd"])
    editor = reviewer("Content editor", first_name="Eden", last_name="Editor")
    manager = reviewer("Liaison manager", first_name="Mia", last_name="Manager")
    StaffProfile.objects.create(user=manager, credentials="RN, MSN")
    edit_url = f"{live_server.url}/admin/pages/{draft.id}/edit/"

    tab = open_page(browser, viewport=DESKTOP_VIEWPORT)
    sign_in(tab, live_server.url, editor)
    tab.goto(edit_url)
    assert tab.locator("[name='action-publish']").count() == 0
    tab.locator("#id_summary").fill("Breathe easier with a plan for each day.")
    footer_action(tab, re.compile("^Submit to Clinical review$"))
    tab.context.close()

    tab = open_page(browser, viewport=DESKTOP_VIEWPORT)
    sign_in(tab, live_server.url, manager)
    tab.goto(edit_url)
    footer_action(tab, re.compile("^Approve( and publish)?$", re.IGNORECASE))
    tab.context.close()

    page = ArticlePage.objects.get(id=draft.id)
    assert page.live and not page.has_unpublished_changes
    assert page.live_revision_id == page.latest_revision_id
    tab = open_page(browser, viewport=DESKTOP_VIEWPORT)
    tab.goto(live_server.url + page.url)
    with translation.override("en"):
        today = date_format(timezone.localdate(), "DATE_FORMAT")
    assert f"Reviewed by Mia Manager, RN, MSN on {today}." in tab.inner_text(".portal-review")
    assert "Breathe easier with a plan for each day." in tab.inner_text("main")
    tab.context.close()
