"""Checking one row's cells: first every cell for what no column accepts (a formula, an
invisible character, too many characters), then each column by its own small checker,
looked up in CHECKERS. A checker records problems on the row, or the value to store.

Checkers run in the order of COLUMNS, so a row's problems are listed as its cells are.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext as _

from content.models.snippets import CODE_PATTERNS, ICD10CM
from portal.spreadsheets import FORMULA_STARTS
from transitions.csv_import.columns import MAX_CELL
from transitions.csv_import.lookups import Lookups
from transitions.csv_import.read import ParsedFile
from transitions.models import DESTINATION_KINDS, CareTransition, Facility

if TYPE_CHECKING:  # only for annotations: check imports this module
    from transitions.csv_import.check import CheckedRow

PHONE_PATTERN = re.compile(r"^\+?[0-9 ().\-]+$")
INTERNATIONAL_PHONE = re.compile(r"^\+[0-9][0-9 ().\-]*$")
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")
MIDNIGHT = re.compile(r"\s+0?0:00(:00)?$")
YES = {"yes", "y", "true", "1", "x", "sí", "si"}
NO = {"no", "n", "false", "0", ""}


def shown(value: str, limit: int = 40) -> str:
    """A value quoted for a message, cut short if long."""
    value = CONTROL_CHARACTERS.sub(" ", value)
    return "“" + (value if len(value) <= limit else value[: limit - 1] + "…") + "”"


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


def _row_width(row: CheckedRow, parsed: ParsedFile) -> None:
    """A row with values beyond the header's last column was probably split on a comma."""
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


def _facility(row: CheckedRow, column: str, value: str, lookups: Lookups, *, own: bool) -> Facility | None:
    matches = lookups.facilities_by_name.get(value.casefold(), [])
    if not matches:
        if own and lookups.mine:
            hint = _("Your facilities are: %(names)s.") % {"names": lookups.facility_names()}
        elif own:
            hint = _("You are not assigned to any facility yet; ask a manager to assign you.")
        else:
            hint = _(
                "Check the spelling against the facility list, give its Medicare number (CCN), "
                "or leave the cell empty."
            )
        row.problem(column, _("There is no facility called %(name)s. ") % {"name": shown(value)} + hint)
        return None
    if len(matches) > 1:
        row.problem(
            column,
            _(
                "More than one facility is called %(name)s. Give its Medicare number (CCN) instead, "
                "or ask a manager to give them different names."
            )
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


def _parse_date(value: str) -> dt.date | None:
    value = MIDNIGHT.sub("", value)
    for pattern in ("%Y-%m-%d", "%m/%d/%Y"):
        try:
            return dt.datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    return None


# --- one checker per column: (row, the cell's usable value, lookups) ------------------------


def _reference(row: CheckedRow, value: str, lookups: Lookups) -> None:
    if value == "":
        row.problem("external_reference", _("This is empty. Enter the discharge's reference number."))
    row.reference = value


def _first_name(row: CheckedRow, value: str, lookups: Lookups) -> None:
    if value == "":
        row.problem("patient_first_name", _("This is empty. Enter the patient's first name."))
    else:
        row.values["patient_first_name"] = value


def _email(row: CheckedRow, value: str, lookups: Lookups) -> None:
    if value:
        try:
            validate_email(value)
        except ValidationError:
            row.problem(
                "email",
                _("%(value)s is not an email address. Write it as name@example.org, or leave it empty.")
                % {"value": shown(value)},
            )
            return
    row.values["email"] = value


def _phone(row: CheckedRow, value: str, lookups: Lookups) -> None:
    if value and (not PHONE_PATTERN.match(value) or sum(char.isdigit() for char in value) < 7):
        row.problem(
            "phone",
            _(
                "%(value)s is not a phone number. Use at least 7 digits, with only spaces and + ( ) - . "
                "between them, or leave it empty."
            )
            % {"value": shown(value)},
        )
    else:
        row.values["phone"] = value


def _language(row: CheckedRow, value: str, lookups: Lookups) -> None:
    code = lookups.languages.get(value.casefold()) if value else settings.LANGUAGE_CODE
    if code is None:
        choices = ", ".join(f"{code} ({name})" for code, name in settings.LANGUAGES)
        row.problem(
            "language",
            _("%(value)s is not a language we send surveys in. Use %(choices)s.")
            % {"value": shown(value), "choices": choices},
        )
    else:
        row.values["language"] = code


def _respondent(row: CheckedRow, value: str, lookups: Lookups) -> None:
    code = lookups.respondents.get(value.casefold()) if value else CareTransition.PATIENT
    if code is None:
        row.problem(
            "respondent",
            _(
                "%(value)s is not who answers. Write patient when the patient answers, or proxy when "
                "a family member or carer does."
            )
            % {"value": shown(value)},
        )
    else:
        row.values["respondent"] = code


def _proxy_name(row: CheckedRow, value: str, lookups: Lookups) -> None:
    row.values["proxy_name"] = value


def _discharging_facility(row: CheckedRow, value: str, lookups: Lookups) -> None:
    if value == "":
        row.problem(
            "discharging_facility",
            _("This is empty. Enter the name of the facility the patient left, as named in the portal."),
        )
        return
    facility = _facility(row, "discharging_facility", value, lookups, own=True)
    if facility is not None:
        row.values["discharging_facility_id"] = facility.pk


def _destination_kind(row: CheckedRow, value: str, lookups: Lookups) -> None:
    code = lookups.destinations.get(value.casefold()) if value else None
    if code is None:
        choices = ", ".join(f"{code} ({label})" for code, label in DESTINATION_KINDS)
        start = (
            _("%(value)s is not a destination we know.") % {"value": shown(value)}
            if value
            else _("This is empty.")
        )
        hint = _("Use one of: %(choices)s.") % {"choices": choices}
        row.problem("destination_kind", f"{start} {hint}")
    else:
        row.values["destination_kind"] = code


def _receiving_facility(row: CheckedRow, value: str, lookups: Lookups) -> None:
    if value == "":
        row.values["receiving_facility_id"] = None
        return
    facility = _facility(row, "receiving_facility", value, lookups, own=False)
    if facility is not None:
        row.values["receiving_facility_id"] = facility.pk


def _transition_date(row: CheckedRow, value: str, lookups: Lookups) -> None:
    if value == "":
        row.problem("transition_date", _("This is empty. Enter the date of the move, such as 2026-03-02."))
        return
    day = _parse_date(value)
    this_year = timezone.localdate().year
    if day is None:
        row.problem(
            "transition_date",
            _(
                "%(value)s is not a date we can read. Write it as YYYY-MM-DD (for example "
                "2026-03-02) or MM/DD/YYYY (03/02/2026)."
            )
            % {"value": shown(value)},
        )
    elif not 2000 <= day.year <= this_year + 1:
        row.problem(
            "transition_date",
            _("%(value)s is not a likely date of the move. Check the year.") % {"value": shown(value)},
        )
    else:
        row.values["transition_date"] = day


def _liaison(row: CheckedRow, value: str, lookups: Lookups) -> None:
    if value == "":
        row.values["liaison_id"] = None
        return
    people = lookups.users_by_email.get(value.lower(), [])
    if len(people) == 1:
        row.values["liaison_id"] = people[0].pk
    elif people:
        row.problem(
            "liaison_email",
            _("More than one staff account uses %(value)s. Ask a manager which one is meant.")
            % {"value": shown(value)},
        )
    else:
        row.problem(
            "liaison_email",
            _("No active staff account uses %(value)s. Check the address, or leave the cell empty.")
            % {"value": shown(value)},
        )


def _do_not_contact(row: CheckedRow, value: str, lookups: Lookups) -> None:
    if value.casefold() in YES:
        row.values["do_not_contact"] = True
    elif value.casefold() in NO:
        row.values["do_not_contact"] = False
    else:
        row.problem(
            "do_not_contact",
            _(
                "%(value)s is not yes or no. Write yes to send no survey or reminder for this "
                "discharge, or no (or leave it empty) to send them."
            )
            % {"value": shown(value)},
        )


def _condition_codes(row: CheckedRow, value: str, lookups: Lookups) -> None:
    # The same reading as the care transition form's (CareTransition.clean).
    entered = CareTransition(condition_codes=value).condition_code_list()
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
        row.values["condition_codes"] = ", ".join(entered)


# One entry per column, in the order of COLUMNS (tests/transitions hold it to that).
CHECKERS: dict[str, Callable[[CheckedRow, str, Lookups], None]] = {
    "external_reference": _reference,
    "patient_first_name": _first_name,
    "email": _email,
    "phone": _phone,
    "language": _language,
    "respondent": _respondent,
    "proxy_name": _proxy_name,
    "discharging_facility": _discharging_facility,
    "destination_kind": _destination_kind,
    "receiving_facility": _receiving_facility,
    "transition_date": _transition_date,
    "liaison_email": _liaison,
    "do_not_contact": _do_not_contact,
    "condition_codes": _condition_codes,
}


def cells_check(row: CheckedRow, parsed: ParsedFile, lookups: Lookups) -> None:
    """Check every cell of ``row``: its problems go on the row, its usable values into
    ``row.values`` (and its reference into ``row.reference``)."""
    _row_width(row, parsed)
    for column, checker in CHECKERS.items():
        value = _cell(row, parsed, column)
        if value is not None:  # an absent column, or a cell whose problem is recorded
            checker(row, value, lookups)
