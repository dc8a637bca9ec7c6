import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import override_settings

from content.models import HomePage
from transitions.models import ChoiceListShare, Facility, ProviderMeasure
from transitions.providers.search import providers_near

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
    # The made-up places of care, imported from Medicare's file formats, once.
    maple_grove = Facility.objects.get(ccn="215001")
    assert maple_grove.admissions.exists()  # the demo's answers moved patients there
    assert ProviderMeasure.objects.get(facility=maple_grove, code="overall_rating").value == 4
    assert Facility.objects.filter(kind="snf", ccn__isnull=False).count() == 12
    assert Facility.objects.filter(affiliated=True).count() == 1
    hospital = Facility.objects.get(name="Riverside General Hospital")
    near = providers_near(
        kind="snf", latitude=hospital.latitude, longitude=hospital.longitude, radius_miles=10
    )
    assert len(near) >= 5
    # One worked choice list, shared once, in its packet.
    share = ChoiceListShare.objects.get()
    assert len(share.snapshot["providers"]) == 4
    assert share.choice_list.entries.filter(included=False).count() == 1


def test_seed_demo_refuses_to_run_outside_the_demo_settings():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("seed_demo")
