"""Wizard forms, built at run time from a survey version's questions.

Every field is named by its question key, so stored drafts and answers line up across
versions and languages. Messages are written for patients: what to do, not what failed.
"""

from __future__ import annotations

import re

from django import forms
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from surveys import definition as d
from surveys.definition import PHONE_SUFFIX
from surveys.question_html import question_html
from surveys.widgets import CheckboxSelectMultiple, RadioSelect, Textarea, TextInput

HONEYPOT = "website"
_PHONE_CHARACTERS = re.compile(r"^[0-9 ()+.\-]*$")

CHOOSE_ONE = _("Choose an answer.")
CHOOSE_SHOWN = _("Choose one of the answers shown.")


class TextField(forms.CharField):
    """A CharField whose line breaks are one character each, as the browser counted them:
    a form sends each break in a text box as CR LF, so an answer that fitted the box's
    ``maxlength`` was refused here as too long."""

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n").replace("\r", "\n") if isinstance(value, str) else value


def _text_field(question: dict) -> forms.CharField:
    limit = d.text_limit(question)
    widget = (
        Textarea(attrs={"rows": 5, "class": "usa-textarea", "maxlength": limit})
        if question["type"] == d.LONG_TEXT
        else TextInput(attrs={"class": "usa-input", "maxlength": limit})
    )
    return TextField(
        label=question["text"],
        help_text=question.get("help_text", ""),
        required=question["required"],
        max_length=limit,
        widget=widget,
        error_messages={
            "required": _("Write your answer, or go back if you would rather not answer."),
            "max_length": ngettext_lazy(
                "Please shorten your answer to %(limit_value)d character or fewer (it has %(show_value)d).",
                "Please shorten your answer to %(limit_value)d characters or fewer (it has %(show_value)d).",
                "limit_value",
            ),
        },
    )


def _choice_field(question: dict, *, label: str, help_text: str = "") -> forms.Field:
    choices = [(option["code"], option["label"]) for option in question["options"]]
    if question["type"] == d.MULTIPLE_CHOICE:
        return forms.MultipleChoiceField(
            label=label,
            help_text=help_text,
            required=question["required"],
            choices=choices,
            widget=CheckboxSelectMultiple,
            error_messages={
                "required": _("Choose at least one answer."),
                "invalid_choice": CHOOSE_SHOWN,
                "invalid_list": CHOOSE_SHOWN,
            },
        )
    scale = question["type"] in (d.RATING, d.NPS)
    return forms.ChoiceField(
        label=label,
        help_text=help_text,
        required=question["required"],
        choices=choices,
        widget=RadioSelect(attrs={"data-scale": "0-10"} if scale else {}),
        error_messages={"required": CHOOSE_ONE, "invalid_choice": CHOOSE_SHOWN},
    )


def question_field_names(question: dict) -> list[str]:
    """The names of the fields ``question_fields`` makes, without making them."""
    kind = question["type"]
    if kind == d.MATRIX:
        return [statement["key"] for statement in question["statements"]]
    if kind == d.CALLBACK:
        return [question["key"], question["key"] + PHONE_SUFFIX]
    return [question["key"]]


def question_fields(question: dict) -> dict[str, forms.Field]:
    """The form fields that ask one question, by field name."""
    kind = question["type"]
    if kind in d.TEXT_TYPES:
        return {question["key"]: _text_field(question)}
    if kind == d.MATRIX:
        return {
            statement["key"]: _choice_field(question, label=statement["text"])
            for statement in question["statements"]
        }
    if kind == d.CALLBACK:
        consent = forms.ChoiceField(
            label=question["text"],
            help_text=question.get("purpose", ""),
            required=question["required"],
            choices=[("yes", _("Yes, please call me")), ("no", _("No, thank you"))],
            widget=RadioSelect,
            error_messages={"required": CHOOSE_ONE, "invalid_choice": CHOOSE_SHOWN},
        )
        phone = forms.CharField(
            label=_("Phone number to call"),
            help_text=_("Include the area code, for example 555-201-0123."),
            required=False,
            max_length=d.PHONE_MAX,
            widget=TextInput(
                attrs={"class": "usa-input usa-input--medium", "type": "tel", "autocomplete": "tel"}
            ),
            error_messages={"max_length": _("Enter a phone number of at most 30 characters.")},
        )
        return {question["key"]: consent, question["key"] + PHONE_SUFFIX: phone}
    return {
        question["key"]: _choice_field(
            question, label=question["text"], help_text=question.get("help_text", "")
        )
    }


class _TrapField(forms.CharField):
    """The spam trap: whatever is in it only marks the post, so nothing in it is ever an error
    (a NUL character there once showed the form again instead of holding the answers)."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.validators = []


class StepForm(forms.Form):
    """One wizard step. Subclasses made by ``step_form_class`` carry ``questions``."""

    questions: list[dict] = []
    use_required_attribute = False  # the server explains what is missing, in plain words

    def __init__(self, *args, honeypot: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if honeypot:
            self.fields[HONEYPOT] = _TrapField(
                required=False,
                label=_("Leave this empty"),
                widget=TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
            )

    def clean(self):
        cleaned = super().clean()
        for question in self.questions:
            if question["type"] != d.CALLBACK:
                continue
            key = question["key"]
            phone = (cleaned.get(key + PHONE_SUFFIX) or "").strip()
            if cleaned.get(key) == "yes":
                digits = re.sub(r"\D", "", phone)
                if not phone:
                    self.add_error(key + PHONE_SUFFIX, _("Enter the phone number we should call."))
                elif not _PHONE_CHARACTERS.match(phone) or not 7 <= len(digits) <= 15:
                    self.add_error(
                        key + PHONE_SUFFIX,
                        _("Enter a phone number using digits, for example 555-201-0123."),
                    )
            elif phone:
                cleaned[key + PHONE_SUFFIX] = ""  # no consent, so no number is kept
        return cleaned

    @property
    def honeypot_filled(self) -> bool:
        """Whether the spam trap was drawn and filled (a form drawn without one has none)."""
        return HONEYPOT in self.fields and bool(self.data.get(self.add_prefix(HONEYPOT)))

    def render_questions(self) -> str:
        """The step's questions as HTML, each in its fieldset or form group (see below)."""
        return mark_safe(  # every value is escaped by the functions below
            "".join(
                question_html(question, [self[name] for name in question_field_names(question)])
                for question in self.questions
            )
        )


def step_form_class(questions: list[dict]) -> type[StepForm]:
    fields: dict[str, forms.Field] = {}
    for question in questions:
        fields.update(question_fields(question))
    return type("SurveyStepForm", (StepForm,), {**fields, "questions": questions})


class CheckAnswersForm(forms.Form):
    """The last step: nothing to fill in, the person confirms what they have answered."""

    questions: list[dict] = []

    def __init__(self, *args, honeypot: bool = False, **kwargs):
        super().__init__(*args, **kwargs)

    @property
    def honeypot_filled(self) -> bool:
        return False


def stored_answers(questions: list[dict], cleaned: dict) -> dict[str, object]:
    """A step's answers in their stored form: option code, list of codes, text, or for a
    call-back request the code with the phone number beside it. Unanswered keys are left out."""
    answers: dict[str, object] = {}
    for question in questions:
        for key in d.answer_keys(question):
            value = cleaned.get(key)
            if value in (None, "", []):
                continue
            answers[key] = sorted(value) if isinstance(value, list) else value
        if question["type"] == d.CALLBACK and cleaned.get(question["key"]) == "yes":
            answers[question["key"] + PHONE_SUFFIX] = cleaned.get(question["key"] + PHONE_SUFFIX, "")
    return answers
