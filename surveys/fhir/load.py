"""An uploaded file read into a validated FHIR resource, refused early when its shape is out of
bounds, with every validation error turned into a plain problem."""

from __future__ import annotations

import json
import re

from django.utils.translation import gettext as _
from pydantic import ValidationError

from surveys.fhir.common import Problem, QuestionnaireImportError

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


def load_resource(data: dict | str | bytes, model: type) -> dict:
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
