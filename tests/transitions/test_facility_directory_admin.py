"""Facilities as places of care in the admin: their Medicare fields, a location from the ZIP
code when none is given, and a chooser (not a drop-down of thousands) for where a patient
moved to."""

import pytest
from django.urls import reverse

from tests.factories import StaffUserFactory, activate_totp
from transitions.models import Facility

pytestmark = pytest.mark.both_databases


@pytest.fixture
def manager(db):
    user = StaffUserFactory(role="Liaison manager")
    activate_totp(user)
    return user


def _facility_form(**changes):
    data = {
        "name": "Harbor View Nursing",
        "kind": "snf",
        "active": "on",
        "ccn": "215001",
        "address": "10 Pier Road",
        "city": "Baltimore",
        "state": "MD",
        "zip_code": "21201",
        "phone": "410-555-0100",
        "ownership": "Non profit - Corporation",
        "latitude": "",
        "longitude": "",
    }
    data.update(changes)
    return data


def test_a_provider_added_by_hand_is_placed_at_its_zip_code(client, manager):
    client.force_login(manager)
    response = client.post(reverse("facility:add"), _facility_form())
    assert response.status_code == 302
    provider = Facility.objects.get(ccn="215001")
    assert provider.location_source == Facility.LOCATION_FROM_ZIP
    assert provider.latitude == pytest.approx(39.29, abs=0.05)
    assert provider.longitude == pytest.approx(-76.62, abs=0.05)
    assert provider.care_compare_url == "https://www.medicare.gov/care-compare/details/nursing-home/215001"


def test_a_zip_code_that_is_not_one_gets_a_message_by_the_field(client, manager):
    client.force_login(manager)
    page = client.post(reverse("facility:add"), _facility_form(zip_code="2120")).content.decode()
    assert "Enter a US ZIP code: five digits, such as 21201." in page
    assert not Facility.objects.filter(ccn="215001").exists()


def test_the_transition_form_chooses_the_receiving_facility_without_listing_every_provider(client, manager):
    hospital = Facility.objects.create(name="North Hospital", kind="hospital")
    hospital.liaisons.add(manager)
    Facility.objects.bulk_create(
        Facility(name=f"Provider {number:03}", kind="snf", ccn=f"21{number:04}") for number in range(300)
    )
    client.force_login(manager)
    form = client.get(reverse("caretransition:add")).content.decode()
    assert "Provider 150" not in form  # not an <option> each
    assert "Choose a facility" in form
    chooser = client.get(reverse("facility_chooser:choose_results"), {"q": "210150"}).content.decode()
    assert "Provider 150" in chooser and "Provider 151" not in chooser
    by_name = client.get(reverse("facility_chooser:choose_results"), {"q": "provider 15", "kind": "snf"})
    assert "Provider 159" in by_name.content.decode()


def test_the_facilities_list_leads_to_the_medicare_import(client, manager):
    client.force_login(manager)
    listing = client.get(reverse("facility:index")).content.decode()
    assert reverse("provider_import:upload") in listing and "Import Medicare data" in listing


def test_the_chooser_tells_two_providers_of_the_same_name_apart(client, manager):
    Facility.objects.create(name="Sunny Nursing", kind="snf", ccn="215011", city="Towson")
    Facility.objects.create(name="Sunny Nursing", kind="snf", ccn="215012", city="Annapolis")
    client.force_login(manager)
    listing = client.get(reverse("facility_chooser:choose_results"), {"q": "sunny"}).content.decode()
    assert "Towson" in listing and "Annapolis" in listing
    assert "215011" in listing and "215012" in listing
