"""Two hospitals, each with its liaison and one answered survey, plus a content editor and
a manager: the four people every review URL is tried with."""

import datetime as dt
from dataclasses import dataclass

import pytest
from django.utils import timezone

from surveys.models import Invitation, Response
from surveys.services import _response_store, invitation_create
from tests.factories import StaffUserFactory, activate_totp
from transitions.models import CareTransition, Facility


def staff(role: str, **fields):
    user = StaffUserFactory(role=role, **fields)
    user.totp_secret = activate_totp(user)
    return user


def answered_response(
    *, page, facility, answers: dict, reference: str, liaison=None, when=None, **transition
):
    """A response to ``page``'s survey through an invitation for a new transition."""
    fields = {
        "external_reference": reference,
        "patient_first_name": "Ana",
        "email": f"{reference.lower()}@example.org",
        "language": "en",
        "discharging_facility": facility,
        "destination_kind": "snf",
        "transition_date": dt.date(2026, 3, 2),
        "liaison": liaison,
    }
    fields.update(transition)
    moved = CareTransition.objects.create(**fields)
    invitation, _token = invitation_create(page=page, language=moved.language)
    Invitation.objects.filter(pk=invitation.pk).update(
        transition=moved, sent_at=when or timezone.now(), status=Invitation.COMPLETED
    )
    invitation.refresh_from_db()
    response = _response_store(
        version=page.survey.current_version,
        answers=answers,
        page=page,
        language=moved.language,
        submission_key=__import__("uuid").uuid4(),
        invitation=invitation,
        submitted_at=when,
    )
    Invitation.objects.filter(pk=invitation.pk).update(responded_at=response.submitted_at)
    return response


GOOD = {
    "preferences": "4",
    "problem": "no",
    "overall": "9",
    "call_back": "no",
    "understood_medicines": "5",
    "understood_contacts": "4",
}
POOR = {
    "preferences": "1",
    "problem": "yes",
    "overall": "2",
    "problem_details": "Nobody told us about the <script>alert(1)</script> medication.",
    "call_back": "yes",
    "call_back_phone": "555 201 0123",
    "understood_medicines": "1",
    "understood_contacts": "2",
}


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
    from surveys.services import survey_page_ensure

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
