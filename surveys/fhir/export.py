"""Export: a survey definition as a FHIR Questionnaire, and its stored answers as a
QuestionnaireResponse (the mapping is in the package docstring)."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from surveys import definition as d
from surveys.fhir.common import (
    ANONYMOUS_EXTENSION,
    CHOICE_ITEM_TYPES,
    COMPARISONS,
    CONDITION_VALUE_EXTENSION,
    CONSENT_SUFFIX,
    FHIR_TYPES,
    HELP_SUFFIX,
    HIGH_LABEL_EXTENSION,
    ITEM_CONTROL_EXTENSION,
    ITEM_CONTROL_SYSTEM,
    LOW_LABEL_EXTENSION,
    ORDINAL_VALUE_EXTENSION,
    PHONE_SUFFIX,
    QUESTION_TYPE_EXTENSION,
    REVERSE_SCORED_EXTENSION,
    SCORED_EXTENSION,
    STATUSES,
    STEP_PREFIX,
    THANK_YOU_EXTENSION,
    WITHHELD,
    json_number,
    masked_answer,
    number_text,
    put_text,
)
from surveys.fhir.narrative import questionnaire_narrative, questionnaire_response_narrative


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
    put_text(resource, "title", snapshot.get("title"))
    resource["status"] = status
    if date:
        resource["date"] = date
    put_text(resource, "description", snapshot.get("introduction"))
    put_text(resource, "purpose", snapshot.get("privacy_notice"))
    with translation.override(snapshot["language"]):  # for the one label written here: "Phone number"
        resource["item"] = [
            _step_item(number, step, index, system) for number, step in enumerate(snapshot["steps"], start=1)
        ]
    resource = _with_text(resource, questionnaire_narrative(resource))
    Questionnaire.model_validate(resource)
    return resource


def questionnaire_url(*, base: str, survey_key: str, language: str) -> str:
    """The canonical URL of one survey's Questionnaire in one language. Each language is a
    Questionnaire of its own because each is published and numbered on its own (its versions
    may differ in more than wording), so ``url|version`` names one document and a response
    cites the very one it answered; a single multilingual resource could not hold both."""
    return f"{base.rstrip('/')}/Questionnaire/{survey_key}-{language}"


def _with_text(resource: dict, text: dict) -> dict:
    """The resource with its narrative after ``language``, where FHIR's own examples put it."""
    head = {name: resource.pop(name) for name in ("resourceType", "id", "language") if name in resource}
    return {**head, "text": text, **resource}


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


def _step_item(number: int, step: dict, index: dict[str, dict], system: str) -> dict:
    item: dict[str, Any] = {"linkId": f"{STEP_PREFIX}{number}", "type": "group"}
    put_text(item, "text", step.get("title"))
    item["item"] = [_question_item(question, index, system) for question in step["questions"]]
    return item


def _question_item(question: dict, index: dict[str, dict], system: str) -> dict:
    kind = question["type"]
    key = question["key"]
    item: dict[str, Any] = {"extension": _question_extensions(question), "linkId": key}
    put_text(item, "text", question.get("text"))
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
            put_text(child, "text", statement.get("text"))
            child["type"] = "choice"
            child["required"] = item["required"]
            child["answerOption"] = _answer_options(question["options"], system)
            children.append(child)
    elif kind == d.CALLBACK:
        consent: dict[str, Any] = {"linkId": key + CONSENT_SUFFIX}
        put_text(consent, "text", question.get("purpose"))
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
        put_text(coding, "display", option.get("label"))
        answer_option: dict[str, Any] = {"valueCoding": coding}
        if option.get("value") is not None:
            answer_option["extension"] = [
                {"url": ORDINAL_VALUE_EXTENSION, "valueDecimal": json_number(option["value"])}
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
            number = json_number(Decimal(value))
        except InvalidOperation as error:
            raise ValueError(f"{key}: {value!r} is not a number") from error
        enable_when.update(operator=COMPARISONS[operator], answerDecimal=number)
        read_back = number_text(number)
    else:
        raise ValueError(f"{key}: unknown operator {operator!r}")
    if read_back != value:
        enable_when["extension"] = [{"url": CONDITION_VALUE_EXTENSION, "valueString": value}]
    return enable_when


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
            put_text(step_item, "text", step.get("title"))
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
    response = _with_text(response, questionnaire_response_narrative(response, snapshot["language"]))
    QuestionnaireResponse.model_validate(response)
    return response


def _unanswered(value: object) -> bool:
    return value is None or value == "" or value == []


def _response_item(question: dict, answers: dict[str, object], system: str) -> dict | None:
    key, kind = question["key"], question["type"]
    item: dict[str, Any] = {"linkId": key}
    put_text(item, "text", question.get("text"))
    if kind == d.MATRIX:
        statements = []
        for statement in question["statements"]:
            value = answers.get(statement["key"])
            if not _unanswered(value):
                child: dict[str, Any] = {"linkId": statement["key"]}
                put_text(child, "text", statement.get("text"))
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
        if given.get("phone") is WITHHELD:
            parts.append({"linkId": key + PHONE_SUFFIX, "answer": [masked_answer()]})
        elif given.get("phone"):
            parts.append({"linkId": key + PHONE_SUFFIX, "answer": [{"valueString": str(given["phone"])}]})
        if not parts:
            return None
        item["item"] = parts
    elif value is WITHHELD:
        item["answer"] = [masked_answer()]
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
        put_text(coding, "display", labels.get(str(code)))
        answers.append({"valueCoding": coding})
    return answers
