"""Follow-up cases opened by a submitted response: which answers, for whom, by when, once."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.test import Client

from feedback.followup_rules import add_business_days
from feedback.followups import CATCH_UP_AFTER, followups_catch_up, followups_open
from feedback.models import FollowUp, FollowUpReason, FollowUpRules
from surveys.models import Response
from surveys.services import invitation_create
from tests.factories import StaffUserFactory
from tests.surveys.factories import scheduled_transition
from tests.surveys.test_wizard import post_step, step_url

pytestmark = pytest.mark.both_databases

NEW_YORK = ZoneInfo("America/New_York")


@pytest.fixture
def liaison(db):
    return StaffUserFactory(role="Liaison", email="lee@example.org", first_name="Lee")


def answer_worryingly(page, liaison, *, queued_task_runs: bool, capture) -> Response:
    """A patient answers through an invitation for a transition assigned to ``liaison``:
    rating 2, agreement 'strongly disagree', a call-back, and 'pain' in free text. With
    ``queued_task_runs`` False the task queued on commit is dropped, as a broker outage would."""
    from transitions.models import Facility

    hospital, _ = Facility.objects.get_or_create(name="General Hospital", kind="hospital")
    transition = scheduled_transition(hospital, liaison=liaison)
    invitation, token = invitation_create(page=page, language="en")
    invitation.transition = transition
    invitation.save()
    patient = Client()
    patient.get(f"/s/{token}/")
    post_step(patient, page, "1", {"preferences": "1", "problem": "yes"})
    post_step(
        patient,
        page,
        "2",
        {
            "overall": "2",
            "problem_details": "She had a lot of PAIN.",
            "call_back": "yes",
            "call_back_phone": "555 201 0123",
        },
    )
    post_step(patient, page, "3", {"understood_medicines": "4", "understood_contacts": "5"})
    with capture(execute=queued_task_runs):
        patient.post(step_url(page, "check"), {})
    return Response.objects.get(invitation=invitation)


@pytest.fixture
def answered(rule_page_for_followups, liaison, django_capture_on_commit_callbacks):
    return answer_worryingly(
        rule_page_for_followups, liaison, queued_task_runs=True, capture=django_capture_on_commit_callbacks
    )


@pytest.fixture
def rule_page_for_followups(home_page, survey):
    from surveys.services import survey_page_ensure

    return survey_page_ensure(parent=home_page, slug="move", title="Move", survey=survey, access="invitation")


def test_a_worrying_response_opens_one_case_with_every_reason_for_the_liaison(answered, liaison):
    case = FollowUp.objects.get()
    assert dict(case.reasons.values_list("kind", "detail")) == {
        FollowUp.BOTTOM_BOX: "preferences",
        FollowUp.LOW_RATING: "overall",
        FollowUp.CALL_BACK: "call_back",
        FollowUp.KEYWORD: "pain",
    }
    assert (case.assigned_to, case.routed_to, case.status) == (liaison, FollowUp.LIAISON, FollowUp.OPEN)
    assert case.severity == "urgent"  # a call-back request is urgent by default
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["lee@example.org"]
    body = mail.outbox[0].body
    assert "pain" not in body.lower() and "555" not in body and "overall" not in body  # no health details
    assert f"/follow-ups/{case.pk}/" in body


def test_running_the_rules_again_opens_nothing_new_and_sends_nothing(answered):
    followups_open(response_id=answered.pk)
    followups_open(response_id=answered.pk)
    assert FollowUp.objects.count() == 1 and FollowUpReason.objects.count() == 4 and len(mail.outbox) == 1


def test_switched_off_rules_open_nothing(answered):
    FollowUp.objects.all().delete()
    rules = FollowUpRules.load()
    rules.bottom_box = rules.detractor = rules.call_back = False
    rules.low_rating_at_most = None
    rules.urgent_words = rules.routine_words = ""
    rules.save()
    assert followups_open(response_id=answered.pk) is None


def test_a_good_response_opens_nothing(client, survey_page, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        post_step(client, survey_page, "1", {"preferences": "4", "problem": "no"})
        post_step(client, survey_page, "2", {"overall": "9", "call_back": "no"})
        post_step(client, survey_page, "3", {"understood_medicines": "5", "understood_contacts": "4"})
        client.post(step_url(survey_page, "check"), {})
    assert Response.objects.count() == 1 and not FollowUp.objects.exists()


@pytest.mark.parametrize(
    ("start", "due"),
    [
        (
            dt.datetime(2026, 3, 5, 15, tzinfo=NEW_YORK),
            dt.datetime(2026, 3, 9, 15, tzinfo=NEW_YORK),
        ),  # Thu → Mon
        (
            dt.datetime(2026, 3, 6, 15, tzinfo=NEW_YORK),
            dt.datetime(2026, 3, 10, 15, tzinfo=NEW_YORK),
        ),  # Fri → Tue
        (
            dt.datetime(2026, 3, 7, 15, tzinfo=NEW_YORK),
            dt.datetime(2026, 3, 10, 15, tzinfo=NEW_YORK),
        ),  # Sat → Tue
    ],
)
def test_due_in_two_business_days(start, due):
    assert add_business_days(start, 2) == due


def test_cases_are_escalated_to_the_managers_once(answered, manager):
    from feedback.followups import followups_escalate

    manager.email = "morgan@example.org"
    manager.save()
    mail.outbox.clear()
    case = FollowUp.objects.get()
    assert followups_escalate(now=case.escalate_at - dt.timedelta(minutes=1)) == 0
    assert followups_escalate(now=case.escalate_at + dt.timedelta(minutes=1)) == 1
    assert followups_escalate(now=case.escalate_at + dt.timedelta(hours=1)) == 0
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["morgan@example.org"]
    assert "1 survey follow-up" in mail.outbox[0].body and "pain" not in mail.outbox[0].body.lower()


def test_a_closed_case_is_never_escalated(answered, manager):
    from feedback.followups import followups_escalate

    case = FollowUp.objects.get()
    FollowUp.objects.update(status=FollowUp.RESOLVED)
    assert followups_escalate(now=case.escalate_at + dt.timedelta(days=3)) == 0


def test_the_rules_mark_the_response_checked_even_when_nothing_is_due(answered):
    answered.refresh_from_db()
    assert answered.followups_checked_at is not None


def test_follow_ups_whose_queued_task_was_lost_are_opened_by_the_catch_up_sweep(
    rule_page_for_followups, liaison, django_capture_on_commit_callbacks
):
    response = answer_worryingly(
        rule_page_for_followups, liaison, queued_task_runs=False, capture=django_capture_on_commit_callbacks
    )
    assert FollowUp.objects.count() == 0 and response.followups_checked_at is None
    # Left to the queued task for a while, in case it is only late.
    assert followups_catch_up(now=response.submitted_at + CATCH_UP_AFTER / 2) == 0
    assert FollowUp.objects.count() == 0

    later = response.submitted_at + CATCH_UP_AFTER + dt.timedelta(seconds=1)
    assert followups_catch_up(now=later) == 1
    assert set(FollowUpReason.objects.values_list("kind", flat=True)) == {
        FollowUp.BOTTOM_BOX,
        FollowUp.LOW_RATING,
        FollowUp.CALL_BACK,
        FollowUp.KEYWORD,
    }
    assert len(mail.outbox) == 1
    # Checked now: the next sweeps leave it alone and nobody is emailed twice.
    assert followups_catch_up(now=later + dt.timedelta(minutes=5)) == 0
    assert FollowUp.objects.count() == 1 and len(mail.outbox) == 1


def test_page_feedback_is_never_taken_by_the_catch_up_sweep(home_page):
    from demo.survey_templates import template_snapshot
    from surveys.services import page_feedback_submit, survey_create_from_snapshot

    survey = survey_create_from_snapshot(
        snapshot=template_snapshot("page-feedback", "en"), locale=home_page.locale
    )
    feedback = page_feedback_submit(
        version=survey.current_version, page=home_page, answers={"helpful": "no"}, language="en"
    )
    assert feedback.followups_checked_at is not None
    assert followups_catch_up(now=feedback.submitted_at + dt.timedelta(days=1)) == 0
