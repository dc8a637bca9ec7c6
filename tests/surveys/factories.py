"""Survey factories: questions and whole survey snapshots, survey pages that invite people,
care transitions scheduled by those pages, and responses answered through an invitation."""

import datetime as dt
import uuid

from django.utils import timezone

from demo.survey_templates import template_snapshot
from surveys import definition as d
from surveys.models import INVITATION_ONLY, Invitation, SurveyPage
from surveys.services import (
    _response_store,
    invitation_create,
    survey_create_from_snapshot,
    survey_page_ensure,
    transition_save,
)
from tests.transitions.factories import CareTransitionFactory


def snapshot_question(key, kind, text, help_text="", **extra) -> dict:
    """One question of a snapshot, required and unscored unless ``extra`` says otherwise."""
    return {
        "key": key,
        "type": kind,
        "text": text,
        "help_text": help_text,
        "required": True,
        "scored": False,
        "reverse_scored": False,
        "show_if": None,
        **extra,
    }


def three_step_snapshot(language: str = "en") -> dict:
    """Agreement and yes/no on step 1; a rating, a conditional text and a call-back on
    step 2; a matrix and an optional comment on step 3."""
    return {
        "title": "Your move",
        "introduction": "Tell us how your move went.",
        "privacy_notice": "Only your care team sees your answers.",
        "thank_you": "Thank you for your answers.",
        "anonymous": False,
        "language": language,
        "steps": [
            {
                "title": "Before the move",
                "questions": [
                    snapshot_question(
                        "preferences",
                        d.AGREEMENT,
                        "My wishes were taken into account.",
                        scored=True,
                        options=d.agreement_options(4, not_applicable=True),
                    ),
                    snapshot_question(
                        "problem", d.YES_NO, "Did anything go wrong?", options=d.yes_no_options()
                    ),
                ],
            },
            {
                "title": "After the move",
                "questions": [
                    snapshot_question(
                        "overall",
                        d.RATING,
                        "How would you rate the move?",
                        scored=True,
                        options=d.scale_options(),
                        low_label="Very bad",
                        high_label="Very good",
                    ),
                    snapshot_question(
                        "problem_details",
                        d.LONG_TEXT,
                        "What went wrong?",
                        max_length=500,
                        show_if={"key": "problem", "operator": d.EQUALS, "value": "yes"},
                    ),
                    snapshot_question(
                        "call_back",
                        d.CALLBACK,
                        "Would you like a call?",
                        required=False,
                        purpose="A nurse calls you within 2 working days.",
                    ),
                ],
            },
            {
                "title": "Last questions",
                "questions": [
                    snapshot_question(
                        "understood",
                        d.MATRIX,
                        "How much do you agree?",
                        scored=True,
                        options=d.agreement_options(5, not_applicable=False),
                        statements=[
                            {"key": "understood_medicines", "text": "I knew what my medicines were for."},
                            {"key": "understood_contacts", "text": "I knew who to call."},
                        ],
                    ),
                    snapshot_question(
                        "comment", d.SHORT_TEXT, "Anything else?", required=False, max_length=200
                    ),
                ],
            },
        ],
    }


def template_page(
    *, parent, template: str = "care-move", slug: str = "care-move", title: str = "Move"
) -> SurveyPage:
    """An invitation-only page under ``parent`` asking the demo's ``template`` survey (English)."""
    survey = survey_create_from_snapshot(snapshot=template_snapshot(template, "en"), locale=parent.locale)
    return survey_page_ensure(parent=parent, slug=slug, title=title, survey=survey, access="invitation")


def rule_page_ensure(*, parent, survey, destination_kinds=("snf", "irf")) -> SurveyPage:
    """The invitation-only page "your-move" that invites everyone moving to one of
    ``destination_kinds`` (by the page's default timing: two days on, at nine)."""
    page = survey_page_ensure(
        parent=parent, slug="your-move", title="Your move", survey=survey, access=INVITATION_ONLY
    )
    page.invite_destination_kinds = list(destination_kinds)
    page.save_revision().publish()
    return page


def scheduled_transition(hospital, **changes):
    """Ana's move (ENC-1, on 2 March 2026, to a nursing facility) saved as staff save it, so
    the rule pages schedule its invitations."""
    fields = {
        "external_reference": "ENC-1",
        "email": "ana@example.org",
        "discharging_facility": hospital,
        "transition_date": dt.date(2026, 3, 2),
    }
    fields.update(changes)
    return transition_save(transition=CareTransitionFactory.build(**fields))


def answered_response(
    *, page, facility, answers: dict, reference: str, liaison=None, when=None, **transition
):
    """A response to ``page``'s survey through an invitation for a new transition."""
    fields = {
        "external_reference": reference,
        "discharging_facility": facility,
        "transition_date": dt.date(2026, 3, 2),
        "liaison": liaison,
    }
    fields.update(transition)
    moved = CareTransitionFactory(**fields)
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
        submission_key=uuid.uuid4(),
        invitation=invitation,
        submitted_at=when,
    )
    Invitation.objects.filter(pk=invitation.pk).update(responded_at=response.submitted_at)
    return response


# Answers to three_step_snapshot: a good move, and a poor one that asks for a call back.
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
