"""Every staff login path asks for the second factor; none yields a session on a password."""

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time
from allauth.mfa.utils import decrypt
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from tests.factories import STAFF_PASSWORD

pytestmark = pytest.mark.django_db

ADMIN_PAGES = ["/admin/", "/django-admin/"]


def current_totp_code(secret: str) -> str:
    counter = next(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(secret, counter))


def assert_not_signed_in(client):
    assert SESSION_KEY not in client.session
    for page in ADMIN_PAGES:
        response = client.get(page)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"] or "/login/" in response["Location"]


@pytest.mark.parametrize("login_url", ["/accounts/login/", "/admin/login/", "/django-admin/login/"])
def test_password_only_post_to_each_login_url_leaves_no_admin_session(client, manager, login_url):
    response = client.post(
        login_url,
        {"login": manager.email, "password": STAFF_PASSWORD, "username": manager.email},
        follow=True,
    )
    assert response.status_code == 200
    assert_not_signed_in(client)


@pytest.mark.parametrize("login_url", ["/admin/login/", "/django-admin/login/"])
def test_admin_login_pages_forward_to_the_staff_login_keeping_next(client, login_url):
    response = client.get(login_url + "?next=/admin/pages/")
    assert response.status_code == 302
    assert response["Location"] == reverse("account_login") + "?next=/admin/pages/"


def test_password_then_totp_code_reaches_the_wagtail_admin(client, manager):
    response = client.post(reverse("account_login"), {"login": manager.email, "password": STAFF_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert SESSION_KEY not in client.session

    response = client.post(reverse("mfa_authenticate"), {"code": current_totp_code(manager.totp_secret)})
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(manager.pk)
    assert client.get("/admin/").status_code == 200


def _code_at(secret: str, moment: float) -> str:
    return format_hotp_value(hotp_value(secret, int(moment) // 30))


@pytest.mark.parametrize(("seconds_ago", "taken"), [(30, True), (65, False)])
def test_the_code_that_just_changed_is_taken_but_an_older_one_is_not(client, manager, seconds_ago, taken):
    now = 1_800_000_010.0  # 10 s into a 30-second step
    code = _code_at(manager.totp_secret, now - seconds_ago)
    with time_machine.travel(now, tick=False):
        client.post(reverse("account_login"), {"login": manager.email, "password": STAFF_PASSWORD})
        client.post(reverse("mfa_authenticate"), {"code": code})
        assert (SESSION_KEY in client.session) is taken


def test_wrong_totp_code_is_refused_with_a_message(client, manager):
    client.post(reverse("account_login"), {"login": manager.email, "password": STAFF_PASSWORD})
    response = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert response.status_code == 200
    assert SESSION_KEY not in client.session
    assert response.context["form"].errors["code"]


def test_staff_without_a_second_factor_is_sent_to_set_one_up(client, staff_without_mfa):
    client.force_login(staff_without_mfa)
    for page in ADMIN_PAGES:
        response = client.get(page)
        assert response.status_code == 302
        assert response["Location"] == reverse("mfa_activate_totp")


def test_totp_secret_is_encrypted_at_rest(manager):
    stored = Authenticator.objects.get(user=manager, type=Authenticator.Type.TOTP).data["secret"]
    assert manager.totp_secret not in stored
    assert decrypt(stored) == manager.totp_secret


def test_public_sign_up_is_closed(client):
    response = client.get("/accounts/signup/")
    assert response.status_code == 302
    assert response["Location"] == reverse("account_login")


def test_wagtail_password_reset_goes_through_allauth(client):
    response = client.get("/admin/password_reset/")
    assert response.status_code == 404
    assert client.get(reverse("account_reset_password")).status_code == 200


def test_repeated_wrong_passwords_lock_the_account_for_a_while(client, manager):
    for _attempt in range(5):
        response = client.post(
            reverse("account_login"), {"login": manager.email, "password": "wrong-password"}
        )
        assert response.status_code == 200
    response = client.post(reverse("account_login"), {"login": manager.email, "password": STAFF_PASSWORD})
    assert response.status_code in (200, 429)
    assert SESSION_KEY not in client.session
    assert "mfa_authenticate" not in response.get("Location", "")
