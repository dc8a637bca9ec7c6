"""The one guard against spreadsheet formulas in every file the admin offers.

A spreadsheet runs a cell whose text starts with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return as a formula, so a page title or a discharge reference typed as
``=HYPERLINK(…)`` would become a live link (or worse) in the file of whoever opens an
export. The response exports, the transitions import's files and every Wagtail report
(Site history, Aging pages, our own reports) go through ``formula_safe``:

- in CSV, such a cell gets a leading apostrophe, which spreadsheets read as "this is text";
- in XLSX, Wagtail's reports store every text cell as a string cell (never a formula), so
  the text shows exactly as typed.

Wagtail's ``SpreadsheetExportMixin`` writes the CSV of every report, and of every generic
listing's export. ``spreadsheet_exports_guard`` (run once by ``PortalConfig.ready``) puts
the guard into that one method, so no report, ours or Wagtail's, can be added without it.
"""

from __future__ import annotations

from functools import wraps

# A spreadsheet runs a cell starting with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def formula_safe(value: object) -> object:
    """A cell as written to CSV: text that a spreadsheet would run as a formula gets a
    leading apostrophe; numbers, dates and other text are left alone."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def spreadsheet_exports_guard() -> None:
    """Make every CSV that Wagtail's spreadsheet exports write formula-safe (idempotent).

    Wagtail has no hook for this, and its reports (Site history, Aging pages) are views
    we do not declare, so the guard goes into the mixin they all share. XLSX needs nothing
    more: Wagtail already writes a would-be formula as a string cell.
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

    preprocess_field_value.formula_safe = True
    SpreadsheetExportMixin.preprocess_field_value = preprocess_field_value
