"""The survey editor's defaults and checks: a new survey, long text without a maximum, and
"Show only if" still checked on the server whatever the editor's script offered."""

import copy

import pytest
from wagtail.blocks.stream_block import StreamBlockValidationError

from surveys import definition as d
from surveys.blocks import LongTextBlock, StepsBlock, stream_from_snapshot
from surveys.forms import _text_field
from surveys.models import Survey
from tests.surveys.factories import three_step_snapshot


def test_a_new_survey_starts_with_one_empty_step_and_no_count_for_the_editor_to_flag():
    steps = Survey().steps
    assert [(step.block_type, step.value["title"], len(step.value["questions"])) for step in steps] == [
        ("step", "", 0)
    ]
    # The editor flags a stream with fewer children than its min_num as soon as it is drawn.
    assert StepsBlock().child_blocks["step"].child_blocks["questions"].meta.min_num is None


def test_a_step_without_questions_is_still_refused_on_saving():
    block = StepsBlock()
    with pytest.raises(StreamBlockValidationError) as refused:
        block.clean(block.to_python([{"type": "step", "value": {"title": "First", "questions": []}}]))
    assert "This field is required." in str(refused.value.as_json_data()["blockErrors"][0])


def test_a_new_long_text_question_takes_1000_characters():
    assert LongTextBlock().get_default()["max_length"] == d.LONG_TEXT_DEFAULT == 1000


def test_a_long_text_question_without_a_maximum_takes_1000_characters():
    block = LongTextBlock()
    value = block.to_python({"key": "notes", "text": "Anything else?", "required": False, "max_length": None})
    question = block.snapshot(value)
    assert question["max_length"] == 1000
    stored = {**question, "max_length": None}  # a question saved before there was a default
    assert _text_field(stored).max_length == 1000
    snapshot = {"steps": [{"title": "One", "questions": [stored]}]}
    assert d.definition_problems(snapshot) == []


@pytest.mark.parametrize(
    ("condition", "message"),
    [
        ({"key": "overall", "operator": d.EQUALS, "value": "8"}, "must name a question in an earlier step"),
        ({"key": "problem", "operator": d.EQUALS, "value": "maybe"}, "is not one of the answer codes"),
    ],
)
def test_the_editor_still_refuses_a_condition_that_is_not_an_earlier_answer(condition, message):
    snapshot = copy.deepcopy(three_step_snapshot())
    snapshot["steps"][1]["questions"][1]["show_if"] = condition
    block = StepsBlock()
    with pytest.raises(StreamBlockValidationError) as refused:
        block.clean(block.to_python(stream_from_snapshot(snapshot)))
    assert message in str(refused.value.as_json_data())
