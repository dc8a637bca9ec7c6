"""Care transitions in the admin: each liaison sees and changes only their facilities'."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.urls import reverse

from surveys.models import Invitation
from tests.factories import StaffUserFactory, activate_totp
from tests.surveys.factories import scheduled_transition
from transitions.models import CareTransition, Facility


@pytest.fixture
def two_hospitals(db):
    return (
        Facility.objects.create(name="North Hospital", kind="hospital"),
        Facility.objects.create(name="South Hospital", kind="hospital"),
    )


@pytest.fixture
def north_liaison(two_hospitals):
    user = StaffUserFactory(role="Liaison")
    activate_totp(user)
    two_hospitals[0].liaisons.add(user)
    return user


def form_data(facility, **changes):
    data = {
        "external_reference": "ENC-9",
        "patient_first_name": "Rosa",
        "email": "rosa@example.org",
        "phone": "",
        "language": "es",
        "respondent": "patient",
        "proxy_name": "",
        "discharging_facility": facility.pk,
        "destination_kind": "snf",
        "receiving_facility": "",
        "transition_date": "2026-03-02",
        "liaison": "",
    }
    data.update(changes)
    return data


def test_a_liaison_lists_opens_and_edits_only_their_facilities_transitions(
    client, north_liaison, two_hospitals
):
    north, south = two_hospitals
    mine = scheduled_transition(north, external_reference="N-1")
    theirs = scheduled_transition(south, external_reference="S-1", email="s@example.org")
    client.force_login(north_liaison)
    listing = client.get(reverse("caretransition:index")).content.decode()
    assert "N-1" in listing and "S-1" not in listing
    assert reverse("transition_import:upload") in listing  # "Import from CSV"
    assert client.get(reverse("caretransition:edit", args=[mine.pk])).status_code == 200
    assert client.get(reverse("caretransition:edit", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("caretransition:edit", args=[theirs.pk]), form_data(south)).status_code == 404
    assert client.get(reverse("caretransition:inspect", args=[theirs.pk])).status_code == 404


def test_a_liaison_can_only_pick_their_own_facility(client, north_liaison, two_hospitals):
    north, south = two_hospitals
    client.force_login(north_liaison)
    refused = client.post(reverse("caretransition:add"), form_data(south))
    assert refused.status_code == 200 and not CareTransition.objects.exists()
    created = client.post(reverse("caretransition:add"), form_data(north))
    assert created.status_code == 302
    assert CareTransition.objects.get().discharging_facility == north


@pytest.mark.both_databases
def test_saving_in_the_admin_schedules_the_invitation(client, manager, two_hospitals, rule_page):
    client.force_login(manager)
    client.post(reverse("caretransition:add"), form_data(two_hospitals[1]))
    invitation = Invitation.objects.get()
    assert invitation.status == Invitation.SCHEDULED and invitation.language == "es"
    transition = CareTransition.objects.get()
    client.post(
        reverse("caretransition:edit", args=[transition.pk]), form_data(two_hospitals[1], do_not_contact="on")
    )
    assert Invitation.objects.get().status == Invitation.CANCELLED


def test_a_proxy_needs_a_name(client, manager, two_hospitals):
    client.force_login(manager)
    response = client.post(reverse("caretransition:add"), form_data(two_hospitals[0], respondent="proxy"))
    assert response.status_code == 200
    assert "Enter the name of the person who will answer." in response.content.decode()


def test_condition_codes_are_checked_next_to_the_field_and_tidied(client, north_liaison, two_hospitals):
    client.force_login(north_liaison)
    refused = client.post(
        reverse("caretransition:add"), form_data(two_hospitals[0], condition_codes="I50.9, 428.0")
    )
    assert refused.status_code == 200 and not CareTransition.objects.exists()
    assert "“428.0” is not an ICD-10-CM code" in refused.context["form"].errors["condition_codes"][0]
    created = client.post(
        reverse("caretransition:add"), form_data(two_hospitals[0], condition_codes=" i50.9;e11.9 ")
    )
    assert created.status_code == 302
    assert CareTransition.objects.get().condition_codes == "I50.9, E11.9"


def test_content_editors_see_no_transitions(client, two_hospitals):
    editor = StaffUserFactory(role="Content editor")
    activate_totp(editor)
    scheduled_transition(two_hospitals[0])
    client.force_login(editor)
    response = client.get(reverse("caretransition:index"))
    assert response.status_code in (302, 403)


def test_the_demo_command_sends_an_invitation_and_prints_its_link(rule_page, settings, capsys):
    from django.core import mail

    settings.DEBUG = True
    call_command("invite_demo_patient", "--language", "es", "--email", "demo@example.org")
    printed = capsys.readouterr().out
    assert "/es/s/" in printed and len(mail.outbox) == 1
    invitation = Invitation.objects.get()
    assert invitation.status == Invitation.SENT
    assert invitation.transition.transition_date <= dt.date.today()


def test_the_liaison_picker_lists_only_liaisons_of_the_facilities_the_user_may_assign(
    client, north_liaison, two_hospitals
):
    north, south = two_hospitals
    colleague = StaffUserFactory(role="Liaison", email="colleague@example.org")
    north.liaisons.add(colleague)
    stranger = StaffUserFactory(role="Liaison", email="stranger@example.org")
    south.liaisons.add(stranger)
    StaffUserFactory(role="Content editor", email="editor@example.org")
    client.force_login(north_liaison)
    form = client.get(reverse("caretransition:add")).content.decode()
    assert "colleague@example.org" in form
    assert "stranger@example.org" not in form and "editor@example.org" not in form
    refused = client.post(reverse("caretransition:add"), form_data(north, liaison=stranger.pk))
    assert refused.status_code == 200 and not CareTransition.objects.exists()
    created = client.post(reverse("caretransition:add"), form_data(north, liaison=colleague.pk))
    assert created.status_code == 302
    assert CareTransition.objects.get().liaison == colleague


def test_editing_keeps_a_liaison_who_has_left_the_facility_selectable(client, north_liaison, two_hospitals):
    north, _south = two_hospitals
    former = StaffUserFactory(role="Liaison", email="former@example.org")
    moved = scheduled_transition(north, external_reference="N-2", liaison=former)
    client.force_login(north_liaison)
    saved = client.post(
        reverse("caretransition:edit", args=[moved.pk]),
        form_data(north, external_reference="N-2", liaison=former.pk, patient_first_name="Rosa"),
    )
    assert saved.status_code == 302
    moved.refresh_from_db()
    assert moved.liaison == former and moved.patient_first_name == "Rosa"
