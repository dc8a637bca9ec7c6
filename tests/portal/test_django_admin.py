"""Django's own admin: superusers reach it through allauth and the second factor; every
other signed-in role is refused plainly (it used to send them round a redirect loop)."""

import pytest
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from tests.factories import STAFF_PASSWORD, StaffUserFactory, activate_totp
from tests.portal.test_login import current_totp_code

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(db):
    user = StaffUserFactory(is_superuser=True)
    user.totp_secret = activate_totp(user)
    return user


def test_a_superuser_signs_in_through_allauth_and_the_code_and_reaches_the_django_admin(client, superuser):
    response = client.get("/django-admin/")
    assert response.status_code == 302
    response = client.get(response["Location"])
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))

    client.post(reverse("account_login"), {"login": superuser.email, "password": STAFF_PASSWORD})
    assert SESSION_KEY not in client.session
    client.post(reverse("mfa_authenticate"), {"code": current_totp_code(superuser.totp_secret)})
    assert client.session[SESSION_KEY] == str(superuser.pk)

    assert client.get("/django-admin/").status_code == 200
    assert client.get("/django-admin/mfa/authenticator/").status_code == 200


@pytest.mark.parametrize("role", ["Liaison manager", "Liaison", "Content editor"])
def test_every_other_signed_in_role_is_refused_without_a_redirect_loop(client, role):
    user = StaffUserFactory(role=role)
    activate_totp(user)
    client.force_login(user)
    for path in ("/django-admin/", "/django-admin/auth/user/"):
        response = client.get(path)
        assert response.status_code == 403, path
    # Even the login page, followed to its end, stops at the refusal instead of looping.
    response = client.get("/django-admin/login/?next=/django-admin/", follow=True)
    assert response.status_code == 403
    assert len(response.redirect_chain) <= 3
