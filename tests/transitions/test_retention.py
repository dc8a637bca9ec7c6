"""Retention: closed care transitions lose their contact details after the retention
period; answers, figures and opt-outs stay, and each erasure is audited once."""

import datetime as dt
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from feedback.figures import figures_rebuild_all
from feedback.followups import followups_open
from feedback.models import DailyFigures, FollowUp
from packets.models import Packet, PacketMessage
from surveys.models import Answer, Invitation, InvitationMessage, Response
from surveys.services import survey_page_ensure
from tests.factories import StaffUserFactory
from tests.surveys.factories import GOOD, POOR, answered_response
from transitions.models import (
    CareTransition,
    ChoiceList,
    ChoiceListEntry,
    ChoiceListShare,
    EmailOptOut,
    Facility,
)
from transitions.optouts import contact_blocked, email_hash
from transitions.retention import AUDIT_SOURCE, contacts_erase_sweep
from transitions.tasks import contacts_erase_task

pytestmark = pytest.mark.both_databases

ROOT = Path(__file__).resolve().parents[2]
CALL_BACK_PHONE = "555 201 0123"  # given with POOR's call-back request


@pytest.fixture
def page(home_page, survey):
    return survey_page_ensure(parent=home_page, slug="move", title="Move", survey=survey, access="invitation")


@pytest.fixture
def hospital(db):
    """A hospital with a liaison, who owns the follow-ups its transitions open."""
    hospital = Facility.objects.create(name="North Hospital", kind="hospital")
    hospital.liaisons.add(StaffUserFactory(role="Liaison"))
    return hospital


def days_ago(days: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=days)


def closed_transition(page, hospital, *, reference: str, age: int, answers=GOOD) -> CareTransition:
    """A transition ``age`` days after its move, answered, its follow-ups all resolved."""
    response = answered_response(
        page=page,
        facility=hospital,
        answers=answers,
        reference=reference,
        transition_date=days_ago(age),
        proxy_name="Luis",
        phone="555 300 4000",
    )
    followups_open(response_id=response.pk)
    FollowUp.objects.filter(response=response).update(status=FollowUp.RESOLVED, closed_at=timezone.now())
    return response.transition


def answers_of(transition):
    return sorted(
        Answer.objects.filter(response__transition=transition).values_list(
            "key", "code", "value", "score", "text"
        )
    )


def figures():
    return sorted(
        DailyFigures.objects.values_list(*[f.name for f in DailyFigures._meta.fields if f.name != "id"])
    )


def erasure_entries(transition):
    return ModelLogEntry.objects.for_instance(transition).filter(data__source=AUDIT_SOURCE)


def test_a_closed_transition_past_retention_loses_its_contact_details_and_keeps_its_answers(page, hospital):
    transition = closed_transition(page, hospital, reference="ENC-366", age=366, answers=POOR)
    assert FollowUp.objects.filter(response__transition=transition).exists()  # opened, then resolved
    invitation = transition.invitations.get()
    InvitationMessage.objects.create(
        invitation=invitation,
        kind="reminder-1",
        state=InvitationMessage.FAILED,
        error="550 enc-366@example.org",
    )
    Invitation.objects.filter(pk=invitation.pk).update(last_error="550 enc-366@example.org unknown")
    log(instance=transition, action="wagtail.create")  # its label is the reference
    figures_rebuild_all()
    answers_before, figures_before = answers_of(transition), figures()
    assert figures_before  # the dashboards count this response
    assert (
        "call_back",
        "yes",
        None,
        None,
        CALL_BACK_PHONE,
    ) in answers_before

    assert contacts_erase_sweep() == 1

    transition.refresh_from_db()
    assert transition.external_reference == f"erased-{transition.pk}"
    assert (transition.patient_first_name, transition.email, transition.phone, transition.proxy_name) == (
        "",
        "",
        "",
        "",
    )
    assert transition.contact_erased_at is not None
    # Every answer kept, except the phone number given with the call-back request.
    expected = [
        (key, code, value, score, "" if key == "call_back" else text)
        for key, code, value, score, text in answers_before
    ]
    assert answers_of(transition) == expected
    assert Response.objects.filter(transition=transition).count() == 1
    assert figures() == figures_before
    figures_rebuild_all()  # and what they are computed from is unchanged
    assert figures() == figures_before
    # Copies of the address are gone too.
    invitation.refresh_from_db()
    assert invitation.last_error == ""
    assert not InvitationMessage.objects.filter(invitation=invitation).exclude(error="").exists()
    # One audit entry, naming the fields, holding none of the values.
    entry = erasure_entries(transition).get()
    assert entry.action == "wagtail.edit" and entry.user is None
    assert set(entry.data["erased"]) == {
        "external_reference",
        "patient_first_name",
        "email",
        "phone",
        "proxy_name",
    }
    assert entry.data["retention_days"] == 365
    written = json.dumps(
        list(ModelLogEntry.objects.for_instance(transition).values("label", "data")), default=str
    ).lower()
    for value in ("enc-366", "ana", "luis", CALL_BACK_PHONE, "555 300 4000", "example.org"):
        assert value not in written


def test_an_opt_out_keeps_working_after_the_address_is_erased(page, hospital):
    transition = closed_transition(page, hospital, reference="ENC-1", age=400)
    address = transition.email
    EmailOptOut.objects.create(email_hash=email_hash(address))
    assert contacts_erase_sweep() == 1
    assert EmailOptOut.objects.filter(email_hash=email_hash(address)).exists()
    later = CareTransition(
        external_reference="ENC-2",
        patient_first_name="Ana",
        email=address.upper(),
        discharging_facility=hospital,
        destination_kind="snf",
        transition_date=timezone.localdate(),
    )
    assert contact_blocked(later)


@pytest.mark.parametrize("age", [364, 365])
def test_a_transition_not_more_than_the_retention_period_old_is_kept(page, hospital, age):
    transition = closed_transition(page, hospital, reference="ENC-1", age=age)
    assert contacts_erase_sweep() == 0
    transition.refresh_from_db()
    assert (transition.external_reference, transition.email, transition.contact_erased_at) == (
        "ENC-1",
        "enc-1@example.org",
        None,
    )
    assert not erasure_entries(transition).exists()


def test_a_transition_with_an_open_follow_up_is_kept_until_it_is_resolved(page, hospital):
    response = answered_response(
        page=page, facility=hospital, answers=POOR, reference="ENC-1", transition_date=days_ago(366)
    )
    followup = followups_open(response_id=response.pk)
    FollowUp.objects.filter(pk=followup.pk).update(status=FollowUp.IN_PROGRESS)

    assert contacts_erase_sweep() == 0
    assert CareTransition.objects.get(pk=response.transition_id).email == "enc-1@example.org"

    FollowUp.objects.filter(pk=followup.pk).update(status=FollowUp.NO_ACTION, closed_at=timezone.now())
    assert contacts_erase_sweep() == 1


def _pending_invitation(transition, page):
    Invitation.objects.filter(transition=transition).update(
        status=Invitation.SCHEDULED, due_at=timezone.now()
    )


def _reminder_being_sent(transition, page):
    InvitationMessage.objects.create(
        invitation=transition.invitations.get(), kind="reminder-1", lease_until=timezone.now()
    )


def _packet_waiting(transition, page):
    Packet.objects.create(
        transition=transition, language="en", status=Packet.SCHEDULED, due_at=timezone.now()
    )


def _packet_being_sent(transition, page):
    packet = Packet.objects.create(transition=transition, language="en", status=Packet.SENT)
    PacketMessage.objects.create(packet=packet, lease_until=timezone.now())


def _rules_not_run(transition, page):
    Response.objects.filter(transition=transition).update(followups_checked_at=None)


@pytest.mark.parametrize(
    "still_open",
    [_pending_invitation, _reminder_being_sent, _packet_waiting, _packet_being_sent, _rules_not_run],
    ids=lambda f: f.__name__.strip("_"),
)
def test_a_transition_that_may_still_reach_the_person_is_kept(page, hospital, still_open):
    transition = closed_transition(page, hospital, reference="ENC-1", age=500)
    still_open(transition, page)
    assert contacts_erase_sweep() == 0
    transition.refresh_from_db()
    assert transition.contact_erased_at is None and transition.email == "enc-1@example.org"


def test_a_pending_invitation_without_any_answer_keeps_the_transition(page, hospital):
    transition = CareTransition.objects.create(
        external_reference="ENC-1",
        patient_first_name="Ana",
        email="ana@example.org",
        discharging_facility=hospital,
        destination_kind="snf",
        transition_date=days_ago(366),
    )
    Invitation.objects.create(
        page=page,
        transition=transition,
        language="en",
        status=Invitation.SENT,
        expires_at=timezone.now() + dt.timedelta(days=3),
    )
    assert contacts_erase_sweep() == 0
    Invitation.objects.filter(transition=transition).update(status=Invitation.EXPIRED)
    assert contacts_erase_sweep() == 1


def test_running_the_sweep_again_erases_nothing_more_and_writes_no_second_entry(page, hospital):
    first = closed_transition(page, hospital, reference="ENC-1", age=366)
    second = closed_transition(page, hospital, reference="ENC-2", age=700)
    assert contacts_erase_sweep() == 2
    erased_at = CareTransition.objects.get(pk=first.pk).contact_erased_at
    assert contacts_erase_sweep() == 0
    assert CareTransition.objects.get(pk=first.pk).contact_erased_at == erased_at
    assert erasure_entries(first).count() == 1 and erasure_entries(second).count() == 1


def test_a_reference_that_looks_erased_holds_back_only_the_transition_it_clashes_with(page, hospital):
    clashing = closed_transition(page, hospital, reference="ENC-1", age=400)
    other = closed_transition(page, hospital, reference="ENC-2", age=400)
    CareTransition.objects.create(
        external_reference=f"erased-{clashing.pk}",
        patient_first_name="Eve",
        discharging_facility=hospital,
        destination_kind="snf",
        transition_date=timezone.localdate(),
    )
    assert contacts_erase_sweep() == 1
    assert CareTransition.objects.get(pk=clashing.pk).external_reference == "ENC-1"
    assert CareTransition.objects.get(pk=other.pk).external_reference == f"erased-{other.pk}"


def test_a_run_is_bounded_and_the_next_run_goes_on(page, hospital):
    for number in range(5):
        closed_transition(page, hospital, reference=f"ENC-{number}", age=400)
    assert contacts_erase_sweep(batch_size=2, max_batches=2) == 4
    assert contacts_erase_sweep(batch_size=2, max_batches=2) == 1
    assert not CareTransition.objects.filter(contact_erased_at__isnull=True).exists()


def test_the_retention_setting_sets_the_number_of_days(page, hospital, settings):
    transition = closed_transition(page, hospital, reference="ENC-1", age=40)
    assert contacts_erase_sweep() == 0
    settings.PORTAL_RETENTION_DAYS = 30
    assert contacts_erase_task.delay().get() == 1
    assert erasure_entries(transition).get().data["retention_days"] == 30


def start_up(**env: str) -> subprocess.CompletedProcess:
    clean = {
        k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "PORTAL_RETENTION_DAYS"}
    }
    return subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "--no-imports",
            "-c",
            "from django.conf import settings; print(settings.PORTAL_RETENTION_DAYS)",
        ],
        cwd=ROOT,
        env=clean | {"DJANGO_SETTINGS_MODULE": "portal.settings.dev"} | env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_retention_period_is_read_from_the_environment():
    assert start_up().stdout.strip() == "365"
    assert start_up(PORTAL_RETENTION_DAYS="90").stdout.strip() == "90"


@pytest.mark.parametrize("value", ["7", "a year"])
def test_a_retention_period_too_short_or_malformed_stops_start_up_with_one_line(value):
    result = start_up(PORTAL_RETENTION_DAYS=value)
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "PORTAL_RETENTION_DAYS" in lines[0], result.stderr


def test_the_sweep_runs_daily_from_beat():
    entry = next(e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == contacts_erase_task.name)
    assert entry["schedule"] == 24 * 60 * 60


def test_the_admin_shows_an_erased_transition_as_erased(client, manager, page, hospital):
    transition = closed_transition(page, hospital, reference="ENC-1", age=366)
    contacts_erase_sweep()
    client.force_login(manager)
    shown = client.get(reverse("caretransition:inspect", args=[transition.pk])).content.decode()
    assert "Contact details erased" in shown and f"erased-{transition.pk}" in shown
    assert "ENC-1" not in shown and "enc-1@example.org" not in shown
    # Editing would ask for the erased name again: the edit page sends back to the details.
    edit = reverse("caretransition:edit", args=[transition.pk])
    for response in (client.get(edit), client.post(edit, {"patient_first_name": "Ana"})):
        assert response.status_code == 302
        assert response["Location"] == reverse("caretransition:inspect", args=[transition.pk])
    transition.refresh_from_db()
    assert transition.patient_first_name == ""
    followed = client.get(edit, follow=True).content.decode()
    assert "can no longer be changed" in followed


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks: SQLite runs one writer at a time")
def test_two_sweeps_at_once_erase_each_transition_once(migrated_data, page, hospital):
    held, free = (closed_transition(page, hospital, reference=f"ENC-{n}", age=400) for n in range(2))
    erased_meanwhile = []

    def other_sweep():
        try:
            erased_meanwhile.append(contacts_erase_sweep())
        finally:
            connection.close()

    with transaction.atomic():
        # This transaction holds one row, as a sweep in another process would.
        CareTransition.objects.select_for_update().get(pk=held.pk)
        thread = threading.Thread(target=other_sweep)
        thread.start()
        thread.join(timeout=120)  # a bound, not a measurement: skip_locked never waits
        assert not thread.is_alive()
    assert erased_meanwhile == [1]
    assert CareTransition.objects.get(pk=held.pk).contact_erased_at is None
    assert CareTransition.objects.get(pk=free.pk).contact_erased_at is not None
    assert contacts_erase_sweep() == 1
    assert erasure_entries(held).count() == 1 and erasure_entries(free).count() == 1


def test_the_choice_lists_free_text_goes_with_the_contact_details_and_the_shared_ratings_stay(page, hospital):
    transition = closed_transition(page, hospital, reference="ENC-400", age=400)
    home = Facility.objects.create(name="Harbor View Nursing", kind="snf", ccn="215001")
    choices = ChoiceList.objects.create(
        transition=transition, kind="snf", zip_code="21201", goals="Near my daughter Ana", chosen_reason="Ana"
    )
    ChoiceListEntry.objects.create(choice_list=choices, facility=home, reason="Ana visits on Sundays")
    share = ChoiceListShare.objects.create(
        choice_list=choices,
        language="en",
        snapshot={"goals": "Near my daughter Ana", "providers": [{"name": "Harbor View Nursing"}]},
    )
    contacts_erase_sweep(days=365)
    choices.refresh_from_db()
    share.refresh_from_db()
    assert (choices.goals, choices.chosen_reason) == ("", "")
    assert ChoiceListEntry.objects.get(choice_list=choices).reason == ""
    assert share.snapshot == {"goals": "", "providers": [{"name": "Harbor View Nursing"}]}
