"""Staff find two-step verification from the admin with the keyboard alone, and find their
way back: the dashboard offers it until it is set up, and Account always has it."""

import re
from urllib.parse import urlparse

import pytest

from tests.e2e.survey_helpers import sign_in
from tests.factories import STAFF_PASSWORD

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("migrated_data")]

FOCUSED = """() => {
  const e = document.activeElement;
  if (!e) return null;
  const r = e.getBoundingClientRect();
  const label = e.getAttribute("aria-label") || (e.labels && e.labels[0] ? e.labels[0].innerText : "");
  return {text: e.innerText || "", label: label, visible: r.width > 0 && r.height > 0};
}"""


@pytest.fixture
def desktop(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    page = context.new_page()
    yield page
    context.close()


def tab_to(page, name: str, *, limit: int = 150) -> None:
    """Press Tab until the focused element is a visible control named ``name``."""
    wanted = re.compile(rf"^\s*{re.escape(name)}\s*$", re.IGNORECASE)
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if (
            focused
            and focused["visible"]
            and (wanted.match(focused["text"]) or wanted.match(focused["label"]))
        ):
            return
    raise AssertionError(f"{name!r} was not reached with {limit} presses of Tab")


def at_path(path: str):
    return lambda url: urlparse(url).path == path


def test_a_new_staff_member_reaches_two_step_set_up_from_the_dashboard_by_keyboard(
    desktop, live_server, settings, staff_without_mfa
):
    settings.PORTAL_REQUIRE_MFA = False  # the demo's setting: the dashboard is reachable first
    page = desktop
    page.goto(live_server.url + "/admin/")
    page.get_by_label("Email").fill(staff_without_mfa.email)
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(at_path("/admin/"))

    tab_to(page, "Set up two-step verification")
    page.keyboard.press("Enter")
    # allauth asks for the password again before a second factor is added.
    page.wait_for_url(at_path("/accounts/reauthenticate/"))
    tab_to(page, "Password")
    page.keyboard.type(STAFF_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(at_path("/accounts/2fa/totp/activate/"))
    assert page.get_by_role("heading", level=1).inner_text() == "Set up two-step verification"

    tab_to(page, "Back to the admin")
    page.keyboard.press("Enter")
    page.wait_for_url(at_path("/admin/"))


def test_staff_with_two_step_verification_manage_it_from_the_account_menu_by_keyboard(
    desktop, live_server, manager
):
    page = desktop
    sign_in(page, live_server.url, manager)
    page.wait_for_url(at_path("/admin/"))

    tab_to(page, manager.first_name)  # the account menu at the foot of the sidebar
    page.keyboard.press("Enter")
    tab_to(page, "Account")
    page.keyboard.press("Enter")
    page.wait_for_url(at_path("/admin/account/"))

    tab_to(page, "Manage two-step verification")
    page.keyboard.press("Enter")
    page.wait_for_url(at_path("/accounts/2fa/"))
    assert page.get_by_role("heading", level=1).inner_text() == "Two-step verification"
    assert page.get_by_role("link", name="Back to the admin").first.is_visible()
