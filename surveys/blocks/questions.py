"""The question types a survey step can hold, one block each."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from surveys import definition as d
from surveys.blocks.base import CodeBlock, KeyBlock, QuestionBlock


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
        return {"max_length": d.text_limit({"type": self.question_type, "max_length": value["max_length"]})}

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
    max_length = blocks.IntegerBlock(
        min_value=1,
        max_value=d.LONG_TEXT_MAX,
        required=False,
        default=d.LONG_TEXT_DEFAULT,
        label=_("Longest answer (characters)"),
        help_text=_("Leave empty for 1,000."),
    )
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
