"""The demo survey on small phones (390×844 and 320×568), in English and Spanish: the start
button without scrolling, a 0–10 scale that reads in one direction from end to end, each
hint on its own line, Spanish addresses, and no #fragment carried on after a Change link.
axe-core finds no violation on any of these pages."""

from __future__ import annotations

import itertools

import pytest
from playwright.sync_api import Page, expect
from wagtail.models import Locale

from content.services import page_translation_publish
from demo.surveys_seed import surveys_seed
from tests.e2e.survey_helpers import no_horizontal_scroll, open_page, save_button

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("migrated_data")]

PHONES = {"390x844": {"width": 390, "height": 844}, "320x568": {"width": 320, "height": 568}}
ADDRESSES = {
    "en": {"step": "/step/", "check": "/step/check/", "thank_you": "/thank-you/"},
    "es": {"step": "/paso/", "check": "/paso/revisar/", "thank_you": "/gracias/"},
}


@pytest.fixture
def demo_pages(home_page):
    Locale.objects.get_or_create(language_code="es")
    page_translation_publish(page=home_page, language_code="es", slug="inicio", fields={}, body=None)
    english = surveys_seed(home=home_page)["move_page"]
    spanish = english.get_translation(Locale.objects.get(language_code="es"))
    return {"en": english, "es": spanish}


def phone(browser, size: str, language: str) -> Page:
    return open_page(browser, viewport=PHONES[size], locale="es-US" if language == "es" else "en-US")


def start(page: Page, base_url: str, survey_page, language: str) -> None:
    page.goto(base_url + survey_page.url)
    page.locator("a.usa-button--big").click()
    page.wait_for_url(f"**{ADDRESSES[language]['step']}1/")


def to_the_scale(page: Page, language: str) -> None:
    """Save empty steps until the one with the 0–10 scales."""
    for _step in range(6):
        if page.locator(".survey-scale").count():
            return
        save_button(page).click()
        page.wait_for_load_state()
    raise AssertionError("no step with a 0-10 scale")


def boxes(where, selector: str) -> list[dict]:
    """The boxes of the elements ``selector`` finds in ``where`` (a page or a locator)."""
    return where.locator(selector).evaluate_all(
        "els => els.map(e => { const r = e.getBoundingClientRect();"
        " return {x: Math.round(r.left), y: Math.round(r.top), bottom: Math.round(r.bottom),"
        " text: e.innerText.trim()}; })"
    )


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_start_button_shows_without_scrolling_on_a_phone(
    browser, live_server, demo_pages, assert_accessible, language
):
    page = phone(browser, "390x844", language)
    page.goto(live_server.url + demo_pages[language].url)
    button = page.locator("a.usa-button--big")
    box = button.bounding_box()
    assert box is not None and box["y"] + box["height"] <= 844, box
    assert_accessible(page)
    page.context.close()


@pytest.mark.parametrize("size", PHONES)
@pytest.mark.parametrize("language", ["en", "es"])
def test_the_0_to_10_scale_reads_from_end_to_end_on_a_phone(
    browser, live_server, demo_pages, assert_accessible, size, language
):
    page = phone(browser, size, language)
    start(page, live_server.url, demo_pages[language], language)
    to_the_scale(page, language)
    scale = page.locator(".survey-scale").first
    tiles = boxes(scale, ".usa-radio__label")
    assert [tile["text"] for tile in tiles] == [str(number) for number in range(11)]
    # One column, 0 at the top and 10 at the bottom, each tile below the one before.
    assert len({tile["x"] for tile in tiles}) == 1, tiles
    assert all(later["y"] >= earlier["bottom"] for earlier, later in itertools.pairwise(tiles)), tiles
    low, high = boxes(scale, ".survey-scale__end")
    assert low["text"].startswith("0 = ") and high["text"].startswith("10 = ")
    assert low["bottom"] <= tiles[0]["y"] and high["y"] >= tiles[-1]["bottom"]
    assert no_horizontal_scroll(page)
    assert_accessible(page)

    # By keyboard: the arrow keys go from 0 to 10 along the column.
    scale.locator("input[value='0']").focus()
    page.keyboard.press("Space")
    for _number in range(10):
        page.keyboard.press("ArrowDown")
    expect(scale.locator("input[value='10']")).to_be_checked()
    expect(scale.locator("input[value='10']")).to_be_focused()
    page.context.close()


@pytest.mark.parametrize("size", PHONES)
@pytest.mark.parametrize("language", ["en", "es"])
def test_each_hint_stands_on_its_own_line(browser, live_server, demo_pages, size, language):
    page = phone(browser, size, language)
    start(page, live_server.url, demo_pages[language], language)
    checked = 0
    for _step in range(6):
        for group in page.locator(".survey-question").all():
            hints = boxes(group, ":scope > .usa-hint")
            for earlier, later in itertools.pairwise(hints):
                assert later["y"] >= earlier["bottom"], (earlier, later)
                checked += 1
            text = group.inner_text()
            assert ".Up to" not in text and ".Hasta" not in text, text
        if ADDRESSES[language]["check"] in page.url:
            break
        save_button(page).click()
        page.wait_for_load_state()
    assert checked >= 2  # a text box's hint and its length limit, at least twice
    page.context.close()


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_change_link_leaves_no_fragment_in_the_address_and_each_language_has_its_own(
    browser, live_server, demo_pages, assert_accessible, language
):
    page = phone(browser, "320x568", language)
    addresses = ADDRESSES[language]
    start(page, live_server.url, demo_pages[language], language)
    assert addresses["step"] in page.url
    to_the_scale(page, language)
    page.locator(".survey-scale").first.get_by_text("8", exact=True).click()
    for _step in range(6):
        if addresses["check"] in page.url:
            break
        save_button(page).click()
        page.wait_for_load_state()
    assert page.url.endswith(addresses["check"])
    assert_accessible(page)

    change = page.locator(".survey-summary__action a[href*='#']").nth(0)
    change.click()
    page.wait_for_load_state()
    assert "#" in page.url
    save_button(page).click()
    page.wait_for_url(f"**{addresses['check']}")
    assert "#" not in page.url, page.url
    save_button(page).click()
    page.wait_for_url(f"**{addresses['thank_you']}")
    assert "#" not in page.url, page.url
    assert_accessible(page)
    page.context.close()
