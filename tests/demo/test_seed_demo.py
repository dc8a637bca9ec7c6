import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import override_settings

from content.models import HomePage

pytestmark = [pytest.mark.django_db, pytest.mark.both_databases]


@override_settings(DEBUG=True)
def test_seed_demo_twice_leaves_one_home_page_and_three_staff(client):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert HomePage.objects.filter(locale__language_code="en").count() == 1
    assert HomePage.objects.filter(locale__language_code="es").count() == 1
    assert get_user_model().objects.filter(email__endswith="@example.org").count() == 4
    response = client.get("/")
    assert response.status_code == 200
    assert b"Care after the hospital" in response.content


def test_seed_demo_refuses_to_run_outside_the_demo_settings():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("seed_demo")
