"""Staff accounts: a liaison manager brings staff in within the three roles; only a
superuser makes administrators or sets someone else's password (issue 19, finding 4)."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from tests.factories import STAFF_PASSWORD, StaffUserFactory, activate_totp

pytestmark = pytest.mark.django_db
User = get_user_model()


@pytest.fixture
def superuser(db):
    user = StaffUserFactory(is_superuser=True, email="root@example.org")
    activate_totp(user)
    return user


def new_user_data(**changes):
    data = {
        "username": "new@example.org",
        "email": "new@example.org",
        "first_name": "Nia",
        "last_name": "New",
        "password1": "Another-long-passphrase-77",
        "password2": "Another-long-passphrase-77",
        "is_superuser": "on",
        "groups": [Group.objects.get(name="Liaison").pk],
    }
    data.update(changes)
    return data


def test_a_manager_is_not_offered_administrator_or_a_password_when_adding_staff(client, manager):
    client.force_login(manager)
    form = client.get(reverse("wagtailusers_users:add")).content.decode()
    assert 'name="is_superuser"' not in form
    assert 'name="password1"' not in form
    assert "Moderators" not in form  # Wagtail's own groups are outside the staff roles
    assert "Liaison manager" in form


def test_a_manager_who_posts_administrator_and_a_password_creates_a_plain_liaison(client, manager):
    client.force_login(manager)
    created = client.post(reverse("wagtailusers_users:add"), new_user_data())
    assert created.status_code == 302
    user = User.objects.get(username="new@example.org")
    assert not user.is_superuser
    assert not user.has_usable_password()  # they set it themselves with "Forgot password"
    assert list(user.groups.values_list("name", flat=True)) == ["Liaison"]


def test_a_manager_cannot_set_another_users_password_or_make_them_administrator(client, manager):
    colleague = StaffUserFactory(role="Liaison")
    client.force_login(manager)
    edit = reverse("wagtailusers_users:edit", args=[colleague.pk])
    assert 'name="password1"' not in client.get(edit).content.decode()
    data = new_user_data(username=colleague.username, email=colleague.email, is_active="on")
    saved = client.post(edit, data)
    assert saved.status_code == 302
    colleague.refresh_from_db()
    assert not colleague.is_superuser
    assert colleague.check_password(STAFF_PASSWORD)


def test_a_manager_cannot_give_a_group_outside_the_staff_roles(client, manager):
    moderators = Group.objects.get(name="Moderators")
    client.force_login(manager)
    refused = client.post(reverse("wagtailusers_users:add"), new_user_data(groups=[moderators.pk]))
    assert refused.status_code == 200
    assert not User.objects.filter(username="new@example.org").exists()


def test_a_manager_cannot_edit_or_delete_an_administrators_account(client, manager, superuser):
    client.force_login(manager)
    for name in ("wagtailusers_users:edit", "wagtailusers_users:delete"):
        url = reverse(name, args=[superuser.pk])
        assert client.get(url).status_code in (302, 403), name
    client.post(
        reverse("wagtailusers_users:edit", args=[superuser.pk]),
        new_user_data(username=superuser.username, email="attacker@example.org", is_active="on"),
    )
    superuser.refresh_from_db()
    assert superuser.email == "root@example.org"


def test_a_superuser_still_makes_administrators_and_sets_passwords(client, superuser):
    client.force_login(superuser)
    form = client.get(reverse("wagtailusers_users:add")).content.decode()
    assert 'name="is_superuser"' in form and 'name="password1"' in form
    created = client.post(reverse("wagtailusers_users:add"), new_user_data())
    assert created.status_code == 302
    user = User.objects.get(username="new@example.org")
    assert user.is_superuser and user.check_password("Another-long-passphrase-77")


def test_a_manager_keeps_groups_outside_the_roles_that_a_superuser_gave(client, manager):
    colleague = StaffUserFactory(role="Liaison")
    colleague.groups.add(Group.objects.get(name="Moderators"))
    client.force_login(manager)
    data = new_user_data(
        username=colleague.username,
        email=colleague.email,
        is_active="on",
        groups=[Group.objects.get(name="Content editor").pk],
    )
    assert client.post(reverse("wagtailusers_users:edit", args=[colleague.pk]), data).status_code == 302
    assert set(colleague.groups.values_list("name", flat=True)) == {"Content editor", "Moderators"}
