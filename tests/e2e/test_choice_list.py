"""The liaison's choice list in a real browser: search near the patient's ZIP code, put
providers on the list, take one off with a reason, share it, then the printed list in the
patient's language; zero axe-core violations and no CSP report on each page."""

import pytest

from tests.e2e.survey_helpers import open_page, sign_in
from tests.factories import staff
from tests.packets.factories import make_transition
from tests.transitions.test_choice_list import ZIP, nursing_home, release
from transitions.models import ChoiceListEntry, ChoiceListShare, Facility

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("migrated_data")]

DESKTOP_VIEWPORT = {"width": 1280, "height": 1000}


def test_a_liaison_builds_the_list_takes_one_off_with_a_reason_and_shares_it(
    browser, live_server, library, assert_accessible
):
    hospital = Facility.objects.create(name="North Hospital", kind="hospital", zip_code=ZIP)
    liaison = staff("Liaison", first_name="Nora", last_name="North")
    hospital.liaisons.add(liaison)
    transition = make_transition(facility=hospital, liaison=liaison)
    october = release()
    nursing_home("Oak Grove Nursing Center", north_miles=3, ccn="145001", overall=4, data=october)
    nursing_home("Lakeview Care", north_miles=1, ccn="145002", overall=2, data=october, affiliated=True)

    page = open_page(browser, viewport=DESKTOP_VIEWPORT)
    try:
        sign_in(page, live_server.url, liaison)
        page.goto(f"{live_server.url}/admin/transition-choices/{transition.pk}/")
        page.get_by_label("ZIP code to search from").fill(ZIP)
        page.get_by_label("Distance").select_option("10")
        page.get_by_label("The patient's goals and preferences").fill("Near her daughter in Lincoln Park")
        page.get_by_role("button", name="Save and search").click()
        page.get_by_text("The search is saved.").wait_for()
        assert_accessible(page)

        page.get_by_role("button", name="Add Lakeview Care to the list").click()
        page.get_by_text("The provider is on the list.").wait_for()
        page.get_by_role("button", name="Add Oak Grove Nursing Center to the list").click()
        page.get_by_text("The provider is on the list.").wait_for()

        # Taking one off without a reason is refused, with the message by the field.
        reason = page.get_by_label("Why take Lakeview Care off the list")
        reason.locator("xpath=..").get_by_role("button", name="Take off the list").click()
        page.get_by_role("alert").get_by_text("Say why this provider comes off the list.").wait_for()
        assert_accessible(page)
        page.get_by_label("Why take Lakeview Care off the list").fill("No bed until March")
        page.get_by_label("Why take Lakeview Care off the list").press("Enter")
        page.get_by_text("The provider is off the list.").wait_for()

        page.get_by_role("button", name="Share with the patient").click()
        page.get_by_text("The list is shared").wait_for()
        assert_accessible(page)
        share = ChoiceListShare.objects.get()
        assert [provider["name"] for provider in share.snapshot["providers"]] == ["Oak Grove Nursing Center"]
        assert ChoiceListEntry.objects.get(facility__name="Lakeview Care").reason == "No bed until March"

        # The printed list reads in the patient's language.
        page.get_by_role("link", name="Print the list").click()
        page.wait_for_url("**/print/")
        assert page.locator("html").get_attribute("lang") == "es"
        assert page.get_by_role("heading", name="Sus opciones").is_visible()
        assert_accessible(page)
    finally:
        page.context.close()
