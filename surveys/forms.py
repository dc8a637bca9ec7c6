"""Wizard forms, built at run time from a survey version's questions.

Every field is named by its question key, so stored drafts and answers line up across
versions and languages. Messages are written for patients: what to do, not what failed.
"""

from __future__ import annotations

import re

from django import forms
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _

from surveys import definition as d

HONEYPOT = "website"
PHONE_SUFFIX = "_phone"
_PHONE_CHARACTERS = re.compile(r"^[0-9 ()+.\-]*$")

CHOOSE_ONE = _("Choose an answer.")
CHOOSE_SHOWN = _("Choose one of the answers shown.")


def _attributes(attrs: dict) -> str:
    """HTML attributes as Django's attrs.html writes them: ``True`` alone, ``False`` and
    ``None`` left out, everything else escaped (the names are the code's own)."""
    return mark_safe(
        "".join(
            f" {key}" if value is True else f' {key}="{conditional_escape(value)}"'
            for key, value in attrs.items()
            if value is not False and value is not None
        )
    )


# The survey's widgets are written out in Python rather than through Django's widget
# templates: a step draws up to a hundred answer options and several text boxes on every
# request, and the template-based widgets took more time than the rest of the page
# together. The markup is the same as those templates'; every value in it is escaped.


class _Tiles:
    """Answer options drawn as USWDS tiles: ``<div class="usa-radio"><input ...><label>``."""

    kind = ""  # "radio" or "checkbox"

    def render(self, name, value, attrs=None, renderer=None):
        options = self.get_context(name, value, attrs)["widget"]["optgroups"]
        return mark_safe(  # each option's values are escaped by _option
            "".join(self._option(option) for _group, choices, _index in options for option in choices)
        )

    def _option(self, option: dict) -> str:
        kind, attrs = self.kind, option["attrs"]
        return (
            f'<div class="usa-{kind}"><input class="usa-{kind}__input usa-{kind}__input--tile"'
            f' type="{conditional_escape(option["type"])}" name="{conditional_escape(option["name"])}"'
            f' value="{conditional_escape(option["value"])}"{_attributes(attrs)}>'
            f'<label class="usa-{kind}__label" for="{conditional_escape(attrs.get("id", ""))}">'
            f"{conditional_escape(option['label'])}</label></div>"
        )


class RadioSelect(_Tiles, forms.RadioSelect):
    kind = "radio"


class CheckboxSelectMultiple(_Tiles, forms.CheckboxSelectMultiple):
    kind = "checkbox"


class TextInput(forms.TextInput):
    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        shown = "" if widget["value"] is None else format_html(' value="{}"', widget["value"])
        return format_html(
            '<input type="{}" name="{}"{}{}>',
            widget["type"],
            name,
            shown,
            _attributes(widget["attrs"]),
        )


class Textarea(forms.Textarea):
    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        return format_html(
            '<textarea name="{}"{}>\n{}</textarea>',
            name,
            _attributes(widget["attrs"]),
            widget["value"] or "",
        )


class TextField(forms.CharField):
    """A CharField whose line breaks are one character each, as the browser counted them:
    a form sends each break in a text box as CR LF, so an answer that fitted the box's
    ``maxlength`` was refused here as too long."""

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n").replace("\r", "\n") if isinstance(value, str) else value


def _text_field(question: dict) -> forms.CharField:
    limit = int(question["max_length"])
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
                _question_html(question, [self[name] for name in question_field_names(question)])
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


# A step's questions are drawn in Python for the same reason as the widgets above: one
# template include per question and per field was most of a step's rendering time. The
# markup follows the USWDS form patterns; every value in it is escaped.


def _question_html(question: dict, fields: list) -> str:
    kind = question["type"]
    if kind in d.TEXT_TYPES:
        return _text_html(fields[0], limit=True)
    if kind == d.MATRIX:
        # The statements' own fieldsets come inside: the question's hint is named by the
        # outer one, so a screen reader in forms mode reads it with the question.
        hint, described = "", ""
        if question.get("help_text"):
            form = fields[0].form
            hint_id = f"{form.auto_id % form.add_prefix(question['key'])}_helptext"
            hint = format_html('<span class="usa-hint" id="{}">{}</span>', hint_id, question["help_text"])
            described = format_html(' aria-describedby="{}"', hint_id)
        return format_html(
            '<fieldset class="usa-fieldset survey-question survey-matrix"{}>'
            '<legend class="usa-legend">{}{}</legend>{}{}</fieldset>',
            described,
            question["text"],
            _optional(question["required"]),
            hint,
            mark_safe("".join(_choice_html(field, question) for field in fields)),
        )
    if kind == d.CALLBACK:
        # The phone is needed only after "Yes, please call me": marked so, not "(optional)".
        return _choice_html(fields[0], question) + _text_html(
            fields[1], limit=False, marker=_marker(gettext("(required if you want a call back)"))
        )
    return _choice_html(fields[0], question, scale=kind in (d.RATING, d.NPS))


def _optional(required: bool) -> str:
    if required:
        return ""
    return _marker(gettext("(optional)"))


def _marker(text: str) -> str:
    return format_html(' <span class="survey-optional">{}</span>', text)


def _part_id(bound, part: str) -> str:
    """The id of a field's hint ("helptext"), length limit ("limit") or errors ("error")."""
    return f"{bound.auto_id}_{part}"


def _described_by(bound, *, limit: bool = False) -> str:
    """The ids a field's ``aria-describedby`` names: its hint, length limit and errors, as
    they are drawn (so screen readers read each one that is there, and only those)."""
    parts = []
    if bound.help_text:
        parts.append("helptext")
    if limit:
        parts.append("limit")
    if bound.errors:
        parts.append("error")
    return " ".join(_part_id(bound, part) for part in parts)


def _errors_html(bound) -> str:
    if not bound.errors:
        return ""
    return format_html(
        '<span class="usa-error-message" id="{}">{}</span>',
        _part_id(bound, "error"),
        mark_safe("<br>".join(conditional_escape(error) for error in bound.errors)),
    )


def _help_html(bound) -> str:
    if not bound.help_text:
        return ""
    return format_html(
        '<span class="usa-hint" id="{}">{}</span>', _part_id(bound, "helptext"), bound.help_text
    )


def _choice_html(bound, question: dict, *, scale: bool = False) -> str:
    """One question answered by picking: a fieldset whose legend is the question, its hint
    and errors named by ``aria-describedby``."""
    described = _described_by(bound)
    classes = "usa-fieldset usa-form-group survey-question"
    if bound.errors:
        classes += " usa-form-group--error"
    if scale:
        classes += " survey-scale"
    options = format_html('<div class="survey-options">{}</div>', bound)
    if scale and (question.get("low_label") or question.get("high_label")):
        # The ends around the numbers, in reading order: on a phone the numbers stand in a
        # column with "0 = ..." above it and "10 = ..." below; wider, in one row under both.
        options = format_html(
            '<div class="survey-scale__body">'
            '<p class="usa-hint survey-scale__end survey-scale__end--low">{}</p>{}'
            '<p class="usa-hint survey-scale__end survey-scale__end--high">{}</p></div>',
            gettext("0 = %(label)s") % {"label": question.get("low_label", "")},
            options,
            gettext("10 = %(label)s") % {"label": question.get("high_label", "")},
        )
    return format_html(
        '<fieldset class="{}" id="{}"{}><legend class="usa-legend">{}{}</legend>{}{}{}</fieldset>',
        classes,
        bound.html_name,
        format_html(' aria-describedby="{}"', described) if described else "",
        bound.label,
        _optional(bound.field.required),
        _help_html(bound),
        _errors_html(bound),
        options,
    )


def _text_html(bound, *, limit: bool, marker: str | None = None) -> str:
    """A text box with its label, hint, errors and (for a question's own box) length limit."""
    limit = limit and bool(bound.field.max_length)
    described = _described_by(bound, limit=limit)
    if described:
        bound.field.widget.attrs["aria-describedby"] = described
    if bound.errors:
        bound.field.widget.attrs["aria-invalid"] = "true"
    error = " usa-form-group--error" if bound.errors else ""
    limit_html = ""
    if limit:
        limit_html = format_html(
            '<span class="usa-hint" id="{}">{}</span>',
            _part_id(bound, "limit"),
            gettext("Up to %(limit)s characters.") % {"limit": bound.field.max_length},
        )
    return format_html(
        '<div class="usa-form-group survey-question{}" id="{}">'
        '<label class="usa-label{}" for="{}">{}{}</label>{}{}{}{}</div>',
        error,
        bound.html_name,
        " usa-label--error" if bound.errors else "",
        bound.id_for_label,
        bound.label,
        _optional(bound.field.required) if marker is None else marker,
        _help_html(bound),
        _errors_html(bound),
        limit_html,
        bound,
    )
