"""FHIR R4 Questionnaire and QuestionnaireResponse for survey definitions (see surveys.definition).

Export writes a Questionnaire that other systems can render and that this module can read back
into exactly the same snapshot; import also accepts Questionnaires from other systems, as far as
they fit what a survey can ask. Nothing here touches the database.

How a snapshot maps to a Questionnaire:

* Every step is a top-level ``group`` item with linkId ``step-1``, ``step-2``, … (by position).
* Every question is an item whose linkId is the question's key; the survey's own question type,
  ``scored``, ``reverse_scored`` and the 0/10 labels are extensions under ``EXTENSION_BASE``.
* Help text is a ``display`` child with linkId ``<key>-help`` and itemControl ``help``.
* A matrix is a ``group`` (linkId = key) holding one ``choice`` item per statement (linkId =
  statement key), all with the same answerOptions.
* A call-back request is a ``group`` (linkId = key) holding a ``boolean`` consent item
  ``<key>-consent`` whose text is the purpose, and a ``string`` phone item ``<key>-phone``
  enabled only when consent is true.
* Answer codes use the code system ``<questionnaire url>/answers``; option values are in the
  standard ``ordinalValue`` extension.

Suffixed linkIds (``-help``, ``-consent``, ``-phone``, ``step-N``) contain a hyphen, which a
key never does, so they cannot collide with a question's key.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse
from pydantic import ValidationError

from surveys import definition as d

EXTENSION_BASE = "https://portal.example.org/fhir/StructureDefinition/"
THANK_YOU_EXTENSION = EXTENSION_BASE + "survey-thank-you"
ANONYMOUS_EXTENSION = EXTENSION_BASE + "survey-anonymous"
QUESTION_TYPE_EXTENSION = EXTENSION_BASE + "survey-question-type"
SCORED_EXTENSION = EXTENSION_BASE + "survey-scored"
REVERSE_SCORED_EXTENSION = EXTENSION_BASE + "survey-reverse-scored"
LOW_LABEL_EXTENSION = EXTENSION_BASE + "survey-low-label"
HIGH_LABEL_EXTENSION = EXTENSION_BASE + "survey-high-label"
# On an enableWhen, when the condition's value cannot be read back from the answer itself
# (such as "6.0", or a value on an "is answered" condition).
CONDITION_VALUE_EXTENSION = EXTENSION_BASE + "survey-condition-value"

ITEM_CONTROL_EXTENSION = "http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl"
ITEM_CONTROL_SYSTEM = "http://hl7.org/fhir/questionnaire-item-control"
ORDINAL_VALUE_EXTENSION = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
# Read on import as well: where other systems put an option's value.
OTHER_VALUE_EXTENSIONS = (
    "http://hl7.org/fhir/StructureDefinition/itemWeight",
    "http://hl7.org/fhir/StructureDefinition/iso21090-CO-value",
)

STATUSES = ("draft", "active", "retired", "unknown")
LANGUAGES = ("en", "es")
STEP_PREFIX = "step-"
HELP_SUFFIX = "-help"
CONSENT_SUFFIX = "-consent"
PHONE_SUFFIX = "-phone"

# Types written as one FHIR "choice" item (a matrix is a group of them).
CHOICE_ITEM_TYPES = {d.AGREEMENT, d.RATING, d.NPS, d.YES_NO, d.SINGLE_CHOICE, d.MULTIPLE_CHOICE}
FHIR_TYPES = {
    **dict.fromkeys(CHOICE_ITEM_TYPES, "choice"),
    d.SHORT_TEXT: "string",
    d.LONG_TEXT: "text",
    d.MATRIX: "group",
    d.CALLBACK: "group",
}
COMPARISONS = {d.EQUALS: "=", d.NOT_EQUALS: "!=", d.AT_MOST: "<=", d.AT_LEAST: ">="}
HELP_CONTROLS = {"help", "flyover"}
OPTION_CODE = re.compile(r"^[A-Za-z0-9_.-]{1,40}$")

Problem = tuple[str, str]


# An imported file is read only when its shape is within these bounds, so that no file
# can hold a worker for more than about a second or exhaust Python's recursion limit:
# validating a FHIR resource costs about 0.2 ms per element, and nested lists recurse.
# The demo's care-move survey, exported, nests 12 levels and has about 2,100 parts; a file
# at the parts limit (about 280 five-option questions) is read in well under a second.
MAX_JSON_DEPTH = 32  # objects and lists inside one another
MAX_JSON_PARTS = 20_000  # names, texts, objects and lists, counted as they are read
# A text (with its escapes), a bracket or a comma: what the shape check reads.
_JSON_PART = re.compile(r'"(?:[^"\\]++|\\.)*+"|[\[\]{},]')


def _too_many_parts() -> str:
    return _(
        "This file holds more than %(limit)s parts (questions, options, texts). A questionnaire "
        "to import holds at most %(limit)s: split it into smaller surveys."
    ) % {"limit": f"{MAX_JSON_PARTS:,}"}


def _too_deep() -> str:
    return _(
        "This file nests more than %(limit)s levels deep (items inside items). A questionnaire "
        "to import nests at most %(limit)s levels."
    ) % {"limit": MAX_JSON_DEPTH}


def json_shape_problem(text: str) -> str | None:
    """Why ``text`` is refused before it is parsed (nested too deep, or too many parts),
    or None. Reads at most MAX_JSON_PARTS parts of it, so it is quick whatever the file."""
    depth = 0
    for count, match in enumerate(_JSON_PART.finditer(text)):
        if count >= MAX_JSON_PARTS:
            return _too_many_parts()
        part = match.group()
        if part in "[{":
            depth += 1
            if depth > MAX_JSON_DEPTH:
                return _too_deep()
        elif part in "]}":
            depth -= 1
    return None


def parsed_shape_problem(data: object) -> str | None:
    """``json_shape_problem`` for JSON already parsed (walked without recursion)."""
    stack, parts = [(data, 1)], 0
    while stack:
        node, depth = stack.pop()
        parts += 1
        if parts > MAX_JSON_PARTS:
            return _too_many_parts()
        if isinstance(node, dict | list):
            if depth > MAX_JSON_DEPTH:
                return _too_deep()
            values = node.values() if isinstance(node, dict) else node
            parts += len(node) if isinstance(node, dict) else 0  # the names
            stack.extend((value, depth + 1) for value in values)
    return None


def questionnaire_json(text: str) -> object:
    """The JSON in an uploaded file, or QuestionnaireImportError when it is not JSON or
    is shaped beyond MAX_JSON_DEPTH or MAX_JSON_PARTS (checked before parsing)."""
    problem = json_shape_problem(text)
    if problem:
        raise QuestionnaireImportError([("", problem)])
    try:
        return json.loads(text)
    except (ValueError, RecursionError) as error:
        raise QuestionnaireImportError(
            [("", _("The file is not valid JSON (%(error)s).") % {"error": error})]
        ) from error


class QuestionnaireImportError(ValueError):
    """A Questionnaire that cannot become a survey, with every reason found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        super().__init__(str(self))

    def __str__(self) -> str:
        lines = [f"{link_id}: {message}" if link_id else message for link_id, message in self.problems]
        return "\n".join([_("This questionnaire cannot be imported:"), *(f"- {line}" for line in lines)])


# Export ---------------------------------------------------------------------------------------


def questionnaire_from_snapshot(
    snapshot: dict,
    *,
    url: str,
    version: str,
    status: str = "active",
    date: str | None = None,
    identifier: str | None = None,
) -> dict:
    """A survey definition as a FHIR R4 Questionnaire, ready for ``json.dumps``."""
    if status not in STATUSES:
        raise ValueError(f"status must be one of {', '.join(STATUSES)}, not {status!r}")
    system = answer_system(url)
    index = d.question_index(snapshot)
    extensions = []
    if snapshot.get("thank_you"):
        extensions.append({"url": THANK_YOU_EXTENSION, "valueString": snapshot["thank_you"]})
    extensions.append({"url": ANONYMOUS_EXTENSION, "valueBoolean": bool(snapshot.get("anonymous"))})
    resource: dict[str, Any] = {
        "resourceType": "Questionnaire",
        "language": snapshot["language"],
        "extension": extensions,
        "url": url,
    }
    if identifier:
        resource["identifier"] = [{"value": identifier}]
    resource["version"] = version
    resource["name"] = machine_name(snapshot.get("title", ""))
    _put_text(resource, "title", snapshot.get("title"))
    resource["status"] = status
    if date:
        resource["date"] = date
    _put_text(resource, "description", snapshot.get("introduction"))
    _put_text(resource, "purpose", snapshot.get("privacy_notice"))
    with translation.override(snapshot["language"]):  # for the one label written here: "Phone number"
        resource["item"] = [
            _step_item(number, step, index, system) for number, step in enumerate(snapshot["steps"], start=1)
        ]
    Questionnaire.model_validate(resource)
    return resource


def answer_system(questionnaire_url: str) -> str:
    """The code system of a questionnaire's answer codes (a canonical's ``|version`` dropped)."""
    return questionnaire_url.split("|", 1)[0].rstrip("/") + "/answers"


def machine_name(title: str) -> str:
    """A title as a FHIR ``name``: ASCII letters and digits in CamelCase, starting with a capital."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    words = re.findall(r"[A-Za-z0-9]+", ascii_title)
    name = "".join(word[:1].upper() + word[1:] for word in words)
    if not name[:1].isalpha():
        name = "Survey" + name
    return name[:255]


def _put_text(target: dict, name: str, text: str | None) -> None:
    # FHIR strings may not be empty: an empty text is left out and read back as "".
    if text:
        target[name] = text


def _step_item(number: int, step: dict, index: dict[str, dict], system: str) -> dict:
    item: dict[str, Any] = {"linkId": f"{STEP_PREFIX}{number}", "type": "group"}
    _put_text(item, "text", step.get("title"))
    item["item"] = [_question_item(question, index, system) for question in step["questions"]]
    return item


def _question_item(question: dict, index: dict[str, dict], system: str) -> dict:
    kind = question["type"]
    key = question["key"]
    item: dict[str, Any] = {"extension": _question_extensions(question), "linkId": key}
    _put_text(item, "text", question.get("text"))
    item["type"] = FHIR_TYPES[kind]
    if question.get("show_if"):
        item["enableWhen"] = [_enable_when(question["show_if"], index, system)]
    item["required"] = bool(question.get("required"))
    children = [_help_item(key, question["help_text"])] if question.get("help_text") else []
    if kind in CHOICE_ITEM_TYPES:
        if kind == d.MULTIPLE_CHOICE:
            item["repeats"] = True
        item["answerOption"] = _answer_options(question["options"], system)
    elif kind in d.TEXT_TYPES:
        item["maxLength"] = question["max_length"]
    elif kind == d.MATRIX:
        item["extension"].insert(0, _item_control("table"))
        for statement in question["statements"]:
            child: dict[str, Any] = {"linkId": statement["key"]}
            _put_text(child, "text", statement.get("text"))
            child["type"] = "choice"
            child["required"] = item["required"]
            child["answerOption"] = _answer_options(question["options"], system)
            children.append(child)
    elif kind == d.CALLBACK:
        consent: dict[str, Any] = {"linkId": key + CONSENT_SUFFIX}
        _put_text(consent, "text", question.get("purpose"))
        consent.update(type="boolean", required=item["required"])
        phone = {
            "linkId": key + PHONE_SUFFIX,
            "text": _("Phone number"),
            "type": "string",
            "enableWhen": [{"question": consent["linkId"], "operator": "=", "answerBoolean": True}],
            "required": True,
            "maxLength": d.PHONE_MAX,
        }
        children += [consent, phone]
    if children:
        item["item"] = children
    return item


def _question_extensions(question: dict) -> list[dict]:
    extensions = [{"url": QUESTION_TYPE_EXTENSION, "valueCode": question["type"]}]
    if question.get("scored"):
        extensions.append({"url": SCORED_EXTENSION, "valueBoolean": True})
    if question.get("reverse_scored"):
        extensions.append({"url": REVERSE_SCORED_EXTENSION, "valueBoolean": True})
    if question.get("low_label"):
        extensions.append({"url": LOW_LABEL_EXTENSION, "valueString": question["low_label"]})
    if question.get("high_label"):
        extensions.append({"url": HIGH_LABEL_EXTENSION, "valueString": question["high_label"]})
    return extensions


def _item_control(code: str) -> dict:
    return {
        "url": ITEM_CONTROL_EXTENSION,
        "valueCodeableConcept": {"coding": [{"system": ITEM_CONTROL_SYSTEM, "code": code}]},
    }


def _help_item(key: str, text: str) -> dict:
    return {
        "extension": [_item_control("help")],
        "linkId": key + HELP_SUFFIX,
        "text": text,
        "type": "display",
    }


def _answer_options(options: list[dict], system: str) -> list[dict]:
    answer_options = []
    for option in options:
        coding = {"system": system, "code": option["code"]}
        _put_text(coding, "display", option.get("label"))
        answer_option: dict[str, Any] = {"valueCoding": coding}
        if option.get("value") is not None:
            answer_option["extension"] = [
                {"url": ORDINAL_VALUE_EXTENSION, "valueDecimal": _json_number(option["value"])}
            ]
        answer_options.append(answer_option)
    return answer_options


def _enable_when(condition: dict, index: dict[str, dict], system: str) -> dict:
    key, operator = condition["key"], condition["operator"]
    value = str(condition.get("value") or "")
    target = index.get(key)
    question = key + CONSENT_SUFFIX if target and target["type"] == d.CALLBACK else key
    enable_when: dict[str, Any] = {"question": question}
    if operator == d.ANSWERED:
        enable_when.update(operator="exists", answerBoolean=True)
        read_back = ""
    elif operator in (d.EQUALS, d.NOT_EQUALS):
        enable_when.update(operator=COMPARISONS[operator], answerCoding={"system": system, "code": value})
        read_back = value
    elif operator in (d.AT_MOST, d.AT_LEAST):
        try:
            number = _json_number(Decimal(value))
        except InvalidOperation as error:
            raise ValueError(f"{key}: {value!r} is not a number") from error
        enable_when.update(operator=COMPARISONS[operator], answerDecimal=number)
        read_back = _number_text(number)
    else:
        raise ValueError(f"{key}: unknown operator {operator!r}")
    if read_back != value:
        enable_when["extension"] = [{"url": CONDITION_VALUE_EXTENSION, "valueString": value}]
    return enable_when


def _json_number(value: float | int | Decimal) -> int | float:
    number = Decimal(str(value))
    return int(number) if number == number.to_integral_value() else float(number)


def _number_text(value: float | int | Decimal) -> str:
    """A number as a condition value: ``6`` rather than ``6.0``."""
    number = Decimal(str(value))
    if number == number.to_integral_value():
        return str(int(number))
    return format(number.normalize(), "f")


# Import ---------------------------------------------------------------------------------------


def snapshot_from_questionnaire(data: dict | str) -> dict:
    """The survey definition in a FHIR Questionnaire (dict or JSON text), or QuestionnaireImportError."""
    resource = _load(data, Questionnaire)
    return _Reader(resource).read()


@dataclass
class _Target:
    """What an enableWhen or a response answer may name: one answerable item."""

    key: str  # the answer key in the snapshot
    kind: str  # "coded", "boolean", "text" or "consent"
    codes: dict[tuple[str, object], str] = field(default_factory=dict)  # FHIR answer → option code


@dataclass
class _Pending:
    question: dict
    item: dict


def _load(data: dict | str | bytes, model: type) -> dict:
    resource_type = model.get_resource_type()
    if isinstance(data, bytes):
        data = data.decode("utf-8-sig", errors="replace")
    if isinstance(data, str):
        data = questionnaire_json(data)
    elif (problem := parsed_shape_problem(data)) is not None:
        # Already parsed elsewhere: held to the same bounds as a file.
        raise QuestionnaireImportError([("", problem)])
    if not isinstance(data, dict):
        raise QuestionnaireImportError([("", _("The file does not hold a FHIR resource."))])
    found = data.get("resourceType")
    if found != resource_type:
        message = _("This is a “%(found)s” resource, not a %(expected)s.") % {
            "found": found or _("(no resourceType)"),
            "expected": resource_type,
        }
        raise QuestionnaireImportError([("", message)])
    try:
        validated = model.model_validate(data)
    except ValidationError as error:
        raise QuestionnaireImportError(_validation_problems(error, data)) from error
    # Read the validated form: values coerced to their FHIR types, nulls left out.
    return validated.model_dump(mode="json", exclude_none=True)


def _validation_problems(error: ValidationError, data: dict) -> list[Problem]:
    problems = []
    for detail in error.errors():
        location = detail.get("loc", ())
        link_id, node = "", data
        for part in location:
            try:
                node = node[part]
            except (KeyError, IndexError, TypeError):
                break
            if isinstance(node, dict) and isinstance(node.get("linkId"), str):
                link_id = node["linkId"]
        where = ".".join(str(part) for part in location)
        message = _("Not valid FHIR at %(where)s: %(message)s") % {
            "where": where or "/",
            "message": detail["msg"],
        }
        problems.append((link_id, message))
    return problems


def _extension(element: dict, url: str) -> dict | None:
    for extension in element.get("extension") or []:
        if isinstance(extension, dict) and extension.get("url") == url:
            return extension
    return None


def _extension_value(element: dict, url: str, default: Any = None, kind: type | None = None) -> Any:
    """The value[x] of an element's extension with this URL; ``default`` if missing or not a ``kind``."""
    extension = _extension(element, url)
    if extension is None:
        return default
    kind = kind or (type(default) if default is not None else object)
    for name, value in extension.items():
        if name.startswith("value"):
            return value if isinstance(value, kind) else default
    return default


def _item_controls(item: dict) -> set[str]:
    concept = _extension_value(item, ITEM_CONTROL_EXTENSION, {})
    return {coding.get("code") for coding in concept.get("coding") or [] if isinstance(coding, dict)}


def _is_help(item: dict) -> bool:
    return item.get("type") == "display" and bool(_item_controls(item) & HELP_CONTROLS)


def _answer_of(element: dict) -> tuple[str, object] | None:
    """The (kind, value) of an enableWhen answer[x] or a response answer value[x]."""
    for name, kind in (
        ("Coding", "coding"),
        ("Boolean", "boolean"),
        ("Integer", "integer"),
        ("String", "string"),
    ):
        for prefix in ("answer", "value"):
            if prefix + name in element:
                value = element[prefix + name]
                return kind, (value.get("code") if kind == "coding" else value)
    for prefix in ("answer", "value"):
        if prefix + "Decimal" in element:
            return "decimal", element[prefix + "Decimal"]
    return None


class _Reader:
    """Reads one validated Questionnaire dict into a snapshot, collecting every problem."""

    def __init__(self, resource: dict) -> None:
        self.resource = resource
        self.problems: list[Problem] = []
        self.seen_link_ids: set[str] = set()
        self.all_link_ids: set[str] = set()
        self.targets: dict[str, _Target] = {}
        self.pending: list[_Pending] = []
        self.language = "en"
        self.flagged = 0  # problems found so far, repeats included

    def problem(self, link_id: str, message: str) -> None:
        self.flagged += 1
        if (link_id, message) not in self.problems:
            self.problems.append((link_id, message))

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
            if item.get("type") == "group" and _extension(item, QUESTION_TYPE_EXTENSION) is None:
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
            "thank_you": _extension_value(resource, THANK_YOU_EXTENSION, ""),
            "anonymous": bool(_extension_value(resource, ANONYMOUS_EXTENSION, False)),
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

    def _link_id(self, item: dict) -> str:
        """Record an item's linkId; a repeated one is a problem."""
        link_id = item.get("linkId", "")
        if link_id in self.seen_link_ids:
            self.problem(
                link_id, _("The linkId “%(link_id)s” is used more than once.") % {"link_id": link_id}
            )
        self.seen_link_ids.add(link_id)
        return link_id

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
        if not d.KEY_PATTERN.match(link_id):
            self.problem(
                link_id,
                _(
                    "The linkId “%(link_id)s” cannot be a key: use lower-case letters, digits and _, "
                    "starting with a letter (at most 40)."
                )
                % {"link_id": link_id},
            )
        kind = self._kind(item)
        question: dict[str, Any] = {
            "key": link_id,
            "type": kind,
            "text": item.get("text") or "",
            "help_text": "",
            "required": bool(item.get("required")),
            "scored": bool(
                _extension_value(item, SCORED_EXTENSION, kind == d.RATING and not self._ours(item))
            ),
            "reverse_scored": bool(_extension_value(item, REVERSE_SCORED_EXTENSION, False)),
            "show_if": None,
        }
        children = item.get("item") or []
        helps = [child for child in children if _is_help(child)]
        for child in helps:
            self._link_id(child)
        question["help_text"] = "\n".join(child.get("text") or "" for child in helps)
        others = [child for child in children if not _is_help(child)]
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
                limit = d.SHORT_TEXT_MAX if kind == d.SHORT_TEXT else d.LONG_TEXT_MAX
                question["max_length"] = item.get("maxLength") or limit
                self.targets[link_id] = _Target(link_id, "text")
        if len(item.get("enableWhen") or []) > 1:
            self.problem(link_id, _("Only one condition per question is supported (this item has several)."))
        own_targets, self.targets = self.targets, outer_targets
        if self.flagged > flagged_before:
            return None
        self.targets.update(own_targets)
        self.pending.append(_Pending(question, item))
        return question

    def _ours(self, item: dict) -> bool:
        return _extension(item, QUESTION_TYPE_EXTENSION) is not None

    def _kind(self, item: dict) -> str | None:
        link_id, fhir_type = item.get("linkId", ""), item.get("type")
        ours = _extension_value(item, QUESTION_TYPE_EXTENSION, kind=str)
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
            answer = _answer_of(answer_option)
            if answer is None or answer[0] not in ("integer", "coding"):
                return False
            try:
                numbers.append(int(str(answer[1])))
            except ValueError:
                return False
        return numbers == list(range(11))

    def _looks_like_matrix(self, item: dict) -> bool:
        statements = [child for child in item.get("item") or [] if not _is_help(child)]
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

    def _choice(self, question: dict, item: dict) -> None:
        link_id = question["key"]
        kind = question["type"]
        if kind == d.YES_NO and item.get("type") == "boolean":
            with translation.override(self.language):
                question["options"] = d.yes_no_options()
            self.targets[link_id] = _Target(
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
            question["low_label"] = _extension_value(item, LOW_LABEL_EXTENSION, "")
            question["high_label"] = _extension_value(item, HIGH_LABEL_EXTENSION, "")
        self.targets[link_id] = _Target(link_id, "coded", codes)

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
                    found = _extension_value(element, url)
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
            if not d.KEY_PATTERN.match(child_id):
                self.problem(
                    child_id,
                    _(
                        "The linkId “%(link_id)s” cannot be a key: use lower-case letters, digits and _, "
                        "starting with a letter (at most 40)."
                    )
                    % {"link_id": child_id},
                )
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
            self.targets[child_id] = _Target(child_id, "coded", codes)
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
        self.targets[consent["linkId"]] = _Target(key, "consent", {("boolean", True): "yes"})

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
        answer = _answer_of(enable_when)
        stated = _extension_value(enable_when, CONDITION_VALUE_EXTENSION, kind=str)
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
                return {"key": target.key, "operator": at, "value": stated or _number_text(number)}
        self.problem(
            link_id,
            _("This condition cannot be imported: use “exists”, or compare with an answer code or a number."),
        )
        return None


def _link_ids(items: list[dict]) -> Iterator[str]:
    for item in items:
        yield item.get("linkId", "")
        yield from _link_ids(item.get("item") or [])


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


# QuestionnaireResponse ------------------------------------------------------------------------


def questionnaire_response_from_answers(
    snapshot: dict, answers: dict[str, object], *, questionnaire_url: str, authored: str
) -> dict:
    """A completed survey's stored answers as a FHIR R4 QuestionnaireResponse, ready for ``json.dumps``."""
    index = d.question_index(snapshot)
    unknown = sorted(set(answers) - set(index))
    if unknown:
        raise ValueError(f"answers for keys the survey does not ask: {', '.join(unknown)}")
    system = answer_system(questionnaire_url)
    items = []
    for number, step in enumerate(snapshot["steps"], start=1):
        children = [
            child for question in step["questions"] if (child := _response_item(question, answers, system))
        ]
        if children:
            step_item: dict[str, Any] = {"linkId": f"{STEP_PREFIX}{number}"}
            _put_text(step_item, "text", step.get("title"))
            step_item["item"] = children
            items.append(step_item)
    response: dict[str, Any] = {
        "resourceType": "QuestionnaireResponse",
        "questionnaire": questionnaire_url,
        "status": "completed",
        "authored": authored,
    }
    if items:
        response["item"] = items
    QuestionnaireResponse.model_validate(response)
    return response


def _unanswered(value: object) -> bool:
    return value is None or value == "" or value == []


def _response_item(question: dict, answers: dict[str, object], system: str) -> dict | None:
    key, kind = question["key"], question["type"]
    item: dict[str, Any] = {"linkId": key}
    _put_text(item, "text", question.get("text"))
    if kind == d.MATRIX:
        statements = []
        for statement in question["statements"]:
            value = answers.get(statement["key"])
            if not _unanswered(value):
                child: dict[str, Any] = {"linkId": statement["key"]}
                _put_text(child, "text", statement.get("text"))
                child["answer"] = _coded_answers(question, value, system)
                statements.append(child)
        if not statements:
            return None
        item["item"] = statements
        return item
    value = answers.get(key)
    if _unanswered(value):
        return None
    if kind == d.CALLBACK:
        given = value if isinstance(value, dict) else {}
        parts = []
        if given.get("consent") is not None:
            parts.append(
                {"linkId": key + CONSENT_SUFFIX, "answer": [{"valueBoolean": bool(given["consent"])}]}
            )
        if given.get("phone"):
            parts.append({"linkId": key + PHONE_SUFFIX, "answer": [{"valueString": str(given["phone"])}]})
        if not parts:
            return None
        item["item"] = parts
    elif kind in d.TEXT_TYPES:
        item["answer"] = [{"valueString": str(value)}]
    else:
        item["answer"] = _coded_answers(question, value, system)
    return item


def _coded_answers(question: dict, value: object, system: str) -> list[dict]:
    labels = {option["code"]: option.get("label") for option in question.get("options", [])}
    answers = []
    for code in value if isinstance(value, list) else [value]:
        coding = {"system": system, "code": str(code)}
        _put_text(coding, "display", labels.get(str(code)))
        answers.append({"valueCoding": coding})
    return answers


def questionnaire_response_problems(questionnaire: dict, response: dict) -> list[Problem]:
    """What is wrong with a response to a questionnaire, as (linkId or "", plain message) pairs."""
    try:
        resource = _load(questionnaire, Questionnaire)
        reader = _Reader(resource)
        snapshot = reader.read()
    except QuestionnaireImportError as error:
        return [("", _("The questionnaire cannot be used to check answers.")), *error.problems]
    try:
        response = _load(response, QuestionnaireResponse)
    except QuestionnaireImportError as error:
        return error.problems
    problems: list[Problem] = []
    url, version = resource.get("url"), resource.get("version")
    canonical = response.get("questionnaire")
    if url and canonical and canonical not in (url, f"{url}|{version}"):
        problems.append(
            ("", _("This response answers another questionnaire (%(url)s).") % {"url": canonical})
        )

    items = dict(_items_by_link_id(resource.get("item") or []))
    given: dict[str, list[tuple[str, object]]] = {}
    for link_id, answers in _response_answers(response.get("item") or []):
        item = items.get(link_id)
        if item is None:
            problems.append(
                (link_id, _("There is no item “%(link_id)s” in the questionnaire.") % {"link_id": link_id})
            )
            continue
        if not answers:
            continue
        problems += [(link_id, message) for message in _answer_problems(item, answers)]
        given.setdefault(link_id, []).extend(answer for answer in answers if answer is not None)

    stored = _stored_answers(snapshot, reader.targets, given)
    for question in d.questions(snapshot):
        key = question["key"]
        shown = d.condition_met(question.get("show_if"), stored)
        if question["type"] == d.CALLBACK:
            consent_id, phone_id = key + CONSENT_SUFFIX, key + PHONE_SUFFIX
            callback = stored.get(key)
            consent = callback.get("consent") if isinstance(callback, dict) else None
            parts = [
                (consent_id, shown, items[consent_id].get("required")),
                (phone_id, shown and consent is True, items[phone_id].get("required")),
            ]
        else:
            parts = [(link_id, shown, question.get("required")) for link_id in d.answer_keys(question)]
        for link_id, enabled, required in parts:
            if enabled and required and link_id not in given:
                problems.append((link_id, _("This question needs an answer.")))
            elif not enabled and link_id in given:
                problems.append(
                    (link_id, _("This question is not asked after the earlier answers, but has an answer."))
                )
    return problems


def _items_by_link_id(items: list[dict]) -> Iterator[tuple[str, dict]]:
    for item in items:
        yield item.get("linkId", ""), item
        yield from _items_by_link_id(item.get("item") or [])


def _response_answers(items: list[dict]) -> Iterator[tuple[str, list[tuple[str, object] | None]]]:
    for item in items:
        answers = item.get("answer") or []
        yield item.get("linkId", ""), [_answer_of(answer) for answer in answers]
        yield from _response_answers(item.get("item") or [])
        for answer in answers:
            yield from _response_answers(answer.get("item") or [])


def _answer_problems(item: dict, answers: list[tuple[str, object] | None]) -> Iterator[str]:
    fhir_type = item.get("type")
    if fhir_type in ("group", "display"):
        yield _("A group or a text item cannot have an answer.")
        return
    if len(answers) > 1 and not item.get("repeats"):
        yield _("Only one answer is allowed here.")
    expected = {"boolean": "boolean", "string": "string", "text": "string"}.get(fhir_type)
    if fhir_type == "choice":
        allowed = {_answer_of(answer_option) for answer_option in item.get("answerOption") or []}
        for answer in answers:
            if answer is None or answer[0] not in ("coding", "integer", "string"):
                yield _("Answer with one of the answer options.")
            elif answer not in allowed:
                yield _("“%(code)s” is not one of the answers of this question.") % {"code": answer[1]}
    elif expected:
        for answer in answers:
            if answer is None or answer[0] != expected:
                yield _("This answer is of the wrong kind for the question.")
            elif expected == "string" and item.get("maxLength") and len(str(answer[1])) > item["maxLength"]:
                yield _("The answer is longer than %(limit)s characters.") % {"limit": item["maxLength"]}


def _stored_answers(
    snapshot: dict, targets: dict[str, _Target], given: dict[str, list[tuple[str, object]]]
) -> dict[str, object]:
    """A response's answers in the stored form that ``definition.condition_met`` reads."""
    stored: dict[str, object] = {}
    for question in d.questions(snapshot):
        key, kind = question["key"], question["type"]
        if kind == d.CALLBACK:
            consent = given.get(key + CONSENT_SUFFIX)
            phone = given.get(key + PHONE_SUFFIX)
            if consent or phone:
                stored[key] = {
                    "consent": consent[0][1] if consent else None,
                    "phone": str(phone[0][1]) if phone else "",
                }
            continue
        for answer_key in d.answer_keys(question):
            answers = given.get(answer_key)
            if not answers:
                continue
            if kind in d.TEXT_TYPES:
                stored[answer_key] = str(answers[0][1])
                continue
            target = targets.get(answer_key)
            codes = [
                target.codes.get(answer, str(answer[1])) if target else str(answer[1]) for answer in answers
            ]
            stored[answer_key] = codes if kind == d.MULTIPLE_CHOICE else codes[0]
    return stored
