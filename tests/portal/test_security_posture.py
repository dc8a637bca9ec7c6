"""Security posture: the checks a scanner, an auditor or an attacker would try first.

Where production differs from the test settings (HTTPS, HSTS, cookie names and flags), the
responses are rendered with the values the production settings module really holds, read
from it in a subprocess with the environment `make deploy-check` uses.
"""

import datetime as dt
import json
import os
import secrets
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import time_machine
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.db import OperationalError
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from content.models import ArticlePage, GlossaryTerm, HomePage
from content.services import education_page_publish
from packets.models import Packet, PacketToken
from packets.sending import opt_out_link as packet_opt_out_link
from packets.services import packet_save
from surveys.models import PUBLIC, token_hash
from surveys.sending import opt_out_link as survey_opt_out_link
from surveys.services import invitation_create, survey_create_from_snapshot, survey_page_ensure
from tests.factories import STAFF_PASSWORD, StaffUserFactory
from tests.library import body, page_fields
from tests.packets.factories import make_transition
from tests.portal.test_login import current_totp_code
from tests.surveys.factories import three_step_snapshot
from transitions.models import Facility

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
# Settings that make production differ from the tests where security is concerned.
PRODUCTION_PREFIXES = ("SECURE_", "SESSION_", "CSRF_", "X_FRAME_", "PORTAL_CSP", "LANGUAGE_COOKIE_")
HSTS = "max-age=31536000; includeSubDomains; preload"
# What reaches gunicorn from the TLS proxy in front of it.
BROWSER = {"X-Forwarded-Proto": "https", "Host": "testserver"}
ORIGIN = {"Origin": "https://testserver"}  # what a browser adds to every POST


def deploy_check_env() -> dict[str, str]:
    """The environment the Makefile's deploy-check target runs with (DEPLOY_CHECK_ENV)."""
    result = subprocess.run(
        [
            "make",
            "-s",
            "--no-print-directory",
            "--eval",
            "posture-deploy-env: ; @env -i $(DEPLOY_CHECK_ENV) env",
            "posture-deploy-env",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    env = dict(line.split("=", 1) for line in result.stdout.splitlines())
    assert env["DJANGO_SETTINGS_MODULE"] == "portal.settings.production"
    return env


def in_production_environment(*command: str, without: str = "") -> subprocess.CompletedProcess:
    """Run ``python *command`` with the deploy-check environment (less ``without``)."""
    # Nothing of the test session's own: its database and caches, nor the browser tests'
    # DJANGO_ALLOW_ASYNC_UNSAFE (which check --deploy rightly warns about).
    left_out = {"DATABASE_URL", "CACHE_URL", "PAGE_CACHE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in left_out}
    production = {k: v for k, v in deploy_check_env().items() if k != without}
    return subprocess.run(
        [sys.executable, *command],
        cwd=ROOT,
        env=env | production,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="session")
def production_values() -> dict:
    """Every security setting as the production settings module holds it, and its middleware."""
    code = (
        "import json, django; django.setup(); from django.conf import settings;"
        f"names = [n for n in dir(settings) if n.startswith({PRODUCTION_PREFIXES!r})];"
        "print(json.dumps({n: getattr(settings, n) for n in names + ['MIDDLEWARE', 'DEBUG']}))"
    )
    result = in_production_environment("-c", code)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture
def production(production_values):
    """Serve this test's requests with the production security settings."""
    values = dict(production_values)
    # The same middleware, so that overriding the values below is serving as production does.
    assert values.pop("MIDDLEWARE") == settings.MIDDLEWARE
    assert values["DEBUG"] is False
    values = {
        name: tuple(value) if isinstance(getattr(settings, name, None), tuple) else value
        for name, value in values.items()
    }
    with override_settings(**values):
        yield values


def header_problems(response, *, referrer: str = "same-origin", x_frame_options: bool = True) -> list:
    """What is missing from or wrong in ``response``'s security headers."""
    problems = []
    policy = response.get("Content-Security-Policy", "")
    directives = ["frame-ancestors 'none'"]
    if "default-src 'none'" not in policy:  # a policy that allows nothing needs no more
        directives += ["default-src 'self'", "script-src 'self'", "object-src 'none'", "base-uri 'none'"]
    for directive in directives:
        if directive not in policy:
            problems.append(f"CSP lacks {directive}")
    if "unsafe-inline" in policy or "unsafe-eval" in policy:
        problems.append(f"CSP allows unsafe sources: {policy}")
    expected = {
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": referrer,
        "Cross-Origin-Opener-Policy": "same-origin",
        "Strict-Transport-Security": HSTS,
    }
    if x_frame_options:
        expected["X-Frame-Options"] = "DENY"
    for name, value in expected.items():
        if response.get(name) != value:
            problems.append(f"{name} is {response.get(name)!r}, not {value!r}")
    return problems


def assert_headers(responses: dict, **expected):
    problems = {label: header_problems(response, **expected) for label, response in responses.items()}
    assert not {label: found for label, found in problems.items() if found}


def cookie_attributes(response) -> dict[str, dict[str, str]]:
    """Each cookie the response sets, as the attributes of its Set-Cookie header."""
    cookies = {}
    for name, morsel in response.cookies.items():
        _pair, *parts = morsel.OutputString().split("; ")
        attributes = {}
        for part in parts:
            key, _, value = part.partition("=")
            attributes[key.lower()] = value
        cookies[name] = attributes
    return cookies


def form_token(response) -> str:
    html = response.content.decode()
    marker = 'name="csrfmiddlewaretoken" value="'
    assert marker in html, "the form carries no CSRF token"
    return html.split(marker, 1)[1].split('"', 1)[0]


def log_in(client: Client, user, *, code: str | None = None):
    """Password, then the authenticator code; returns the response to the code."""
    response = client.post(reverse("account_login"), {"login": user.email, "password": STAFF_PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("mfa_authenticate")
    return client.post(reverse("mfa_authenticate"), {"code": code or current_totp_code(user.totp_secret)})


# --- objects behind every kind of public response --------------------------------------


@pytest.fixture
def survey_page(home_page):
    survey = survey_create_from_snapshot(snapshot=three_step_snapshot(), locale=home_page.locale)
    return survey_page_ensure(
        parent=home_page, slug="your-move", title="Your move", survey=survey, access=PUBLIC
    )


@pytest.fixture
def liaison(db):
    facility = Facility.objects.create(name="North Hospital", kind="hospital")
    user = StaffUserFactory(role="Liaison")
    facility.liaisons.add(user)
    user.facility = facility
    return user


def sent_packet(*, library, liaison, reference: str, expires_in=dt.timedelta(days=30)) -> tuple[Packet, str]:
    """A packet emailed with a link; returns it and the link's token."""
    transition = make_transition(
        facility=liaison.facility, reference=reference, language="en", liaison=liaison
    )
    packet = packet_save(transition=transition, pages=[library["heart"]], user=liaison)
    token = secrets.token_urlsafe(32)
    PacketToken.objects.create(packet=packet, token_hash=token_hash(token))
    now = timezone.now()
    Packet.objects.filter(pk=packet.pk).update(status=Packet.SENT, sent_at=now, expires_at=now + expires_in)
    packet.refresh_from_db()
    return packet, token


@pytest.fixture
def glossary_page(library):
    term = GlossaryTerm.objects.create(
        term="Diuretic", definition="A water pill.", locale=library["heart"].locale
    )
    return education_page_publish(
        parent=library["topics"],
        model=ArticlePage,
        slug="words-about-water-pills",
        fields=page_fields("Water pills", "What a water pill does."),
        body=[*body(), ("glossary", {"terms": [term]})],
    )


# --- 1. check --deploy ----------------------------------------------------------------------


def test_check_deploy_is_clean_on_the_production_settings():
    result = in_production_environment("manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_warns_when_the_limits_would_not_be_shared_between_processes():
    # Without CACHE_URL each machine keeps its own file cache: failed-login counts and used
    # authenticator codes would not be seen by the other machines.
    result = in_production_environment(
        "manage.py", "check", "--deploy", "--fail-level", "WARNING", without="CACHE_URL"
    )
    assert result.returncode != 0
    assert "portal.W001" in result.stdout + result.stderr


# --- 2. headers on every kind of public response --------------------------------------------


def test_education_pages_and_search_carry_every_security_header_in_production(
    production, library, glossary_page
):
    from django.core.files.base import ContentFile
    from wagtail.documents.models import Document

    handout = Document.objects.create(
        title="Weight diary", file=ContentFile(b"Day, weight\n", name="weight-diary.csv")
    )
    browser = Client(headers=BROWSER)
    responses = {
        "home": browser.get("/"),
        "home, second visit (page cache)": browser.get("/"),
        "index": browser.get(library["topics"].url),
        "article": browser.get(library["heart"].url),
        "article in Spanish": browser.get(library["heart_es"].url),
        "glossary": browser.get(glossary_page.url),
        "search": browser.get("/search/?q=heart"),
        "search suggestions": browser.get("/search/suggest/?q=hea"),
        "EHR lookup": browser.get(
            "/api/education/?mainSearchCriteria.v.c=I50.9&mainSearchCriteria.v.cs=2.16.840.1.113883.6.90"
        ),
        "document": browser.get(handout.url),
    }
    assert {label: r.status_code for label, r in responses.items()} == dict.fromkeys(responses, 200)
    assert "Diuretic" in responses["glossary"].content.decode()
    assert_headers(responses)


def test_survey_and_packet_pages_carry_every_security_header_and_token_pages_no_referrer(
    production, library, survey_page, liaison
):
    browser = Client(headers=BROWSER)
    invitation, survey_token = invitation_create(page=survey_page, language="en")
    packet, packet_token = sent_packet(library=library, liaison=liaison, reference="HF-1")
    _expired, expired_token = sent_packet(
        library=library, liaison=liaison, reference="HF-2", expires_in=-dt.timedelta(minutes=1)
    )
    token_pages = {
        "survey link": browser.get(f"/s/{survey_token}/"),
        "unknown survey link": Client(headers=BROWSER).get("/s/not-a-token/"),
        "survey stop link": browser.get(urlsplit(survey_opt_out_link(invitation)).path),
        "packet link": browser.get(f"/p/{packet_token}/"),
        "expired packet link": Client(headers=BROWSER).get(f"/p/{expired_token}/"),
        "packet stop link": browser.get(urlsplit(packet_opt_out_link(packet)).path),
        "survey link posted": Client(headers=BROWSER).post(f"/s/{survey_token}/"),
        "packet link posted": Client(headers=BROWSER).post(f"/p/{packet_token}/"),
    }
    pages = {
        "survey page": browser.get(survey_page.url),
        "survey step": browser.get(
            survey_page.url + survey_page.reverse_subpage("step", kwargs={"step": "1"})
        ),
        "packet page": browser.get("/packet/"),
        "packet print": browser.get("/packet/print/"),
        "packet PDF": browser.get("/packet/handout.pdf"),
    }
    statuses = {label: r.status_code for label, r in (token_pages | pages).items()}
    assert statuses == {
        "survey link": 302,
        "unknown survey link": 404,
        "survey stop link": 200,
        "packet link": 302,
        "expired packet link": 410,
        "packet stop link": 200,
        "survey link posted": 405,
        "packet link posted": 405,
        "survey page": 200,
        "survey step": 200,
        "packet page": 200,
        "packet print": 200,
        "packet PDF": 200,
    }
    assert pages["packet PDF"]["Content-Type"] == "application/pdf"
    assert_headers(token_pages, referrer="no-referrer")
    assert_headers(pages)


def test_error_pages_health_check_and_static_files_carry_the_security_headers(
    production, home_page, monkeypatch
):
    browser = Client(headers=BROWSER, raise_request_exception=False)
    responses = {"not found": browser.get("/no-such-page/"), "health check": browser.get("/healthz")}

    def database_gone(*args, **kwargs):
        raise OperationalError("could not connect to server")

    with monkeypatch.context() as patched:
        patched.setattr(HomePage, "get_context", database_gone)
        responses["database outage"] = browser.get("/")
    assert {label: r.status_code for label, r in responses.items()} == {
        "not found": 404,
        "health check": 200,
        "database outage": 503,
    }
    assert_headers(responses)

    static = browser.get("/static/css/portal.css")
    assert static.status_code == 200 and static["Content-Type"].startswith("text/css")
    # Served by whitenoise before the view middleware, so no X-Frame-Options (CSP covers it).
    assert header_problems(static, x_frame_options=False) == []


def test_http_is_sent_to_https_in_production(production, home_page):
    response = Client().get("/", headers={"X-Forwarded-Proto": "http"})
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/"
    health = Client().get("/healthz", headers={"X-Forwarded-Proto": "http"})
    assert health.status_code == 200  # the load balancer probes over plain HTTP


# --- 3. cookies --------------------------------------------------------------------------------


def test_production_cookies_are_secure_host_only_http_only_and_same_site_and_forms_still_work(
    production, manager
):
    assert (production["SESSION_COOKIE_NAME"], production["CSRF_COOKIE_NAME"]) == (
        "__Host-sessionid",
        "__Host-csrftoken",
    )
    browser = Client(enforce_csrf_checks=True, headers=BROWSER)
    set_cookies = {}

    login_page = browser.get(reverse("account_login"))
    set_cookies |= cookie_attributes(login_page)
    language = browser.post(
        "/i18n/setlang/",
        {"language": "en", "next": "/", "csrfmiddlewaretoken": form_token(login_page)},
        headers=ORIGIN,
    )
    assert language.status_code == 302
    set_cookies |= cookie_attributes(language)
    # The CSRF cookie is out of reach of scripts; the form field carries the token instead.
    refused = browser.post(
        reverse("account_login"), {"login": manager.email, "password": STAFF_PASSWORD}, headers=ORIGIN
    )
    assert refused.status_code == 403
    password = browser.post(
        reverse("account_login"),
        {"login": manager.email, "password": STAFF_PASSWORD, "csrfmiddlewaretoken": form_token(login_page)},
        headers=ORIGIN,
    )
    assert password.status_code == 302 and password["Location"] == reverse("mfa_authenticate")
    set_cookies |= cookie_attributes(password)
    code_page = browser.get(reverse("mfa_authenticate"))
    code = browser.post(
        reverse("mfa_authenticate"),
        {"code": current_totp_code(manager.totp_secret), "csrfmiddlewaretoken": form_token(code_page)},
        headers=ORIGIN,
    )
    assert code.status_code == 302
    set_cookies |= cookie_attributes(code)
    assert browser.get("/admin/").status_code == 200

    assert {"__Host-sessionid", "__Host-csrftoken", "django_language"} <= set_cookies.keys()
    for name, attributes in set_cookies.items():
        assert "secure" in attributes, name
        assert "httponly" in attributes, name
        assert attributes.get("samesite") in ("Lax", "Strict"), name
        assert attributes.get("path") == "/", name
        if name.startswith("__Host-"):
            assert "domain" not in attributes, name


def test_a_patient_answers_a_survey_step_with_the_production_cookies(production, survey_page):
    browser = Client(enforce_csrf_checks=True, headers=BROWSER)
    step_url = survey_page.url + survey_page.reverse_subpage("step", kwargs={"step": "1"})
    step = browser.get(step_url)
    assert step.status_code == 200
    assert "httponly" in cookie_attributes(step)["__Host-csrftoken"]
    answered = browser.post(
        step_url,
        {
            "1-preferences": "3",
            "1-problem": "no",
            "csrfmiddlewaretoken": form_token(step),
        },
        headers=ORIGIN,
    )
    assert answered.status_code == 302
    assert answered["Location"].endswith("/step/2/")


def test_no_script_of_ours_reads_cookies():
    # The CSRF cookie is HttpOnly in production: a script that needed it would break there.
    scripts = list((ROOT / "static" / "js").rglob("*.js"))
    assert scripts
    for script in scripts:
        text = script.read_text()
        assert "document.cookie" not in text and "csrftoken" not in text, script


# --- 4. logout ----------------------------------------------------------------------------------


@pytest.mark.parametrize("logout_url", ["/accounts/logout/", "/admin/logout/"])
def test_logout_ends_the_session_on_the_server(client, manager, logout_url):
    assert log_in(client, manager).status_code == 302
    assert client.get("/admin/").status_code == 200
    stolen = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert Session.objects.filter(session_key=stolen).exists()

    response = client.post(logout_url)
    assert response.status_code == 302

    assert not Session.objects.filter(session_key=stolen).exists()
    replay = Client()
    replay.cookies[settings.SESSION_COOKIE_NAME] = stolen
    response = replay.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert SESSION_KEY not in replay.session


# --- 5. a TOTP code works once ----------------------------------------------------------------


def test_the_same_totp_code_is_refused_the_second_time_within_its_time_step(manager):
    step = 30
    middle_of_a_step = dt.datetime(2026, 3, 2, 9, 0, 10, tzinfo=dt.UTC)
    with time_machine.travel(middle_of_a_step, tick=False) as traveller:
        code = current_totp_code(manager.totp_secret)
        first = Client()
        assert log_in(first, manager, code=code).status_code == 302
        assert first.session[SESSION_KEY] == str(manager.pk)
        first.post(reverse("account_logout"))

        second = Client()
        replayed = log_in(second, manager, code=code)
        assert replayed.status_code == 200
        assert replayed.context["form"].errors["code"]
        assert SESSION_KEY not in second.session

        # The next step's code is accepted: the refusal was the replay, not the clock.
        traveller.shift(dt.timedelta(seconds=step))
        counter = int(middle_of_a_step.timestamp() + step) // step
        next_code = format_hotp_value(hotp_value(manager.totp_secret, counter))
        assert next_code != code
        accepted = second.post(reverse("mfa_authenticate"), {"code": next_code})
        assert accepted.status_code == 302
        assert second.session[SESSION_KEY] == str(manager.pk)


# --- 6. failed logins -------------------------------------------------------------------------


def test_the_sixth_attempt_in_five_minutes_is_refused_with_a_plain_message_even_with_the_right_password(
    client, manager
):
    other = StaffUserFactory(role="Liaison")
    for _attempt in range(5):
        wrong = client.post(reverse("account_login"), {"login": manager.email, "password": "wrong-password"})
        assert wrong.status_code == 200
        assert "The email address and/or password you specified are not correct." in wrong.content.decode()

    sixth = client.post(reverse("account_login"), {"login": manager.email, "password": STAFF_PASSWORD})

    assert sixth.status_code == 200
    assert sixth.context["form"].non_field_errors() == ["Too many failed login attempts. Try again later."]
    assert "Too many failed login attempts. Try again later." in sixth.content.decode()
    assert SESSION_KEY not in client.session
    # Counted per account: another account from the same address still signs in.
    allowed = client.post(reverse("account_login"), {"login": other.email, "password": STAFF_PASSWORD})
    assert allowed.status_code == 302


def test_a_flood_of_login_posts_from_one_address_gets_the_friendly_429_page(client):
    # allauth allows 30 sign-in posts a minute per address, then answers with our 429 page.
    statuses = [
        client.post(
            reverse("account_login"), {"login": f"nobody{n}@example.org", "password": "x"}
        ).status_code
        for n in range(30)
    ]
    assert 429 not in statuses
    flooded = client.post(reverse("account_login"), {"login": "nobody@example.org", "password": "x"})
    assert flooded.status_code == 429
    assert "Please try again later" in flooded.content.decode()
    assert "Many requests were sent from your network" in flooded.content.decode()


# --- 7. guessing emailed links ---------------------------------------------------------------


@pytest.fixture
def good_links(library, survey_page, liaison) -> dict[str, str]:
    _invitation, survey_token = invitation_create(page=survey_page, language="en")
    _packet, packet_token = sent_packet(library=library, liaison=liaison, reference="HF-3")
    return {"survey": f"/s/{survey_token}/", "packet": f"/p/{packet_token}/"}


@pytest.mark.parametrize("kind", ["survey", "packet"])
def test_guessing_links_from_one_address_ends_in_429_while_another_address_gets_through(kind, good_links):
    guesser = Client(REMOTE_ADDR="203.0.113.7")
    prefix = {"survey": "/s/", "packet": "/p/"}[kind]
    limit = settings.TOKEN_LINK_MISSES_PER_HOUR
    assert limit >= 10
    misses = [guesser.get(f"{prefix}{secrets.token_urlsafe(32)}/").status_code for _ in range(limit)]
    assert misses == [404] * limit

    refused = guesser.get(f"{prefix}{secrets.token_urlsafe(32)}/")
    assert refused.status_code == 429
    assert "Please try again later" in refused.content.decode()
    assert refused["Retry-After"] == "3600"
    assert refused["Referrer-Policy"] == "no-referrer"
    assert "no-store" in refused["Cache-Control"]
    # Once refused, a good link is refused too: a lucky guess must not get through.
    assert guesser.get(good_links[kind]).status_code == 429
    # Survey and packet links share the count.
    other_kind = "packet" if kind == "survey" else "survey"
    assert guesser.get(good_links[other_kind]).status_code == 429

    neighbour = Client(REMOTE_ADDR="198.51.100.20")
    assert neighbour.get(good_links[kind]).status_code == 302
    assert neighbour.get(f"{prefix}not-a-token/").status_code == 404


def test_good_links_opened_from_one_address_are_never_counted(survey_page):
    care_home = Client(REMOTE_ADDR="192.0.2.50")
    limit = settings.TOKEN_LINK_MISSES_PER_HOUR
    for _patient in range(limit + 1):
        _invitation, token = invitation_create(page=survey_page, language="en")
        assert care_home.get(f"/s/{token}/").status_code == 302
    # The whole allowance of misses is still there.
    misses = [care_home.get("/s/not-a-token/").status_code for _ in range(limit)]
    assert misses == [404] * limit
    assert care_home.get("/s/not-a-token/").status_code == 429


def test_behind_a_proxy_each_visitor_is_counted_by_the_address_the_proxy_saw(settings, good_links):
    """Behind one TLS proxy every request comes from the proxy: the count must follow the
    address the proxy puts last in X-Forwarded-For, and a forged earlier entry changes nothing."""
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    proxy = "10.0.0.2"
    guesser = Client(REMOTE_ADDR=proxy, headers={"X-Forwarded-For": "203.0.113.7"})
    limit = settings.TOKEN_LINK_MISSES_PER_HOUR
    misses = [guesser.get(f"/s/{secrets.token_urlsafe(32)}/").status_code for _ in range(limit)]
    assert misses == [404] * limit
    forged = Client(REMOTE_ADDR=proxy, headers={"X-Forwarded-For": "192.0.2.99, 203.0.113.7"})
    assert forged.get("/s/not-a-token/").status_code == 429

    patient = Client(REMOTE_ADDR=proxy, headers={"X-Forwarded-For": "198.51.100.20"})
    assert patient.get(good_links["survey"]).status_code == 302
