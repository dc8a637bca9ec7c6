"""Survey fixtures: a three-step survey with a conditional question, on a public page."""

import copy

import pytest

from surveys import definition as d
from surveys.models import PUBLIC
from surveys.services import survey_create_from_snapshot, survey_page_ensure


def _question(key, kind, text, **extra):
    question = {
        "key": key,
        "type": kind,
        "text": text,
        "help_text": "",
        "required": True,
        "scored": False,
        "reverse_scored": False,
        "show_if": None,
    }
    question.update(extra)
    return question


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
                    _question(
                        "preferences",
                        d.AGREEMENT,
                        "My wishes were taken into account.",
                        scored=True,
                        options=d.agreement_options(4, not_applicable=True),
                    ),
                    _question("problem", d.YES_NO, "Did anything go wrong?", options=d.yes_no_options()),
                ],
            },
            {
                "title": "After the move",
                "questions": [
                    _question(
                        "overall",
                        d.RATING,
                        "How would you rate the move?",
                        scored=True,
                        options=d.scale_options(),
                        low_label="Very bad",
                        high_label="Very good",
                    ),
                    _question(
                        "problem_details",
                        d.LONG_TEXT,
                        "What went wrong?",
                        max_length=500,
                        show_if={"key": "problem", "operator": d.EQUALS, "value": "yes"},
                    ),
                    _question(
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
                    _question(
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
                    _question("comment", d.SHORT_TEXT, "Anything else?", required=False, max_length=200),
                ],
            },
        ],
    }


@pytest.fixture
def snapshot():
    return copy.deepcopy(three_step_snapshot())


@pytest.fixture
def survey(home_page, snapshot):
    return survey_create_from_snapshot(snapshot=snapshot, locale=home_page.locale)


@pytest.fixture
def survey_page(home_page, survey):
    return survey_page_ensure(
        parent=home_page, slug="your-move", title="Your move", survey=survey, access=PUBLIC
    )


from tests.surveys.review_fixtures import cast  # noqa: E402, F401 - shared fixture: four reviewers
