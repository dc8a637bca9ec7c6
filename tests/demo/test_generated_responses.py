"""Generated survey responses (demo and benchmarks): stored as the wizard stores answers,
realistic, scoped to the facilities' liaisons, reproducible, and never emailing anyone."""

import datetime as dt
import io
from statistics import fmean

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.db.models import Count, Sum
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from demo.management.commands.generate_responses import demo_surveys_ensure
from demo.responses import responses_generate
from feedback.followup_rules import followup_reasons
from feedback.models import DailyFigures, FollowUp, FollowUpReason, FollowUpRules
from surveys import definition
from surveys.models import Answer, Invitation, Response
from surveys.models.responses import PACKET_NONE, PACKET_OPENED, PACKET_SENT, packet_status_of
from transitions.models import CareTransition, Facility

pytestmark = pytest.mark.both_databases

NOW = dt.datetime(2026, 6, 15, 14, 30, tzinfo=dt.UTC)


@pytest.fixture
def demo_surveys(db):
    demo_surveys_ensure()


@pytest.fixture
def generated(demo_surveys):
    responses_generate(count=40, now=NOW)
    return Response.objects.select_related("version", "invitation", "transition").prefetch_related("answers")


def test_generated_answers_follow_the_survey_definition(generated):
    assert generated.count() == 40
    for response in generated:
        index = definition.question_index(response.version.definition)
        given = {answer.key: answer for answer in response.answers.all()}
        assert response.version.definition["language"] == response.language == response.transition.language
        # Where the move went is copied onto the response, as for a real submission.
        assert response.facility_id == response.transition.discharging_facility_id
        assert response.receiving_facility_id == response.transition.receiving_facility_id
        assert response.destination_kind == response.transition.destination_kind
        assert response.liaison_id == response.transition.liaison_id
        assert response.packet_status in (PACKET_NONE, PACKET_SENT, PACKET_OPENED)
        assert set(given) <= set(index)
        for answer in given.values():
            question = index[answer.key]
            codes = {option["code"] for option in question.get("options", [])}
            if question["type"] in definition.CHOICE_TYPES:
                assert answer.code in codes
            if answer.score is not None:
                assert 0 <= answer.score <= 100
        scores = [answer.score for answer in given.values() if answer.score is not None]
        assert response.score == round(fmean(scores), 2)
        # Shown only when its condition is met, answered when required.
        stored = {key: answer.code or answer.text for key, answer in given.items()}
        for question in definition.questions(response.version.definition):
            shown = definition.condition_met(question.get("show_if"), stored)
            if not shown:
                assert question["key"] not in given
            elif question.get("required"):
                assert question["key"] in given
        call_back = given.get("call_back")
        if call_back is not None:
            assert ("555-01" in call_back.text) == (call_back.code == "yes")


def test_each_response_has_its_completed_invitation_and_nothing_is_ever_due(generated):
    for response in generated:
        invitation = response.invitation
        assert invitation.transition_id == response.transition_id
        assert invitation.status == Invitation.COMPLETED
        assert invitation.sent_at <= invitation.opened_at <= invitation.started_at < invitation.responded_at
        assert invitation.responded_at == response.submitted_at == invitation.closed_at
        assert response.submitted_at < min(invitation.expires_at, NOW)
        assert invitation.created_at < invitation.sent_at
        assert NOW - dt.timedelta(days=366) < response.submitted_at
    assert not Invitation.objects.filter(due_at__isnull=False).exists()
    assert not Invitation.objects.filter(status=Invitation.SCHEDULED).exists()


def test_the_dashboard_daily_figures_count_the_generated_responses(generated):
    responses = DailyFigures.objects.filter(key="").aggregate(n=Sum("n"), score_sum=Sum("score_sum"))
    assert responses["n"] == 40
    assert responses["score_sum"] == pytest.approx(sum(response.score or 0 for response in generated))


def test_packet_statuses_are_stored_in_bulk_and_counted_by_the_daily_figures(demo_surveys):
    with CaptureQueriesContext(connection) as captured:
        responses_generate(count=40, now=NOW)
    # Each response's packet status is drawn, not read from the packets one response at a time.
    assert [query["sql"] for query in captured if "packets_packet" in query["sql"]] == []
    by_status = dict(Response.objects.values_list("packet_status").annotate(n=Count("pk")))
    figures = dict(
        DailyFigures.objects.filter(key="").values_list("packet_status").annotate(n=Sum("n")).order_by()
    )
    assert figures == by_status
    assert set(by_status) == {PACKET_NONE, PACKET_SENT, PACKET_OPENED}


def test_transitions_leave_the_hospitals_with_those_hospitals_liaisons(generated):
    transitions = CareTransition.objects.select_related("discharging_facility", "liaison")
    hospitals = set()
    for transition in transitions:
        hospital = transition.discharging_facility
        assert hospital.kind == "hospital"
        assert transition.liaison in hospital.liaisons.all()
        hospitals.add(hospital.name)
    assert hospitals == {"Riverside General Hospital", "St. Anne's Community Hospital"}
    assert transitions.values("destination_kind").distinct().count() >= 3


def test_generated_data_has_a_realistic_spread(demo_surveys):
    responses_generate(count=300, now=NOW)
    responses = Response.objects.count()
    invitations = Invitation.objects.count()
    assert 0.2 <= responses / invitations <= 0.5
    spanish = Response.objects.filter(language="es").count()
    assert 0.1 <= spanish / responses <= 0.3
    bottom_box = Response.objects.filter(answers__score=0).distinct().count()
    assert 0.05 <= bottom_box / responses <= 0.25
    detractors = Answer.objects.filter(key="recommend", value__lte=6).count()
    assert 0.05 <= detractors / responses <= 0.25
    call_backs = Answer.objects.filter(key="call_back", code="yes").count()
    assert 0.01 <= call_backs / responses <= 0.1
    texts = Answer.objects.exclude(text="").exclude(key="call_back")
    assert texts.filter(response__language="es", text__contains="dolor").exists()
    assert texts.filter(response__language="en").exists()
    months = Response.objects.dates("submitted_at", "month")
    assert len(months) >= 12
    # About 3 in 10 had no packet, 4 in 10 one sent or printed, 3 in 10 opened it online.
    shares = {
        status: Response.objects.filter(packet_status=status).count() / responses
        for status in (PACKET_NONE, PACKET_SENT, PACKET_OPENED)
    }
    assert 0.2 <= shares[PACKET_NONE] <= 0.4 and 0.3 <= shares[PACKET_SENT] <= 0.5
    assert 0.2 <= shares[PACKET_OPENED] <= 0.4
    # Most transitions name a condition, so their packets suggest its pages.
    coded = CareTransition.objects.exclude(condition_codes="").count()
    assert 0.75 <= coded / CareTransition.objects.count() <= 0.98


def test_follow_ups_are_opened_for_the_liaison_without_any_email(generated):
    rules = FollowUpRules.load()
    followups = FollowUp.objects.select_related("response__transition")
    assert followups.exists()
    for response in generated:
        expected = {reason.kind: reason.detail for reason in followup_reasons(response=response, rules=rules)}
        reasons = FollowUpReason.objects.filter(followup__response=response)
        assert dict(reasons.values_list("kind", "detail")) == expected
        assert response.followups.count() == (1 if expected else 0)
    for followup in followups:
        assert followup.assigned_to_id == followup.response.transition.liaison_id
        assert followup.opened_at == followup.response.submitted_at < followup.due_at
        if followup.status in (FollowUp.RESOLVED, FollowUp.NO_ACTION):
            assert followup.resolution_note and followup.opened_at < followup.closed_at <= NOW
        elif followup.escalate_at < NOW:
            assert followup.escalated_at is not None
    assert mail.outbox == []


def test_the_same_seed_gives_the_same_answers(demo_surveys):
    def generate(seed):
        before = set(Response.objects.values_list("pk", flat=True))
        responses_generate(count=15, seed=seed, now=NOW)
        made = Response.objects.exclude(pk__in=before).order_by("transition__external_reference")
        return [
            (
                response.language,
                response.submitted_at,
                response.score,
                response.transition.discharging_facility_id,
                response.transition.destination_kind,
                response.packet_status,
                sorted(response.answers.values_list("key", "code", "text")),
            )
            for response in made
        ]

    first = generate(3)
    assert generate(3) == first
    assert generate(4) != first
    references = CareTransition.objects.values_list("external_reference", flat=True)
    assert len(set(references)) == len(references)


def test_generate_responses_command_prepares_the_surveys_and_reports_counts(db):
    out = io.StringIO()
    call_command("generate_responses", responses=12, stdout=out)
    assert Response.objects.count() == 12
    assert "Added 12 responses" in out.getvalue() and "12 responses" in out.getvalue()
    assert Facility.objects.filter(kind="hospital", liaisons__isnull=False).count() == 2


@override_settings(DEBUG=True)
def test_seed_demo_twice_keeps_one_set_of_demo_responses(db):
    call_command("seed_demo", stdout=io.StringIO())
    first = Response.objects.count()
    call_command("seed_demo", stdout=io.StringIO())
    assert first == Response.objects.count() == 300
    hospitals = Facility.objects.filter(kind="hospital").values_list("name", "liaisons__username")
    assert sorted(hospitals) == [
        ("Riverside General Hospital", "liaison@example.org"),
        ("St. Anne's Community Hospital", "liaison2@example.org"),
    ]
    # The six demo facilities, four of them among the 27 made-up places of care, once.
    assert Facility.objects.filter(ccn__isnull=True).count() == 2
    assert Facility.objects.filter(ccn__isnull=False).count() == 27
    assert mail.outbox == []
    assert Response.objects.filter(submitted_at__gt=timezone.now()).count() == 0


@override_settings(DEBUG=True)
def test_seed_demo_gives_the_patients_packets_that_agree_with_their_answers(db):
    from packets.models import Packet, PacketItem

    call_command("seed_demo", stdout=io.StringIO())
    packets = Packet.objects.count()
    given = Response.objects.filter(packet_status__in=[PACKET_SENT, PACKET_OPENED])
    assert packets == given.count() > 0
    for response in Response.objects.select_related("transition"):
        # What the response says matches the packet, as it would at a real submit.
        assert packet_status_of(response.transition) == response.packet_status
    for packet in Packet.objects.select_related("transition").prefetch_related("items"):
        answered = packet.transition.responses.get().submitted_at
        assert packet.items.all(), "a packet holds the suggested pages"
        for moment in (packet.sent_at, packet.last_printed_at, packet.opened_at):
            assert moment is None or moment < answered
        if packet.opened_at:
            assert any(item.opened_count for item in packet.items.all())
    assert Packet.objects.filter(status=Packet.SENT).exists()
    assert Packet.objects.filter(status=Packet.DRAFT, last_printed_at__isnull=False).exists()
    assert PacketItem.objects.filter(opened_count__gt=0).exists()
    call_command("seed_demo", stdout=io.StringIO())
    assert Packet.objects.count() == packets
