"""Reading an uploaded Medicare file: decode it, know it by its header row, keep the columns
the portal uses, and find the date its data is as of.

The file is read as a stream. Only the cells of the columns the portal uses are kept (a
nursing-home file has about 100 columns; a long file, many measures the portal does not
show), so what is kept between the preview and the import stays small.
"""

from __future__ import annotations

import codecs
import collections
import contextlib
import csv
import datetime as dt
import io
import itertools
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from transitions.csv_import.read import ImportFileError
from transitions.providers.importer.files import (
    FILES_FOR_PROVIDER_KIND,
    LONG,
    SPECS_BY_KIND,
    FileSpec,
    known_files_text,
    provider_kind_label,
    specs_matching,
)
from transitions.providers.importer.values import CellProblem, date_read

MAX_BYTES = 300 * 1024 * 1024
MAX_ROWS = 200_000  # rows kept (a long file's rows of measures the portal shows)
MAX_COLUMNS = 400
csv.field_size_limit(1024 * 1024)


class ProviderFileError(ImportFileError):
    """The Medicare file as a whole cannot be imported; ``message`` says why and what to do."""


@dataclass
class ProviderFile:
    kind: str  # the FileSpec's kind
    file_name: str
    header: list[str]
    fields: list[str]  # the fields kept, in the order of each row's cells
    rows: list[tuple[int, list[str]]]  # (row number as a spreadsheet shows it, cells)
    released_on: dt.date | None
    release_from_file: bool
    rows_in_file: int
    rows_skipped: int = 0  # long files: rows of measures the portal does not show
    warnings: list[str] = field(default_factory=list)

    @property
    def spec(self) -> FileSpec:
        return SPECS_BY_KIND[self.kind]

    def to_state(self) -> dict:
        return {
            "kind": self.kind,
            "file_name": self.file_name,
            "header": self.header,
            "fields": self.fields,
            "rows": self.rows,
            "released_on": self.released_on.isoformat() if self.released_on else None,
            "release_from_file": self.release_from_file,
            "rows_in_file": self.rows_in_file,
            "rows_skipped": self.rows_skipped,
            "warnings": self.warnings,
        }

    @classmethod
    def from_state(cls, state: dict) -> ProviderFile:
        released = state["released_on"]
        return cls(
            kind=state["kind"],
            file_name=state["file_name"],
            header=list(state["header"]),
            fields=list(state["fields"]),
            rows=[(int(number), list(cells)) for number, cells in state["rows"]],
            released_on=dt.date.fromisoformat(released) if released else None,
            release_from_file=bool(state["release_from_file"]),
            rows_in_file=int(state["rows_in_file"]),
            rows_skipped=int(state["rows_skipped"]),
            warnings=list(state["warnings"]),
        )


def _size_check(upload) -> None:
    size = getattr(upload, "size", None)
    if not size:
        raise ProviderFileError(_("This file is empty. Choose the CSV file downloaded from Medicare."))
    if size > MAX_BYTES:
        raise ProviderFileError(
            _("This file is too large (%(size)s MB): Medicare's files are at most %(limit)s MB.")
            % {"size": f"{size / 1024 / 1024:.0f}", "limit": MAX_BYTES // 1024 // 1024}
        )


def _codecs(upload) -> list[str]:
    """The encodings to try, in order: UTF-8 (with or without a byte-order mark), then
    Windows-1252, which is what Excel's plain "CSV" writes."""
    upload.seek(0)
    head = upload.read(65536)
    if head.startswith(b"PK\x03\x04"):
        raise ProviderFileError(
            _("This is a ZIP archive or a workbook. Unzip the download and upload the CSV file inside it.")
        )
    if b"\x00" in head:
        raise ProviderFileError(_("This file is not a CSV file: it holds binary data, not text."))
    if head.startswith(codecs.BOM_UTF8):
        return ["utf-8-sig"]
    return ["utf-8", "cp1252"]


class _UploadStream(io.RawIOBase):
    """An uploaded file as a raw stream, decoded a little at a time (closing the text
    wrapper leaves the upload itself open)."""

    def __init__(self, upload):
        self.upload = upload

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self.upload.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def _records(upload, codec: str):
    upload.seek(0)
    stream = io.TextIOWrapper(io.BufferedReader(_UploadStream(upload), 1 << 20), encoding=codec, newline="")
    try:
        yield from csv.reader(stream)
    finally:
        stream.close()


def _spec_choose(matches: list, header: list[str], first_code: str) -> tuple[FileSpec, dict[str, int]]:
    if not matches:
        shown = ", ".join(f"“{name.strip()[:40]}”" for name in header[:4] if name.strip())
        raise ProviderFileError(
            _(
                "This is not a Medicare provider file this portal knows: its first row (%(header)s) "
                "is not the header of any of these files from Medicare's Provider Data Catalog: "
                "%(files)s."
            )
            % {"header": shown or _("empty"), "files": known_files_text()}
        )
    if len(matches) > 1 and first_code:
        by_prefix = [
            match for match in matches if first_code.upper().startswith(match[0].code_prefix or "\0")
        ]
        if by_prefix:
            return by_prefix[0]
    return max(matches, key=lambda match: len(match[1]))


def _wrong_kind(spec: FileSpec, expected_kind: str) -> ProviderFileError:
    expected = FILES_FOR_PROVIDER_KIND[expected_kind]
    return ProviderFileError(
        _(
            "This is Medicare's %(file)s file, for the kind “%(found)s”, not “%(expected)s”. Choose "
            "“%(found)s”, or upload Medicare's %(expected_file)s file (%(example)s)."
        )
        % {
            "file": spec.title,
            "found": provider_kind_label(spec.provider_kind),
            "expected": provider_kind_label(expected_kind),
            "expected_file": expected[0].title,
            "example": expected[0].example_name,
        }
    )


def _release_date(dates: collections.Counter, released: dt.date | None) -> tuple[dt.date | None, bool]:
    if dates:
        return dates.most_common(1)[0][0], True
    return released, False


@dataclass
class _Records:
    spec: FileSpec
    header: list[str]
    fields: list[str]
    rows: list[tuple[int, list[str]]]
    dates: collections.Counter
    skipped: int


def _header(records) -> list[str]:
    header = next((record for _number, record in records if any(cell.strip() for cell in record)), None)
    if header is None:
        raise ProviderFileError(_("This file is empty. Choose the CSV file downloaded from Medicare."))
    if len(header) > MAX_COLUMNS:
        raise ProviderFileError(_("This file has too many columns to be a Medicare provider file."))
    return header


def _spec_of(header: list[str], first, provider_kind: str | None) -> tuple[FileSpec, dict[str, int]]:
    matches = specs_matching(header)
    code_at = next((columns["measure_code"] for _spec, columns in matches if "measure_code" in columns), None)
    cells = first[1] if first else []
    first_code = cells[code_at] if code_at is not None and code_at < len(cells) else ""
    spec, columns = _spec_choose(matches, header, first_code)
    if provider_kind and spec.provider_kind != provider_kind:
        raise _wrong_kind(spec, provider_kind)
    return spec, columns


def _parse(upload, codec: str, provider_kind: str | None) -> _Records:
    """The file's rows, keeping the cells of the columns the portal uses."""
    records = enumerate(_records(upload, codec), start=1)
    header = _header(records)
    first = next(records, None)
    spec, columns = _spec_of(header, first, provider_kind)
    fields = list(columns)
    positions = [columns[field_name] for field_name in fields]
    code_at = columns.get("measure_code") if spec.shape == LONG else None
    date_at = columns.get("processing_date")
    rows, dates, skipped, listed = [], collections.Counter(), 0, set()
    for number, record in itertools.chain([first] if first else [], records):
        if not any(cell.strip() for cell in record):
            continue
        cells = [_cell(record, index) for index in positions]
        if code_at is not None and _cell(record, code_at).strip().upper() not in spec.measure_codes:
            # A measure the portal does not show: skipped, except that a provider's first row
            # is kept for its name and address, so a provider with none of ours is listed too.
            ccn = _cell(record, columns["ccn"]).strip().upper()
            if ccn in listed:
                skipped += 1
                continue
            cells[fields.index("measure_code")] = ""
        if code_at is not None:
            listed.add(_cell(record, columns["ccn"]).strip().upper())
        if len(rows) >= MAX_ROWS:
            raise ProviderFileError(
                _("This file has more than %(limit)s rows to read: it cannot be one of Medicare's files.")
                % {"limit": f"{MAX_ROWS:,}"}
            )
        rows.append((number, cells))
        if date_at is not None:
            with contextlib.suppress(CellProblem):
                dates[date_read(_cell(record, date_at))] += 1
    return _Records(spec, header, fields, rows, dates, skipped)


def _cell(record: list[str], index: int) -> str:
    return record[index] if index < len(record) else ""


def read_upload(
    upload, *, provider_kind: str | None = None, released: dt.date | None = None, file_name: str | None = None
) -> ProviderFile:
    """Read a Medicare provider file, or raise ProviderFileError saying what is wrong.
    ``provider_kind`` (a Facility kind) refuses a file for another kind of provider;
    ``released`` is the date the data is as of when the file does not say (its Processing
    Date column wins where it has one)."""
    name = str(file_name if file_name is not None else getattr(upload, "name", "") or "")[:200]
    _size_check(upload)
    parsed = None
    for codec in _codecs(upload):
        try:
            parsed = _parse(upload, codec, provider_kind)
            break
        except UnicodeDecodeError:
            continue
        except csv.Error as problem:
            raise ProviderFileError(
                _("This file cannot be read as CSV (%(problem)s).") % {"problem": problem}
            ) from None
    if parsed is None:
        raise ProviderFileError(
            _("The text in this file cannot be read: it is neither UTF-8 nor Windows-1252.")
        )
    if not parsed.rows and not parsed.skipped:
        raise ProviderFileError(_("This file has its column names but no providers under them."))
    released_on, from_file = _release_date(parsed.dates, released)
    if released_on is None:
        raise ProviderFileError(
            _(
                "This file does not say when Medicare released its data. Give the date it is as of "
                "(on the file's page in the Provider Data Catalog), for example 2025-09-01."
            )
        )
    return ProviderFile(
        kind=parsed.spec.kind,
        file_name=name,
        header=[cell.strip().lstrip("\ufeff") for cell in parsed.header],
        fields=parsed.fields,
        rows=parsed.rows,
        released_on=released_on,
        release_from_file=from_file,
        rows_in_file=len(parsed.rows) + parsed.skipped,
        rows_skipped=parsed.skipped,
    )
