"""One follow-up case per response, never without an active owner, one email per case:
routing, severity, business-hours due times, hand-overs and the sweep that hands on the cases
of deactivated owners."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from wagtail.models import ModelLogEntry

from feedback import audit
from feedback.followup_rules import (
    add_business_hours,
    business_day_end,
    comment_marked,
    followup_reasons,
    followup_schedule,
)
from feedback.followups import FOLLOWUP_NOTICE, followups_of_inactive_owners_reassign, followups_open
from feedback.models import FollowUp, FollowUpRules
from portal.models import OutboxMessage
from portal.roles import MANAGER
from tests.factories import staff
from tests.surveys.factories import answered_response
from transitions.models import Facility

pytestmark = pytest.mark.both_databases

NEW_YORK = ZoneInfo("America/New_York")
# Five rules at once on the demo's care-move survey: worst agreement, overall 2, would not
# recommend, a safety word in free text, and a call-back with a phone number.
FIVE_REASONS = {
    "preferences_considered": "1",
    "own_responsibilities": "3",
    "problem_after_move": "yes",
    "problem_details": "She FELL in the bathroom and the medicine was late.",
    "overall_rating": "2",
    "recommend": "3",
    "call_back": "yes",
    "call_back_phone": "555 201 0123",
}


def open_cases_without_an_active_owner():
    return FollowUp.objects.filter(
        status__in=(FollowUp.OPEN, FollowUp.IN_PROGRESS), assigned_to__is_active=False
    ).count()


@pytest.fixture
def hospital(db):
    return Facility.objects.create(name="Hope Hospital", kind="hospital")


def answer(move_page, facility, reference="C-1", liaison=None, answers=FIVE_REASONS, **transition):
    return answered_response(
        page=move_page, facility=facility, answers=answers, reference=reference, liaison=liaison, **transition
    )


# --- one case, one email (regression: one follow-up and one email per kind) ------------------


def test_a_response_with_five_reasons_opens_one_case_and_sends_one_email(move_page, hospital):
    liaison = staff("Liaison", first_name="Lee", email="lee@example.org")
    response = answer(move_page, hospital, liaison=liaison)
    case = followups_open(response_id=response.pk)
    followups_open(response_id=response.pk)  # the catch-up sweep or a retried task
    assert FollowUp.objects.filter(response=response).count() == 1
    assert set(case.reasons.values_list("kind", flat=True)) == {
        FollowUp.BOTTOM_BOX,
        FollowUp.LOW_RATING,
        FollowUp.DETRACTOR,
        FollowUp.KEYWORD,
        FollowUp.CALL_BACK,
    }
    assert case.reasons.get(kind=FollowUp.KEYWORD).detail == "fell, medicine"
    assert OutboxMessage.objects.filter(kind=FOLLOWUP_NOTICE).count() == 1
    assert [message.to for message in mail.outbox] == [["lee@example.org"]]
    assert "fell" not in mail.outbox[0].body.lower() and "555" not in mail.outbox[0].body


def test_the_database_keeps_one_case_per_response_and_an_owner_on_each(move_page, hospital, manager):
    response = answer(move_page, hospital)
    case = followups_open(response_id=response.pk)
    with pytest.raises(IntegrityError), transaction.atomic():
        FollowUp.objects.create(
            response=response, assigned_to=manager, due_at=case.due_at, escalate_at=case.due_at
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        FollowUp.objects.filter(pk=case.pk).update(assigned_to=None)
    with pytest.raises(ProtectedError):
        case.assigned_to.delete()


# --- routing (regression: no liaison meant nobody) ---------------------------------------------


def test_without_a_liaison_the_case_goes_to_the_least_busy_liaison_of_the_receiving_facility(
    move_page, hospital
):
    home = Facility.objects.create(name="Oak Nursing", kind="snf")
    busy, free = staff("Liaison", first_name="Busy"), staff("Liaison", first_name="Free")
    home.liaisons.add(busy, free)
    hospital.liaisons.add(staff("Liaison", first_name="Hospital"))
    followups_open(response_id=answer(move_page, hospital, "C-0", liaison=busy).pk)
    case = followups_open(
        response_id=answer(move_page, hospital, "C-1", receiving_facility=home, destination_kind="snf").pk
    )
    assert (case.assigned_to, case.routed_to) == (free, FollowUp.FACILITY)
    assert len(mail.outbox) == 2 and mail.outbox[1].to == [free.email]


def test_without_a_liaison_the_case_goes_to_the_discharging_facility_liaison(move_page, hospital):
    nurse = staff("Liaison", first_name="Nia")
    hospital.liaisons.add(nurse)
    case = followups_open(response_id=answer(move_page, hospital).pk)
    assert (case.assigned_to, case.routed_to) == (nurse, FollowUp.FACILITY)


def test_without_any_liaison_the_case_waits_with_a_manager(move_page, hospital, manager):
    inactive = staff("Liaison", is_active=False)
    case = followups_open(response_id=answer(move_page, hospital, liaison=inactive).pk)
    assert (case.assigned_to, case.routed_to) == (manager, FollowUp.MANAGER)
    assert open_cases_without_an_active_owner() == 0


def test_with_nobody_to_own_it_no_case_is_opened_and_the_sweep_tries_again(move_page, hospital, caplog):
    get_user_model().objects.filter(groups__name=MANAGER).update(is_active=False)
    get_user_model().objects.filter(is_superuser=True).update(is_active=False)
    response = answer(move_page, hospital)
    assert followups_open(response_id=response.pk) is None
    response.refresh_from_db()
    assert not FollowUp.objects.exists() and response.followups_checked_at is None
    assert "555" not in caplog.text and "FELL" not in caplog.text  # no health details in the log
    admin = staff("Liaison manager", first_name="Ada")
    assert followups_open(response_id=response.pk).assigned_to == admin


def test_a_deactivated_owners_open_cases_are_handed_on_audited_and_emailed(move_page, hospital, manager):
    manager.email = "morgan@example.org"
    manager.save()
    leaver = staff("Liaison", first_name="Leo")
    case = followups_open(response_id=answer(move_page, hospital, liaison=leaver).pk)
    closed = followups_open(response_id=answer(move_page, hospital, "C-2", liaison=leaver).pk)
    FollowUp.objects.filter(pk=closed.pk).update(status=FollowUp.RESOLVED)
    type(leaver).objects.filter(pk=leaver.pk).update(is_active=False)
    mail.outbox.clear()
    assert followups_of_inactive_owners_reassign() == 1
    assert followups_of_inactive_owners_reassign() == 0
    case.refresh_from_db()
    assert (case.assigned_to, case.routed_to) == (manager, FollowUp.MANAGER)
    assert open_cases_without_an_active_owner() == 0
    entry = ModelLogEntry.objects.get(action=audit.FOLLOWUP_REASSIGNED, object_id=str(case.pk))
    assert str(entry.message) == (
        f"Follow-up #{case.pk} reassigned from Leo Staff to {manager.get_full_name()}"
        " — the owner was deactivated"
    )
    assert [message.to for message in mail.outbox] == [["morgan@example.org"]]


# --- severity ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "severity", "words"),
    [
        ("He got the WRONG  medicine at the home", "urgent", "wrong medicine"),
        ("Nadie vino a casa.", "urgent", "nadie vino"),
        ("Mi madre se cayó en el baño", "urgent", "se cayó"),
        ("Some pain after the move", "routine", "pain"),
        ("Painful, but the fallout was small", None, None),  # whole words only
    ],
)
def test_words_and_phrases_match_whole_and_set_the_severity(move_page, hospital, text, severity, words):
    response = answer(move_page, hospital, answers={"problem_after_move": "yes", "problem_details": text})
    reasons = {
        reason.kind: reason for reason in followup_reasons(response=response, rules=FollowUpRules.load())
    }
    if severity is None:
        assert FollowUp.KEYWORD not in reasons
    else:
        assert (reasons[FollowUp.KEYWORD].severity, reasons[FollowUp.KEYWORD].detail) == (severity, words)


def test_a_case_takes_its_most_pressing_reason_and_managers_set_each_rule(move_page, hospital, manager):
    answers = {"preferences_considered": "1", "call_back": "yes"}
    assert (
        followups_open(response_id=answer(move_page, hospital, "C-1", answers=answers).pk).severity
        == "urgent"
    )
    rules = FollowUpRules.load()
    rules.call_back_severity = "routine"
    rules.save()
    assert (
        followups_open(response_id=answer(move_page, hospital, "C-2", answers=answers).pk).severity
        == "routine"
    )


# --- due and escalation in business hours ------------------------------------------------------


@pytest.mark.parametrize(
    ("submitted", "due", "escalate"),
    [
        # Wednesday 10:00 → due 17:00 the same day, to the managers at 14:00.
        (dt.datetime(2026, 3, 4, 10), dt.datetime(2026, 3, 4, 17), dt.datetime(2026, 3, 4, 14)),
        # Wednesday 15:00 → due 17:00, to the managers at 10:00 on Thursday (2 h + 2 h).
        (dt.datetime(2026, 3, 4, 15), dt.datetime(2026, 3, 4, 17), dt.datetime(2026, 3, 5, 10)),
        # Friday 19:00, after hours → due Monday 17:00, to the managers at 12:00 on Monday.
        (dt.datetime(2026, 3, 6, 19), dt.datetime(2026, 3, 9, 17), dt.datetime(2026, 3, 9, 12)),
        # Sunday → Monday.
        (dt.datetime(2026, 3, 8, 9), dt.datetime(2026, 3, 9, 17), dt.datetime(2026, 3, 9, 12)),
        # Tuesday 06:00, before hours → due Tuesday 17:00, to the managers at 12:00.
        (dt.datetime(2026, 3, 3, 6), dt.datetime(2026, 3, 3, 17), dt.datetime(2026, 3, 3, 12)),
    ],
)
def test_urgent_cases_are_due_by_the_end_of_the_business_day(db, submitted, due, escalate):
    rules = FollowUpRules.load()
    at = submitted.replace(tzinfo=NEW_YORK)
    assert followup_schedule(submitted_at=at, severity="urgent", rules=rules) == (
        due.replace(tzinfo=NEW_YORK),
        escalate.replace(tzinfo=NEW_YORK),
    )
    assert business_day_end(at, rules) == due.replace(tzinfo=NEW_YORK)
    assert add_business_hours(at, 4, rules) == escalate.replace(tzinfo=NEW_YORK)


def test_routine_cases_are_due_in_two_business_days_and_escalated_when_overdue(db):
    at = dt.datetime(2026, 3, 6, 15, tzinfo=NEW_YORK)  # Friday
    due = dt.datetime(2026, 3, 10, 15, tzinfo=NEW_YORK)
    assert followup_schedule(submitted_at=at, severity="routine", rules=FollowUpRules.load()) == (due, due)


def test_the_comment_excerpt_marks_the_matched_words_and_escapes_the_rest():
    marked = comment_marked("<b>She</b> fell; nobody  came. Fellow nurses helped.", ["fell", "nobody came"])
    assert (
        marked == "&lt;b&gt;She&lt;/b&gt; <mark>fell</mark>; <mark>nobody  came</mark>. Fellow nurses helped."
    )
