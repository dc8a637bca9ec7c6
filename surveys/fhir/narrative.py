"""Narrative: the human-readable ``text`` every exported resource carries, generated from the
resource itself so that it never says more than the structured data (a de-identified response's
narrative shows "withheld" where its answer is masked).

FHIR's best-practice rule dom-6 asks every DomainResource for one; the ``div`` is XHTML in the
resource's language, every piece of text escaped."""

from __future__ import annotations

from django.utils import translation
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

XHTML_NAMESPACE = "http://www.w3.org/1999/xhtml"


def narrative(language: str, body: str) -> dict:
    """A generated Narrative around ``body`` (already escaped XHTML), marked with its language."""
    return {
        "status": "generated",
        # ``lang`` only: R4's txt-1 lists the attributes a narrative may have, and xml:lang is not one.
        "div": format_html('<div xmlns="{}" lang="{}">{}</div>', XHTML_NAMESPACE, language, body),
    }


def questionnaire_narrative(questionnaire: dict) -> dict:
    """The title, introduction, and the steps with the questions they ask."""
    body = format_html("<p><b>{}</b></p>", questionnaire.get("title") or questionnaire["name"])
    if questionnaire.get("description"):
        body += format_html("<p>{}</p>", questionnaire["description"])
    body += _item_list(questionnaire.get("item") or [], "ol")
    return narrative(questionnaire["language"], body)


def questionnaire_response_narrative(response: dict, language: str) -> dict:
    """Each answered question with its answers, in the response's language."""
    with translation.override(language):
        rows = _answer_rows(response.get("item") or [])
        body = (
            format_html("<dl>{}</dl>", rows)
            if rows
            else format_html("<p>{}</p>", _("No question was answered."))
        )
    return narrative(language, body)


def _item_list(items: list[dict], tag: str) -> str:
    entries = [
        (item.get("text") or item["linkId"], _item_list(item.get("item") or [], "ul"))
        for item in items
        if item.get("type") != "display"
    ]
    if not entries:
        return SafeString()
    return format_html("<{}>{}</{}>", tag, format_html_join("", "<li>{}{}</li>", entries), tag)


def _answer_rows(items: list[dict]) -> str:
    rows = SafeString()
    for item in items:
        answers = item.get("answer") or []
        if answers:
            rows += format_html(
                "<dt>{}</dt>{}",
                item.get("text") or item["linkId"],
                format_html_join("", "<dd>{}</dd>", ((_answer_text(answer),) for answer in answers)),
            )
        rows += _answer_rows(item.get("item") or [])
    return rows


def _answer_text(answer: dict) -> str:
    if "valueCoding" in answer:
        return answer["valueCoding"].get("display") or answer["valueCoding"]["code"]
    if "valueBoolean" in answer:
        return _("Yes") if answer["valueBoolean"] else _("No")
    for name, value in answer.items():
        if name.startswith("value"):
            return str(value)
    return _("Withheld for privacy")
