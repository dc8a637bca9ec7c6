"""What every survey question block is built from: its key, option codes, its condition, and
the base question block that turns a block value into a snapshot question and back."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

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


# Migrations name these two at ``surveys.blocks`` (the struct and stream blocks deconstruct as
# Wagtail's own), where they lived before the package was split and are still exported.
DECONSTRUCT_ALIASES = {KeyBlock: "surveys.blocks.KeyBlock", CodeBlock: "surveys.blocks.CodeBlock"}
