"""Two-step verification is bound to the session that entered the code, not to the account.

Sessions here are real: each signs in through allauth's forms with the test client, and
codes are computed from the authenticator's own secret.
"""

import runpy
from pathlib import Path

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from wagtail.models import ModelLogEntry

from tests.factories import STAFF_PASSWORD, StaffUserFactory, activate_totp
from tests.portal.test_login import _code_at, current_totp_code
from transitions.models import Facility

pytestmark = pytest.mark.django_db

REPO = Path(__file__).resolve().parents[2]


def staff_surfaces() -> list[str]:
    return ["/admin/", reverse("review:responses"), reverse("review:export") + "?format=csv"]


def sign_in_with_password(client: Client, user) -> None:
    response = client.post(reverse("account_login"), {"login": user.email, "password": STAFF_PASSWORD})
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(user.pk)


def sign_in_with_code(client: Client, user, secret: str) -> None:
    """Signs in with the previous step's code (still taken), so the current one is left
    for confirming access afterwards (a code is never taken twice)."""
    client.post(reverse("account_login"), {"login": user.email, "password": STAFF_PASSWORD})
    response = client.post(reverse("mfa_authenticate"), {"code": current_totp_code(secret)})
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(user.pk)


def enrol(client: Client) -> str:
    """Sets up an authenticator app in ``client``'s session, as a new liaison would."""
    response = client.get(reverse("mfa_activate_totp"))
    if response.status_code == 302 and reverse("account_reauthenticate") in response["Location"]:
        client.post(reverse("account_reauthenticate"), {"password": STAFF_PASSWORD})
        response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 200
    secret = client.session[SECRET_SESSION_KEY]
    response = client.post(reverse("mfa_activate_totp"), {"code": current_totp_code(secret)})
    assert response.status_code == 302, response.content[:500]
    return secret


@pytest.fixture
def new_liaison(db):
    liaison = StaffUserFactory(role="Liaison")
    Facility.objects.create(name="Riverside", kind="hospital").liaisons.add(liaison)
    return liaison


def test_a_password_only_session_is_shut_out_once_the_account_enrols_in_another(new_liaison):
    session_a, session_b = Client(), Client()
    sign_in_with_password(session_a, new_liaison)
    assert session_a.get("/admin/")["Location"] == reverse("mfa_activate_totp")

    sign_in_with_password(session_b, new_liaison)
    enrol(session_b)

    for url in staff_surfaces():
        assert session_a.get(url).status_code != 200, url
    response = session_a.post(reverse("mfa_deactivate_totp"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
    assert Authenticator.objects.filter(user=new_liaison, type=Authenticator.Type.TOTP).exists()
    assert SESSION_KEY not in session_a.session
    # The enrolling session entered a code, so it is let in (an export of nothing goes back
    # to the list).
    assert session_b.get("/admin/").status_code == 200
    assert session_b.get(reverse("review:responses")).status_code == 200
    export = session_b.get(reverse("review:export") + "?format=csv")
    assert export["Location"].startswith(reverse("review:responses"))


def test_a_session_that_never_entered_a_code_is_signed_out_whenever_a_device_appears(client, new_liaison):
    """However the device got there (another session, an import, a race), a session without a
    code of its own is signed out and asked to sign in again."""
    sign_in_with_password(client, new_liaison)
    activate_totp(new_liaison)
    for url in staff_surfaces():
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("account_login")), url
    assert SESSION_KEY not in client.session
    response = client.post(reverse("account_reauthenticate"), {"password": STAFF_PASSWORD})
    assert SESSION_KEY not in client.session
    assert client.post(reverse("mfa_deactivate_totp")).status_code == 302
    assert Authenticator.objects.filter(user=new_liaison, type=Authenticator.Type.TOTP).exists()


def test_enrolling_ends_the_accounts_other_sessions_and_keeps_this_one(new_liaison):
    elsewhere, here = Client(), Client()
    sign_in_with_password(elsewhere, new_liaison)
    other_key = elsewhere.session.session_key
    sign_in_with_password(here, new_liaison)
    enrol(here)
    assert not Session.objects.filter(session_key=other_key).exists()
    assert here.get("/admin/").status_code == 200
    assert here.get(reverse("mfa_view_recovery_codes")).status_code == 200


@pytest.mark.parametrize("prefix", ["/x", "/portal"])
def test_a_script_name_prefix_does_not_skip_the_second_factor(client, new_liaison, prefix):
    sign_in_with_password(client, new_liaison)
    for url in staff_surfaces():
        response = client.get(url, SCRIPT_NAME=prefix)
        assert response.status_code == 302, url
        assert response["Location"] == reverse("mfa_activate_totp")


def test_admin_csp_follows_the_resolved_path(client, manager):
    client.force_login(manager)
    response = client.get("/admin/", SCRIPT_NAME="/x")
    assert response.status_code == 200
    assert "'unsafe-inline'" in response["Content-Security-Policy"]


@pytest.mark.parametrize("path", ["/accounts/login/", "/admin/", "/api/education/"])
def test_page_cache_leaves_out_sign_in_admin_and_api_paths_under_a_prefix(rf, path):
    from portal.middleware import PublicPageCacheMiddleware

    request = rf.get(path, SCRIPT_NAME="/x")
    assert request.path == "/x" + path
    PublicPageCacheMiddleware(lambda request: None).process_request(request)
    assert request._cache_update_cache is False


def test_gunicorn_takes_no_script_name_or_path_info_from_request_headers():
    from gunicorn.config import Config
    from gunicorn.http import wsgi
    from gunicorn.http.parser import RequestParser

    config = Config()
    for name, value in runpy.run_path(str(REPO / "gunicorn.conf.py")).items():
        if name in config.settings:
            config.set(name, value)
    raw = b"GET /x/admin/ HTTP/1.1\r\nHost: portal\r\nSCRIPT_NAME: /x\r\nPATH_INFO: /\r\n\r\n"
    # From 127.0.0.1, gunicorn's default trusted forwarder (where the TLS proxy runs).
    request = next(RequestParser(config, iter([raw]), ("127.0.0.1", 40000)))

    class Socket:
        def send(self, data):
            return len(data)

        sendall = send

    _response, environ = wsgi.create(request, Socket(), ("127.0.0.1", 40000), ("127.0.0.1", "8000"), config)
    assert environ["SCRIPT_NAME"] == ""
    assert environ["PATH_INFO"] == "/x/admin/"


NOW = 1_800_000_010.0  # 10 s into a 30-second step


@pytest.mark.parametrize(("offset", "taken"), [(-30, True), (0, True), (30, False), (60, False)])
def test_sign_in_takes_this_and_the_previous_code_but_never_the_next(client, manager, offset, taken):
    code = _code_at(manager.totp_secret, NOW + offset)
    with time_machine.travel(NOW, tick=False):
        client.post(reverse("account_login"), {"login": manager.email, "password": STAFF_PASSWORD})
        client.post(reverse("mfa_authenticate"), {"code": code})
        assert (SESSION_KEY in client.session) is taken


def test_confirming_access_refuses_the_next_code(client, manager):
    with time_machine.travel(NOW, tick=False):
        sign_in_with_code(client, manager, manager.totp_secret)
    with time_machine.travel(NOW + 40, tick=False):
        response = client.post(
            reverse("mfa_reauthenticate"), {"code": _code_at(manager.totp_secret, NOW + 70)}
        )
        assert response.status_code == 200
        assert response.context["form"].errors["code"]
        response = client.post(
            reverse("mfa_reauthenticate"), {"code": _code_at(manager.totp_secret, NOW + 40)}
        )
        assert response.status_code == 302


def test_enrolment_refuses_the_next_code_of_the_new_secret(client, new_liaison):
    with time_machine.travel(NOW, tick=False):
        sign_in_with_password(client, new_liaison)
        client.post(reverse("account_reauthenticate"), {"password": STAFF_PASSWORD})
        assert client.get(reverse("mfa_activate_totp")).status_code == 200
        secret = client.session[SECRET_SESSION_KEY]
        response = client.post(reverse("mfa_activate_totp"), {"code": _code_at(secret, NOW + 30)})
        assert response.status_code == 200
        assert not Authenticator.objects.filter(user=new_liaison).exists()
        response = client.post(reverse("mfa_activate_totp"), {"code": _code_at(secret, NOW - 30)})
        assert response.status_code == 302
    assert Authenticator.objects.filter(user=new_liaison, type=Authenticator.Type.TOTP).exists()


def test_a_user_cannot_turn_off_two_step_where_the_site_requires_it(client, manager):
    with time_machine.travel(NOW, tick=False):
        sign_in_with_code(client, manager, manager.totp_secret)
        client.post(reverse("mfa_reauthenticate"), {"code": _code_at(manager.totp_secret, NOW)})
        response = client.post(reverse("mfa_deactivate_totp"))
    assert response.status_code == 200
    assert "ask a liaison manager" in response.content.decode()
    assert Authenticator.objects.filter(user=manager, type=Authenticator.Type.TOTP).exists()


def test_a_password_does_not_confirm_changes_to_the_second_factor(client, manager, settings):
    settings.PORTAL_REQUIRE_MFA = False  # deactivation allowed, so only the code gate stands
    sign_in_with_code(client, manager, manager.totp_secret)
    client.post(reverse("account_reauthenticate"), {"password": STAFF_PASSWORD})
    for name in ("mfa_deactivate_totp", "mfa_generate_recovery_codes", "mfa_view_recovery_codes"):
        response = client.post(reverse(name))
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("mfa_reauthenticate")), name
    assert Authenticator.objects.filter(user=manager, type=Authenticator.Type.TOTP).exists()
    assert not Authenticator.objects.filter(user=manager, type=Authenticator.Type.RECOVERY_CODES).exists()


def test_a_fresh_code_lets_a_user_turn_off_two_step_where_allowed_and_ends_other_sessions(
    manager, settings, django_capture_on_commit_callbacks
):
    settings.PORTAL_REQUIRE_MFA = False
    elsewhere, here = Client(), Client()
    with time_machine.travel(NOW - 300, tick=False):
        sign_in_with_code(elsewhere, manager, manager.totp_secret)
    other_key = elsewhere.session.session_key
    with time_machine.travel(NOW, tick=False):
        sign_in_with_code(here, manager, manager.totp_secret)
        here.post(reverse("mfa_reauthenticate"), {"code": _code_at(manager.totp_secret, NOW)})
    with time_machine.travel(NOW + 35, tick=False), django_capture_on_commit_callbacks(execute=True):
        response = here.post(reverse("mfa_deactivate_totp"))
    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=manager).exists()
    assert not Session.objects.filter(session_key=other_key).exists()
    assert SESSION_KEY in here.session


def test_regenerating_recovery_codes_with_a_fresh_code_ends_other_sessions(
    manager, django_capture_on_commit_callbacks
):
    elsewhere, here = Client(), Client()
    with time_machine.travel(NOW - 300, tick=False):
        sign_in_with_code(elsewhere, manager, manager.totp_secret)
    other_key = elsewhere.session.session_key
    with time_machine.travel(NOW, tick=False):
        sign_in_with_code(here, manager, manager.totp_secret)
        here.post(reverse("mfa_reauthenticate"), {"code": _code_at(manager.totp_secret, NOW)})
        with django_capture_on_commit_callbacks(execute=True):
            response = here.post(reverse("mfa_generate_recovery_codes"))
    assert response.status_code == 302
    assert not Session.objects.filter(session_key=other_key).exists()
    assert SESSION_KEY in here.session


def test_a_manager_resets_a_colleagues_two_step_verification_with_an_audit_entry(client, manager):
    liaison = StaffUserFactory(role="Liaison")
    activate_totp(liaison)
    theirs = Client()
    theirs.force_login(liaison)
    their_key = theirs.session.session_key

    client.force_login(manager)
    url = reverse("portal_two_step_reset", args=[liaison.pk])
    assert client.get(url).status_code == 200
    assert url in client.get(reverse("wagtailusers_users:index")).content.decode()
    assert client.post(url).status_code == 302

    assert not Authenticator.objects.filter(user=liaison).exists()
    assert not Session.objects.filter(session_key=their_key).exists()
    entry = ModelLogEntry.objects.get(action="portal.two_step.reset")
    assert entry.object_id == str(liaison.pk)
    assert entry.user_id == manager.pk


def test_only_managers_reset_two_step_and_never_their_own_or_a_superusers(client, manager):
    liaison = StaffUserFactory(role="Liaison")
    activate_totp(liaison)
    admin = StaffUserFactory(is_superuser=True)
    activate_totp(admin)

    refused = []
    client.force_login(manager)
    refused.append(client.post(reverse("portal_two_step_reset", args=[manager.pk])))
    refused.append(client.post(reverse("portal_two_step_reset", args=[admin.pk])))
    client.force_login(liaison)
    refused.append(client.post(reverse("portal_two_step_reset", args=[manager.pk])))
    # Wagtail answers a refused admin view with a redirect to the dashboard and a message.
    assert [(r.status_code, r["Location"]) for r in refused] == [(302, "/admin/")] * 3
    for person in (manager, admin, liaison):
        assert Authenticator.objects.filter(user=person, type=Authenticator.Type.TOTP).exists()
    assert not ModelLogEntry.objects.filter(action="portal.two_step.reset").exists()
