import pytest

pytestmark = pytest.mark.django_db


def test_staff_pages_are_in_spanish_under_es(client):
    response = client.get("/es/accounts/login/")
    html = response.content.decode()
    assert '<html lang="es"' in html
    assert "Saltar al contenido principal" in html


def test_english_is_the_default(client):
    html = client.get("/accounts/login/").content.decode()
    assert '<html lang="en"' in html
    assert "Skip to main content" in html


def test_every_page_offers_both_languages_as_plain_links(client, home_page):
    html = client.get("/").content.decode()
    assert 'hreflang="es"' in html
    assert 'hreflang="en"' in html
    assert "csrfmiddlewaretoken" not in html  # cacheable: no per-visitor token on public pages
