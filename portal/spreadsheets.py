"""The one guard against spreadsheet formulas in every file the admin offers.

A spreadsheet runs a cell whose text starts with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return as a formula, so a page title or a discharge reference typed as
``=HYPERLINK(…)`` would become a live link (or worse) in the file of whoever opens an
export. The response exports, the transitions import's files and every Wagtail report
(Site history, Aging pages, our own reports) go through ``formula_safe``:

- in CSV, such a cell gets a leading apostrophe, which spreadsheets read as "this is text"
  (OWASP's advice: a CSV has no other way to say so);
- in XLSX, ``xlsx_cell`` stores text as a text cell (never a formula), exactly as typed with
  no apostrophe to explain, and gives a would-be formula the "quote prefix" style, so Excel
  and LibreOffice keep it text even when someone edits the cell.

Wagtail's ``SpreadsheetExportMixin`` writes the CSV and XLSX of every report, and of every
generic listing's export. ``spreadsheet_exports_guard`` (run once by ``PortalConfig.ready``)
puts the guard into its two methods, so no report, ours or Wagtail's, can be added without it.
"""

from __future__ import annotations

from functools import wraps

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

# A spreadsheet runs a cell starting with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def formula_safe(value: object) -> object:
    """A cell as written to CSV: text that a spreadsheet would run as a formula gets a
    leading apostrophe; numbers, dates and other text are left alone."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def xlsx_cell(sheet, value: object) -> object:
    """A value for a row of a write-only XLSX ``sheet``: text becomes an inert text cell
    (see ``inert_text``), without the control characters the file format cannot hold;
    numbers and dates are left alone."""
    if not isinstance(value, str):
        return value
    return inert_text(WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value)))


def inert_text(cell):
    """``cell`` stored as text, never as a formula (openpyxl makes a formula of text that
    starts with "="), and text a spreadsheet would run marked with the quote-prefix style."""
    if isinstance(cell.value, str):
        cell.data_type = "s"
        if cell.value.startswith(FORMULA_STARTS):
            cell.quotePrefix = True
    return cell


def spreadsheet_exports_guard() -> None:
    """Make every CSV and XLSX that Wagtail's spreadsheet exports write formula-safe
    (idempotent).

    Wagtail has no hook for this, and its reports (Site history, Aging pages) are views
    we do not declare, so the guard goes into the mixin they all share.
    """
    # Wagtail's admin needs the app registry; at the top it would bar model modules from this file.
    from wagtail.admin.views.mixins import SpreadsheetExportMixin

    original = SpreadsheetExportMixin.preprocess_field_value
    if getattr(original, "formula_safe", False):
        return

    @wraps(original)
    def preprocess_field_value(self, field, value, export_format):
        value = original(self, field, value, export_format)
        return formula_safe(value) if export_format == self.FORMAT_CSV else value

    original_row = SpreadsheetExportMixin.generate_xlsx_row

    @wraps(original_row)
    def generate_xlsx_row(self, worksheet, row_dict, date_format=None):
        return (inert_text(cell) for cell in original_row(self, worksheet, row_dict, date_format=date_format))

    preprocess_field_value.formula_safe = True
    SpreadsheetExportMixin.preprocess_field_value = preprocess_field_value
    SpreadsheetExportMixin.generate_xlsx_row = generate_xlsx_row
