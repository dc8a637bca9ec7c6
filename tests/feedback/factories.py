"""Feedback factories: two hospitals, each with its liaison and one answered survey, plus a
content editor and a manager (the four people every review URL is tried with); and answers
to the demo's care-move survey for the dashboard's figures."""

import datetime as dt
from dataclasses import dataclass

import pytest
from django.utils import timezone

from feedback.models import FollowUp
from surveys.models import Response
from surveys.services import survey_page_ensure
from tests.factories import StaffUserFactory, staff
from tests.surveys.factories import GOOD, POOR, answered_response
from transitions.models import Facility


@dataclass
class Cast:
    north: Facility
    south: Facility
    north_liaison: object
    south_liaison: object
    editor: object
    manager: object
    north_response: Response
    south_response: Response


@pytest.fixture
def cast(home_page, survey):
    page = survey_page_ensure(parent=home_page, slug="move", title="Move", survey=survey, access="invitation")
    north = Facility.objects.create(name="North Hospital", kind="hospital")
    south = Facility.objects.create(name="South Hospital", kind="hospital")
    north_liaison = staff("Liaison", first_name="Nora", last_name="North")
    south_liaison = staff("Liaison", first_name="Sol", last_name="South")
    north.liaisons.add(north_liaison)
    south.liaisons.add(south_liaison)
    return Cast(
        north=north,
        south=south,
        north_liaison=north_liaison,
        south_liaison=south_liaison,
        editor=staff("Content editor"),
        manager=staff("Liaison manager"),
        north_response=answered_response(
            page=page, facility=north, answers=POOR, reference="N-1", liaison=north_liaison
        ),
        south_response=answered_response(
            page=page, facility=south, answers=GOOD, reference="S-1", liaison=south_liaison
        ),
    )


def care_move_answers(agreement: str, overall: str, recommend: str) -> dict:
    """Answers to the demo's care-move survey: ``agreement`` to its four agreement
    questions, the 0–10 ``overall`` rating and ``recommend`` score, nothing wrong."""
    keys = ["preferences_considered", "own_responsibilities", "medicine_purpose", "follow_up_appointments"]
    return {
        **dict.fromkeys(keys, agreement),
        "who_to_call": "na",
        "problem_after_move": "no",
        "overall_rating": overall,
        "recommend": recommend,
    }


def case_like(like: Response, *, owner=None, due_in_hours: float = 24, **fields) -> FollowUp:
    """A follow-up case on a new poor response from ``like``'s facility and liaison (a response
    has one case, so every case needs a response of its own), due in ``due_in_hours``. Without
    an ``owner`` it is a case that found no liaison and fell to a manager."""
    if owner is None:
        owner = StaffUserFactory(role="Liaison manager")
        fields.setdefault("routed_to", FollowUp.MANAGER)
    moved = like.transition
    response = answered_response(
        page=like.page,
        facility=like.facility,
        answers=POOR,
        reference=f"{moved.external_reference}-{Response.objects.count() + 1}",
        liaison=moved.liaison,
    )
    due = timezone.now() + dt.timedelta(hours=due_in_hours)
    return FollowUp.objects.create(
        response=response, assigned_to=owner, due_at=due, escalate_at=due, **fields
    )
