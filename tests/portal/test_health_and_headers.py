import pytest
from django.db import connection
from django.test import Client

from portal.celery import app as celery_app

pytestmark = pytest.mark.django_db


def test_healthz_is_200_when_database_and_broker_answer(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_is_503_without_details_when_the_broker_is_down(client, monkeypatch):
    monkeypatch.setattr(celery_app.conf, "broker_url", "redis://127.0.0.1:1/0")
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable"}


def test_healthz_is_503_when_the_database_is_down(client, monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise connection.OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert b"server closed" not in response.content


def test_public_pages_carry_a_strict_content_security_policy(client, home_page):
    response = client.get("/")
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "unsafe-inline" not in policy
    for directive in ("object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "script-src 'self'"):
        assert directive in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_admin_scripts_stay_self_only(client, manager):
    client.force_login(manager)
    policy = client.get("/admin/")["Content-Security-Policy"]
    script_src = next(part for part in policy.split(";") if part.strip().startswith("script-src"))
    assert "unsafe-inline" not in script_src


def test_a_database_outage_gets_a_friendly_503_page_not_a_traceback(client, home_page, monkeypatch):
    from django.db import OperationalError

    from content.models import HomePage

    def database_gone(*args, **kwargs):
        raise OperationalError("could not connect to server: Connection refused")

    monkeypatch.setattr(HomePage, "get_context", database_gone)
    response = Client(raise_request_exception=False).get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert b"Please try again in a few minutes" in response.content
    assert b"Connection refused" not in response.content


def test_other_errors_are_not_mistaken_for_an_outage(client, home_page, monkeypatch):
    from content.models import HomePage

    def bug(*args, **kwargs):
        raise ValueError("a bug")

    monkeypatch.setattr(HomePage, "get_context", bug)
    with pytest.raises(ValueError):
        client.get("/")


@pytest.mark.parametrize("template", ["500.html", "503.html"])
def test_error_pages_render_with_no_request_in_both_languages(template):
    from django.template.loader import render_to_string

    html = render_to_string(template)
    assert '<html lang="en">' in html
    assert 'lang="es"' in html
    assert "call 911" in html


def test_a_session_that_cannot_load_during_an_outage_also_gets_the_503_page(manager, monkeypatch):
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import OperationalError

    browser = Client(raise_request_exception=False)
    browser.force_login(manager)

    def database_gone(self):
        raise OperationalError("terminating connection due to administrator command")

    monkeypatch.setattr(SessionStore, "load", database_gone)
    response = browser.get("/admin/")
    assert response.status_code == 503
    assert b"Please try again in a few minutes" in response.content
    assert b"administrator command" not in response.content


def test_other_errors_get_the_500_page(client, home_page, monkeypatch):
    from content.models import HomePage

    def bug(*args, **kwargs):
        raise ValueError("a bug")

    monkeypatch.setattr(HomePage, "get_context", bug)
    response = Client(raise_request_exception=False).get("/")
    assert response.status_code == 500
    assert b"Something went wrong on our side" in response.content
    assert b"a bug" not in response.content
