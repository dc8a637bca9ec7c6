"""Files written back to staff: the template to fill in, and the rows that were not
imported with their problems. Every cell is neutralised, so no value becomes a formula
when the file is opened in a spreadsheet."""

from __future__ import annotations

import csv
import io

from django.utils import timezone

from portal.spreadsheets import formula_safe
from transitions.csv_import.check import CheckedRow
from transitions.csv_import.columns import COLUMNS
from transitions.selectors import facilities_for_user


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
