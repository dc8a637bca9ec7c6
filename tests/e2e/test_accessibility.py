"""Zero axe-core violations (WCAG 2.2 AA) and keyboard use, in a real browser."""

import pytest

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("migrated_data")]


def test_home_page_has_no_accessibility_violations(page, live_server, home_page, assert_accessible):
    response = page.goto(live_server.url + "/")
    assert response.status == 200
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "Care after the hospital"
    assert_accessible(page)


def test_login_page_has_no_accessibility_violations(page, live_server, assert_accessible):
    response = page.goto(live_server.url + "/accounts/login/")
    assert response.status == 200
    assert page.get_by_label("Email").is_visible()
    assert_accessible(page)


def test_login_errors_are_announced_next_to_the_form(page, live_server, manager, assert_accessible):
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill(manager.email)
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign In").click()
    assert page.get_by_role("alert").first.is_visible()
    assert page.get_by_label("Email").input_value() == manager.email
    assert_accessible(page)


def test_first_tab_reaches_the_skip_link_and_it_moves_focus_to_main(page, live_server, home_page):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    assert skip.get_attribute("href") == "#main-content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"
