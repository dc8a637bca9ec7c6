"""A step's questions drawn as HTML in Python, for the same reason as the widgets
(``surveys.widgets``): one template include per question and per field was most of a step's
rendering time. The markup follows the USWDS form patterns; every value in it is escaped."""

from __future__ import annotations

from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from surveys import definition as d


def question_html(question: dict, fields: list) -> str:
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
