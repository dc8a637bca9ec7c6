"""How the Questionnaire reader reads a question's answers: answer options, a matrix's
statements, a call-back request, and the targets that a condition or a response answer may name.

``AnswerReader`` holds what the whole read shares (problems found, linkIds seen, targets);
``surveys.fhir.read.Reader`` builds on it to walk steps, questions and their conditions.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import translation
from django.utils.translation import gettext as _

from surveys import definition as d
from surveys.fhir.common import (
    CONSENT_SUFFIX,
    HIGH_LABEL_EXTENSION,
    LOW_LABEL_EXTENSION,
    OPTION_CODE,
    ORDINAL_VALUE_EXTENSION,
    OTHER_VALUE_EXTENSIONS,
    PHONE_SUFFIX,
    QUESTION_TYPE_EXTENSION,
    Problem,
    extension_value,
    find_extension,
)


@dataclass
class Target:
    """What an enableWhen or a response answer may name: one answerable item."""

    key: str  # the answer key in the snapshot
    kind: str  # "coded", "boolean", "text" or "consent"
    codes: dict[tuple[str, object], str] = field(default_factory=dict)  # FHIR answer → option code


class AnswerReader:
    """The record of one read (problems, linkIds, targets) and the readers of answers."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.seen_link_ids: set[str] = set()
        self.targets: dict[str, Target] = {}
        self.language = "en"
        self.flagged = 0  # problems found so far, repeats included

    def problem(self, link_id: str, message: str) -> None:
        self.flagged += 1
        if (link_id, message) not in self.problems:
            self.problems.append((link_id, message))

    def _link_id(self, item: dict) -> str:
        """Record an item's linkId; a repeated one is a problem."""
        link_id = item.get("linkId", "")
        if link_id in self.seen_link_ids:
            self.problem(
                link_id, _("The linkId “%(link_id)s” is used more than once.") % {"link_id": link_id}
            )
        self.seen_link_ids.add(link_id)
        return link_id

    def _key_problem(self, link_id: str) -> None:
        """A problem when a linkId cannot be a snapshot key."""
        if not d.KEY_PATTERN.match(link_id):
            self.problem(
                link_id,
                _(
                    "The linkId “%(link_id)s” cannot be a key: use lower-case letters, digits and _, "
                    "starting with a letter (at most 40)."
                )
                % {"link_id": link_id},
            )

    def _ours(self, item: dict) -> bool:
        return find_extension(item, QUESTION_TYPE_EXTENSION) is not None

    def _choice(self, question: dict, item: dict) -> None:
        link_id = question["key"]
        kind = question["type"]
        if kind == d.YES_NO and item.get("type") == "boolean":
            with translation.override(self.language):
                question["options"] = d.yes_no_options()
            self.targets[link_id] = Target(
                link_id, "boolean", {("boolean", True): "yes", ("boolean", False): "no"}
            )
            return
        options, codes = self._options(item, ours=self._ours(item))
        if kind == d.RATING and not self._ours(item):
            options = [
                {"code": str(number), "label": option["label"], "value": float(number)}
                for number, option in enumerate(options)
            ]
        question["options"] = options
        if kind in (d.RATING, d.NPS):
            question["low_label"] = extension_value(item, LOW_LABEL_EXTENSION, "")
            question["high_label"] = extension_value(item, HIGH_LABEL_EXTENSION, "")
        self.targets[link_id] = Target(link_id, "coded", codes)

    def _options(self, item: dict, *, ours: bool) -> tuple[list[dict], dict[tuple[str, object], str]]:
        link_id = item.get("linkId", "")
        if item.get("answerValueSet") and not item.get("answerOption"):
            self.problem(
                link_id, _("Answers taken from a value set are not supported: list them as answer options.")
            )
        options: list[dict] = []
        codes: dict[tuple[str, object], str] = {}
        used: set[str] = set()
        for answer_option in item.get("answerOption") or []:
            value = None
            for url in (ORDINAL_VALUE_EXTENSION, *OTHER_VALUE_EXTENSIONS):
                for element in (answer_option, answer_option.get("valueCoding") or {}):
                    found = extension_value(element, url)
                    if (
                        value is None
                        and isinstance(found, int | float | Decimal)
                        and not isinstance(found, bool)
                    ):
                        value = float(found)
            if "valueCoding" in answer_option:
                coding = answer_option["valueCoding"]
                code = coding.get("code") or ""
                if not code:
                    self.problem(link_id, _("Every answer option needs a code."))
                    continue
                label = coding.get("display") or ("" if ours else code)
                raw: tuple[str, object] = ("coding", code)
            elif "valueInteger" in answer_option:
                number = answer_option["valueInteger"]
                code, label, raw = str(number), str(number), ("integer", number)
                value = float(number) if value is None else value
            elif "valueString" in answer_option:
                text = answer_option["valueString"]
                code, label, raw = _code_for(text, used), text, ("string", text)
            else:
                self.problem(link_id, _("Answer options must be codes, whole numbers or text."))
                continue
            used.add(code)
            codes[raw] = code
            options.append({"code": code, "label": label, "value": value})
        return options, codes

    def _matrix(self, question: dict, item: dict, statements: list[dict]) -> None:
        question["options"] = []
        question["statements"] = []
        shapes = set()
        for child in statements:
            child_id = self._link_id(child)
            if child.get("type") != "choice" or child.get("repeats"):
                self.problem(child_id, _("Each statement must be a single choice on the shared answers."))
                continue
            self._key_problem(child_id)
            if child.get("enableWhen"):
                self.problem(
                    child_id,
                    _("A single statement cannot depend on an answer; put the condition on the group."),
                )
            for grandchild in child.get("item") or []:
                self._link_id(grandchild)
                self.problem(
                    grandchild.get("linkId", ""), _("Items nested under a statement are not supported.")
                )
            options, codes = self._options(child, ours=self._ours(item))
            shapes.add(json.dumps(options, sort_keys=True))
            question["options"] = question["options"] or options
            question["statements"].append({"key": child_id, "text": child.get("text") or ""})
            self.targets[child_id] = Target(child_id, "coded", codes)
        if len(shapes) > 1:
            self.problem(question["key"], _("Every statement must offer the same answers."))

    def _callback(self, question: dict, item: dict, children: list[dict]) -> None:
        key = question["key"]
        by_id = {child.get("linkId"): child for child in children}
        consent, phone = by_id.get(key + CONSENT_SUFFIX), by_id.get(key + PHONE_SUFFIX)
        for child in children:
            self._link_id(child)
        if (
            consent is None
            or phone is None
            or consent.get("type") != "boolean"
            or phone.get("type") != "string"
            or len(children) != 2
        ):
            self.problem(
                key,
                _("A call-back request holds just a yes/no item “%(consent)s” and a text item “%(phone)s”.")
                % {"consent": key + CONSENT_SUFFIX, "phone": key + PHONE_SUFFIX},
            )
            return
        question["purpose"] = consent.get("text") or ""
        self.targets[consent["linkId"]] = Target(key, "consent", {("boolean", True): "yes"})


def _code_for(text: str, used: set[str]) -> str:
    """An option code for an answer given only as text."""
    if OPTION_CODE.match(text) and text not in used:
        return text
    base = re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")[:32] or "option"
    code, number = base, 1
    while code in used:
        number += 1
        code = f"{base}_{number}"
    return code
