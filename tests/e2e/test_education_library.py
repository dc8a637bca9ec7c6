"""The education library in a real browser: zero axe-core violations and keyboard use."""

import pytest

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("migrated_data")]


@pytest.fixture
def site(library):
    return library


@pytest.mark.parametrize(
    "name",
    ["home", "topics", "care_settings", "heart", "snf", "heart_es", "search", "untranslated"],
)
def test_library_pages_have_no_accessibility_violations(page, live_server, site, assert_accessible, name):
    paths = {
        "home": "/",
        "topics": site["topics"].url,
        "care_settings": site["care_settings"].url,
        "heart": site["heart"].url,
        "snf": site["snf"].url,
        "heart_es": site["heart_es"].url,
        "search": "/search/?q=heart",
        "untranslated": f"/es/untranslated/{site['copd'].id}/",
    }
    response = page.goto(live_server.url + paths[name])
    assert response.status == 200
    assert_accessible(page)


def test_spanish_page_is_marked_spanish(page, live_server, site):
    page.goto(live_server.url + site["heart_es"].url)
    assert page.locator("html").get_attribute("lang") == "es"
    assert page.get_by_role("heading", level=1).inner_text() == "Vivir con insuficiencia cardíaca"


def test_article_is_usable_with_the_keyboard_alone(page, live_server, site):
    page.goto(live_server.url + site["heart"].url)
    seen = []
    for _ in range(40):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "(() => { const e = document.activeElement; const r = e.getBoundingClientRect();"
            " const s = getComputedStyle(e);"
            " return {tag: e.tagName, text: (e.innerText || e.value || '').trim().slice(0, 40),"
            " w: r.width, h: r.height, outline: s.outlineStyle !== 'none' || s.boxShadow !== 'none'}; })()"
        )
        if focused["tag"] == "BODY":
            break
        seen.append(focused)
    texts = [f["text"] for f in seen]
    assert texts[0] in ("Skip to main content",)
    assert any("Español" in t for t in texts)
    assert all(f["outline"] for f in seen), [f for f in seen if not f["outline"]]
    assert all(f["w"] >= 24 and f["h"] >= 24 for f in seen if f["tag"] in ("A", "BUTTON", "SUMMARY")), [
        f for f in seen if f["w"] < 24 or f["h"] < 24
    ]


def test_search_from_the_home_page_by_keyboard_finds_the_page(page, live_server, site):
    page.goto(live_server.url + "/")
    box = page.get_by_label("Search for a health topic or a place of care")
    box.focus()
    page.keyboard.type("heart failure")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=heart+failure**")
    first = page.locator(".portal-search__results a").first
    assert first.inner_text() == "Living with heart failure"


def test_print_media_hides_navigation_and_writes_out_review_dates(page, live_server, site):
    page.goto(live_server.url + site["heart"].url)
    page.emulate_media(media="print")
    assert not page.locator("#primary-nav").is_visible()
    footer = page.locator(".print-only").last
    assert footer.is_visible()
    assert site["heart"].url in page.inner_text("body")


def test_on_a_phone_the_menu_is_folded_from_the_first_paint_and_opens_with_its_button(
    page, live_server, site
):
    """No layout shift: the page is drawn with the menu folded (before portal.js runs)."""
    page.route("**/js/portal.*", lambda route: route.abort())  # as if portal.js were still loading
    page.goto(live_server.url + site["heart"].url)
    menu, nav = page.get_by_role("button", name="Menu"), page.locator("#primary-nav")
    assert menu.is_visible() and not nav.is_visible()
    page.unroute("**/js/portal.*")
    page.goto(live_server.url + site["heart"].url)
    assert menu.get_attribute("aria-expanded") == "false"
    menu.click()
    assert nav.is_visible() and menu.get_attribute("aria-expanded") == "true"


def test_the_print_button_opens_the_print_dialog(page, live_server, site):
    page.goto(live_server.url + site["heart"].url)
    page.evaluate("window.printed = 0; window.print = () => { window.printed += 1; }; 0")
    page.get_by_role("button", name="Print this page").click()
    assert page.evaluate("window.printed") == 1


def test_without_scripts_the_menu_is_open_and_script_only_buttons_are_hidden(browser, live_server, site):
    context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(live_server.url + site["heart"].url)
        assert page.locator("#primary-nav").is_visible()
        assert not page.locator(".portal-menu-button").is_visible()
        assert not page.locator(".portal-print-button").is_visible()
    finally:
        context.close()
