"""Where the survey's steps live and where their forms send: Spanish words in Spanish
addresses (the English ones kept for links already sent), and no #fragment carried on."""

import re

import pytest
from django.test import Client

from content.services import page_translation_publish
from surveys.models import Response
from surveys.services import survey_translation_publish
from tests.surveys.factories import three_step_snapshot
from tests.surveys.test_wizard import STEP1, STEP2, STEP3

pytestmark = pytest.mark.django_db


@pytest.fixture
def spanish_page(home_page, survey, survey_page):
    spanish_survey = survey_translation_publish(
        survey=survey, snapshot={**three_step_snapshot("es"), "title": "Su traslado"}, language_code="es"
    )
    page_translation_publish(page=home_page, language_code="es", slug="inicio", fields={}, body=None)
    return page_translation_publish(
        page=survey_page,
        language_code="es",
        slug="su-traslado",
        fields={"title": "Su traslado", "survey": spanish_survey},
        body=None,
    )


def posted(step: str, data: dict) -> dict:
    return {f"{step}-{key}": value for key, value in data.items()}


def form_action(html: str) -> str:
    (action,) = re.findall(r'<form method="post"[^>]* action="([^"]*)"', html)
    return action


def test_a_spanish_survey_walks_through_spanish_addresses(spanish_page):
    client = Client()
    base = spanish_page.url
    assert client.get(base + "continuar/").url == base + "paso/1/"
    assert client.post(base + "paso/1/", posted("1", STEP1)).url == base + "paso/2/"
    assert client.post(base + "paso/2/", posted("2", STEP2)).url == base + "paso/3/"
    assert client.post(base + "paso/3/", posted("3", STEP3)).url == base + "paso/revisar/"
    check = client.get(base + "paso/revisar/").content.decode()
    assert f'href="{base}paso/2/?change=1#2-overall"' in check
    assert client.post(base + "paso/revisar/", {}).url == base + "gracias/"
    assert client.get(base + "gracias/").status_code == 200
    assert Response.objects.count() == 1


def test_the_start_page_links_to_the_spanish_address(spanish_page):
    html = Client().get(spanish_page.url).content.decode()
    assert f'href="{spanish_page.url}continuar/"' in html


def test_english_step_and_thank_you_addresses_keep_working_on_a_spanish_page(spanish_page):
    client = Client()
    base = spanish_page.url
    assert client.get(base + "step/1/").status_code == 200
    client.post(base + "step/1/", posted("1", STEP1))
    client.post(base + "step/2/", posted("2", STEP2))
    client.post(base + "step/3/", posted("3", STEP3))
    assert client.get(base + "step/check/").status_code == 200
    assert client.get(base + "continue/").url == base + "paso/revisar/"
    assert client.post(base + "step/check/", {}).url == base + "gracias/"
    assert client.get(base + "thank-you/").status_code == 200
    assert Response.objects.count() == 1


def test_english_pages_keep_english_addresses(survey_page):
    client = Client()
    assert client.get(survey_page.url + "continue/").url == survey_page.url + "step/1/"
    assert client.post(survey_page.url + "step/1/", posted("1", STEP1)).url == survey_page.url + "step/2/"


def test_the_language_switcher_keeps_the_step_at_each_language_address(spanish_page, survey_page):
    client = Client()
    client.post(spanish_page.url + "paso/1/", posted("1", STEP1))
    html = client.get(spanish_page.url + "paso/2/").content.decode()
    assert f'href="{survey_page.url}step/2/"' in html
    html = client.get(survey_page.url + "step/2/").content.decode()
    assert f'href="{spanish_page.url}paso/2/"' in html


def test_a_step_form_posts_to_the_step_address_so_no_fragment_follows_the_redirects(survey_page):
    # An empty action posts to the address with its #fragment (a Change link's), and the
    # browser keeps that fragment through every redirect, to the thank-you page.
    client = Client()
    client.post(survey_page.url + "step/1/", posted("1", STEP1))
    html = client.get(survey_page.url + "step/2/?change=1").content.decode()
    assert form_action(html) == survey_page.url + "step/2/"
    client.post(survey_page.url + "step/2/", posted("2", STEP2))
    client.post(survey_page.url + "step/3/", posted("3", STEP3))
    assert form_action(client.get(survey_page.url + "step/check/").content.decode()) == (
        survey_page.url + "step/check/"
    )


def test_the_progress_list_is_named_and_no_div_carries_an_aria_label(survey_page):
    html = Client().get(survey_page.url + "step/1/").content.decode()
    assert '<ol class="usa-step-indicator__segments" aria-label="Progress">' in html
    assert not re.search(r"<div(?![^>]*\brole=)[^>]*\baria-label=", html)
