"""Scheduling and sending invitations: windows, time zones, reminders, expiry, opt-out."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.test import Client

from content.models import CareSettingPage
from content.services import education_page_publish
from surveys.models import Invitation, InvitationMessage, Response
from surveys.scheduling import next_in_window
from surveys.sending import invitations_sweep
from surveys.services import transition_save
from tests.library import body, page_fields
from tests.surveys.factories import scheduled_transition
from tests.surveys.test_wizard import answer_all, step_url
from transitions.models import Facility

pytestmark = pytest.mark.both_databases

NEW_YORK = ZoneInfo("America/New_York")


def local(year, month, day, hour=0, minute=0, second=0):
    return dt.datetime(year, month, day, hour, minute, second, tzinfo=NEW_YORK)


@pytest.fixture
def hospital(db):
    return Facility.objects.create(name="General Hospital", kind="hospital")


def test_a_transition_schedules_its_invitation_two_days_later_at_nine(rule_page, hospital):
    transition = scheduled_transition(hospital)
    invitation = Invitation.objects.get(transition=transition)
    assert invitation.status == Invitation.SCHEDULED
    assert invitation.due_at == local(2026, 3, 4, 9)
    assert invitation.expires_at == local(2026, 4, 3, 9)


def test_only_destinations_named_in_the_rule_are_invited(rule_page, hospital):
    scheduled_transition(hospital, destination_kind="home")
    assert not Invitation.objects.exists()


@pytest.mark.parametrize(
    ("moved", "due_utc_hour"),
    [(dt.date(2026, 10, 29), 13), (dt.date(2026, 10, 30), 14)],  # 31 Oct is EDT, 1 Nov is EST
)
def test_nine_in_the_morning_stays_nine_across_the_daylight_saving_change(
    rule_page, hospital, moved, due_utc_hour
):
    scheduled_transition(hospital, transition_date=moved)
    due = Invitation.objects.get().due_at
    assert due.astimezone(NEW_YORK).hour == 9
    assert due.astimezone(dt.UTC).hour == due_utc_hour


def test_a_due_message_outside_the_window_waits_for_the_next_opening():
    start, end = dt.time(9), dt.time(19)
    assert next_in_window(local(2026, 3, 4, 19, 30), start=start, end=end) == local(2026, 3, 5, 9)
    assert next_in_window(local(2026, 3, 4, 6), start=start, end=end) == local(2026, 3, 4, 9)
    assert next_in_window(local(2026, 3, 4, 12), start=start, end=end) == local(2026, 3, 4, 12)
    # The night the clocks go back: still 09:00 local the next morning.
    assert next_in_window(local(2026, 10, 31, 23), start=start, end=end) == local(2026, 11, 1, 9)


def test_changing_the_date_moves_what_is_unsent_and_do_not_contact_cancels(rule_page, hospital):
    transition = scheduled_transition(hospital)
    transition.transition_date = dt.date(2026, 3, 10)
    transition_save(transition=transition)
    assert Invitation.objects.get().due_at == local(2026, 3, 12, 9)
    transition.do_not_contact = True
    transition_save(transition=transition)
    invitation = Invitation.objects.get()
    assert invitation.status == Invitation.CANCELLED and invitation.due_at is None
    transition.do_not_contact = False
    transition_save(transition=transition)
    assert Invitation.objects.get().status == Invitation.SCHEDULED


def sweep_at(moment):
    with time_machine.travel(moment, tick=False):
        return invitations_sweep()


def test_the_sweep_sends_once_with_no_health_details_and_a_working_link(
    rule_page, hospital, client, organization
):
    scheduled_transition(hospital)
    assert sweep_at(local(2026, 3, 4, 8, 59)).sent == 0
    result = sweep_at(local(2026, 3, 4, 9, 1))
    assert result.sent == 1 and len(mail.outbox) == 1
    assert sweep_at(local(2026, 3, 4, 9, 2)).sent == 0  # nothing sent twice
    email = mail.outbox[0]
    assert email.to == ["ana@example.org"]
    assert "Ana" in email.body
    # From, subject and signature name the organization, with its help line and address.
    assert email.from_email == "Riverside Health Care Transitions <care-transitions@riverside-health.example>"
    assert email.subject == "How did your move go? A short survey from Riverside Health"
    assert "Questions? Call Riverside Health at (410) 555-0142" in email.body
    assert "1200 Riverbend Avenue" in email.body
    assert "nursing" not in (email.subject + email.body).lower()
    assert email.extra_headers["Message-ID"].startswith("<invitation-")
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    html = email.alternatives[0][0]
    assert "Ana" in html and "<a href=" in html
    invitation = Invitation.objects.get()
    assert invitation.status == Invitation.SENT
    # First reminder 5 days later at the same local time, across the 8 March clock change.
    assert invitation.due_at == local(2026, 3, 9, 9, 1)
    link = re.search(r"http://\S+/s/(\S+)/", email.body)
    assert link is not None
    with time_machine.travel(local(2026, 3, 4, 10), tick=False):
        opened = client.get(f"/s/{link.group(1)}/")
    assert opened.status_code == 302 and opened.url == rule_page.url


def test_reminders_follow_and_stop_once_answered(rule_page, hospital):
    scheduled_transition(hospital)
    sweep_at(local(2026, 3, 4, 9, 1))
    sweep_at(local(2026, 3, 9, 9, 5))
    assert len(mail.outbox) == 2 and "Reminder" in mail.outbox[1].subject
    assert Invitation.objects.get().reminders_sent == 1
    link = re.search(r"/s/(\S+)/", mail.outbox[1].body).group(1)
    with time_machine.travel(local(2026, 3, 10, 10), tick=False):
        patient = Client()
        patient.get(f"/s/{link}/")
        answer_all(patient, rule_page)
        patient.post(step_url(rule_page, "check"), {})
    assert Response.objects.count() == 1
    invitation = Invitation.objects.get()
    assert invitation.status == Invitation.COMPLETED and invitation.due_at is None
    sweep_at(local(2026, 3, 14, 10))
    sweep_at(local(2026, 3, 20, 10))
    assert len(mail.outbox) == 2  # no reminder after the answer


def test_at_most_the_set_number_of_reminders_then_expiry(rule_page, hospital):
    scheduled_transition(hospital)
    for day in (4, 9, 14, 19, 24):
        sweep_at(local(2026, 3, day, 9, 30))
    assert len(mail.outbox) == 3  # the invitation and 2 reminders
    result = sweep_at(local(2026, 4, 3, 9, 30))
    assert result.expired == 1
    assert Invitation.objects.get().status == Invitation.EXPIRED


def test_opting_out_stops_every_pending_email_for_that_address_at_once(rule_page, hospital, client):
    scheduled_transition(hospital)
    scheduled_transition(hospital, external_reference="ENC-2", transition_date=dt.date(2026, 3, 3))
    sweep_at(local(2026, 3, 4, 9, 1))
    stop = re.search(r"http://\S+(/stop/\S+/)", mail.outbox[0].body).group(1)
    confirm = client.get(stop)
    assert confirm.status_code == 200 and "Stop these emails" in confirm.content.decode()
    assert Invitation.objects.filter(status=Invitation.OPTED_OUT).count() == 0  # a GET changes nothing
    assert client.post(stop).status_code == 200
    assert set(Invitation.objects.values_list("status", flat=True)) == {Invitation.OPTED_OUT}
    later = scheduled_transition(hospital, external_reference="ENC-3", transition_date=dt.date(2026, 4, 1))
    assert Invitation.objects.get(transition=later).status == Invitation.CANCELLED
    assert client.post("/stop/not-signed/").status_code == 404


def test_a_claim_whose_worker_died_is_taken_again_after_its_lease(rule_page, hospital, settings):
    settings.SURVEY_SEND_LEASE_SECONDS = 60
    scheduled_transition(hospital)
    invitation = Invitation.objects.get()
    # A sweep claimed it at 09:00 and was killed before recording the message as sent.
    InvitationMessage.objects.create(
        invitation=invitation, kind="invitation", lease_until=local(2026, 3, 4, 9, 1), attempts=1
    )
    Invitation.objects.filter(pk=invitation.pk).update(due_at=local(2026, 3, 4, 9, 1))
    assert sweep_at(local(2026, 3, 4, 9, 0, 30)).sent == 0  # lease still held
    assert sweep_at(local(2026, 3, 4, 9, 2)).sent == 1
    message = InvitationMessage.objects.get()
    assert message.state == InvitationMessage.SENT and message.attempts == 2
    assert len(mail.outbox) == 1


def test_a_message_recorded_but_not_moved_on_is_not_sent_again(rule_page, hospital):
    scheduled_transition(hospital)
    invitation = Invitation.objects.get()
    InvitationMessage.objects.create(
        invitation=invitation, kind="invitation", state=InvitationMessage.SENT, sent_at=local(2026, 3, 4, 9)
    )
    assert sweep_at(local(2026, 3, 4, 9, 5)).sent == 0
    invitation.refresh_from_db()
    assert invitation.status == Invitation.SENT and invitation.due_at == local(2026, 3, 9, 9)
    assert mail.outbox == []


def test_spanish_speakers_get_spanish_email(rule_page, hospital):
    scheduled_transition(hospital, language="es")
    sweep_at(local(2026, 3, 4, 9, 1))
    email = mail.outbox[0]
    assert "/es/s/" in email.body
    assert "Estimado" in email.body or "Estimada" in email.body or "Hola" in email.body


def test_the_thank_you_page_offers_the_page_about_where_the_person_moved(rule_page, hospital, library):
    scheduled_transition(hospital, destination_kind="snf")
    sweep_at(local(2026, 3, 4, 9, 1))
    token = re.search(r"/s/(\S+)/", mail.outbox[0].body).group(1)
    with time_machine.travel(local(2026, 3, 4, 10), tick=False):
        patient = Client()
        patient.get(f"/s/{token}/")
        answer_all(patient, rule_page)
        thanks = patient.post(step_url(rule_page, "check"), {}, follow=True).content.decode()
    assert f'href="{library["snf"].url}"' in thanks


def _setting_page(library, kind: str, title: str):
    return education_page_publish(
        parent=library["care_settings"],
        model=CareSettingPage,
        slug=kind.replace("_", "-"),
        fields=page_fields(title, "What a day looks like.", care_setting_kind=kind),
        body=body(text="Who looks after you, and how."),
    )


def test_the_thank_you_page_leaves_out_pages_about_other_kinds_of_care(rule_page, hospital, library):
    hospice = _setting_page(library, "hospice", "What to expect in hospice")
    home_health = _setting_page(library, "home_health", "What to expect from home health care")
    rule_page.invite_destination_kinds = ["home_health"]
    rule_page.suggested_pages.set([hospice, library["snf"], library["heart"]])
    rule_page.save_revision().publish()
    scheduled_transition(hospital, destination_kind="home_health")
    sweep_at(local(2026, 3, 4, 9, 1))
    token = re.search(r"/s/(\S+)/", mail.outbox[0].body).group(1)
    with time_machine.travel(local(2026, 3, 4, 10), tick=False):
        patient = Client()
        patient.get(f"/s/{token}/")
        answer_all(patient, rule_page)
        thanks = patient.post(step_url(rule_page, "check"), {}, follow=True).content.decode()
    assert f'href="{home_health.url}"' in thanks and f'href="{library["heart"].url}"' in thanks
    assert f'href="{hospice.url}"' not in thanks and f'href="{library["snf"].url}"' not in thanks
