"""Reading an uploaded file: refuse what is not a CSV, decode it (UTF-8, else Windows-1252),
find its separator and header row, and map the header onto our columns.

The file is read as a stream and abandoned as soon as it breaks a limit, so a huge file
costs neither memory nor the database anything. Values are always text: nothing is ever
evaluated.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from transitions.csv_import.columns import (
    COLUMNS,
    IGNORED_COLUMNS,
    MAX_BYTES,
    MAX_COLUMNS,
    MAX_ROWS,
    REQUIRED_COLUMNS,
)


class ImportFileError(Exception):
    """The file as a whole cannot be imported; ``message`` says why and what to do."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class ParsedFile:
    file_name: str
    encoding: str
    delimiter: str
    header: list[str]
    columns: dict[str, int]
    rows: list[tuple[int, list[str]]]
    warnings: list[str] = field(default_factory=list)

    def to_state(self) -> dict:
        return {
            "file_name": self.file_name,
            "encoding": self.encoding,
            "delimiter": self.delimiter,
            "header": self.header,
            "columns": self.columns,
            "rows": self.rows,
            "warnings": self.warnings,
        }

    @classmethod
    def from_state(cls, state: dict) -> ParsedFile:
        return cls(
            file_name=state["file_name"],
            encoding=state["encoding"],
            delimiter=state["delimiter"],
            header=list(state["header"]),
            columns=dict(state["columns"]),
            rows=[(int(number), list(cells)) for number, cells in state["rows"]],
            warnings=list(state["warnings"]),
        )


class _UploadStream(io.RawIOBase):
    """An uploaded file as a raw stream, so it can be decoded a little at a time (and
    closing the text wrapper leaves the upload itself open)."""

    def __init__(self, upload):
        self.upload = upload

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self.upload.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def _refuse_binary(head: bytes) -> None:
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise ImportFileError(
            _(
                "This file was saved as “Unicode Text” (UTF-16), which is not a CSV file. In Excel, "
                "choose File › Save As › “CSV UTF-8 (Comma delimited)” and upload that file."
            )
        )
    if head.startswith(b"PK\x03\x04") or head.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFileError(
            _(
                "This is a spreadsheet workbook (such as .xlsx), not a CSV file. In Excel, choose "
                "File › Save As › “CSV UTF-8 (Comma delimited)” and upload that file."
            )
        )
    controls = sum(1 for byte in head if byte < 9 or (13 < byte < 32 and byte not in (26, 27)))
    if b"\x00" in head or controls > len(head) // 100:
        raise ImportFileError(
            _(
                "This file is not a CSV file: it holds binary data, not text. Download the template, "
                "copy your rows into it and save it as CSV."
            )
        )


def _normalise_column(name: str) -> str:
    return re.sub(r"[\s\-]+", "_", name.strip().lstrip("\ufeff").strip().lower())


def _delimiter(line: str) -> str:
    """Comma, unless the header only makes sense split on semicolons or tabs (as some
    spreadsheet settings save it)."""
    best, best_score = ",", 0
    for candidate in (",", ";", "\t"):
        try:
            cells = next(csv.reader([line], delimiter=candidate), [])
        except csv.Error:  # a cell longer than the csv module reads: not this delimiter
            continue
        score = sum(_normalise_column(cell) in COLUMNS for cell in cells)
        if score > best_score:
            best, best_score = candidate, score
    return best


def _too_many_rows() -> ImportFileError:
    return ImportFileError(
        _(
            "This file has more than %(limit)s rows. An import holds at most %(limit)s discharges: "
            "split the file into smaller files and import them one after the other."
        )
        % {"limit": f"{MAX_ROWS:,}"}
    )


def _too_many_columns(row: int) -> ImportFileError:
    return ImportFileError(
        _(
            "Row %(row)s has more than %(limit)s columns. Download the template, copy your rows "
            "into it and save it as CSV."
        )
        % {"row": row, "limit": MAX_COLUMNS}
    )


def _leading_lines(lines) -> list[str]:
    """The lines up to the first one that is not blank (looking at 101 at most)."""
    leading = []
    for line in lines:
        leading.append(line)
        if line.strip() or len(leading) > 100:
            break
    return leading


def _split_records(reader) -> tuple[list[str] | None, int, list[tuple[int, list[str]]]]:
    """The header, the header's row number and the data rows (with their row numbers as a
    spreadsheet shows them). Stops as soon as there are too many rows."""
    header, header_number, rows, number = None, 0, [], 0
    try:
        for record in reader:
            number += 1
            if len(record) > MAX_COLUMNS:
                raise _too_many_columns(number)
            if not any(cell.strip() for cell in record):
                continue
            if header is None:
                header, header_number = record, number
                continue
            if len(rows) >= MAX_ROWS:
                raise _too_many_rows()
            rows.append((number, record))
    except csv.Error as problem:
        if "field larger than field limit" in str(problem):
            raise ImportFileError(
                _(
                    "Row %(row)s has a cell that is far too long to be a real value. Check that "
                    "every quotation mark in that row is closed."
                )
                % {"row": number + 1}
            ) from None
        raise ImportFileError(
            _("Row %(row)s cannot be read as CSV (%(problem)s). Save the file as CSV again.")
            % {"row": number + 1, "problem": problem}
        ) from None
    return header, header_number, rows


def _read_records(upload, codec: str) -> tuple[str, list[str] | None, int, list[tuple[int, list[str]]]]:
    """The delimiter, the header, the header's row number and the data rows."""
    upload.seek(0)
    stream = io.TextIOWrapper(
        io.BufferedReader(_UploadStream(upload)), encoding=codec, errors="strict", newline=""
    )
    try:
        lines = iter(stream)
        leading = _leading_lines(lines)
        first = leading[-1] if leading else ""
        # Counted before the line is split: splitting millions of cells takes seconds.
        if max(first.count(one) for one in ",;\t") >= MAX_COLUMNS:
            raise _too_many_columns(len(leading))
        delimiter = _delimiter(first)
        reader = csv.reader(itertools.chain(leading, lines), delimiter=delimiter)
        return (delimiter, *_split_records(reader))
    finally:
        stream.close()


def _size_check(upload) -> None:
    """Refuse an empty file, or one too large to be read at all."""
    size = getattr(upload, "size", None)
    if not size:
        raise ImportFileError(_("This file is empty. Choose the CSV file that holds your discharges."))
    if size > MAX_BYTES:
        raise ImportFileError(
            _(
                "This file is too large (%(size)s MB). An import holds at most %(limit)s rows and "
                "%(bytes)s MB: split the file into smaller files and import them one after the other."
            )
            % {
                "size": f"{size / 1024 / 1024:.1f}",
                "limit": f"{MAX_ROWS:,}",
                "bytes": MAX_BYTES // 1024 // 1024,
            }
        )


def _decode(upload) -> tuple[str, str, list[str] | None, int, list[tuple[int, list[str]]]]:
    """The encoding's name, then what _read_records returns, in the first encoding that reads
    the whole file: UTF-8 (with or without a byte-order mark), then Windows-1252, which is
    what Excel's plain “CSV” format writes on Windows."""
    upload.seek(0)
    head = upload.read(8192)
    _refuse_binary(head)
    if head.startswith(codecs.BOM_UTF8):
        attempts = [("utf-8-sig", _("UTF-8 with a byte-order mark"))]
    else:
        attempts = [("utf-8", _("UTF-8")), ("cp1252", _("Windows-1252 (Excel's plain “CSV” format)"))]
    for codec, label in attempts:
        try:
            records = _read_records(upload, codec)
        except UnicodeDecodeError:
            continue
        return (str(label), *records)
    raise ImportFileError(
        _(
            "The text in this file cannot be read: it is neither UTF-8 nor Windows-1252. In Excel, "
            "choose File › Save As › “CSV UTF-8 (Comma delimited)” and upload that file."
        )
    )


def _map_header(header: list[str], header_number: int) -> tuple[dict[str, int], list[str]]:
    """Each of our columns' position in the header, and the header's names we do not import."""
    columns: dict[str, int] = {}
    unknown, repeated = [], []
    for index, cell in enumerate(header):
        key = _normalise_column(cell)
        if key in COLUMNS:
            if key in columns:
                repeated.append(key)
            else:
                columns[key] = index
        elif key and key not in IGNORED_COLUMNS:
            unknown.append(cell.strip()[:40])
    if not columns:
        raise ImportFileError(
            _(
                "Row %(row)s should hold the column names (%(example)s …), but none of them is there. "
                "Download the template and copy your rows into it."
            )
            % {"row": header_number, "example": ", ".join(COLUMNS[:3])}
        )
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        raise ImportFileError(
            ngettext(
                "The file has no column called %(columns)s. Add it with that name in the first row "
                "(the template has every column).",
                "The file has no columns called %(columns)s. Add them with those names in the first "
                "row (the template has every column).",
                len(missing),
            )
            % {"columns": ", ".join(missing)}
        )
    if repeated:
        raise ImportFileError(
            _("The column %(columns)s appears more than once. Keep one of each and upload again.")
            % {"columns": ", ".join(sorted(set(repeated)))}
        )
    return columns, unknown


def _warnings(*, unknown: list[str], header_number: int, delimiter: str) -> list[str]:
    """What was read differently from the template, for the preview."""
    warnings = []
    if unknown:
        names = ", ".join(f"“{name}”" for name in unknown[:10]) + (" …" if len(unknown) > 10 else "")
        warnings.append(
            ngettext(
                "The column %(columns)s is not one we import; it was ignored.",
                "These columns are not ones we import and were ignored: %(columns)s.",
                len(unknown),
            )
            % {"columns": names}
        )
    if header_number > 1:
        warnings.append(
            _("The first %(count)s rows are empty; the column names were read from row %(row)s.")
            % {"count": header_number - 1, "row": header_number}
        )
    if delimiter != ",":
        warnings.append(
            _("Values in this file are separated by %(separator)s, not commas; they were read that way.")
            % {"separator": _("semicolons") if delimiter == ";" else _("tabs")}
        )
    return warnings


def read_upload(upload, *, file_name: str | None = None) -> ParsedFile:
    """Read and split an uploaded CSV file, or raise ImportFileError saying what is wrong."""
    name = file_name if file_name is not None else getattr(upload, "name", "") or ""
    _size_check(upload)
    encoding, delimiter, header, header_number, rows = _decode(upload)
    if header is None:
        raise ImportFileError(_("This file is empty. Choose the CSV file that holds your discharges."))
    columns, unknown = _map_header(header, header_number)
    if not rows:
        raise ImportFileError(
            _("This file has column names but no discharges under them. Add one row per discharge.")
        )
    return ParsedFile(
        file_name=str(name)[:200],
        encoding=encoding,
        delimiter=delimiter,
        header=header,
        columns=columns,
        rows=rows,
        warnings=_warnings(unknown=unknown, header_number=header_number, delimiter=delimiter),
    )
