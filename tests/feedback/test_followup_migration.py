"""feedback 0003 merges the follow-ups a response opened (one per kind) into one case: the
earliest row is kept, every row becomes a reason, the status and notes are kept sensibly,
and a row nobody owned gets an owner. The schema is migrated forward again whatever happens."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from feedback.models import FollowUp, FollowUpRules
from tests.factories import staff
from tests.surveys.factories import GOOD, answered_response
from transitions.models import Facility

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.both_databases]

BEFORE = [("feedback", "0002_followup_cases")]


def migrate(targets) -> None:
    MigrationExecutor(connection).migrate(targets)


def latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def old_rows(apps, *, first, second, liaison) -> dict:
    FollowUp = apps.get_model("feedback", "FollowUp")
    now = timezone.now()

    def row(response, kind, detail, minutes, **fields):
        made = FollowUp.objects.create(
            response_id=response.pk, kind=kind, detail=detail, due_at=now + dt.timedelta(days=2), **fields
        )
        FollowUp.objects.filter(pk=made.pk).update(opened_at=now + dt.timedelta(minutes=minutes))
        return made.pk

    kept = row(first, "low_rating", "overall", 0, assigned_to_id=liaison.pk, status="in_progress")
    row(first, "keyword", "fell, pain", 1, assigned_to_id=liaison.pk, status="resolved",
        resolution_note="Called the daughter.", closed_at=now)  # fmt: skip
    row(first, "call_back", "call_back", 2, assigned_to_id=liaison.pk, notified_at=now)
    lone = row(
        second, "bottom_box", "preferences", 0, status="resolved", resolution_note="Fine.", closed_at=now
    )
    apps.get_model("feedback", "FollowUpRules").objects.update_or_create(
        defaults={"routine_words": "fall\npain"}
    )
    return {"kept": kept, "lone": lone}


def test_the_rows_of_a_response_merge_into_one_case_with_every_reason(migrated_data, home_page, survey_page):
    hospital = Facility.objects.create(name="North", kind="hospital")
    liaison = staff("Liaison", first_name="Lee")
    manager = staff("Liaison manager", first_name="Max")
    first = answered_response(
        page=survey_page, facility=hospital, answers=GOOD, reference="M-1", liaison=liaison
    )
    second = answered_response(page=survey_page, facility=hospital, answers=GOOD, reference="M-2")
    migrate(BEFORE)
    try:
        old = MigrationExecutor(connection).loader.project_state(BEFORE).apps
        ids = old_rows(old, first=first, second=second, liaison=liaison)
    finally:
        migrate(latest())

    case = FollowUp.objects.get(response=first)
    assert case.pk == ids["kept"]
    assert list(case.reasons.values_list("kind", "severity", "detail")) == [
        ("low_rating", "routine", "overall"),
        ("keyword", "urgent", "fell, pain"),
        ("call_back", "urgent", "call_back"),
    ]
    assert (case.severity, case.status, case.closed_at) == ("urgent", FollowUp.IN_PROGRESS, None)
    assert case.resolution_note == "Called the daughter." and case.notified_at is not None
    assert (case.assigned_to, case.routed_to, case.escalate_at) == (liaison, FollowUp.LIAISON, case.due_at)

    lone = FollowUp.objects.get(response=second)
    assert (lone.pk, lone.status, lone.assigned_to, lone.routed_to) == (
        ids["lone"],
        FollowUp.RESOLVED,
        manager,
        FollowUp.MANAGER,
    )
    assert FollowUp.objects.count() == 2
    assert FollowUpRules.load().routine_word_list() == ["pain"]
