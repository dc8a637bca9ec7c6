"""A survey's steps, each a title and its questions; the check of the survey as a whole; and
the bridge between the steps' StreamField value and the frozen snapshot (surveys.definition)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.stream_block import StreamBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError

from surveys import definition as d
from surveys.blocks.questions import (
    AgreementBlock,
    CallbackBlock,
    LongTextBlock,
    MatrixBlock,
    MultipleChoiceBlock,
    RatingBlock,
    RecommendBlock,
    ShortTextBlock,
    SingleChoiceBlock,
    YesNoBlock,
)


class QuestionsBlock(blocks.StreamBlock):
    agreement = AgreementBlock()
    rating = RatingBlock()
    nps = RecommendBlock()
    yes_no = YesNoBlock()
    single_choice = SingleChoiceBlock()
    multiple_choice = MultipleChoiceBlock()
    short_text = ShortTextBlock()
    long_text = LongTextBlock()
    matrix = MatrixBlock()
    callback = CallbackBlock()
    # No min_num: the editor would show its error on a new, empty step before anything is
    # typed. A step without questions is refused on saving (StepsBlock.clean).


class StepBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=120, label=_("Step title"))
    questions = QuestionsBlock(label=_("Questions"))

    class Meta:
        icon = "list-ol"
        label = _("Step")


class StepsBlock(blocks.StreamBlock):
    step = StepBlock()

    class Meta:
        min_num = 1

    def clean(self, value):
        """Check the survey as a whole (unique keys, conditions on earlier steps, scoring),
        putting each problem on the question it concerns."""
        value = super().clean(value)
        problems = d.located_problems({"steps": snapshot_steps(value)})
        if not problems:
            return value
        by_question: dict[tuple[int, int], list[str]] = {}
        general = []
        for where, _key, message in problems:
            if where is None:
                general.append(message)
            else:
                by_question.setdefault(where, []).append(message)
        step_errors: dict[int, dict[int, ValidationError]] = {}
        for (step_index, question_index), messages in by_question.items():
            step_errors.setdefault(step_index, {})[question_index] = StructBlockValidationError(
                non_block_errors=ErrorList(messages)
            )
        raise StreamBlockValidationError(
            block_errors={
                step_index: StructBlockValidationError(
                    block_errors={"questions": StreamBlockValidationError(block_errors=errors)}
                )
                for step_index, errors in step_errors.items()
            },
            non_block_errors=ErrorList(general),
        )


def new_survey_steps() -> list[tuple[str, dict]]:
    """What a new survey starts with: one empty step to fill in, where an empty list showed
    the editor's "minimum number of items" error before anything was typed."""
    return [("step", {"title": "", "questions": []})]


def snapshot_steps(steps_value) -> list[dict]:
    """The steps of a survey's StreamField value, in the snapshot format."""
    return [
        {
            "title": step.value["title"],
            "questions": [question.block.snapshot(question.value) for question in step.value["questions"]],
        }
        for step in steps_value
    ]


def stream_from_snapshot(snapshot: dict) -> list[dict]:
    """The raw StreamField data that rebuilds a snapshot's steps."""
    question_blocks = QuestionsBlock.base_blocks
    stream = []
    for step in snapshot["steps"]:
        questions_value = [
            {
                "type": question["type"],
                "value": question_blocks[question["type"]].get_prep_value(
                    question_blocks[question["type"]].to_python(
                        question_blocks[question["type"]].stream_value(question)
                    )
                ),
            }
            for question in step["questions"]
        ]
        stream.append({"type": "step", "value": {"title": step["title"], "questions": questions_value}})
    return stream
