"""Import: a FHIR Questionnaire (ours, or another system's as far as it fits what a survey can
ask) read into a survey snapshot, with every problem found rather than the first."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from fhir.resources.R4B.questionnaire import Questionnaire

from surveys import definition as d
from surveys.fhir.common import (
    ANONYMOUS_EXTENSION,
    CHOICE_ITEM_TYPES,
    CONDITION_VALUE_EXTENSION,
    FHIR_TYPES,
    LANGUAGES,
    QUESTION_TYPE_EXTENSION,
    REVERSE_SCORED_EXTENSION,
    SCORED_EXTENSION,
    STATUSES,
    THANK_YOU_EXTENSION,
    QuestionnaireImportError,
    answer_of,
    extension_value,
    find_extension,
    is_help,
    number_text,
)
from surveys.fhir.load import load_resource
from surveys.fhir.read_answers import AnswerReader, Target


def snapshot_from_questionnaire(data: dict | str) -> dict:
    """The survey definition in a FHIR Questionnaire (dict or JSON text), or QuestionnaireImportError."""
    resource = load_resource(data, Questionnaire)
    return Reader(resource).read()


@dataclass
class _Pending:
    question: dict
    item: dict


class Reader(AnswerReader):
    """Reads one validated Questionnaire dict into a snapshot, collecting every problem."""

    def __init__(self, resource: dict) -> None:
        super().__init__()
        self.resource = resource
        self.all_link_ids: set[str] = set()
        self.pending: list[_Pending] = []

    def read(self) -> dict:
        resource = self.resource
        status = resource.get("status")
        if status not in STATUSES:
            self.problem(
                "",
                _("The status “%(status)s” is not one of draft, active, retired or unknown.")
                % {"status": status},
            )
        self.language = self._language(resource.get("language"))
        self.all_link_ids = set(_link_ids(resource.get("item") or []))
        title = resource.get("title") or ""
        steps = []
        # Top-level groups are steps. Consecutive top-level questions (from other systems) make
        # one step titled like the questionnaire, split where a question depends on an answer in
        # the same run, since a condition may only name a question of an earlier step.
        loose: list[dict] = []
        loose_ids: set[str] = set()
        for item in resource.get("item") or []:
            conditions = item.get("enableWhen") or []
            if item.get("type") == "group" and find_extension(item, QUESTION_TYPE_EXTENSION) is None:
                if loose:
                    steps.append(self._step(title, loose))
                    loose, loose_ids = [], set()
                self._link_id(item)
                if conditions:
                    self.problem(item.get("linkId", ""), _("A whole step cannot depend on an answer."))
                steps.append(self._step(item.get("text") or "", item.get("item") or []))
                continue
            if any(condition.get("question") in loose_ids for condition in conditions):
                steps.append(self._step(title, loose))
                loose, loose_ids = [], set()
            loose.append(item)
            loose_ids.update(_link_ids([item]))
        if loose:
            steps.append(self._step(title, loose))
        for pending in self.pending:
            pending.question["show_if"] = self._condition(pending.item)
        snapshot = {
            "title": title,
            "introduction": resource.get("description") or "",
            "privacy_notice": resource.get("purpose") or "",
            "thank_you": extension_value(resource, THANK_YOU_EXTENSION, ""),
            "anonymous": bool(extension_value(resource, ANONYMOUS_EXTENSION, False)),
            "language": self.language,
            "steps": [step for step in steps if step is not None],
        }
        for problem in d.definition_problems(snapshot):
            self.problem(*problem)
        if self.problems:
            raise QuestionnaireImportError(self.problems)
        return snapshot

    def _language(self, code: str | None) -> str:
        if not code:
            return "en"
        primary = code.split("-")[0].lower()
        if primary not in LANGUAGES:
            self.problem(
                "",
                _("The language “%(code)s” is not supported: use English (en) or Spanish (es).")
                % {"code": code},
            )
            return "en"
        return primary

    def _step(self, title: str, items: list[dict]) -> dict | None:
        questions = [question for item in items if (question := self._question(item)) is not None]
        if items and not questions:
            # Every question had a problem of its own: an empty step would only repeat them.
            return None
        return {"title": title, "questions": questions}

    def _question(self, item: dict) -> dict | None:
        """One question item (and its children) as a snapshot question, or None after a problem."""
        flagged_before = self.flagged
        # Targets of this item are kept only if the item imports without a problem.
        outer_targets, self.targets = self.targets, {}
        link_id = self._link_id(item)
        self._key_problem(link_id)
        kind = self._kind(item)
        question: dict[str, Any] = {
            "key": link_id,
            "type": kind,
            "text": item.get("text") or "",
            "help_text": "",
            "required": bool(item.get("required")),
            "scored": bool(
                extension_value(item, SCORED_EXTENSION, kind == d.RATING and not self._ours(item))
            ),
            "reverse_scored": bool(extension_value(item, REVERSE_SCORED_EXTENSION, False)),
            "show_if": None,
        }
        children = item.get("item") or []
        helps = [child for child in children if is_help(child)]
        for child in helps:
            self._link_id(child)
        question["help_text"] = "\n".join(child.get("text") or "" for child in helps)
        others = [child for child in children if not is_help(child)]
        if kind is None:
            pass
        elif kind == d.MATRIX:
            self._matrix(question, item, others)
        elif kind == d.CALLBACK:
            self._callback(question, item, others)
        else:
            for child in others:
                self._link_id(child)
                self.problem(
                    child.get("linkId", ""),
                    _("Items nested under a question are not supported, except help text."),
                )
            if kind in CHOICE_ITEM_TYPES:
                self._choice(question, item)
            elif kind in d.TEXT_TYPES:
                limit = d.SHORT_TEXT_MAX if kind == d.SHORT_TEXT else d.LONG_TEXT_DEFAULT
                question["max_length"] = item.get("maxLength") or limit
                self.targets[link_id] = Target(link_id, "text")
        if len(item.get("enableWhen") or []) > 1:
            self.problem(link_id, _("Only one condition per question is supported (this item has several)."))
        own_targets, self.targets = self.targets, outer_targets
        if self.flagged > flagged_before:
            return None
        self.targets.update(own_targets)
        self.pending.append(_Pending(question, item))
        return question

    def _kind(self, item: dict) -> str | None:
        link_id, fhir_type = item.get("linkId", ""), item.get("type")
        ours = extension_value(item, QUESTION_TYPE_EXTENSION, kind=str)
        if ours is not None:
            if ours not in d.QUESTION_TYPES:
                self.problem(link_id, _("“%(type)s” is not a question type.") % {"type": ours})
                return None
            if fhir_type != FHIR_TYPES[ours]:
                self.problem(
                    link_id,
                    _("A “%(type)s” question must be an item of type “%(fhir)s”, not “%(found)s”.")
                    % {"type": ours, "fhir": FHIR_TYPES[ours], "found": fhir_type},
                )
                return None
            return ours
        if fhir_type == "choice":
            if item.get("repeats"):
                return d.MULTIPLE_CHOICE
            return d.RATING if self._is_rating(item) else d.SINGLE_CHOICE
        simple = {"boolean": d.YES_NO, "string": d.SHORT_TEXT, "text": d.LONG_TEXT}
        if fhir_type in simple:
            return simple[fhir_type]
        if fhir_type == "group":
            if self._looks_like_matrix(item):
                return d.MATRIX
            message = _("Groups inside a step are only supported as statements sharing one set of answers.")
        elif fhir_type == "display":
            message = _("Text without a question is not supported, except help text on a question.")
        elif fhir_type == "open-choice":
            message = _("Choices with a typed-in “other” answer (open-choice) are not supported.")
        elif fhir_type in ("date", "dateTime", "time"):
            message = _("Date and time questions are not supported.")
        else:
            message = _("Questions of type “%(type)s” are not supported.") % {"type": fhir_type}
        self.problem(link_id, message)
        return None

    def _is_rating(self, item: dict) -> bool:
        numbers = []
        for answer_option in item.get("answerOption") or []:
            answer = answer_of(answer_option)
            if answer is None or answer[0] not in ("integer", "coding"):
                return False
            try:
                numbers.append(int(str(answer[1])))
            except ValueError:
                return False
        return numbers == list(range(11))

    def _looks_like_matrix(self, item: dict) -> bool:
        statements = [child for child in item.get("item") or [] if not is_help(child)]
        if not statements:
            return False
        shapes = set()
        for child in statements:
            if child.get("type") != "choice" or child.get("repeats") or child.get("item"):
                return False
            if not child.get("answerOption"):
                return False
            shapes.add(json.dumps(child["answerOption"], sort_keys=True, default=str))
        return len(shapes) == 1

    def _condition(self, item: dict) -> dict | None:
        """The show_if of an item's single enableWhen; None (and a problem) when it cannot be read."""
        conditions = item.get("enableWhen") or []
        if len(conditions) != 1:
            return None
        link_id = item.get("linkId", "")
        enable_when = conditions[0]
        question, operator = enable_when.get("question", ""), enable_when.get("operator")
        target = self.targets.get(question)
        if target is None:
            if question in self.all_link_ids:
                message = _("It depends on “%(question)s”, which is not an answer that can be imported.")
            else:
                message = _("It depends on “%(question)s”, which is not in this questionnaire.")
            self.problem(link_id, message % {"question": question})
            return None
        answer = answer_of(enable_when)
        stated = extension_value(enable_when, CONDITION_VALUE_EXTENSION, kind=str)
        if operator == "exists" and answer == ("boolean", True):
            return {"key": target.key, "operator": d.ANSWERED, "value": stated or ""}
        if operator in ("=", "!=") and answer is not None and target.kind != "consent":
            code = target.codes.get(answer)
            if code is None:
                shown = answer[1]
                if answer[0] == "boolean":
                    shown = _("yes") if answer[1] else _("no")
                self.problem(
                    link_id,
                    _("“%(answer)s” is not one of the answers of “%(question)s”.")
                    % {"answer": shown, "question": question},
                )
                return None
            return {
                "key": target.key,
                "operator": d.EQUALS if operator == "=" else d.NOT_EQUALS,
                "value": code,
            }
        if operator in ("<=", ">=", "<", ">") and answer is not None and answer[0] in ("decimal", "integer"):
            number = Decimal(str(answer[1]))
            if operator in ("<", ">"):
                if number != number.to_integral_value():
                    answer = None
                else:
                    number += -1 if operator == "<" else 1
            if answer is not None:
                at = d.AT_MOST if operator in ("<=", "<") else d.AT_LEAST
                return {"key": target.key, "operator": at, "value": stated or number_text(number)}
        self.problem(
            link_id,
            _("This condition cannot be imported: use “exists”, or compare with an answer code or a number."),
        )
        return None


def _link_ids(items: list[dict]) -> Iterator[str]:
    for item in items:
        yield item.get("linkId", "")
        yield from _link_ids(item.get("item") or [])
