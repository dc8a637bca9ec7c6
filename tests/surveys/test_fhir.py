"""FHIR Questionnaire export and import, and QuestionnaireResponse checks (no database)."""

from __future__ import annotations

import copy
import json

import pytest
from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from surveys import definition as d
from surveys.fhir import (
    ANONYMOUS_EXTENSION,
    CONDITION_VALUE_EXTENSION,
    EXTENSION_BASE,
    ITEM_CONTROL_EXTENSION,
    ORDINAL_VALUE_EXTENSION,
    QUESTION_TYPE_EXTENSION,
    THANK_YOU_EXTENSION,
    QuestionnaireImportError,
    machine_name,
    questionnaire_from_snapshot,
    questionnaire_response_from_answers,
    questionnaire_response_problems,
    snapshot_from_questionnaire,
)

URL = "https://portal.example.org/fhir/Questionnaire/after-discharge"
SYSTEM = URL + "/answers"
AUTHORED = "2025-03-04T10:15:00+00:00"


def question(key: str, kind: str, text: str, **extra) -> dict:
    """A question in the snapshot format, with the keys every question has."""
    base = {
        "key": key,
        "type": kind,
        "text": text,
        "help_text": "",
        "required": True,
        "scored": False,
        "reverse_scored": False,
        "show_if": None,
    }
    return base | extra


def condition(key: str, operator: str, value: str = "") -> dict:
    return {"key": key, "operator": operator, "value": value}


def build_snapshot() -> dict:
    """Every question type and every show_if operator, a condition on a matrix statement, an
    agreement scale with "Not applicable", a reverse-scored item, and a value ("2.0") that
    only survives through the condition-value extension."""
    return {
        "title": "How was your move home?",
        "introduction": "A few questions about leaving the hospital.",
        "privacy_notice": "Your answers are private and only used to improve care.",
        "thank_you": "Thank you for helping us improve.",
        "anonymous": False,
        "language": "en",
        "steps": [
            {
                "title": "Your stay",
                "questions": [
                    question(
                        "explained_well",
                        d.AGREEMENT,
                        "Staff explained my medicines.",
                        help_text="Think of the day you left.",
                        scored=True,
                        options=d.agreement_options(5, not_applicable=True),
                    ),
                    question(
                        "felt_rushed",
                        d.AGREEMENT,
                        "I felt rushed when I left.",
                        scored=True,
                        reverse_scored=True,
                        options=d.agreement_options(4, not_applicable=False),
                    ),
                    question(
                        "overall",
                        d.RATING,
                        "Rate your move home.",
                        scored=True,
                        options=d.scale_options(),
                        low_label="Worst possible",
                        high_label="Best possible",
                    ),
                    question(
                        "recommend",
                        d.NPS,
                        "Would you recommend this hospital?",
                        scored=True,
                        options=d.scale_options(),
                        low_label="Not at all likely",
                        high_label="",
                    ),
                    question(
                        "had_visit", d.YES_NO, "Did a nurse visit you at home?", options=d.yes_no_options()
                    ),
                    question(
                        "who_helped",
                        d.SINGLE_CHOICE,
                        "Who helped you most?",
                        options=[
                            {"code": "family", "label": "Family", "value": None},
                            {"code": "nurse", "label": "A nurse", "value": 2.5},
                            {"code": "nobody", "label": "Nobody", "value": 0.0},
                        ],
                    ),
                    question(
                        "topics",
                        d.MULTIPLE_CHOICE,
                        "Which topics were covered?",
                        required=False,
                        options=[
                            {"code": "medicines", "label": "Medicines", "value": None},
                            {"code": "diet", "label": "Food and drink", "value": None},
                            {"code": "activity", "label": "Moving about", "value": None},
                        ],
                    ),
                    question(
                        "care_team",
                        d.MATRIX,
                        "About the care team",
                        help_text="One answer per line.",
                        scored=True,
                        options=d.agreement_options(4, not_applicable=True),
                        statements=[
                            {"key": "staff_listened", "text": "Staff listened to me."},
                            {"key": "staff_kind", "text": "Staff were kind."},
                        ],
                    ),
                    question(
                        "ward_name", d.SHORT_TEXT, "Which ward were you on?", required=False, max_length=80
                    ),
                ],
            },
            {
                "title": "Follow-up",
                "questions": [
                    question(
                        "why_low",
                        d.LONG_TEXT,
                        "What went wrong?",
                        max_length=2000,
                        show_if=condition("overall", d.AT_MOST, "6"),
                    ),
                    question(
                        "went_well",
                        d.SHORT_TEXT,
                        "What went well?",
                        required=False,
                        max_length=200,
                        show_if=condition("recommend", d.AT_LEAST, "9"),
                    ),
                    question(
                        "visit_helped",
                        d.YES_NO,
                        "Did the visit help?",
                        scored=True,
                        options=d.yes_no_options(),
                        show_if=condition("had_visit", d.EQUALS, "yes"),
                    ),
                    question(
                        "help_enough",
                        d.YES_NO,
                        "Was their help enough?",
                        options=d.yes_no_options(),
                        show_if=condition("who_helped", d.NOT_EQUALS, "nobody"),
                    ),
                    question(
                        "not_listened",
                        d.LONG_TEXT,
                        "What should staff have heard?",
                        required=False,
                        max_length=1000,
                        show_if=condition("staff_listened", d.EQUALS, "1"),
                    ),
                    question(
                        "unclear",
                        d.SHORT_TEXT,
                        "What was unclear?",
                        max_length=120,
                        show_if=condition("explained_well", d.AT_MOST, "2.0"),
                    ),
                    question(
                        "call_back",
                        d.CALLBACK,
                        "Would you like a call from a nurse?",
                        required=False,
                        purpose="A nurse will call within two working days to talk about your medicines.",
                        show_if=condition("topics", d.ANSWERED),
                    ),
                ],
            },
            {
                "title": "Last words",
                "questions": [
                    question(
                        "best_time",
                        d.SHORT_TEXT,
                        "When is the best time to call?",
                        required=False,
                        max_length=60,
                        show_if=condition("call_back", d.ANSWERED),
                    ),
                ],
            },
        ],
    }


@pytest.fixture
def snapshot() -> dict:
    return build_snapshot()


@pytest.fixture
def exported(snapshot) -> dict:
    return questionnaire_from_snapshot(
        snapshot, url=URL, version="3", date="2025-03-01", identifier="survey-7-v3"
    )


def items_by_link_id(items: list[dict]) -> dict[str, dict]:
    found = {}
    for item in items:
        found[item["linkId"]] = item
        found.update(items_by_link_id(item.get("item", [])))
    return found


def dumped(resource: dict) -> str:
    return json.dumps(resource, sort_keys=True, ensure_ascii=False)


# Export ---------------------------------------------------------------------------------------


def test_fixture_is_a_valid_definition_using_everything(snapshot):
    assert d.definition_problems(snapshot) == []
    kinds = {q["type"] for q in d.questions(snapshot)}
    assert kinds == set(d.QUESTION_TYPES)
    operators = {q["show_if"]["operator"] for q in d.questions(snapshot) if q["show_if"]}
    assert operators == set(d.OPERATORS)


def test_export_validates_and_has_the_documented_shape(exported):
    Questionnaire.model_validate(exported)
    assert exported["resourceType"] == "Questionnaire"
    assert exported["url"] == URL
    assert exported["version"] == "3"
    assert exported["status"] == "active"
    assert exported["date"] == "2025-03-01"
    assert exported["identifier"] == [{"value": "survey-7-v3"}]
    assert exported["name"] == "HowWasYourMoveHome"
    assert exported["title"] == "How was your move home?"
    assert exported["language"] == "en"
    assert exported["description"].startswith("A few questions")
    assert exported["purpose"].startswith("Your answers are private")
    extensions = {extension["url"]: extension for extension in exported["extension"]}
    assert extensions[THANK_YOU_EXTENSION]["valueString"] == "Thank you for helping us improve."
    assert extensions[ANONYMOUS_EXTENSION]["valueBoolean"] is False
    assert all(url.startswith(EXTENSION_BASE) for url in extensions)
    assert [item["linkId"] for item in exported["item"]] == ["step-1", "step-2", "step-3"]
    assert [item["type"] for item in exported["item"]] == ["group"] * 3
    assert exported["item"][0]["text"] == "Your stay"


def test_export_items(exported):
    items = items_by_link_id(exported["item"])

    agreement = items["explained_well"]
    assert agreement["type"] == "choice"
    assert agreement["required"] is True
    assert {"url": QUESTION_TYPE_EXTENSION, "valueCode": "agreement"} in agreement["extension"]
    options = agreement["answerOption"]
    assert options[0]["valueCoding"] == {"system": SYSTEM, "code": "1", "display": "Strongly disagree"}
    assert options[0]["extension"] == [{"url": ORDINAL_VALUE_EXTENSION, "valueDecimal": 1}]
    assert options[-1]["valueCoding"]["code"] == d.NOT_APPLICABLE
    assert "extension" not in options[-1]

    help_item = items["explained_well-help"]
    assert help_item["type"] == "display"
    assert help_item["text"] == "Think of the day you left."
    control = help_item["extension"][0]
    assert control["url"] == ITEM_CONTROL_EXTENSION
    assert control["valueCodeableConcept"]["coding"] == [
        {"system": "http://hl7.org/fhir/questionnaire-item-control", "code": "help"}
    ]

    assert items["topics"]["repeats"] is True
    assert "repeats" not in items["who_helped"]
    assert items["who_helped"]["answerOption"][1]["extension"][0]["valueDecimal"] == 2.5
    assert items["had_visit"]["type"] == "choice"
    assert [o["valueCoding"]["code"] for o in items["had_visit"]["answerOption"]] == ["yes", "no"]
    assert (items["ward_name"]["type"], items["ward_name"]["maxLength"]) == ("string", 80)
    assert (items["why_low"]["type"], items["why_low"]["maxLength"]) == ("text", 2000)

    matrix = items["care_team"]
    assert matrix["type"] == "group"
    assert [child["linkId"] for child in matrix["item"]] == ["care_team-help", "staff_listened", "staff_kind"]
    assert items["staff_listened"]["type"] == "choice"
    assert items["staff_listened"]["answerOption"] == items["staff_kind"]["answerOption"]
    assert any(
        extension["url"] == ITEM_CONTROL_EXTENSION
        and extension["valueCodeableConcept"]["coding"][0]["code"] == "table"
        for extension in matrix["extension"]
    )

    callback = items["call_back"]
    assert callback["type"] == "group"
    assert [child["linkId"] for child in callback["item"]] == ["call_back-consent", "call_back-phone"]
    consent, phone = callback["item"]
    assert consent["type"] == "boolean"
    assert consent["text"].startswith("A nurse will call")
    assert phone["type"] == "string"
    assert phone["maxLength"] == d.PHONE_MAX
    assert phone["enableWhen"] == [{"question": "call_back-consent", "operator": "=", "answerBoolean": True}]


def test_export_conditions(exported):
    items = items_by_link_id(exported["item"])
    assert items["why_low"]["enableWhen"] == [{"question": "overall", "operator": "<=", "answerDecimal": 6}]
    assert items["went_well"]["enableWhen"] == [
        {"question": "recommend", "operator": ">=", "answerDecimal": 9}
    ]
    assert items["visit_helped"]["enableWhen"] == [
        {"question": "had_visit", "operator": "=", "answerCoding": {"system": SYSTEM, "code": "yes"}}
    ]
    assert items["help_enough"]["enableWhen"] == [
        {"question": "who_helped", "operator": "!=", "answerCoding": {"system": SYSTEM, "code": "nobody"}}
    ]
    # A condition on a matrix statement names the statement.
    assert items["not_listened"]["enableWhen"][0]["question"] == "staff_listened"
    assert items["call_back"]["enableWhen"] == [
        {"question": "topics", "operator": "exists", "answerBoolean": True}
    ]
    # A condition on a call-back request names its consent item, which is what is answered.
    assert items["best_time"]["enableWhen"][0]["question"] == "call_back-consent"
    # "2.0" reads back from the number as "2", so the written value travels in an extension.
    assert items["unclear"]["enableWhen"] == [
        {
            "question": "explained_well",
            "operator": "<=",
            "answerDecimal": 2,
            "extension": [{"url": CONDITION_VALUE_EXTENSION, "valueString": "2.0"}],
        }
    ]


def test_export_is_deterministic(snapshot):
    first = questionnaire_from_snapshot(snapshot, url=URL, version="1")
    second = questionnaire_from_snapshot(copy.deepcopy(snapshot), url=URL, version="1")
    assert dumped(first) == dumped(second)
    assert "date" not in first
    assert "identifier" not in first


def test_export_refuses_an_unknown_status(snapshot):
    with pytest.raises(ValueError, match="status"):
        questionnaire_from_snapshot(snapshot, url=URL, version="1", status="published")


def test_export_leaves_out_empty_texts(snapshot):
    snapshot["thank_you"] = ""
    snapshot["introduction"] = ""
    exported = questionnaire_from_snapshot(snapshot, url=URL, version="1", status="draft")
    assert "description" not in exported
    assert THANK_YOU_EXTENSION not in {extension["url"] for extension in exported["extension"]}
    assert snapshot_from_questionnaire(exported) == snapshot


def test_spanish_survey_keeps_its_language(snapshot):
    snapshot["language"] = "es"
    snapshot["title"] = "¿Cómo fue su regreso a casa?"
    exported = questionnaire_from_snapshot(snapshot, url=URL, version="1")
    assert exported["language"] == "es"
    assert exported["name"] == "ComoFueSuRegresoACasa"
    assert snapshot_from_questionnaire(exported) == snapshot


@pytest.mark.parametrize(
    ("title", "name"),
    [
        ("Care after the hospital", "CareAfterTheHospital"),
        ("", "Survey"),
        ("2025 survey", "Survey2025Survey"),
    ],
)
def test_machine_name(title, name):
    assert machine_name(title) == name


# Round trip -----------------------------------------------------------------------------------


def test_export_then_import_gives_the_same_snapshot(snapshot, exported):
    assert snapshot_from_questionnaire(exported) == snapshot


def test_import_accepts_json_text(snapshot, exported):
    assert snapshot_from_questionnaire(dumped(exported)) == snapshot


def test_export_import_export_gives_the_same_questionnaire(exported):
    again = questionnaire_from_snapshot(
        snapshot_from_questionnaire(dumped(exported)),
        url=URL,
        version="3",
        date="2025-03-01",
        identifier="survey-7-v3",
    )
    assert dumped(again) == dumped(exported)


# Import from other systems --------------------------------------------------------------------


def help_control() -> list[dict]:
    return [
        {
            "url": ITEM_CONTROL_EXTENSION,
            "valueCodeableConcept": {
                "coding": [{"system": "http://hl7.org/fhir/questionnaire-item-control", "code": "help"}]
            },
        }
    ]


THIRD_PARTY = {
    "resourceType": "Questionnaire",
    "url": "http://other.example.org/Questionnaire/discharge",
    "status": "active",
    "title": "Discharge follow-up",
    "language": "en-US",
    "description": "Questions after you went home.",
    "item": [
        {"linkId": "got_meds", "type": "boolean", "text": "Did you get your medicines?", "required": True},
        {
            "linkId": "pharmacy",
            "type": "string",
            "text": "Which pharmacy?",
            "enableWhen": [{"question": "got_meds", "operator": "=", "answerBoolean": True}],
        },
        {
            "linkId": "score",
            "type": "choice",
            "text": "How would you rate your discharge?",
            "required": True,
            "answerOption": [{"valueInteger": number} for number in range(11)],
        },
        {
            "linkId": "feeling",
            "type": "choice",
            "text": "How do you feel today?",
            "answerOption": [
                {"valueCoding": {"system": "http://loinc.org", "code": "LA8967-7", "display": "Good"}},
                {"valueCoding": {"system": "http://loinc.org", "code": "LA8969-3", "display": "Poor"}},
            ],
        },
        {
            "linkId": "notes",
            "type": "text",
            "text": "Anything else?",
            "item": [
                {"linkId": "notes.help", "type": "display", "text": "Optional.", "extension": help_control()}
            ],
        },
        {
            "linkId": "home",
            "type": "group",
            "text": "Your home",
            "item": [
                {
                    "linkId": "hazards",
                    "type": "choice",
                    "repeats": True,
                    "text": "What makes home hard?",
                    "answerOption": [{"valueString": "Stairs"}, {"valueString": "No heating"}],
                }
            ],
        },
        {
            "linkId": "want_call",
            "type": "boolean",
            "text": "Shall we call you?",
            "enableWhen": [{"question": "score", "operator": "<", "answerInteger": 7}],
        },
    ],
}


def test_import_from_another_system():
    snapshot = snapshot_from_questionnaire(copy.deepcopy(THIRD_PARTY))
    assert d.definition_problems(snapshot) == []
    assert snapshot["title"] == "Discharge follow-up"
    assert snapshot["introduction"] == "Questions after you went home."
    assert snapshot["language"] == "en"
    assert (snapshot["thank_you"], snapshot["privacy_notice"], snapshot["anonymous"]) == ("", "", False)
    assert [step["title"] for step in snapshot["steps"]] == [
        "Discharge follow-up",  # a run of top-level questions...
        "Discharge follow-up",  # ...split where one depends on an answer in the same run
        "Your home",
        "Discharge follow-up",
    ]
    by_key = d.question_index(snapshot)
    assert [[q["key"] for q in step["questions"]] for step in snapshot["steps"]] == [
        ["got_meds"],
        ["pharmacy", "score", "feeling", "notes"],
        ["hazards"],
        ["want_call"],
    ]

    got_meds = by_key["got_meds"]
    assert got_meds["type"] == d.YES_NO
    assert got_meds["options"] == d.yes_no_options()
    assert got_meds["required"] is True

    pharmacy = by_key["pharmacy"]
    assert pharmacy["type"] == d.SHORT_TEXT
    assert pharmacy["max_length"] == d.SHORT_TEXT_MAX
    assert pharmacy["required"] is False
    assert pharmacy["show_if"] == condition("got_meds", d.EQUALS, "yes")

    score = by_key["score"]
    assert score["type"] == d.RATING
    assert score["options"] == d.scale_options()
    assert (score["low_label"], score["high_label"]) == ("", "")
    assert score["scored"] is True

    feeling = by_key["feeling"]
    assert feeling["type"] == d.SINGLE_CHOICE
    assert feeling["options"] == [
        {"code": "LA8967-7", "label": "Good", "value": None},
        {"code": "LA8969-3", "label": "Poor", "value": None},
    ]

    notes = by_key["notes"]
    assert notes["type"] == d.LONG_TEXT
    assert notes["max_length"] == d.LONG_TEXT_DEFAULT  # a long text without a maximum takes 1,000
    assert notes["help_text"] == "Optional."

    hazards = by_key["hazards"]
    assert hazards["type"] == d.MULTIPLE_CHOICE
    assert [(o["code"], o["label"]) for o in hazards["options"]] == [
        ("Stairs", "Stairs"),
        ("no_heating", "No heating"),
    ]

    # "less than 7" on whole numbers is "at most 6".
    assert by_key["want_call"]["show_if"] == condition("score", d.AT_MOST, "6")


def test_import_recognises_a_matrix_from_another_system():
    shared = [
        {"valueCoding": {"code": code, "display": code.title()}} for code in ("never", "sometimes", "always")
    ]
    resource = {
        "resourceType": "Questionnaire",
        "status": "draft",
        "title": "Care",
        "item": [
            {
                "linkId": "page1",
                "type": "group",
                "text": "Your care",
                "item": [
                    {
                        "linkId": "staff",
                        "type": "group",
                        "text": "How often did staff…",
                        "item": [
                            {"linkId": "listen", "type": "choice", "text": "listen?", "answerOption": shared},
                            {
                                "linkId": "explain",
                                "type": "choice",
                                "text": "explain?",
                                "answerOption": shared,
                            },
                        ],
                    }
                ],
            }
        ],
    }
    snapshot = snapshot_from_questionnaire(resource)
    matrix = snapshot["steps"][0]["questions"][0]
    assert matrix["type"] == d.MATRIX
    assert matrix["statements"] == [
        {"key": "listen", "text": "listen?"},
        {"key": "explain", "text": "explain?"},
    ]
    assert [option["code"] for option in matrix["options"]] == ["never", "sometimes", "always"]


# Import problems ------------------------------------------------------------------------------


def import_problems(data) -> list[tuple[str, str]]:
    with pytest.raises(QuestionnaireImportError) as caught:
        snapshot_from_questionnaire(data)
    return caught.value.problems


def test_import_reports_every_problem_at_once():
    resource = {
        "resourceType": "Questionnaire",
        "status": "published",
        "title": "Bad",
        "item": [
            {
                "linkId": "step_a",
                "type": "group",
                "text": "First",
                "item": [
                    {"linkId": "visit_date", "type": "date", "text": "When did you go home?"},
                    {
                        "linkId": "reason",
                        "type": "open-choice",
                        "text": "Why?",
                        "answerOption": [{"valueString": "Pain"}],
                    },
                    {
                        "linkId": "mood",
                        "type": "choice",
                        "text": "Mood?",
                        "answerOption": [{"valueCoding": {"code": "good"}}, {"valueCoding": {"code": "bad"}}],
                    },
                    {"linkId": "mood", "type": "string", "text": "Mood again?"},
                ],
            },
            {
                "linkId": "step_b",
                "type": "group",
                "text": "Second",
                "item": [
                    {
                        "linkId": "tell_us",
                        "type": "string",
                        "text": "Tell us more.",
                        "enableWhen": [
                            {"question": "mood", "operator": "=", "answerCoding": {"code": "awful"}}
                        ],
                    }
                ],
            },
        ],
    }
    problems = import_problems(resource)
    by_link_id = {}
    for link_id, message in problems:
        by_link_id.setdefault(link_id, []).append(message)
    assert set(by_link_id) == {"", "visit_date", "reason", "mood", "tell_us"}
    assert len(problems) == 5
    assert "published" in by_link_id[""][0]
    assert "Date" in by_link_id["visit_date"][0]
    assert "open-choice" in by_link_id["reason"][0]
    assert "more than once" in by_link_id["mood"][0]
    assert "awful" in by_link_id["tell_us"][0]


def test_import_reports_unsupported_structures():
    resource = {
        "resourceType": "Questionnaire",
        "status": "active",
        "item": [
            {"linkId": "intro", "type": "display", "text": "Welcome"},
            {"linkId": "weight", "type": "decimal", "text": "Weight?"},
            {"linkId": "Bad-Key", "type": "string", "text": "Bad key"},
            {
                "linkId": "country",
                "type": "choice",
                "text": "Country?",
                "answerValueSet": "http://x.example.org/vs",
            },
            {
                "linkId": "when",
                "type": "choice",
                "text": "When?",
                "answerOption": [{"valueDate": "2025-01-01"}, {"valueDate": "2025-01-02"}],
            },
            {
                "linkId": "outer",
                "type": "group",
                "item": [
                    {
                        "linkId": "inner",
                        "type": "group",
                        "item": [
                            {"linkId": "deep", "type": "group", "item": [{"linkId": "x", "type": "string"}]}
                        ],
                    }
                ],
            },
        ],
    }
    problems = dict(import_problems(resource))
    assert set(problems) >= {"intro", "weight", "Bad-Key", "country", "when", "inner"}
    assert "help text" in problems["intro"]
    assert "value set" in problems["country"]


def test_import_reports_conditions_it_cannot_express():
    yes_no = [{"valueCoding": {"code": "y"}}, {"valueCoding": {"code": "n"}}]
    resource = {
        "resourceType": "Questionnaire",
        "status": "active",
        "item": [
            {
                "linkId": "one",
                "type": "group",
                "item": [
                    {"linkId": "a", "type": "choice", "text": "A?", "answerOption": yes_no},
                    {"linkId": "b", "type": "choice", "text": "B?", "answerOption": yes_no},
                ],
            },
            {
                "linkId": "two",
                "type": "group",
                "item": [
                    {
                        "linkId": "both",
                        "type": "string",
                        "text": "Both?",
                        "enableBehavior": "all",
                        "enableWhen": [
                            {"question": "a", "operator": "=", "answerCoding": {"code": "y"}},
                            {"question": "b", "operator": "=", "answerCoding": {"code": "y"}},
                        ],
                    },
                    {
                        "linkId": "ghost",
                        "type": "string",
                        "text": "Ghost?",
                        "enableWhen": [{"question": "nowhere", "operator": "exists", "answerBoolean": True}],
                    },
                ],
            },
        ],
    }
    problems = dict(import_problems(resource))
    assert set(problems) == {"both", "ghost"}
    assert "one condition" in problems["both"]
    assert "nowhere" in problems["ghost"]


def test_import_reports_definition_problems_by_key():
    resource = {
        "resourceType": "Questionnaire",
        "status": "active",
        "item": [
            {"linkId": "lonely", "type": "choice", "text": "Only one?", "answerOption": [{"valueInteger": 1}]}
        ],
    }
    assert import_problems(resource) == [("lonely", "Give at least two options.")]


def test_invalid_json_text_is_an_import_error():
    problems = import_problems('{"resourceType": "Questionnaire", ')
    assert len(problems) == 1
    assert problems[0][0] == ""
    assert "JSON" in problems[0][1]


@pytest.mark.parametrize(
    "data", [{"resourceType": "Patient", "id": "p1"}, '{"resourceType": "Patient"}', "[1, 2]", {}]
)
def test_other_resources_are_an_import_error(data):
    problems = import_problems(data)
    assert len(problems) == 1
    assert "Questionnaire" in problems[0][1] or "FHIR resource" in problems[0][1]


def test_structurally_invalid_fhir_is_an_import_error_naming_the_item():
    resource = {
        "resourceType": "Questionnaire",
        "status": "active",
        "item": [{"linkId": "colour", "type": "string", "text": "Colour?", "shade": "red"}],
    }
    problems = import_problems(resource)
    assert problems[0][0] == "colour"
    assert "shade" in problems[0][1]


def test_import_error_lists_its_problems():
    error = QuestionnaireImportError([("", "Bad status."), ("mood", "Used twice.")])
    text = str(error)
    assert "Bad status." in text
    assert "mood: Used twice." in text
    assert error.problems == [("", "Bad status."), ("mood", "Used twice.")]


# Property-based round trip --------------------------------------------------------------------

TEXT = (
    st.text(
        alphabet=st.characters(categories=("L", "N", "P"), include_characters=" "), min_size=1, max_size=24
    )
    .map(str.strip)
    .filter(bool)
)
OPTIONAL_TEXT = st.one_of(st.just(""), TEXT)
KEYS = st.from_regex(r"[a-z][a-z0-9_]{0,11}", fullmatch=True)
CODES = st.from_regex(r"[A-Za-z0-9_.-]{1,8}", fullmatch=True)
VALUES = st.one_of(st.none(), st.integers(-5, 10).map(float), st.sampled_from([0.5, 1.1, 2.25, 99.99]))
NUMBERS = st.one_of(st.integers(0, 10).map(str), st.sampled_from(["2.5", "6.0", "07", "-1"]))
OPTION_TYPES = {d.AGREEMENT, d.RATING, d.NPS, d.YES_NO, d.SINGLE_CHOICE, d.MULTIPLE_CHOICE, d.MATRIX}


@st.composite
def random_snapshots(draw) -> dict:
    used: set[str] = set()

    def new_key() -> str:
        key = draw(KEYS.filter(lambda key: key not in used))
        used.add(key)
        return key

    earlier: list[tuple[str, dict]] = []
    steps = []
    for _step in range(draw(st.integers(1, 3))):
        questions = []
        for _question in range(draw(st.integers(1, 3))):
            kind = draw(st.sampled_from(sorted(d.QUESTION_TYPES)))
            item = question(
                new_key(), kind, draw(TEXT), help_text=draw(OPTIONAL_TEXT), required=draw(st.booleans())
            )
            if kind in (d.AGREEMENT, d.MATRIX):
                item["options"] = d.agreement_options(
                    draw(st.sampled_from([4, 5])), not_applicable=draw(st.booleans())
                )
            elif kind in (d.RATING, d.NPS):
                item |= {"options": d.scale_options(), "low_label": draw(OPTIONAL_TEXT)}
                item["high_label"] = draw(OPTIONAL_TEXT)
            elif kind == d.YES_NO:
                item["options"] = d.yes_no_options()
            elif kind in (d.SINGLE_CHOICE, d.MULTIPLE_CHOICE):
                codes = draw(st.lists(CODES, min_size=2, max_size=6, unique=True))
                item["options"] = [
                    {"code": code, "label": draw(TEXT), "value": draw(VALUES)} for code in codes
                ]
            elif kind in d.TEXT_TYPES:
                limit = d.SHORT_TEXT_MAX if kind == d.SHORT_TEXT else d.LONG_TEXT_MAX
                item["max_length"] = draw(st.integers(1, limit))
            elif kind == d.CALLBACK:
                item["purpose"] = draw(TEXT)
            if kind == d.MATRIX:
                item["statements"] = [
                    {"key": new_key(), "text": draw(TEXT)} for _statement in range(draw(st.integers(1, 3)))
                ]
            if kind in OPTION_TYPES:
                values = {option["value"] for option in item["options"]} - {None}
                item["scored"] = kind in d.SCORABLE_TYPES and len(values) >= 2 and draw(st.booleans())
                item["reverse_scored"] = draw(st.booleans())
            if earlier and draw(st.booleans()):
                target_key, target = draw(st.sampled_from(earlier))
                operators = [d.ANSWERED]
                if target["type"] in OPTION_TYPES:
                    operators += [d.EQUALS, d.NOT_EQUALS]
                if target["type"] in (d.RATING, d.NPS, d.AGREEMENT):
                    operators += [d.AT_MOST, d.AT_LEAST]
                operator = draw(st.sampled_from(operators))
                if operator in (d.EQUALS, d.NOT_EQUALS):
                    value = draw(st.sampled_from([option["code"] for option in target["options"]]))
                elif operator in (d.AT_MOST, d.AT_LEAST):
                    value = draw(NUMBERS)
                else:
                    value = ""
                item["show_if"] = condition(target_key, operator, value)
            questions.append(item)
        steps.append({"title": draw(OPTIONAL_TEXT), "questions": questions})
        earlier += [(key, item) for item in questions for key in d.answer_keys(item)]
    return {
        "title": draw(OPTIONAL_TEXT),
        "introduction": draw(OPTIONAL_TEXT),
        "privacy_notice": draw(OPTIONAL_TEXT),
        "thank_you": draw(OPTIONAL_TEXT),
        "anonymous": draw(st.booleans()),
        "language": draw(st.sampled_from(["en", "es"])),
        "steps": steps,
    }


@settings(max_examples=75, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(random_snapshots())
def test_random_snapshots_survive_the_round_trip(snapshot):
    assert d.definition_problems(snapshot) == []
    exported = questionnaire_from_snapshot(snapshot, url=URL, version="1")
    text = dumped(exported)
    assert snapshot_from_questionnaire(text) == snapshot
    assert (
        dumped(questionnaire_from_snapshot(snapshot_from_questionnaire(text), url=URL, version="1")) == text
    )


ALTERED_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 12),
    st.sampled_from(
        [
            *("", "x", "choice", "group", "boolean", "string", "display", "date", "=", "!=", "exists", "<"),
            *("overall", "staff_listened", "call_back-consent", "step-1", "na", "matrix", "callback"),
        ]
    ),
)


def json_paths(node, path=()):
    if isinstance(node, dict):
        items = node.items()
    elif isinstance(node, list):
        items = enumerate(node)
    else:
        return
    for key, child in items:
        yield (*path, key)
        yield from json_paths(child, (*path, key))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_altered_questionnaires_fail_only_with_import_errors(data):
    snapshot = build_snapshot()
    resource = questionnaire_from_snapshot(snapshot, url=URL, version="1")
    for _change in range(data.draw(st.integers(1, 4))):
        path = data.draw(st.sampled_from(list(json_paths(resource))))
        parent = resource
        for key in path[:-1]:
            parent = parent[key]
        if isinstance(parent, dict) and data.draw(st.booleans()):
            del parent[path[-1]]
        else:
            parent[path[-1]] = data.draw(ALTERED_VALUES)
    try:
        imported = snapshot_from_questionnaire(resource)
    except QuestionnaireImportError as error:
        assert error.problems
    else:
        assert d.definition_problems(imported) == []
    response = questionnaire_response_from_answers(
        snapshot, complete_answers(), questionnaire_url=URL, authored=AUTHORED
    )
    assert isinstance(questionnaire_response_problems(resource, response), list)


# QuestionnaireResponse ------------------------------------------------------------------------


def complete_answers() -> dict[str, object]:
    return {
        "explained_well": "4",
        "felt_rushed": "2",
        "overall": "5",
        "recommend": "9",
        "had_visit": "yes",
        "who_helped": "nurse",
        "topics": ["medicines", "diet"],
        "staff_listened": "1",
        "staff_kind": d.NOT_APPLICABLE,
        "ward_name": "5B",
        "why_low": "Nobody told me about my tablets.",
        "went_well": "Kind staff",
        "visit_helped": "yes",
        "help_enough": "no",
        "not_listened": "That I live alone.",
        "call_back": {"consent": True, "phone": "555 0100"},
        "best_time": "Mornings",
    }


def response_for(snapshot: dict, answers: dict[str, object]) -> dict:
    return questionnaire_response_from_answers(
        snapshot, answers, questionnaire_url=URL + "|3", authored=AUTHORED
    )


def test_response_has_the_documented_shape(snapshot):
    response = response_for(snapshot, complete_answers())
    QuestionnaireResponse.model_validate(response)
    assert response["questionnaire"] == URL + "|3"
    assert response["status"] == "completed"
    assert response["authored"] == AUTHORED
    items = items_by_link_id(response["item"])
    assert [item["linkId"] for item in response["item"]] == ["step-1", "step-2", "step-3"]
    assert items["overall"]["answer"] == [{"valueCoding": {"system": SYSTEM, "code": "5", "display": "5"}}]
    assert [answer["valueCoding"]["code"] for answer in items["topics"]["answer"]] == ["medicines", "diet"]
    assert items["staff_kind"]["answer"][0]["valueCoding"]["code"] == d.NOT_APPLICABLE
    assert items["why_low"]["answer"] == [{"valueString": "Nobody told me about my tablets."}]
    assert items["call_back-consent"]["answer"] == [{"valueBoolean": True}]
    assert items["call_back-phone"]["answer"] == [{"valueString": "555 0100"}]
    assert "unclear" not in items


def test_response_refuses_answers_for_unknown_keys(snapshot):
    with pytest.raises(ValueError, match="mystery"):
        response_for(snapshot, {"mystery": "1"})


def test_a_complete_valid_response_has_no_problems(snapshot, exported):
    assert questionnaire_response_problems(exported, response_for(snapshot, complete_answers())) == []


def test_a_response_with_only_what_is_required_has_no_problems(snapshot, exported):
    answers = complete_answers()
    answers["overall"] = "8"  # why_low is no longer asked
    for optional in ("why_low", "topics", "call_back", "best_time", "ward_name", "went_well", "not_listened"):
        answers.pop(optional)
    assert questionnaire_response_problems(exported, response_for(snapshot, answers)) == []


def test_an_unknown_code_is_reported(snapshot, exported):
    answers = complete_answers() | {"staff_kind": "9"}
    problems = questionnaire_response_problems(exported, response_for(snapshot, answers))
    assert [link_id for link_id, _message in problems] == ["staff_kind"]
    assert "“9”" in problems[0][1]


def test_a_missing_required_enabled_answer_is_reported(snapshot, exported):
    answers = complete_answers()
    del answers["why_low"]  # asked, because overall is 5 (at most 6)
    problems = questionnaire_response_problems(exported, response_for(snapshot, answers))
    assert problems == [("why_low", "This question needs an answer.")]


def test_an_answer_to_a_disabled_item_is_reported(snapshot, exported):
    answers = complete_answers() | {"unclear": "The tablets."}  # only asked if explained_well ≤ 2
    problems = questionnaire_response_problems(exported, response_for(snapshot, answers))
    assert [link_id for link_id, _message in problems] == ["unclear"]


def test_a_consent_without_a_phone_number_is_reported(snapshot, exported):
    answers = complete_answers() | {"call_back": {"consent": True, "phone": ""}}
    problems = questionnaire_response_problems(exported, response_for(snapshot, answers))
    assert [link_id for link_id, _message in problems] == ["call_back-phone"]


def test_hidden_questions_follow_the_answers(snapshot, exported):
    answers = complete_answers() | {"who_helped": "nobody"}  # help_enough is no longer asked
    problems = questionnaire_response_problems(exported, response_for(snapshot, answers))
    assert [link_id for link_id, _message in problems] == ["help_enough"]


def test_unknown_items_and_wrong_answer_kinds_are_reported(snapshot, exported):
    response = response_for(snapshot, complete_answers())
    response["item"][0]["item"].append({"linkId": "mystery", "answer": [{"valueString": "?"}]})
    ward = next(item for item in response["item"][0]["item"] if item["linkId"] == "ward_name")
    ward["answer"] = [{"valueBoolean": True}]
    overall = next(item for item in response["item"][0]["item"] if item["linkId"] == "overall")
    overall["answer"].append({"valueCoding": {"system": SYSTEM, "code": "6"}})
    problems = dict(questionnaire_response_problems(exported, response))
    assert set(problems) == {"mystery", "ward_name", "overall"}


def test_a_response_to_another_questionnaire_is_reported(snapshot, exported):
    response = questionnaire_response_from_answers(
        snapshot, complete_answers(), questionnaire_url="https://elsewhere.example.org/Q/1", authored=AUTHORED
    )
    problems = questionnaire_response_problems(exported, response)
    assert [link_id for link_id, _message in problems] == [""]


def test_response_problems_on_a_third_party_questionnaire():
    response = {
        "resourceType": "QuestionnaireResponse",
        "status": "completed",
        "item": [
            {"linkId": "got_meds", "answer": [{"valueBoolean": False}]},
            {"linkId": "pharmacy", "answer": [{"valueString": "Main Street"}]},
            {"linkId": "score", "answer": [{"valueInteger": 11}]},
        ],
    }
    problems = questionnaire_response_problems(copy.deepcopy(THIRD_PARTY), response)
    assert sorted(link_id for link_id, _message in problems) == ["pharmacy", "score"]


def test_response_problems_with_an_unusable_questionnaire():
    problems = questionnaire_response_problems(
        {"resourceType": "Patient"}, {"resourceType": "QuestionnaireResponse"}
    )
    assert problems[0][0] == ""
    assert len(problems) == 2
