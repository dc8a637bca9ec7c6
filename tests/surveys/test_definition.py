"""The rules every frozen survey definition keeps, and how answers are scored."""

import copy

import pytest

from surveys import definition as d
from tests.surveys.factories import three_step_snapshot


def test_the_test_survey_has_no_problems():
    assert d.definition_problems(three_step_snapshot()) == []


def test_a_condition_on_the_same_step_is_refused():
    snapshot = copy.deepcopy(three_step_snapshot())
    snapshot["steps"][0]["questions"][1]["show_if"] = {
        "key": "preferences",
        "operator": "equals",
        "value": "1",
    }
    assert d.located_problems(snapshot) == [
        ((0, 1), "problem", "“Show only if” must name a question in an earlier step.")
    ]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"options": []}, "Give at least two options."),
        ({"type": "short_text", "max_length": 500, "scored": False}, "between 1 and 200"),
        ({"type": "multiple_choice"}, "Only questions answered with one option can be scored."),
        ({"key": "Bad Key"}, "lower-case letters"),
        ({"text": "  "}, "Write the question."),
        ({"show_if": {"key": "nowhere", "operator": "equals", "value": "1"}}, "earlier step"),
    ],
)
def test_each_rule_names_its_problem(change, message):
    snapshot = copy.deepcopy(three_step_snapshot())
    snapshot["steps"][1]["questions"][0].update(change)
    assert any(message in text for _key, text in d.definition_problems(snapshot)), d.definition_problems(
        snapshot
    )


def test_a_condition_must_use_a_real_answer_code_or_a_number():
    snapshot = copy.deepcopy(three_step_snapshot())
    snapshot["steps"][1]["questions"][1]["show_if"] = {
        "key": "problem",
        "operator": "equals",
        "value": "maybe",
    }
    snapshot["steps"][2]["questions"][1]["show_if"] = {
        "key": "overall",
        "operator": "at_most",
        "value": "six",
    }
    messages = [text for _key, text in d.definition_problems(snapshot)]
    assert any("not one of the answer codes" in text for text in messages)
    assert any("Compare with a number" in text for text in messages)


@pytest.mark.parametrize(
    ("condition", "answers", "shown"),
    [
        (None, {}, True),
        ({"key": "a", "operator": "equals", "value": "yes"}, {"a": "yes"}, True),
        ({"key": "a", "operator": "equals", "value": "yes"}, {"a": "no"}, False),
        ({"key": "a", "operator": "equals", "value": "yes"}, {}, False),
        ({"key": "a", "operator": "not_equals", "value": "yes"}, {}, True),
        ({"key": "a", "operator": "equals", "value": "x"}, {"a": ["x", "y"]}, True),
        ({"key": "a", "operator": "at_most", "value": "6"}, {"a": "6"}, True),
        ({"key": "a", "operator": "at_most", "value": "6"}, {"a": "7"}, False),
        ({"key": "a", "operator": "at_least", "value": "9"}, {"a": "10"}, True),
        ({"key": "a", "operator": "at_least", "value": "3"}, {"a": "na"}, False),
        ({"key": "a", "operator": "answered", "value": ""}, {"a": "anything"}, True),
    ],
)
def test_show_if(condition, answers, shown):
    assert d.condition_met(condition, answers) is shown


def test_scores_run_from_0_to_100_and_reverse_where_marked():
    question = {"scored": True, "options": d.agreement_options(4, not_applicable=True)}
    assert [d.option_score(question, value) for value in (1.0, 2.0, 3.0, 4.0, None)] == [
        0,
        pytest.approx(33.3333),
        pytest.approx(66.6667),
        100,
        None,
    ]
    assert d.option_score({**question, "reverse_scored": True}, 4.0) == 0
    assert d.option_score({**question, "scored": False}, 4.0) is None
