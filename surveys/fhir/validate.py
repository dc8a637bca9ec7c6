"""Validate: what is wrong with a QuestionnaireResponse to a Questionnaire, read as this
portal reads one (same conditions, same required answers)."""

from __future__ import annotations

from collections.abc import Iterator

from django.utils.translation import gettext as _
from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from surveys import definition as d
from surveys.fhir.common import CONSENT_SUFFIX, PHONE_SUFFIX, Problem, QuestionnaireImportError, answer_of
from surveys.fhir.load import load_resource
from surveys.fhir.read import Reader
from surveys.fhir.read_answers import Target


def questionnaire_response_problems(questionnaire: dict, response: dict) -> list[Problem]:
    """What is wrong with a response to a questionnaire, as (linkId or "", plain message) pairs."""
    try:
        resource = load_resource(questionnaire, Questionnaire)
        reader = Reader(resource)
        snapshot = reader.read()
    except QuestionnaireImportError as error:
        return [("", _("The questionnaire cannot be used to check answers.")), *error.problems]
    try:
        response = load_resource(response, QuestionnaireResponse)
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
        yield item.get("linkId", ""), [answer_of(answer) for answer in answers]
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
    # A masked answer (de-identified) has no value to check; it still counts as an answer.
    answers = [answer for answer in answers if answer is None or answer[0] != "masked"]
    expected = {"boolean": "boolean", "string": "string", "text": "string"}.get(fhir_type)
    if fhir_type == "choice":
        allowed = {answer_of(answer_option) for answer_option in item.get("answerOption") or []}
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
    snapshot: dict, targets: dict[str, Target], given: dict[str, list[tuple[str, object]]]
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
                    "phone": _stored_text(phone[0]) if phone else "",
                }
            continue
        for answer_key in d.answer_keys(question):
            answers = given.get(answer_key)
            if not answers:
                continue
            if kind in d.TEXT_TYPES:
                stored[answer_key] = _stored_text(answers[0])
                continue
            target = targets.get(answer_key)
            codes = [
                target.codes.get(answer, str(answer[1])) if target else str(answer[1]) for answer in answers
            ]
            stored[answer_key] = codes if kind == d.MULTIPLE_CHOICE else codes[0]
    return stored


def _stored_text(answer: tuple[str, object]) -> str:
    # A masked answer was given: it reads as answered to the conditions that depend on it.
    return "masked" if answer[0] == "masked" else str(answer[1])
