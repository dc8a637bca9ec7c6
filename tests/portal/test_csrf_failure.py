"""A form sent without its security cookie gets a plain page in the visitor's language."""

import pytest
from django.test import Client

TECHNICAL = ("CSRF", "csrf_token", "Django", "Forbidden")


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/your-move/step/1/", "Please go back and send it again"),
        ("/es/su-traslado/paso/1/", "Vuelva atrás y envíelo de nuevo"),
        ("/accounts/login/", "Please go back and send it again"),
    ],
)
def test_a_form_sent_without_its_cookie_gets_a_plain_page_in_the_visitors_language(home_page, path, heading):
    response = Client(enforce_csrf_checks=True).post(path, {"1-preferences": "3"})
    assert response.status_code == 403
    body = response.content.decode()
    assert heading in body
    assert not any(word in body for word in TECHNICAL), body
    assert response["Cache-Control"] == "no-store"
