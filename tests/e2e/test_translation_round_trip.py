"""A Spanish translation in a real browser: an editor translates a page with wagtail-localize,
edits a field, submits it to clinical review; a liaison manager approves and the Spanish page
is live; then the English page changes and "Sync translated pages" brings the change over."""

import pytest
from wagtail.models import Locale, Page

from content.models import ArticlePage
from tests.e2e.review_helpers import DESKTOP_VIEWPORT, reviewer
from tests.e2e.survey_helpers import open_page, sign_in

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("migrated_data")]


def eventually(tab, check) -> bool:
    """True once ``check()`` holds: a button posted and the server is still answering."""
    for _attempt in range(50):
        if check():
            return True
        tab.wait_for_timeout(200)
    return False


def spanish_of(page) -> ArticlePage:
    return ArticlePage.objects.get(translation_key=page.translation_key, locale__language_code="es")


def test_an_editor_translates_a_manager_approves_and_sync_brings_english_changes(
    browser, live_server, library
):
    from wagtail_localize.models import StringSegment, TranslationSource

    english = library["copd"]
    editor = reviewer("Content editor")
    manager = reviewer("Liaison manager", first_name="Mia", last_name="Manager")

    # The editor's session stays open for the sync at the end (an authenticator code is
    # good for one sign-in).
    writer = open_page(browser, viewport=DESKTOP_VIEWPORT)
    sign_in(writer, live_server.url, editor)
    writer.goto(f"{live_server.url}/admin/localize/submit/page/{english.id}/")
    writer.locator("input[name=locales]").first.check(force=True)
    writer.locator("input[type=submit][value=Submit]").click()
    writer.wait_for_url("**/admin/pages/*/edit/")
    spanish = spanish_of(english)
    assert not spanish.live  # a translation starts as a draft, whatever the English page is

    writer.get_by_role("button", name="Translate").first.click()
    writer.locator("textarea").first.fill("Vivir con EPOC")
    writer.get_by_role("button", name="Save").first.click()
    writer.get_by_role("button", name="Edit").first.wait_for()

    writer.goto(f"{live_server.url}/admin/content-translations/{spanish.id}/submit/")
    writer.get_by_role("button", name="Submit for clinical review").click()
    writer.wait_for_url("**/admin/pages/*/")
    assert Page.objects.get(id=spanish.id).current_workflow_state.status == "in_progress"

    tab = open_page(browser, viewport=DESKTOP_VIEWPORT)
    sign_in(tab, live_server.url, manager)
    # The dashboard's "Awaiting your review": the Spanish page is the only page there.
    tab.get_by_role("button", name="Actions").first.click()
    tab.get_by_role("button", name="Approve", exact=True).first.click()
    eventually(tab, ArticlePage.objects.filter(id=spanish.id, live=True).exists)
    tab.context.close()

    spanish = spanish_of(english)
    assert spanish.live and spanish.title == "Vivir con EPOC"
    assert spanish.reviewer == "Mia Manager" and spanish.last_reviewed is not None
    assert not spanish.has_unpublished_changes
    assert spanish.locale == Locale.objects.get(language_code="es")

    english = ArticlePage.objects.get(id=english.id)
    english.summary = "A new plan for breathing easier."
    english.save_revision(user=manager).publish(user=manager)
    source = TranslationSource.objects.get(object_id=english.translation_key)

    writer.goto(f"{live_server.url}/admin/localize/update/{source.id}/")
    writer.locator("input[type=submit][value=Submit]").click()
    synced = StringSegment.objects.filter(source=source, string__data="A new plan for breathing easier.")
    assert eventually(writer, synced.exists)
    writer.context.close()
