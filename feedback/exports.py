"""Survey responses as CSV, XLSX or a FHIR R4 Bundle, streamed in chunks so that memory stays
flat whatever the number of rows. The review area's download and ``manage.py export_responses``
both go through ``responses_export``, which records one audit entry per export.

A de-identified export leaves out contact details and all free text, replaces references with
a keyed hash, and moves every date by a whole number of days: the same number for every
response about one care transition, so intervals between them are kept.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import hmac
import io
import json
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import F, Model, QuerySet, Value
from django.utils import timezone, translation
from django.utils.text import capfirst, slugify

from feedback import audit
from portal.spreadsheets import formula_safe
from surveys import definition as d
from surveys import fhir
from surveys.forms import PHONE_SUFFIX
from surveys.models import Answer, Response, SurveyVersion
from transitions.models import DESTINATION_KINDS, CareTransition, Facility

FORMATS = ("csv", "xlsx", "fhir")
EXTENSIONS = {"csv": "csv", "xlsx": "xlsx", "fhir": "json"}
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "fhir": "application/fhir+json; charset=utf-8",
}
CHUNK_SIZE = 2000  # responses read per query
FILE_CHUNK_BYTES = 64 * 1024
SPOOL_BYTES = 8 * 1024 * 1024  # an XLSX file up to this size is built in memory, larger on disk
# Fixed prefixes keep these hashes apart from any other use of the same key.
REFERENCE_PURPOSE = "feedback.exports.reference"
DATE_SHIFT_PURPOSE = "feedback.exports.date-shift"
MAX_SHIFT_DAYS = 182

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


@dataclass(frozen=True)
class ExportOptions:
    """What the person asked for: the file format, labels or codes, de-identified or not."""

    format: str  # one of FORMATS
    labels: bool = False  # CSV/XLSX cells show answer labels instead of codes
    deidentified: bool = False

    def __post_init__(self) -> None:
        if self.format not in FORMATS:
            raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {self.format!r}")


def export_filename(*, survey_title: str, options: ExportOptions) -> str:
    """The download's file name: ``responses-<survey>-<today>[-deidentified].<ext>``, in ASCII."""
    parts = ["responses", slugify(survey_title)[:60].strip("-") or "survey", timezone.localdate().isoformat()]
    if options.deidentified:
        parts.append("deidentified")
    return "-".join(parts) + "." + EXTENSIONS[options.format]


def export_content_type(options: ExportOptions) -> str:
    """The download's media type."""
    return CONTENT_TYPES[options.format]


def responses_export(
    *,
    responses: QuerySet[Response],
    versions: Iterable[SurveyVersion],
    survey,
    options: ExportOptions,
    user=None,
    actor: str = "",
    filters: dict | None = None,
) -> tuple[int, Iterator[bytes]]:
    """Count the responses, record the export in the audit trail, and return the row count
    with the file's chunks (read from the database only as they are consumed)."""
    rows = responses.count()
    audit.responses_exported(
        survey=survey,
        user=user,
        data={
            "format": options.format,
            "labels": options.labels,
            "deidentified": options.deidentified,
            "rows": rows,
            "filters": _json_safe(filters or {}),
            "actor": actor,
        },
    )
    return rows, export_chunks(responses=responses, versions=versions, options=options)


def export_chunks(
    *, responses: QuerySet[Response], versions: Iterable[SurveyVersion], options: ExportOptions
) -> Iterator[bytes]:
    """The export file's bytes, a chunk at a time. Column titles, labels and the time zone
    are taken as they are now, even if the chunks are read later (as a streamed download is)."""
    export = _Export(versions=versions, options=options)
    if options.format == "csv":
        return _csv_chunks(export, responses)
    if options.format == "xlsx":
        return _xlsx_chunks(export, responses)
    return _fhir_chunks(export, responses)


# Writers --------------------------------------------------------------------------------------


def _csv_chunks(export: _Export, responses: QuerySet[Response]) -> Iterator[bytes]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")  # so that Excel reads the file as UTF-8
    writer.writerow(export.header)
    yield buffer.getvalue().encode()
    for batch in export.batches(responses):
        buffer.seek(0)
        buffer.truncate()
        writer.writerows(export.row(response, answers) for response, answers in batch)
        yield buffer.getvalue().encode()


def _xlsx_chunks(export: _Export, responses: QuerySet[Response]) -> Iterator[bytes]:
    from openpyxl import Workbook

    # Write-only: each row goes to openpyxl's own temporary file as it is appended.
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=export.sheet_title)
    sheet.freeze_panes = "A2"
    sheet.append(export.header)
    for batch in export.batches(responses):
        for response, answers in batch:
            sheet.append([_xlsx_cell(cell) for cell in export.row(response, answers)])
    with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as file:
        workbook.save(file)
        file.seek(0)
        while chunk := file.read(FILE_CHUNK_BYTES):
            yield chunk


def _xlsx_cell(value: object) -> object:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    # Control characters cannot be stored in the file; without them the text may start
    # differently, so it is checked for a formula again.
    if isinstance(value, str) and ILLEGAL_CHARACTERS_RE.search(value):
        return formula_safe(ILLEGAL_CHARACTERS_RE.sub("", value))
    return value


def _fhir_chunks(export: _Export, responses: QuerySet[Response]) -> Iterator[bytes]:
    # The Bundle is written around its entries and handed on every FILE_CHUNK_BYTES, never
    # held whole. FHIR JSON has no empty arrays, so "entry" opens with the first response.
    timestamp = json.dumps(timezone.now().isoformat(timespec="seconds"))
    buffer = io.StringIO()
    buffer.write(f'{{"resourceType": "Bundle", "type": "collection", "timestamp": {timestamp}')
    separator = ', "entry": [\n'
    for batch in export.batches(responses):
        for response, answers in batch:
            resource = export.questionnaire_response(response, answers)
            buffer.write(separator + json.dumps({"resource": resource}, ensure_ascii=False))
            separator = ",\n"
            if buffer.tell() >= FILE_CHUNK_BYTES:
                yield buffer.getvalue().encode()
                buffer.seek(0)
                buffer.truncate()
    buffer.write("\n]}\n" if separator == ",\n" else "}\n")
    yield buffer.getvalue().encode()


# Rows and resources ---------------------------------------------------------------------------

AnswerRow = tuple[int, str, str, str]  # response id, key, code, text


@dataclass
class _Question:
    """How the answers to one question of one version are written."""

    kind: str
    cells: dict[str, object]  # option code → the code or label, or the option's number
    separator: str  # between the choices of a multiple-choice answer

    @cached_property
    def safe_cells(self) -> dict[str, object]:
        return {code: formula_safe(cell) for code, cell in self.cells.items()}

    def cell(self, code: str, text: str) -> object:
        if self.kind in d.TEXT_TYPES:
            return formula_safe(text)
        if self.kind == d.MULTIPLE_CHOICE:
            return formula_safe(self.separator.join(str(self.cells.get(one, one)) for one in code.split()))
        safe_cells = self.safe_cells
        return safe_cells[code] if code in safe_cells else formula_safe(code)

    def fhir_answer(self, code: str, text: str) -> object:
        """The answer in the form ``fhir.questionnaire_response_from_answers`` reads."""
        if self.kind in d.TEXT_TYPES:
            return text
        if self.kind == d.MULTIPLE_CHOICE:
            return code.split()
        if self.kind == d.CALLBACK:
            return {"consent": code == "yes", "phone": text}
        return code


@dataclass
class _Version:
    number: int
    definition: dict
    questions: dict[str, _Question]  # by answer key
    canonical: str  # the Questionnaire this version is published as: url|version
    # Answer key → (its column in the row, its question, the column of a call-back's phone).
    columns: dict[str, tuple[int, _Question, int | None]] = field(default_factory=dict)


class _Export:
    """Everything an export needs to know before reading responses: the columns, each
    version's answer cells, labels in the active language, and the keyed hash."""

    def __init__(self, *, versions: Iterable[SurveyVersion], options: ExportOptions) -> None:
        versions = sorted(versions, key=lambda version: version.pk, reverse=True)  # newest first
        self.options = options
        self.deidentified = options.deidentified
        self.iso_dates = options.format != "xlsx"
        self.zone = timezone.get_current_timezone()
        self.fhir_base = settings.SURVEY_FHIR_BASE_URL.rstrip("/")
        self.pseudonyms = _Pseudonyms() if self.deidentified else None
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
        return {pk: formula_safe(name) for pk, name in Facility.objects.values_list("pk", "name")}

    @cached_property
    def liaisons(self) -> dict[int, object]:
        people = get_user_model().objects.filter(
            pk__in=Response.objects.filter(liaison__isnull=False).values("liaison").distinct()
        )
        return {person.pk: formula_safe(person.get_full_name() or person.get_username()) for person in people}

    # Columns

    def _fixed_titles(self) -> list[str]:
        def title(model, name: str) -> str:
            return capfirst(str(model._meta.get_field(name).verbose_name))

        titles = [
            capfirst(str(Response._meta.verbose_name)),
            title(Response, "transition"),
            title(Response, "submitted_at"),
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
            )
            for key in d.answer_keys(question):
                questions[key] = entry
        canonical = ""
        if self.options.format == "fhir":
            # The address of the version's own Questionnaire export (surveys.admin_views).
            canonical = f"{self.fhir_base}/Questionnaire/{version.survey.translation_key}|{version.number}"
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
        row = [
            formula_safe(reference),
            formula_safe(transition_reference),
            submitted.isoformat(timespec="seconds") if self.iso_dates else submitted.replace(tzinfo=None),
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
                formula_safe(response.first_name),
                formula_safe(response.email),
                formula_safe(response.phone),
                self.respondents.get(response.respondent),
                formula_safe(response.proxy_name),
            ]
        row += [None] * len(self.answer_columns)
        for _response_id, key, code, text in answers:
            place = version.columns.get(key)
            if place is None:
                continue
            column, question, phone_column = place
            row[column] = question.cell(code, text)
            if phone_column is not None and text:
                row[phone_column] = formula_safe(text)
        return row

    def questionnaire_response(self, response, answers: list[AnswerRow]) -> dict:
        version = self.version(response.version_id)
        reference, transition_reference, submitted = self.references(response)
        given = {}
        for _response_id, key, code, text in answers:
            question = version.questions.get(key)
            if question is None or (self.deidentified and question.kind in d.TEXT_TYPES):
                continue
            given[key] = question.fhir_answer(code, text)
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


class _Pseudonyms:
    """Keyed hashes (HMAC-SHA256) standing in for references in a de-identified export, and
    the whole-day date shift of each care transition. The shift comes from a hash of its own,
    so it cannot be worked out from the references the file shows."""

    def __init__(self) -> None:
        key = getattr(settings, "EXPORT_HASH_KEY", "") or settings.SECRET_KEY
        self._mac = hmac.new(key.encode(), digestmod=hashlib.sha256)

    def _digest(self, purpose: str, kind: str, value: object) -> str:
        mac = self._mac.copy()
        mac.update(f"{purpose}:{kind}:{value}".encode())
        return mac.hexdigest()

    def reference(self, kind: str, value: object) -> str:
        return self._digest(REFERENCE_PURPOSE, kind, value)[:16]

    def day_shift(self, kind: str, value: object) -> int:
        """Between -MAX_SHIFT_DAYS and MAX_SHIFT_DAYS days, never 0."""
        spread = int(self._digest(DATE_SHIFT_PURPOSE, kind, value)[:8], 16) % (2 * MAX_SHIFT_DAYS)
        return spread - MAX_SHIFT_DAYS if spread < MAX_SHIFT_DAYS else spread - MAX_SHIFT_DAYS + 1


def _fetch_all(queryset) -> list[tuple]:
    """A values_list query's rows in one fetch: about nine answers per response make the
    ORM's fetches of a hundred rows at a time the slowest part of a large export. (The
    columns read this way are numbers and text, which need no conversion.)"""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _number(value: float | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def _number_or_text(text: str, value: float | None) -> object:
    """An option's code or label; as a number when it is just the option's value (0 to 10)."""
    number = _number(value)
    return number if number is not None and text == str(number) else text


def _json_safe(value: object) -> object:
    """Filters as the audit trail stores them: ids, strings and ISO dates."""
    if isinstance(value, dict):
        return {str(key): _json_safe(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | QuerySet):
        return [_json_safe(item) for item in value]
    if isinstance(value, Model):
        return value.pk
    if isinstance(value, dt.date):  # datetimes too
        return value.isoformat()
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)
