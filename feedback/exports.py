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
import io
import json
import tempfile
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.db.models import Model, QuerySet
from django.utils import timezone
from django.utils.text import slugify
from openpyxl import Workbook

from feedback import audit
from feedback.export_rows import ExportRows
from portal.spreadsheets import xlsx_cell
from surveys.models import Response, SurveyVersion

FORMATS = ("csv", "xlsx", "fhir")
EXTENSIONS = {"csv": "csv", "xlsx": "xlsx", "fhir": "json"}
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "fhir": "application/fhir+json; charset=utf-8",
}
FILE_CHUNK_BYTES = 64 * 1024
SPOOL_BYTES = 8 * 1024 * 1024  # an XLSX file up to this size is built in memory, larger on disk


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
    export = ExportRows(versions=versions, options=options)
    if options.format == "csv":
        return _csv_chunks(export, responses)
    if options.format == "xlsx":
        return _xlsx_chunks(export, responses)
    return _fhir_chunks(export, responses)


# Writers --------------------------------------------------------------------------------------


def _csv_chunks(export: ExportRows, responses: QuerySet[Response]) -> Iterator[bytes]:
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


def _xlsx_chunks(export: ExportRows, responses: QuerySet[Response]) -> Iterator[bytes]:
    # Write-only: each row goes to openpyxl's own temporary file as it is appended.
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=export.sheet_title)
    sheet.freeze_panes = "A2"
    sheet.append(export.header)
    for batch in export.batches(responses):
        for response, answers in batch:
            sheet.append([xlsx_cell(sheet, cell) for cell in export.row(response, answers)])
    with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as file:
        workbook.save(file)
        file.seek(0)
        while chunk := file.read(FILE_CHUNK_BYTES):
            yield chunk


def _fhir_chunks(export: ExportRows, responses: QuerySet[Response]) -> Iterator[bytes]:
    # The Bundle is written around its entries and handed on every FILE_CHUNK_BYTES, never
    # held whole. FHIR JSON has no empty arrays, so "entry" opens with the first response.
    timestamp = json.dumps(timezone.now().isoformat(timespec="seconds"))
    buffer = io.StringIO()
    buffer.write(f'{{"resourceType": "Bundle", "type": "collection", "timestamp": {timestamp}')
    separator = ', "entry": [\n'
    for batch in export.batches(responses):
        for response, answers in batch:
            resource = export.questionnaire_response(response, answers)
            entry = {"fullUrl": _entry_url(resource), "resource": resource}
            buffer.write(separator + json.dumps(entry, ensure_ascii=False))
            separator = ",\n"
            if buffer.tell() >= FILE_CHUNK_BYTES:
                yield buffer.getvalue().encode()
                buffer.seek(0)
                buffer.truncate()
    buffer.write("\n]}\n" if separator == ",\n" else "}\n")
    yield buffer.getvalue().encode()


def _entry_url(resource: dict) -> str:
    """A Bundle entry's fullUrl: a UUID named by the response's identifier (a pseudonym when
    de-identified), so the same response has the same address in every export and the address
    tells nothing the identifier does not."""
    identifier = resource["identifier"]
    return uuid.uuid5(uuid.NAMESPACE_URL, f"{identifier['system']}|{identifier['value']}").urn


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
