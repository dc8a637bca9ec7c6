"""Importing care transitions from a CSV file: reading the file, checking every row in plain
language, and saving the valid rows with their invitations in one transaction.

The file is read as a stream and abandoned as soon as it breaks a limit, so a huge file
costs neither memory nor the database anything. Values are always text: nothing is ever
evaluated, and any CSV written back has formula-like cells neutralised.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import itertools
import json
import re
import secrets
import uuid
import zlib
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import get_language_info, ngettext
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from portal.spreadsheets import FORMULA_STARTS, formula_safe
from transitions.hooks import TRANSITIONS_CHANGED, hooks_run
from transitions.models import DESTINATION_KINDS, CareTransition, Facility
from transitions.selectors import facilities_for_user, transitions_for_user

IMPORT_PERMISSION = "transitions.add_caretransition"
CHANGE_PERMISSION = "transitions.change_caretransition"

MAX_ROWS = 5000
MAX_BYTES = 5 * 1024 * 1024
MAX_CELL = 200  # the longest value any column that has no field length of its own accepts
# Far more than the template's columns plus what an EHR export adds; a row with more cells
# is refused before it is split, so no file costs more than a moment to read.
MAX_COLUMNS = 200

COLUMNS = (
    "external_reference",
    "patient_first_name",
    "email",
    "phone",
    "language",
    "respondent",
    "proxy_name",
    "discharging_facility",
    "destination_kind",
    "receiving_facility",
    "transition_date",
    "liaison_email",
    "do_not_contact",
    "condition_codes",
)
REQUIRED_COLUMNS = (
    "external_reference",
    "patient_first_name",
    "discharging_facility",
    "destination_kind",
    "transition_date",
)
# Our own error file adds this column; uploading that file again must not warn about it.
IGNORED_COLUMNS = ("errors",)

VALID_ONLY = "valid_only"
ALL_OR_NOTHING = "all_or_nothing"
CREATE, UPDATE, UNCHANGED = "create", "update", "unchanged"

# The fields a row sets, keyed by attribute name, in the order changes are listed.
FIELDS = (
    "patient_first_name",
    "email",
    "phone",
    "language",
    "respondent",
    "proxy_name",
    "discharging_facility_id",
    "destination_kind",
    "receiving_facility_id",
    "transition_date",
    "liaison_id",
    "do_not_contact",
    "condition_codes",
)
FOREIGN_KEYS = ("discharging_facility", "receiving_facility", "liaison")

STATE_SECONDS = 2 * 60 * 60
TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
PHONE_PATTERN = re.compile(r"^\+?[0-9 ().\-]+$")
INTERNATIONAL_PHONE = re.compile(r"^\+[0-9][0-9 ().\-]*$")
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")
MIDNIGHT = re.compile(r"\s+0?0:00(:00)?$")
YES = {"yes", "y", "true", "1", "x", "sí", "si"}
NO = {"no", "n", "false", "0", ""}


class ImportFileError(Exception):
    """The file as a whole cannot be imported; ``message`` says why and what to do."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# --- reading the file ------------------------------------------------------------------------


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


def _read_records(upload, codec: str) -> tuple[str, list[str] | None, int, list[tuple[int, list[str]]]]:
    """The delimiter, the header, the header's row number and the data rows (with their row
    numbers as a spreadsheet shows them). Stops as soon as there are too many rows."""
    upload.seek(0)
    stream = io.TextIOWrapper(
        io.BufferedReader(_UploadStream(upload)), encoding=codec, errors="strict", newline=""
    )
    try:
        lines = iter(stream)
        leading = []
        for line in lines:
            leading.append(line)
            if line.strip() or len(leading) > 100:
                break
        first = leading[-1] if leading else ""
        # Counted before the line is split: splitting millions of cells takes seconds.
        if max(first.count(one) for one in ",;\t") >= MAX_COLUMNS:
            raise _too_many_columns(len(leading))
        delimiter = _delimiter(first)
        reader = csv.reader(itertools.chain(leading, lines), delimiter=delimiter)
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
        return delimiter, header, header_number, rows
    finally:
        stream.close()


def read_upload(upload, *, file_name: str | None = None) -> ParsedFile:
    """Read and split an uploaded CSV file, or raise ImportFileError saying what is wrong.

    UTF-8 (with or without a byte-order mark) is tried first, then Windows-1252, which is
    what Excel's plain “CSV” format writes on Windows.
    """
    name = file_name if file_name is not None else getattr(upload, "name", "") or ""
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
    upload.seek(0)
    head = upload.read(8192)
    _refuse_binary(head)
    if head.startswith(codecs.BOM_UTF8):
        attempts = [("utf-8-sig", _("UTF-8 with a byte-order mark"))]
    else:
        attempts = [("utf-8", _("UTF-8")), ("cp1252", _("Windows-1252 (Excel's plain “CSV” format)"))]
    for codec, label in attempts:
        try:
            delimiter, header, header_number, rows = _read_records(upload, codec)
        except UnicodeDecodeError:
            continue
        encoding = str(label)
        break
    else:
        raise ImportFileError(
            _(
                "The text in this file cannot be read: it is neither UTF-8 nor Windows-1252. In Excel, "
                "choose File › Save As › “CSV UTF-8 (Comma delimited)” and upload that file."
            )
        )
    if header is None:
        raise ImportFileError(_("This file is empty. Choose the CSV file that holds your discharges."))

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
    if not rows:
        raise ImportFileError(
            _("This file has column names but no discharges under them. Add one row per discharge.")
        )

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
    return ParsedFile(
        file_name=str(name)[:200],
        encoding=encoding,
        delimiter=delimiter,
        header=header,
        columns=columns,
        rows=rows,
        warnings=warnings,
    )


# --- checking the rows -----------------------------------------------------------------------


@dataclass
class Problem:
    row: int
    column: str
    message: str

    @property
    def text(self) -> str:
        if self.column:
            return _("Row %(row)s, %(column)s: %(message)s") % {
                "row": self.row,
                "column": self.column,
                "message": self.message,
            }
        return _("Row %(row)s: %(message)s") % {"row": self.row, "message": self.message}


@dataclass
class CheckedRow:
    number: int
    cells: list[str]
    reference: str = ""
    problems: list[Problem] = field(default_factory=list)
    values: dict = field(default_factory=dict)
    action: str | None = None
    changes: list[str] = field(default_factory=list)
    instance: CareTransition | None = None

    def problem(self, column: str, message: str) -> None:
        self.problems.append(Problem(self.number, column, message))


@dataclass
class Check:
    rows: list[CheckedRow]

    @property
    def problems(self) -> list[Problem]:
        return [problem for row in self.rows for problem in row.problems]

    @property
    def invalid_rows(self) -> list[CheckedRow]:
        return [row for row in self.rows if row.problems]

    @property
    def valid_rows(self) -> list[CheckedRow]:
        return [row for row in self.rows if not row.problems]

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if not row.problems and row.action == action)


def shown(value: str, limit: int = 40) -> str:
    """A value quoted for a message, cut short if long."""
    value = CONTROL_CHARACTERS.sub(" ", value)
    return "“" + (value if len(value) <= limit else value[: limit - 1] + "…") + "”"


def _chunks(items: list, size: int = 500):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _max_length(column: str) -> int:
    """The longest value a column accepts: its field's length where the cell is stored as
    written, else MAX_CELL (choices may be written out as their labels)."""
    if column in ("external_reference", "patient_first_name", "email", "phone", "proxy_name"):
        return CareTransition._meta.get_field(column).max_length
    if column in ("discharging_facility", "receiving_facility"):
        return Facility._meta.get_field("name").max_length
    if column == "liaison_email":
        return 254
    return MAX_CELL


class _Lookups:
    """Everything the rows are checked against, fetched in a few queries whatever the
    number of rows."""

    def __init__(self, *, parsed: ParsedFile, user, lock: bool):
        self.user = user
        self.facilities_by_name: dict[str, list[Facility]] = {}
        for facility in Facility.objects.all():
            self.facilities_by_name.setdefault(facility.name.strip().casefold(), []).append(facility)
        self.mine = list(facilities_for_user(user=user).order_by("name"))
        self.my_ids = {facility.pk for facility in self.mine}
        self.may_change = user.has_perm(CHANGE_PERMISSION)

        index = parsed.columns["external_reference"]
        references = sorted(
            {cells[index].strip() for _number, cells in parsed.rows if index < len(cells)} - {""}
        )
        self.existing: dict[str, CareTransition] = {}
        for chunk in _chunks(references):
            found = CareTransition.objects.filter(external_reference__in=chunk)
            if lock:
                found = found.select_for_update()
            self.existing.update({transition.external_reference: transition for transition in found})
        pks = [transition.pk for transition in self.existing.values()]
        self.visible: set[int] = set()
        for chunk in _chunks(pks):
            self.visible.update(
                transitions_for_user(user=user).filter(pk__in=chunk).values_list("pk", flat=True)
            )

        self.users_by_email: dict[str, list] = {}
        if "liaison_email" in parsed.columns:
            index = parsed.columns["liaison_email"]
            emails = sorted(
                {
                    cells[index].strip().lower()
                    for _number, cells in parsed.rows
                    if index < len(cells) and cells[index].strip()
                }
            )
            users = get_user_model().objects.filter(is_active=True).annotate(email_lower=Lower("email"))
            for chunk in _chunks(emails):
                for person in users.filter(email_lower__in=chunk):
                    self.users_by_email.setdefault(person.email_lower, []).append(person)

        self.destinations = {}
        for code, label in DESTINATION_KINDS:
            self.destinations[code.casefold()] = code
            self.destinations[str(label).casefold()] = code
        self.languages = {}
        for code, name in settings.LANGUAGES:
            info = get_language_info(code)
            for spelling in (code, name, info["name"], info["name_local"], str(info["name_translated"])):
                self.languages[spelling.casefold()] = code
        self.respondents = {}
        for code, label in CareTransition._meta.get_field("respondent").choices:
            self.respondents[code] = code
            self.respondents[str(label).casefold()] = code

    def facility_names(self) -> str:
        return ", ".join(f"“{facility.name}”" for facility in self.mine[:10]) + (
            " …" if len(self.mine) > 10 else ""
        )


def _cell(row: CheckedRow, parsed: ParsedFile, column: str) -> str | None:
    """The cell's value, stripped; None when the column is absent or the cell cannot be
    used (its problem is recorded)."""
    if column not in parsed.columns:
        return None
    index = parsed.columns[column]
    raw = row.cells[index] if index < len(row.cells) else ""
    value = raw.strip()
    formula = raw.startswith(FORMULA_STARTS) or value.startswith(FORMULA_STARTS)
    if formula and not (column == "phone" and INTERNATIONAL_PHONE.match(value)):
        start = raw[:1] if raw.startswith(FORMULA_STARTS) else value[:1]
        start = {"\t": _("a tab"), "\r": _("a line break")}.get(start, f"“{start}”")
        row.problem(
            column,
            _(
                "%(value)s starts with %(start)s, so a spreadsheet would treat it as a formula. "
                "It was not run. Type the value as plain text, without %(start)s at the start."
            )
            % {"value": shown(value or raw), "start": start},
        )
        return None
    if CONTROL_CHARACTERS.search(value):
        row.problem(
            column,
            _("%(value)s contains a line break or another invisible character. Type it on one line.")
            % {"value": shown(value)},
        )
        return None
    limit = _max_length(column)
    if len(value) > limit:
        row.problem(
            column,
            _("This is %(length)s characters long; %(limit)s is the most allowed. Shorten it.")
            % {"length": len(value), "limit": limit},
        )
        return None
    return value


def _parse_date(value: str) -> dt.date | None:
    value = MIDNIGHT.sub("", value)
    for pattern in ("%Y-%m-%d", "%m/%d/%Y"):
        try:
            return dt.datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    return None


def _facility(row, column, value, lookups: _Lookups, *, own: bool) -> Facility | None:
    matches = lookups.facilities_by_name.get(value.casefold(), [])
    if not matches:
        if own and lookups.mine:
            hint = _("Your facilities are: %(names)s.") % {"names": lookups.facility_names()}
        elif own:
            hint = _("You are not assigned to any facility yet; ask a manager to assign you.")
        else:
            hint = _("Check the spelling against the facility list, or leave the cell empty.")
        row.problem(column, _("There is no facility called %(name)s. ") % {"name": shown(value)} + hint)
        return None
    if len(matches) > 1:
        row.problem(
            column,
            _("More than one facility is called %(name)s. Ask a manager to give them different names.")
            % {"name": shown(value)},
        )
        return None
    facility = matches[0]
    if own and facility.pk not in lookups.my_ids:
        row.problem(
            column,
            _(
                "You are not assigned to %(name)s, so you cannot import its discharges. Remove this row, "
                "or ask a manager to assign you to that facility."
            )
            % {"name": shown(facility.name)},
        )
        return None
    if not facility.active:
        row.problem(
            column,
            _("%(name)s is no longer active. Choose an active facility or ask a manager.")
            % {"name": shown(facility.name)},
        )
        return None
    return facility


def _check_cells(row: CheckedRow, parsed: ParsedFile, lookups: _Lookups) -> None:
    values = row.values
    width = len(parsed.header)
    if len(row.cells) > width and any(cell.strip() for cell in row.cells[width:]):
        row.problem(
            "",
            _(
                "This row has %(cells)s cells but the file has %(columns)s columns, so a value may "
                "have been split. Put quotation marks around values that contain %(separator)s."
            )
            % {
                "cells": len(row.cells),
                "columns": width,
                "separator": _("a comma") if parsed.delimiter == "," else _("the separator"),
            },
        )

    reference = _cell(row, parsed, "external_reference")
    if reference == "":
        row.problem("external_reference", _("This is empty. Enter the discharge's reference number."))
    row.reference = reference or ""

    name = _cell(row, parsed, "patient_first_name")
    if name == "":
        row.problem("patient_first_name", _("This is empty. Enter the patient's first name."))
    elif name is not None:
        values["patient_first_name"] = name

    email = _cell(row, parsed, "email")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            row.problem(
                "email",
                _("%(value)s is not an email address. Write it as name@example.org, or leave it empty.")
                % {"value": shown(email)},
            )
        else:
            values["email"] = email
    elif email == "":
        values["email"] = ""

    phone = _cell(row, parsed, "phone")
    if phone and (not PHONE_PATTERN.match(phone) or sum(char.isdigit() for char in phone) < 7):
        row.problem(
            "phone",
            _(
                "%(value)s is not a phone number. Use at least 7 digits, with only spaces and + ( ) - . "
                "between them, or leave it empty."
            )
            % {"value": shown(phone)},
        )
    elif phone is not None:
        values["phone"] = phone

    language = _cell(row, parsed, "language")
    if language is not None:
        code = lookups.languages.get(language.casefold()) if language else settings.LANGUAGE_CODE
        if code is None:
            choices = ", ".join(f"{code} ({name})" for code, name in settings.LANGUAGES)
            row.problem(
                "language",
                _("%(value)s is not a language we send surveys in. Use %(choices)s.")
                % {"value": shown(language), "choices": choices},
            )
        else:
            values["language"] = code

    respondent = _cell(row, parsed, "respondent")
    if respondent is not None:
        code = lookups.respondents.get(respondent.casefold()) if respondent else CareTransition.PATIENT
        if code is None:
            row.problem(
                "respondent",
                _(
                    "%(value)s is not who answers. Write patient when the patient answers, or proxy when "
                    "a family member or carer does."
                )
                % {"value": shown(respondent)},
            )
        else:
            values["respondent"] = code

    proxy_name = _cell(row, parsed, "proxy_name")
    if proxy_name is not None:
        values["proxy_name"] = proxy_name

    discharging = _cell(row, parsed, "discharging_facility")
    if discharging == "":
        row.problem(
            "discharging_facility",
            _("This is empty. Enter the name of the facility the patient left, as named in the portal."),
        )
    elif discharging is not None:
        facility = _facility(row, "discharging_facility", discharging, lookups, own=True)
        if facility is not None:
            values["discharging_facility_id"] = facility.pk

    destination = _cell(row, parsed, "destination_kind")
    if destination is not None:
        code = lookups.destinations.get(destination.casefold()) if destination else None
        if code is None:
            choices = ", ".join(f"{code} ({label})" for code, label in DESTINATION_KINDS)
            start = (
                _("%(value)s is not a destination we know.") % {"value": shown(destination)}
                if destination
                else _("This is empty.")
            )
            hint = _("Use one of: %(choices)s.") % {"choices": choices}
            row.problem("destination_kind", f"{start} {hint}")
        else:
            values["destination_kind"] = code

    receiving = _cell(row, parsed, "receiving_facility")
    if receiving:
        facility = _facility(row, "receiving_facility", receiving, lookups, own=False)
        if facility is not None:
            values["receiving_facility_id"] = facility.pk
    elif receiving == "":
        values["receiving_facility_id"] = None

    moved = _cell(row, parsed, "transition_date")
    if moved == "":
        row.problem("transition_date", _("This is empty. Enter the date of the move, such as 2026-03-02."))
    elif moved is not None:
        day = _parse_date(moved)
        this_year = timezone.localdate().year
        if day is None:
            row.problem(
                "transition_date",
                _(
                    "%(value)s is not a date we can read. Write it as YYYY-MM-DD (for example "
                    "2026-03-02) or MM/DD/YYYY (03/02/2026)."
                )
                % {"value": shown(moved)},
            )
        elif not 2000 <= day.year <= this_year + 1:
            row.problem(
                "transition_date",
                _("%(value)s is not a likely date of the move. Check the year.") % {"value": shown(moved)},
            )
        else:
            values["transition_date"] = day

    liaison = _cell(row, parsed, "liaison_email")
    if liaison:
        people = lookups.users_by_email.get(liaison.lower(), [])
        if len(people) == 1:
            values["liaison_id"] = people[0].pk
        elif people:
            row.problem(
                "liaison_email",
                _("More than one staff account uses %(value)s. Ask a manager which one is meant.")
                % {"value": shown(liaison)},
            )
        else:
            row.problem(
                "liaison_email",
                _("No active staff account uses %(value)s. Check the address, or leave the cell empty.")
                % {"value": shown(liaison)},
            )
    elif liaison == "":
        values["liaison_id"] = None

    contact = _cell(row, parsed, "do_not_contact")
    if contact is not None:
        if contact.casefold() in YES:
            values["do_not_contact"] = True
        elif contact.casefold() in NO:
            values["do_not_contact"] = False
        else:
            row.problem(
                "do_not_contact",
                _(
                    "%(value)s is not yes or no. Write yes to send no survey or reminder for this "
                    "discharge, or no (or leave it empty) to send them."
                )
                % {"value": shown(contact)},
            )

    codes = _cell(row, parsed, "condition_codes")
    if codes is not None:
        from content.models.snippets import CODE_PATTERNS, ICD10CM

        # The same reading as the care transition form's (CareTransition.clean).
        entered = CareTransition(condition_codes=codes).condition_code_list()
        bad = [code for code in entered if not CODE_PATTERNS[ICD10CM].match(code)]
        if bad:
            row.problem(
                "condition_codes",
                _(
                    "%(value)s is not an ICD-10-CM code. Codes look like I50.9 or E11.65; separate them "
                    "with commas, or leave the cell empty."
                )
                % {"value": shown(bad[0])},
            )
        else:
            values["condition_codes"] = ", ".join(entered)


def _reference_unusable(reference: str) -> str:
    """One answer for every reference this user may not import, whoever holds it: saying
    "already used by a discharge you cannot change" would confirm that another facility
    has a discharge with that number."""
    return _(
        "%(value)s cannot be imported with your account. Check the reference; if it is right, "
        "ask a manager to import this row."
    ) % {"value": shown(reference)}


def _settle(row: CheckedRow, lookups: _Lookups) -> None:
    """Compare a row without problems with what is stored, and build the instance to save."""
    existing = lookups.existing.get(row.reference)
    if existing is not None and (
        existing.pk not in lookups.visible or existing.discharging_facility_id not in lookups.my_ids
    ):
        row.problem("external_reference", _reference_unusable(row.reference))
        return
    if existing is not None and existing.contact_erased_at is not None:
        # Its contact details were erased for retention: an import must not bring them back.
        row.problem(
            "external_reference",
            _("%(value)s is a discharge whose contact details were erased after the retention period.")
            % {"value": shown(row.reference)},
        )
        return
    proxy_name = row.values.get("proxy_name", existing.proxy_name if existing else "")
    respondent = row.values.get("respondent", existing.respondent if existing else CareTransition.PATIENT)
    if respondent == CareTransition.PROXY and not proxy_name:
        row.problem(
            "proxy_name",
            _(
                "This is empty, but respondent is proxy. Enter the name of the family member or carer "
                "who will answer, or change respondent to patient."
            ),
        )
        return
    if existing is None:
        instance = CareTransition(external_reference=row.reference, **row.values)
        row.action = CREATE
    else:
        row.changes = [
            str(CareTransition._meta.get_field(name.removesuffix("_id")).verbose_name)
            for name in FIELDS
            if name in row.values and getattr(existing, name) != row.values[name]
        ]
        if not row.changes:
            row.action = UNCHANGED
            return
        if not lookups.may_change:
            row.problem("external_reference", _reference_unusable(row.reference))
            return
        instance = existing
        for name, value in row.values.items():
            setattr(instance, name, value)
        row.action = UPDATE
    try:
        instance.clean_fields(exclude=[*FOREIGN_KEYS, "created_at", "updated_at"])
    except ValidationError as invalid:
        for name, messages in invalid.message_dict.items():
            row.problem(name, " ".join(str(message) for message in messages))
        row.action = None
        return
    row.instance = instance


def check_rows(parsed: ParsedFile, *, user, lock: bool = False) -> Check:
    """Check every row against the rules and against what is stored, as ``user`` may see
    it. With ``lock``, the existing transitions are locked until the transaction ends."""
    lookups = _Lookups(parsed=parsed, user=user, lock=lock)
    rows = [CheckedRow(number=number, cells=cells) for number, cells in parsed.rows]
    for row in rows:
        _check_cells(row, parsed, lookups)

    by_reference: dict[str, list[CheckedRow]] = {}
    for row in rows:
        if row.reference:
            by_reference.setdefault(row.reference, []).append(row)
    for reference, same in by_reference.items():
        if len(same) > 1:
            numbers = [str(row.number) for row in same]
            listed = _("%(first)s and %(last)s") % {"first": ", ".join(numbers[:-1]), "last": numbers[-1]}
            for row in same:
                row.problem(
                    "external_reference",
                    _(
                        "%(value)s is on rows %(rows)s. Each discharge must be on one row only: keep the "
                        "right row and remove or renumber the others."
                    )
                    % {"value": shown(reference), "rows": listed},
                )

    for row in rows:
        if not row.problems:
            _settle(row, lookups)
    return Check(rows=rows)


# --- saving ----------------------------------------------------------------------------------


@dataclass
class ImportResult:
    mode: str
    committed: bool
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    not_imported: int = 0
    problem_rows: list[CheckedRow] = field(default_factory=list)
    failure: str = ""

    def to_state(self) -> dict:
        return {
            "mode": self.mode,
            "committed": self.committed,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "not_imported": self.not_imported,
            "failure": self.failure,
            "problem_rows": [
                [row.number, row.cells, [[p.column, p.message] for p in row.problems]]
                for row in self.problem_rows
            ],
        }

    @classmethod
    def from_state(cls, state: dict) -> ImportResult:
        rows = []
        for number, cells, problems in state["problem_rows"]:
            row = CheckedRow(number=number, cells=cells)
            for column, message in problems:
                row.problem(column, message)
            rows.append(row)
        fields = {key: state[key] for key in ("mode", "committed", "created", "updated", "unchanged")}
        return cls(**fields, not_imported=state["not_imported"], failure=state["failure"], problem_rows=rows)


def import_commit(*, parsed: ParsedFile, user, mode: str) -> ImportResult:
    """Check the rows again and, in one transaction, create or update each valid one,
    bring its invitations up to date and record it in the audit log (one entry per
    transition, all sharing one id per import). With ALL_OR_NOTHING, any problem left
    means nothing is saved."""
    if mode not in (VALID_ONLY, ALL_OR_NOTHING):
        raise ValueError(mode)
    try:
        with transaction.atomic():
            check = check_rows(parsed, user=user, lock=True)
            bad = check.invalid_rows
            if mode == ALL_OR_NOTHING and bad:
                return ImportResult(
                    mode=mode, committed=False, not_imported=len(check.rows), problem_rows=bad
                )
            result = ImportResult(mode=mode, committed=True, not_imported=len(bad), problem_rows=bad)
            batch = uuid.uuid4()
            changed = []
            for row in check.valid_rows:
                if row.action == UNCHANGED:
                    result.unchanged += 1
                    continue
                transition = row.instance
                transition.save()
                changed.append(transition)
                log(
                    instance=transition,
                    action="wagtail.create" if row.action == CREATE else "wagtail.edit",
                    user=user,
                    uuid=batch,
                    data={
                        "source": "csv_import",
                        "file": parsed.file_name,
                        "row": row.number,
                        "changed": row.changes,
                    },
                )
                if row.action == CREATE:
                    result.created += 1
                else:
                    result.updated += 1
            hooks_run(TRANSITIONS_CHANGED, changed)
            return result
    except IntegrityError:
        return ImportResult(
            mode=mode,
            committed=False,
            not_imported=len(parsed.rows),
            failure=_(
                "Nothing was imported: someone else saved discharges with the same references at the "
                "same moment. Upload the file again to see where things stand."
            ),
        )


# --- writing CSV back ------------------------------------------------------------------------


def csv_text(rows) -> str:
    """Rows as CSV text with a byte-order mark (so Excel reads accents right), every cell
    neutralised."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    for cells in rows:
        writer.writerow([formula_safe(str(cell)) for cell in cells])
    return out.getvalue()


def problem_rows_csv(*, header: list[str], rows: list[CheckedRow]) -> str:
    """The rows that were not imported, as they were in the file, with an ``errors`` column."""
    width = len(header)
    lines = [[*header, "errors"]]
    for row in rows:
        cells = (row.cells + [""] * width)[:width]
        lines.append([*cells, "\n".join(problem.text for problem in row.problems)])
    return csv_text(lines)


def template_csv(*, user) -> str:
    """The column names and one example row."""
    facility = facilities_for_user(user=user).filter(active=True).order_by("name").first()
    example = {
        "external_reference": "ENC-2026-0001",
        "patient_first_name": "Ana",
        "email": "ana@example.org",
        "phone": "617 555 0100",
        "language": "en",
        "respondent": "patient",
        "proxy_name": "",
        "discharging_facility": facility.name if facility else "General Hospital",
        "destination_kind": "snf",
        "receiving_facility": "",
        "transition_date": timezone.localdate().isoformat(),
        "liaison_email": user.email or "",
        "do_not_contact": "no",
        "condition_codes": "I50.9",
    }
    return csv_text([list(COLUMNS), [example[name] for name in COLUMNS]])


def column_help() -> list[dict]:
    """What each column holds, in plain words, for the upload page."""
    kinds = ", ".join(f"{code} ({label})" for code, label in DESTINATION_KINDS)
    languages = ", ".join(f"{code} ({name})" for code, name in settings.LANGUAGES)
    explanations = {
        "external_reference": _(
            "Your organization's number for the discharge, such as the encounter number. A row whose "
            "reference already exists updates that discharge instead of adding a new one."
        ),
        "patient_first_name": _("The patient's first name only."),
        "email": _("Where the survey invitation goes. Leave empty if there is none."),
        "phone": _("Digits, spaces and + ( ) - only."),
        "language": _("The language of the invitation: %(choices)s. Empty means English.")
        % {"choices": languages},
        "respondent": _("patient, or proxy when a family member or carer answers. Empty means patient."),
        "proxy_name": _("The family member's or carer's name. Needed when respondent is proxy."),
        "discharging_facility": _(
            "The facility the patient left, named exactly as in the portal (capitals do not matter). "
            "It must be one of your facilities."
        ),
        "destination_kind": _("Where the patient moved to: %(choices)s.") % {"choices": kinds},
        "receiving_facility": _("The facility the patient moved to, named as in the portal."),
        "transition_date": _("The date of the move: YYYY-MM-DD or MM/DD/YYYY."),
        "liaison_email": _("The email of the staff member responsible for the discharge."),
        "do_not_contact": _("yes to send no survey or reminder; no or empty to send them."),
        "condition_codes": _(
            "The ICD-10-CM codes from the discharge, separated by commas, such as I50.9, E11.9. They "
            "choose the education pages suggested for the patient's packet. May be empty."
        ),
    }
    return [
        {"name": name, "required": name in REQUIRED_COLUMNS, "explanation": explanations[name]}
        for name in COLUMNS
    ]


# --- keeping an import between preview and commit --------------------------------------------


def _state_key(user, token: str) -> str:
    return f"transition-import:{user.pk}:{token}"


def state_save(*, user, token: str, state: dict) -> None:
    blob = zlib.compress(json.dumps(state, default=str).encode(), 6)
    cache.set(_state_key(user, token), blob, STATE_SECONDS)


def state_load(*, user, token: str) -> dict | None:
    """The state kept for this user's import ``token``; None if unknown, expired or another
    user's."""
    if not TOKEN_PATTERN.match(token or ""):
        return None
    blob = cache.get(_state_key(user, token))
    if blob is None:
        return None
    try:
        return json.loads(zlib.decompress(blob))
    except (zlib.error, ValueError):
        return None


def stash(*, parsed: ParsedFile, user) -> str:
    """Keep the parsed file server-side for the preview and the commit; returns its token."""
    token = secrets.token_urlsafe(24)
    state_save(user=user, token=token, state={"parsed": parsed.to_state(), "result": None})
    return token


def commit_claim(*, user, token: str) -> bool:
    """Whether this request may save the import (False while another request is saving it)."""
    return cache.add(_state_key(user, token) + ":saving", 1, 300)


def commit_release(*, user, token: str) -> None:
    cache.delete(_state_key(user, token) + ":saving")
