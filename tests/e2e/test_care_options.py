"""Find a place of care in a real browser on a phone (390x844), in English and Spanish:
searching by ZIP code, sorting by a rating, a place's own page, the printed list, axe-core
and the keyboard alone."""

import pytest

from tests.transitions.provider_factories import (
    ORIGIN_ZIP,
    ProviderDataReleaseFactory,
    provider_at,
    provider_measure_add,
)
from transitions.providers.geo import zip_location

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("migrated_data")]

PREFIX = {"en": "", "es": "/es"}
WORDS = {
    "en": {"search": "Search", "print": "Print this list", "found": "3 places found"},
    "es": {"search": "Buscar", "print": "Imprimir esta lista", "found": "3 lugares encontrados"},
}


@pytest.fixture
def providers(home_page):
    """Three nursing homes near downtown Chicago: the nearest has the lowest rating."""
    latitude, longitude = zip_location(ORIGIN_ZIP)
    release = ProviderDataReleaseFactory()
    made = {}
    for name, miles, stars in [("Near Home", 1, 2), ("Middle Home", 3, 5), ("Far Home", 6, 4)]:
        made[name] = provider_at(latitude=latitude, longitude=longitude, north_miles=miles, name=name)
        provider_measure_add(made[name], "overall_rating", stars, release=release)
    made["Middle Home"].affiliated = True
    made["Middle Home"].save()
    return made


def names(page) -> list[str]:
    return page.locator(".portal-care-options__list .portal-provider__name").all_inner_texts()


@pytest.mark.parametrize("language", ["en", "es"])
def test_search_by_zip_sort_by_a_rating_open_a_place_and_print_the_list(
    page, live_server, providers, assert_accessible, language
):
    words = WORDS[language]
    page.goto(f"{live_server.url}{PREFIX[language]}/care-options/")
    assert page.locator("html").get_attribute("lang") == language
    assert_accessible(page)

    page.locator("label[for=id_kind_0]").click()  # USWDS draws the radio on its label
    page.locator("#id_zip_code").fill(ORIGIN_ZIP)
    page.locator("#id_distance").select_option("10")
    page.locator("#id_sort").select_option("overall_rating")
    page.get_by_role("button", name=words["search"], exact=True).click()
    page.wait_for_url("**zip_code=60601**")

    assert words["found"] in page.locator("#care-options-count").inner_text()
    assert names(page) == ["Middle Home", "Far Home", "Near Home"]
    assert page.locator(".portal-provider__disclosure").count() == 1
    assert_accessible(page)

    page.emulate_media(media="print")
    assert not page.locator(".portal-care-options__form").is_visible()
    assert not page.locator("#primary-nav").is_visible()
    assert not page.get_by_role("button", name=words["print"]).is_visible()
    assert page.locator(".portal-care-options__list").is_visible()
    assert page.locator(".portal-care-options__item").count() == 3
    page.emulate_media(media="screen")

    page.get_by_role("link", name="Middle Home", exact=True).click()
    assert page.locator("h1").inner_text() == "Middle Home"
    assert page.locator(".portal-provider__distance").is_visible()
    assert_accessible(page)


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_search_works_with_the_keyboard_alone(page, live_server, providers, language):
    page.goto(f"{live_server.url}{PREFIX[language]}/care-options/")
    page.locator("input[name=kind]").first.focus()
    page.keyboard.press("Space")  # the first kind: skilled nursing
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_zip_code"
    page.keyboard.type(ORIGIN_ZIP)
    page.keyboard.press("Enter")
    page.wait_for_url("**zip_code=60601**")
    assert names(page) == ["Near Home", "Middle Home", "Far Home"]

    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate(
            "!!document.activeElement.closest('.portal-care-options__list .portal-provider__name')"
        ):
            break
    else:
        pytest.fail("Tab never reached a place in the list")
    assert page.evaluate("document.activeElement.textContent") == "Near Home"
    page.keyboard.press("Enter")
    page.wait_for_url("**/care-options/*/**")
    assert page.locator("h1").inner_text() == "Near Home"


def test_an_unknown_zip_code_is_announced_and_kept(page, live_server, providers, assert_accessible):
    page.goto(f"{live_server.url}/care-options/?kind=snf&zip_code=00000&distance=25&sort=distance")

    assert page.get_by_role("alert").is_visible()
    assert page.locator("#id_zip_code").input_value() == "00000"
    assert page.locator("#id_zip_code").get_attribute("aria-invalid") == "true"
    assert_accessible(page)
