"""The blocks a manager builds a survey from: steps holding questions of each type.

Keys and option codes are RegexBlocks, which wagtail-localize leaves untranslated, so a
Spanish translation keeps the English keys and results stay comparable. ``snapshot_steps``
turns a survey's blocks into the frozen definition (see surveys.definition);
``stream_from_snapshot`` does the reverse, for FHIR import and shipped templates.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.stream_block import StreamBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError

from surveys import definition as d

KEY_HELP = _("Stays the same in every version and language, so results can be compared. Example: who_to_call")
KEY_ERROR = {"invalid": d.KEY_RULE}


class KeyBlock(blocks.RegexBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", KEY_HELP)
        super().__init__(regex=d.KEY_PATTERN.pattern, error_messages=KEY_ERROR, max_length=40, **kwargs)


class CodeBlock(blocks.RegexBlock):
    def __init__(self, **kwargs):
        super().__init__(
            regex=r"^[A-Za-z0-9_.-]{1,40}$",
            error_messages={"invalid": _("Use letters, digits, _ . or - (at most 40).")},
            max_length=40,
            **kwargs,
        )


class ShowIfBlock(blocks.StructBlock):
    key = blocks.RegexBlock(
        regex=r"^([a-z][a-z0-9_]{0,39})?$",
        required=False,
        label=_("Key of an earlier question"),
        error_messages=KEY_ERROR,
    )
    operator = blocks.ChoiceBlock(choices=list(d.OPERATORS.items()), required=False, label=_("Condition"))
    # Not named "value": wagtail-localize misreads a nested block's child of that name.
    answer = blocks.RegexBlock(
        regex=r"^[A-Za-z0-9_.-]{0,40}$",
        required=False,
        label=_("Answer code or number"),
        error_messages={"invalid": _("Use an answer code or a number.")},
    )

    class Meta:
        label = _("Show only if")
        help_text = _("Leave empty to always ask. Otherwise ask only when an earlier step's answer matches.")
        collapsed = True


class QuestionBlock(blocks.StructBlock):
    key = KeyBlock(label=_("Key"))
    text = blocks.CharBlock(max_length=300, label=_("Question"))
    help_text = blocks.CharBlock(max_length=300, required=False, label=_("Help text"))
    required = blocks.BooleanBlock(required=False, default=True, label=_("An answer is required"))
    show_if = ShowIfBlock()

    question_type = ""

    class Meta:
        icon = "help"
        form_classname = "struct-block survey-question"

    def snapshot(self, value) -> dict:
        condition = value["show_if"]
        question = {
            "key": value["key"],
            "type": self.question_type,
            "text": value["text"],
            "help_text": value["help_text"] or "",
            "required": bool(value["required"]),
            "scored": bool(value.get("scored", False)),
            "reverse_scored": bool(value.get("reverse_scored", False)),
            "show_if": None,
        }
        if condition["key"]:
            question["show_if"] = {
                "key": condition["key"],
                "operator": condition["operator"] or d.EQUALS,
                "value": condition["answer"] or "",
            }
        question.update(self.type_snapshot(value))
        return question

    def type_snapshot(self, value) -> dict:
        return {}

    def stream_value(self, question: dict) -> dict:
        condition = question.get("show_if") or {}
        value = {
            "key": question["key"],
            "text": question["text"],
            "help_text": question.get("help_text", ""),
            "required": question.get("required", True),
            "show_if": {
                "key": condition.get("key", ""),
                "operator": condition.get("operator", ""),
                "answer": condition.get("value", ""),
            },
        }
        if "scored" in self.child_blocks:
            value["scored"] = question.get("scored", False)
        if "reverse_scored" in self.child_blocks:
            value["reverse_scored"] = question.get("reverse_scored", False)
        value.update(self.type_stream_value(question))
        return value

    def type_stream_value(self, question: dict) -> dict:
        return {}


def _points_and_na(options: list[dict]) -> dict:
    scale = [option for option in options if option["code"] != d.NOT_APPLICABLE]
    return {"points": str(len(scale)), "not_applicable": len(scale) != len(options)}


class AgreementBlock(QuestionBlock):
    points = blocks.ChoiceBlock(
        choices=[("4", _("4 points (no middle)")), ("5", _("5 points"))], default="4", label=_("Scale")
    )
    not_applicable = blocks.BooleanBlock(required=False, label=_("Offer “Not applicable”"))
    scored = blocks.BooleanBlock(required=False, default=True, label=_("Scored"))
    reverse_scored = blocks.BooleanBlock(
        required=False, label=_("Reverse-scored"), help_text=_("Agreeing is the worse answer.")
    )
    question_type = d.AGREEMENT

    class Meta:
        label = _("Agreement scale")
        description = _("Strongly disagree to strongly agree, 4 or 5 points.")

    def type_snapshot(self, value) -> dict:
        return {"options": d.agreement_options(int(value["points"]), not_applicable=value["not_applicable"])}

    def type_stream_value(self, question: dict) -> dict:
        return _points_and_na(question["options"])


class ScaleBlock(QuestionBlock):
    low_label = blocks.CharBlock(max_length=60, required=False, label=_("What 0 means"))
    high_label = blocks.CharBlock(max_length=60, required=False, label=_("What 10 means"))
    scored = blocks.BooleanBlock(required=False, default=True, label=_("Scored"))

    def type_snapshot(self, value) -> dict:
        return {
            "options": d.scale_options(),
            "low_label": value["low_label"] or "",
            "high_label": value["high_label"] or "",
        }

    def type_stream_value(self, question: dict) -> dict:
        return {"low_label": question.get("low_label", ""), "high_label": question.get("high_label", "")}


class RatingBlock(ScaleBlock):
    question_type = d.RATING

    class Meta:
        label = _("Rating from 0 to 10")
        description = _("For example, an overall rating of the move.")


class RecommendBlock(ScaleBlock):
    question_type = d.NPS

    class Meta:
        label = _("Likelihood to recommend (0 to 10)")
        description = _("0 to 10, counted as a Net Promoter Score.")


class YesNoBlock(QuestionBlock):
    scored = blocks.BooleanBlock(required=False, label=_("Scored (yes is better)"))
    question_type = d.YES_NO

    class Meta:
        label = _("Yes or no")

    def type_snapshot(self, value) -> dict:
        return {"options": d.yes_no_options()}


class OptionBlock(blocks.StructBlock):
    label = blocks.CharBlock(max_length=200, label=_("Answer"))
    code = CodeBlock(label=_("Code"), help_text=_("Stays the same in every version and language."))
    value = blocks.DecimalBlock(required=False, label=_("Score value"), max_digits=6, decimal_places=2)

    class Meta:
        icon = "radio-full"


class ChoiceQuestionBlock(QuestionBlock):
    options = blocks.ListBlock(OptionBlock(), min_num=2, max_num=20, label=_("Answers"))
    scored = blocks.BooleanBlock(required=False, label=_("Scored"))
    reverse_scored = blocks.BooleanBlock(required=False, label=_("Reverse-scored"))

    def type_snapshot(self, value) -> dict:
        return {
            "options": [
                {
                    "code": option["code"],
                    "label": option["label"],
                    "value": None if option["value"] is None else float(option["value"]),
                }
                for option in value["options"]
            ]
        }

    def type_stream_value(self, question: dict) -> dict:
        return {
            "options": [
                {
                    "label": option["label"],
                    "code": option["code"],
                    "value": None if option["value"] is None else Decimal(str(option["value"])),
                }
                for option in question["options"]
            ]
        }


class SingleChoiceBlock(ChoiceQuestionBlock):
    question_type = d.SINGLE_CHOICE

    class Meta:
        label = _("Single choice")


class MultipleChoiceBlock(ChoiceQuestionBlock):
    question_type = d.MULTIPLE_CHOICE

    class Meta:
        label = _("Multiple choice")
        description = _("Choose every answer that applies.")


class TextQuestionBlock(QuestionBlock):
    max_length = blocks.IntegerBlock(min_value=1, label=_("Longest answer (characters)"))

    def type_snapshot(self, value) -> dict:
        return {"max_length": value["max_length"]}

    def type_stream_value(self, question: dict) -> dict:
        return {"max_length": question["max_length"]}


class ShortTextBlock(TextQuestionBlock):
    question_type = d.SHORT_TEXT

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.child_blocks["max_length"].field.max_value = d.SHORT_TEXT_MAX

    class Meta:
        label = _("Short text")


class LongTextBlock(TextQuestionBlock):
    question_type = d.LONG_TEXT

    class Meta:
        label = _("Long text")


class StatementBlock(blocks.StructBlock):
    key = KeyBlock(label=_("Key"))
    text = blocks.CharBlock(max_length=300, label=_("Statement"))


class MatrixBlock(QuestionBlock):
    statements = blocks.ListBlock(StatementBlock(), min_num=1, max_num=12, label=_("Statements"))
    points = blocks.ChoiceBlock(
        choices=[("4", _("4 points (no middle)")), ("5", _("5 points"))], default="4", label=_("Scale")
    )
    not_applicable = blocks.BooleanBlock(required=False, label=_("Offer “Not applicable”"))
    scored = blocks.BooleanBlock(required=False, default=True, label=_("Scored"))
    reverse_scored = blocks.BooleanBlock(required=False, label=_("Reverse-scored"))
    question_type = d.MATRIX

    class Meta:
        label = _("Statements on one scale")
        description = _("Several statements, each answered from strongly disagree to strongly agree.")

    def type_snapshot(self, value) -> dict:
        return {
            "options": d.agreement_options(int(value["points"]), not_applicable=value["not_applicable"]),
            "statements": [{"key": item["key"], "text": item["text"]} for item in value["statements"]],
        }

    def type_stream_value(self, question: dict) -> dict:
        return {
            **_points_and_na(question["options"]),
            "statements": [{"key": item["key"], "text": item["text"]} for item in question["statements"]],
        }


class CallbackBlock(QuestionBlock):
    purpose = blocks.TextBlock(
        max_length=400,
        label=_("Why we would call"),
        help_text=_("Say who will call, when, and what about."),
    )
    question_type = d.CALLBACK

    class Meta:
        label = _("Call-back request")
        description = _("The person agrees to a call and gives a phone number.")

    def type_snapshot(self, value) -> dict:
        return {"purpose": value["purpose"]}

    def type_stream_value(self, question: dict) -> dict:
        return {"purpose": question["purpose"]}


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

    class Meta:
        min_num = 1


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
