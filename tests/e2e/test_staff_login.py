"""The whole staff sign-in in a real browser: password, then the authenticator code."""

import pytest

from tests.factories import STAFF_PASSWORD
from tests.portal.test_login import current_totp_code

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("migrated_data")]


def test_manager_signs_in_with_password_and_code_and_reaches_the_admin(page, live_server, manager):
    page.goto(live_server.url + "/admin/")
    assert "/accounts/login/" in page.url

    page.get_by_label("Email").fill(manager.email)
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url("**/accounts/2fa/authenticate/**")

    page.get_by_label("Code").fill(current_totp_code(manager.totp_secret))
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url("**/admin/")
    assert page.get_by_role("heading", level=1).first.is_visible()
    assert page.csp_violations == []
