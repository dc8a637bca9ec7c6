"""The rows (CSV, XLSX) and resources (FHIR) of a responses export: the columns, each
survey version's answer cells, labels in the active language, and the responses read in
batches of CHUNK_SIZE with their answers. In a CSV every cell that holds text goes through
``formula_safe``; an XLSX gets the text as written and its writer stores it as inert text
cells (``portal.spreadsheets.xlsx_cell``), so a spreadsheet never runs what a patient or an
editor wrote, and never shows an apostrophe they did not type.

A CSV gives the submission time as ISO 8601 text with its offset. An XLSX keeps it a real
date (one that sorts, filters and subtracts), but a spreadsheet date holds no time zone, so
the offset it was taken in ("-05:00", which changes with daylight saving) has a column of
its own beside it."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import F, QuerySet, Value
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext

from feedback.pseudonyms import Pseudonyms
from portal.spreadsheets import formula_safe
from surveys import definition as d
from surveys import fhir
from surveys.forms import PHONE_SUFFIX
from surveys.models import Answer, Response, SurveyVersion
from transitions.models import DESTINATION_KINDS, CareTransition, Facility

if TYPE_CHECKING:
    from feedback.exports import ExportOptions

CHUNK_SIZE = 2000  # responses read per query

# Facility and liaison names are read once per export and looked up by the ids each
# response keeps (see Response.copy_transition), so reading responses joins nothing else.
# Read only for identified exports; a de-identified one never takes them from the database.
CONTACT_FIELDS = {
    "transition_reference": "transition__external_reference",
    "first_name": "transition__patient_first_name",
    "email": "transition__email",
    "phone": "transition__phone",
    "respondent": "transition__respondent",
    "proxy_name": "transition__proxy_name",
}

AnswerRow = tuple[int, str, str, str]  # response id, key, code, text


@dataclass
class _Question:
    """How the answers to one question of one version are written."""

    kind: str
    cells: dict[str, object]  # option code → the code or label, or the option's number
    separator: str  # between the choices of a multiple-choice answer
    guard: Callable[[object], object]  # the file format's guard for text cells

    @cached_property
    def safe_cells(self) -> dict[str, object]:
        return {code: self.guard(cell) for code, cell in self.cells.items()}

    def cell(self, code: str, text: str) -> object:
        if self.kind in d.TEXT_TYPES:
            return self.guard(text)
        if self.kind == d.MULTIPLE_CHOICE:
            return self.guard(self.separator.join(str(self.cells.get(one, one)) for one in code.split()))
        safe_cells = self.safe_cells
        return safe_cells[code] if code in safe_cells else self.guard(code)

    def fhir_answer(self, code: str, text: str, *, deidentified: bool) -> object:
        """The answer in the form ``fhir.questionnaire_response_from_answers`` reads. Text a
        de-identified export leaves out is withheld, not dropped, so that the response still
        answers what its Questionnaire requires (a consent's phone, a required comment)."""
        if self.kind in d.TEXT_TYPES:
            return fhir.WITHHELD if deidentified else text
        if self.kind == d.MULTIPLE_CHOICE:
            return code.split()
        if self.kind == d.CALLBACK:
            consent = code == "yes"
            return {"consent": consent, "phone": fhir.WITHHELD if deidentified and consent else text}
        return code


@dataclass
class _Version:
    number: int
    definition: dict
    questions: dict[str, _Question]  # by answer key
    canonical: str  # the Questionnaire this version is published as: url|version
    # Answer key → (its column in the row, its question, the column of a call-back's phone).
    columns: dict[str, tuple[int, _Question, int | None]] = field(default_factory=dict)


class ExportRows:
    """Everything an export needs to know before reading responses: the columns, each
    version's answer cells, labels in the active language, and the keyed hash."""

    def __init__(self, *, versions: Iterable[SurveyVersion], options: ExportOptions) -> None:
        versions = sorted(versions, key=lambda version: version.pk, reverse=True)  # newest first
        self.options = options
        self.deidentified = options.deidentified
        self.iso_dates = options.format != "xlsx"
        # XLSX text is made inert when its cells are written (feedback.exports); CSV's here.
        self.guard = formula_safe if self.iso_dates else _as_written
        self.zone = timezone.get_current_timezone()
        self.fhir_base = settings.SURVEY_FHIR_BASE_URL.rstrip("/")
        self.pseudonyms = Pseudonyms() if self.deidentified else None
        self.destinations = {code: str(label) for code, label in DESTINATION_KINDS}

        self.respondents = {
            code: str(label) for code, label in CareTransition._meta.get_field("respondent").choices
        }
        self.versions = {version.pk: self._version(version) for version in versions}
        fixed = self._fixed_titles()
        keys = self._answer_keys(versions)
        self.header = fixed + keys
        self.answer_columns = {key: column for column, key in enumerate(keys, start=len(fixed))}
        for version in self.versions.values():
            self._place(version)
        self.sheet_title = capfirst(str(Response._meta.verbose_name_plural))[:31]

    # Names as cells, read when the first row is written and neutralised once, not per row.

    @cached_property
    def facilities(self) -> dict[int, object]:
        return {pk: self.guard(name) for pk, name in Facility.objects.values_list("pk", "name")}

    @cached_property
    def liaisons(self) -> dict[int, object]:
        people = get_user_model().objects.filter(
            pk__in=Response.objects.filter(liaison__isnull=False).values("liaison").distinct()
        )
        return {person.pk: self.guard(person.get_full_name() or person.get_username()) for person in people}

    # Columns

    def _fixed_titles(self) -> list[str]:
        def title(model, name: str) -> str:
            return capfirst(str(model._meta.get_field(name).verbose_name))

        titles = [
            capfirst(str(Response._meta.verbose_name)),
            title(Response, "transition"),
            title(Response, "submitted_at"),
            *([] if self.iso_dates else [gettext("UTC offset")]),
            title(SurveyVersion, "number"),
            title(Response, "language"),
            title(CareTransition, "discharging_facility"),
            title(CareTransition, "destination_kind"),
            title(CareTransition, "receiving_facility"),
            title(CareTransition, "liaison"),
            title(Response, "score"),
        ]
        if not self.deidentified:
            titles += [
                title(CareTransition, name)
                for name in ("patient_first_name", "email", "phone", "respondent", "proxy_name")
            ]
        return titles

    def _answer_keys(self, newest_first: list[SurveyVersion]) -> list[str]:
        """Every answer key of the newest version in its order, then keys found only in older
        ones. A call-back's phone number has a column beside it; a de-identified export has
        no free-text column at all."""
        text_keys = {
            key
            for version in self.versions.values()
            for key, question in version.questions.items()
            if question.kind in d.TEXT_TYPES
        }
        keys: list[str] = []
        for version in newest_first:
            for question in d.questions(version.definition):
                found = d.answer_keys(question)
                if question["type"] == d.CALLBACK and not self.deidentified:
                    found = [*found, question["key"] + PHONE_SUFFIX]
                keys += [
                    key for key in found if key not in keys and not (self.deidentified and key in text_keys)
                ]
        return keys

    def _version(self, version: SurveyVersion) -> _Version:
        snapshot = version.definition
        shown = "label" if self.options.labels else "code"
        with translation.override(version.language):  # a call-back's "Yes" and "No"
            callback_options = d.yes_no_options()
        questions = {}
        for question in d.questions(snapshot):
            options = callback_options if question["type"] == d.CALLBACK else question.get("options", [])
            entry = _Question(
                kind=question["type"],
                cells={option["code"]: _number_or_text(option[shown], option["value"]) for option in options},
                separator="; " if self.options.labels else " ",
                guard=self.guard,
            )
            for key in d.answer_keys(question):
                questions[key] = entry
        canonical = ""
        if self.options.format == "fhir":
            # The address of the version's own Questionnaire export (surveys.admin_views).
            url = fhir.questionnaire_url(
                base=self.fhir_base, survey_key=str(version.survey.translation_key), language=version.language
            )
            canonical = f"{url}|{version.number}"
        return _Version(number=version.number, definition=snapshot, questions=questions, canonical=canonical)

    def _place(self, version: _Version) -> None:
        for key, question in version.questions.items():
            if key in self.answer_columns:
                phone = self.answer_columns.get(key + PHONE_SUFFIX) if question.kind == d.CALLBACK else None
                version.columns[key] = (self.answer_columns[key], question, phone)

    def version(self, version_id: int) -> _Version:
        if version_id not in self.versions:
            # Not among the versions given: its answers fill the columns that exist.
            version = self._version(SurveyVersion.objects.select_related("survey").get(pk=version_id))
            self._place(version)
            self.versions[version_id] = version
        return self.versions[version_id]

    # Reading

    def batches(self, responses: QuerySet[Response]) -> Iterator[list[tuple[tuple, list[AnswerRow]]]]:
        """The responses in order of id, CHUNK_SIZE at a time, each with its answers: two
        queries per batch, seeking past the last id so that no query grows with the export."""
        joined = {name: Value("") if self.deidentified else F(path) for name, path in CONTACT_FIELDS.items()}
        rows = (
            responses.order_by("pk")
            .annotate(**joined)
            .values_list(
                "pk",
                "version_id",
                "language",
                "submitted_at",
                "score",
                "transition_id",
                "facility_id",
                "receiving_facility_id",
                "destination_kind",
                "liaison_id",
                *joined,
                named=True,
            )
        )
        text = Value("") if self.deidentified else F("text")  # free text never leaves the database
        last = 0
        while batch := list(rows.filter(pk__gt=last)[:CHUNK_SIZE]):
            # The batch's answers found by the same filter over its stretch of ids: a
            # subquery costs far less than sending thousands of ids as parameters.
            in_batch = responses.filter(pk__gt=last, pk__lte=batch[-1].pk).values("pk")
            last = batch[-1].pk
            answers: dict[int, list[AnswerRow]] = defaultdict(list)
            for answer in _fetch_all(
                Answer.objects.filter(response__in=in_batch).values_list("response_id", "key", "code", text)
            ):
                answers[answer[0]].append(answer)
            yield [(response, answers.get(response.pk, [])) for response in batch]

    # Writing

    def references(self, response) -> tuple[int | str, str | None, dt.datetime]:
        """The response's and its transition's references and its local submission time,
        each replaced or shifted when de-identified."""
        submitted = response.submitted_at.astimezone(self.zone)
        if not self.deidentified:
            return response.pk, response.transition_reference, submitted
        pseudonyms = self.pseudonyms
        reference = pseudonyms.reference("response", response.pk)
        if response.transition_id is None:  # its own shift
            shift = pseudonyms.day_shift("response", response.pk)
            return reference, None, submitted + dt.timedelta(days=shift)
        shift = pseudonyms.day_shift("transition", response.transition_id)
        transition_reference = pseudonyms.reference("transition", response.transition_id)
        return reference, transition_reference, submitted + dt.timedelta(days=shift)

    def row(self, response, answers: list[AnswerRow]) -> list:
        version = self.version(response.version_id)
        reference, transition_reference, submitted = self.references(response)
        guard = self.guard
        if self.iso_dates:
            when = [submitted.isoformat(timespec="seconds")]
        else:
            when = [submitted.replace(tzinfo=None), submitted.isoformat(timespec="minutes")[-6:]]
        row = [
            guard(reference),
            guard(transition_reference),
            *when,
            version.number,
            response.language,
            self.facilities.get(response.facility_id),
            self.destinations.get(response.destination_kind, response.destination_kind or None),
            self.facilities.get(response.receiving_facility_id),
            self.liaisons.get(response.liaison_id),
            _number(response.score),
        ]
        if not self.deidentified:
            row += [
                guard(response.first_name),
                guard(response.email),
                guard(response.phone),
                self.respondents.get(response.respondent),
                guard(response.proxy_name),
            ]
        row += [None] * len(self.answer_columns)
        for _response_id, key, code, text in answers:
            place = version.columns.get(key)
            if place is None:
                continue
            column, question, phone_column = place
            row[column] = question.cell(code, text)
            if phone_column is not None and text:
                row[phone_column] = guard(text)
        return row

    def questionnaire_response(self, response, answers: list[AnswerRow]) -> dict:
        version = self.version(response.version_id)
        reference, transition_reference, submitted = self.references(response)
        given = {}
        for _response_id, key, code, text in answers:
            question = version.questions.get(key)
            if question is not None:
                given[key] = question.fhir_answer(code, text, deidentified=self.deidentified)
        resource = fhir.questionnaire_response_from_answers(
            version.definition,
            given,
            questionnaire_url=version.canonical,
            authored=submitted.isoformat(timespec="seconds"),
        )
        suffix = "-pseudonym" if self.deidentified else ""
        ordered = {
            "resourceType": resource.pop("resourceType"),
            "id": str(reference),
            "language": response.language,
            "text": resource.pop("text"),
            "identifier": {
                "system": f"{self.fhir_base}/identifier/response{suffix}",
                "value": str(reference),
            },
            "questionnaire": resource.pop("questionnaire"),
            "status": resource.pop("status"),
        }
        if transition_reference:
            ordered["subject"] = {
                "identifier": {
                    "system": f"{self.fhir_base}/identifier/care-transition{suffix}",
                    "value": transition_reference,
                }
            }
        ordered["authored"] = resource.pop("authored")
        if not self.deidentified and transition_reference:
            ordered["source"] = {"display": self._respondent_name(response)}
        return ordered | resource

    def _respondent_name(self, response) -> str:
        if response.respondent == CareTransition.PROXY:
            return response.proxy_name or self.respondents[CareTransition.PROXY]
        return response.first_name


def _fetch_all(queryset) -> list[tuple]:
    """A values_list query's rows in one fetch: about nine answers per response make the
    ORM's fetches of a hundred rows at a time the slowest part of a large export. (The
    columns read this way are numbers and text, which need no conversion.)"""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _as_written(value: object) -> object:
    return value


def _number(value: float | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def _number_or_text(text: str, value: float | None) -> object:
    """An option's code or label; as a number when it is just the option's value (0 to 10)."""
    number = _number(value)
    return number if number is not None and text == str(number) else text
