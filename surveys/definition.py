"""A survey version's definition: the frozen snapshot that the wizard, scoring, exports and
FHIR all read. Nothing here touches the database.

A snapshot is plain JSON::

    {
      "title": str, "introduction": str, "privacy_notice": str, "thank_you": str,
      "anonymous": bool, "language": "en" | "es",
      "steps": [{"title": str, "questions": [question, ...]}, ...],
    }

and a question is::

    {
      "key": str,              # stable across versions and languages: [a-z][a-z0-9_]{0,39}
      "type": one of QUESTION_TYPES,
      "text": str, "help_text": str, "required": bool,
      "scored": bool, "reverse_scored": bool,
      "options": [{"code": str, "label": str, "value": float | None}, ...],  # choice types
      "low_label": str, "high_label": str,      # rating, nps
      "max_length": int,                        # short_text, long_text (see text_limit)
      "statements": [{"key": str, "text": str}, ...],  # matrix: each statement is answered
                                                        # on "options" and stored under its key
      "purpose": str,                           # callback: why we would call
      "show_if": None | {"key": str, "operator": one of OPERATORS, "value": str},
    }

Every key appears once per survey (statement keys included). ``show_if`` names a question
in an earlier step; ``value`` is an option code (equals / not_equals) or a number
(at_most / at_least), unused for "answered". Options with a ``None`` value (such as
"Not applicable") are never scored.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

AGREEMENT = "agreement"
RATING = "rating"
NPS = "nps"
YES_NO = "yes_no"
SINGLE_CHOICE = "single_choice"
MULTIPLE_CHOICE = "multiple_choice"
SHORT_TEXT = "short_text"
LONG_TEXT = "long_text"
MATRIX = "matrix"
CALLBACK = "callback"

QUESTION_TYPES = {
    AGREEMENT: _("Agreement scale"),
    RATING: _("Rating from 0 to 10"),
    NPS: _("Likelihood to recommend (0 to 10)"),
    YES_NO: _("Yes or no"),
    SINGLE_CHOICE: _("Single choice"),
    MULTIPLE_CHOICE: _("Multiple choice"),
    SHORT_TEXT: _("Short text"),
    LONG_TEXT: _("Long text"),
    MATRIX: _("Statements on one scale"),
    CALLBACK: _("Call-back request"),
}
# Types whose answer is one option code (matrix statements too).
SINGLE_CODE_TYPES = {AGREEMENT, RATING, NPS, YES_NO, SINGLE_CHOICE}
TEXT_TYPES = {SHORT_TEXT, LONG_TEXT}
# Types answered by picking from options; all but multiple choice can be scored.
CHOICE_TYPES = {AGREEMENT, RATING, NPS, YES_NO, SINGLE_CHOICE, MULTIPLE_CHOICE, MATRIX}
SCORABLE_TYPES = CHOICE_TYPES - {MULTIPLE_CHOICE}

SHORT_TEXT_MAX = 200
LONG_TEXT_MAX = 2000
# A long answer's limit when the question sets none (as questions built before there was a
# default may not): enough for a paragraph or two, and a reviewer can read it at a glance.
LONG_TEXT_DEFAULT = 1000
PHONE_MAX = 30
# A call-back request's phone number is kept beside its answer, under the key plus this.
PHONE_SUFFIX = "_phone"

EQUALS = "equals"
NOT_EQUALS = "not_equals"
AT_MOST = "at_most"
AT_LEAST = "at_least"
ANSWERED = "answered"
OPERATORS = {
    EQUALS: _("is"),
    NOT_EQUALS: _("is not"),
    AT_MOST: _("is at most"),
    AT_LEAST: _("is at least"),
    ANSWERED: _("is answered"),
}

KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
KEY_RULE = _("Use lower-case letters, digits and _, starting with a letter (at most 40).")
NOT_APPLICABLE = "na"


def agreement_options(points: int, *, not_applicable: bool) -> list[dict]:
    """The labels and values of a 4- or 5-point agreement scale, in the active language."""
    labels = [_("Strongly disagree"), _("Disagree")]
    if points == 5:
        labels.append(_("Neither agree nor disagree"))
    labels += [_("Agree"), _("Strongly agree")]
    options = [
        {"code": str(value), "label": str(label), "value": float(value)}
        for value, label in enumerate(labels, start=1)
    ]
    if not_applicable:
        options.append({"code": NOT_APPLICABLE, "label": str(_("Not applicable")), "value": None})
    return options


def scale_options() -> list[dict]:
    """0 to 10, each its own code and value."""
    return [{"code": str(value), "label": str(value), "value": float(value)} for value in range(11)]


def yes_no_options() -> list[dict]:
    return [
        {"code": "yes", "label": str(_("Yes")), "value": 1.0},
        {"code": "no", "label": str(_("No")), "value": 0.0},
    ]


def text_limit(question: dict) -> int:
    """The longest answer a text question takes: its own maximum, or for long text without
    one, the default. (0 for a short text without one, which the definition checks refuse.)"""
    default = LONG_TEXT_DEFAULT if question.get("type") == LONG_TEXT else 0
    return int(question.get("max_length") or default)


def questions(snapshot: dict) -> Iterator[dict]:
    for step in snapshot["steps"]:
        yield from step["questions"]


def answer_keys(question: dict) -> list[str]:
    """The keys a question's answers are stored under: a matrix stores one per statement."""
    if question["type"] == MATRIX:
        return [statement["key"] for statement in question["statements"]]
    return [question["key"]]


def question_index(snapshot: dict) -> dict[str, dict]:
    """Every answer key of the survey, mapped to the question that asks it."""
    return {key: question for question in questions(snapshot) for key in answer_keys(question)}


def option_score(question: dict, value: float | None) -> float | None:
    """An option value rescaled to 0–100 (reversed where marked); None when not scored."""
    if value is None or not question.get("scored"):
        return None
    values = [option["value"] for option in question.get("options", []) if option["value"] is not None]
    low, high = min(values), max(values)
    if high == low:
        return None
    score = (value - low) / (high - low) * 100
    if question.get("reverse_scored"):
        score = 100 - score
    return round(score, 4)


def condition_met(condition: dict | None, answers: dict[str, object]) -> bool:
    """Whether a question with this ``show_if`` is shown, given the answers so far.

    ``answers`` maps keys to the stored form of each answer: an option code, a list of codes
    (multiple choice) or text. A question whose condition names an unanswered question is
    not shown (except for "is not").
    """
    if not condition:
        return True
    answer = answers.get(condition["key"])
    operator = condition["operator"]
    if answer in (None, "", []):
        return operator == NOT_EQUALS
    if operator == ANSWERED:
        return True
    given = answer if isinstance(answer, list) else [answer]
    if operator == EQUALS:
        return condition["value"] in given
    if operator == NOT_EQUALS:
        return condition["value"] not in given
    try:
        number = Decimal(str(given[0]))
        limit = Decimal(str(condition["value"]))
    except ArithmeticError:
        return False
    return number <= limit if operator == AT_MOST else number >= limit


def definition_problems(snapshot: dict) -> list[tuple[str, str]]:
    """Everything wrong with a definition, as (question key or "", plain message) pairs.

    Run before a version is frozen and on FHIR import, so no version breaks these rules.
    """
    return [(key, message) for _where, key, message in located_problems(snapshot)]


def located_problems(snapshot: dict) -> list[tuple[tuple[int, int] | None, str, str]]:
    """Like ``definition_problems``, with the (step index, question index) of each problem,
    or None for a problem with the survey as a whole."""
    problems: list[tuple[tuple[int, int] | None, str, str]] = []
    earlier_steps: dict[str, int] = {}  # keys a condition may name
    used: set[str] = set()
    if not snapshot.get("steps"):
        problems.append((None, "", str(_("Add at least one step with a question."))))
    for step_index, step in enumerate(snapshot.get("steps", [])):
        if not step.get("questions"):
            message = _("Step %(number)s has no questions.") % {"number": step_index + 1}
            problems.append((None, "", str(message)))
        for question_index, question in enumerate(step.get("questions", [])):
            where, key = (step_index, question_index), question.get("key", "")
            for answer_key in answer_keys(question):
                if not KEY_PATTERN.match(answer_key):
                    message = KEY_RULE
                    problems.append((where, answer_key, str(message)))
                elif answer_key in used:
                    message = _("The key “%(key)s” is used twice.") % {"key": answer_key}
                    problems.append((where, answer_key, str(message)))
                used.add(answer_key)
            problems.extend((where, key, message) for message in _question_problems(question))
            condition = question.get("show_if")
            if condition:
                problems.extend(
                    (where, key, message)
                    for message in _condition_problems(condition, earlier_steps, snapshot)
                )
        # Answers on this step are known only once it is sent, so a condition may name only
        # a question from an earlier step.
        for question in step.get("questions", []):
            for answer_key in answer_keys(question):
                earlier_steps.setdefault(answer_key, step_index)
    return problems


def _question_problems(question: dict) -> Iterator[str]:
    kind = question.get("type")
    if kind not in QUESTION_TYPES:
        yield str(_("“%(type)s” is not a question type.") % {"type": kind})
        return
    if not str(question.get("text", "")).strip():
        yield str(_("Write the question."))
    options = question.get("options", [])
    if kind in CHOICE_TYPES:
        codes = [option.get("code") for option in options]
        if len(options) < 2:
            yield str(_("Give at least two options."))
        if len(set(codes)) != len(codes) or any(not code for code in codes):
            yield str(_("Every option needs its own code."))
        if question.get("scored"):
            values = {option.get("value") for option in options} - {None}
            if len(values) < 2:
                yield str(_("A scored question needs at least two different option values."))
    if question.get("scored") and kind not in SCORABLE_TYPES:
        yield str(_("Only questions answered with one option can be scored."))
    if kind == MATRIX and not question.get("statements"):
        yield str(_("Add at least one statement."))
    if kind in TEXT_TYPES:
        limit = SHORT_TEXT_MAX if kind == SHORT_TEXT else LONG_TEXT_MAX
        if not 1 <= text_limit(question) <= limit:
            yield str(_("The longest answer must be between 1 and %(limit)s characters.") % {"limit": limit})
    if kind == CALLBACK and not str(question.get("purpose", "")).strip():
        yield str(_("Say why you would call, so people know what they agree to."))


def _condition_problems(condition: dict, earlier: dict[str, int], snapshot: dict) -> Iterator[str]:
    target_key = condition.get("key")
    if target_key not in earlier:
        yield str(_("“Show only if” must name a question in an earlier step."))
        return
    if condition.get("operator") not in OPERATORS:
        yield str(_("Choose how to compare the answer."))
        return
    target = question_index(snapshot)[target_key]
    operator, value = condition["operator"], str(condition.get("value", ""))
    if operator in (EQUALS, NOT_EQUALS):
        codes = {option["code"] for option in target.get("options", [])}
        if value not in codes:
            yield str(
                _("“%(value)s” is not one of the answer codes of “%(key)s”.")
                % {"value": value, "key": target_key}
            )
    elif operator in (AT_MOST, AT_LEAST):
        numeric = {RATING, NPS, AGREEMENT}
        if target["type"] not in numeric:
            yield str(_("Only a scale or rating can be compared as a number."))
        elif not re.fullmatch(r"-?\d+(\.\d+)?", value):
            yield str(_("Compare with a number, such as 6."))
