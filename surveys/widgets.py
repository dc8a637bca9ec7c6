"""The survey's widgets, written out in Python rather than through Django's widget templates:
a step draws up to a hundred answer options and several text boxes on every request, and the
template-based widgets took more time than the rest of the page together. The markup is the
same as those templates'; every value in it is escaped."""

from __future__ import annotations

from django import forms
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe


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
