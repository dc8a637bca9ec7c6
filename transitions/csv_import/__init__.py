"""Importing care transitions from a CSV file: reading the file, checking every row in plain
language, and saving the valid rows with their invitations in one transaction.

One module per step, and this package is their public face (``from transitions import
csv_import``):

- ``columns``: the columns, which are required, the limits, the help for the upload page;
- ``read``: refuse what is not CSV, decode, find the separator and header, map the header;
- ``lookups``: what the rows are checked against, fetched in a few queries;
- ``cells``: one small checker per column, looked up from a table;
- ``check``: the rows against each other and against what is stored;
- ``commit``: the one transaction that saves the rows and schedules their invitations;
- ``stash``: the upload kept server-side between the preview and the import;
- ``files``: the template and the not-imported rows written back as CSV.

The file is read as a stream and abandoned as soon as it breaks a limit, so a huge file
costs neither memory nor the database anything. Values are always text: nothing is ever
evaluated, and any CSV written back has formula-like cells neutralised.
"""

from transitions.csv_import.cells import shown
from transitions.csv_import.check import CREATE, UNCHANGED, UPDATE, Check, CheckedRow, Problem, check_rows
from transitions.csv_import.columns import (
    CHANGE_PERMISSION,
    COLUMNS,
    IMPORT_PERMISSION,
    MAX_BYTES,
    MAX_COLUMNS,
    MAX_ROWS,
    REQUIRED_COLUMNS,
    column_help,
)
from transitions.csv_import.commit import ALL_OR_NOTHING, VALID_ONLY, ImportResult, import_commit
from transitions.csv_import.files import csv_text, problem_rows_csv, template_csv
from transitions.csv_import.read import ImportFileError, ParsedFile, read_upload
from transitions.csv_import.stash import commit_claim, commit_release, stash, state_load, state_save

__all__ = [
    "ALL_OR_NOTHING",
    "CHANGE_PERMISSION",
    "COLUMNS",
    "CREATE",
    "IMPORT_PERMISSION",
    "MAX_BYTES",
    "MAX_COLUMNS",
    "MAX_ROWS",
    "REQUIRED_COLUMNS",
    "UNCHANGED",
    "UPDATE",
    "VALID_ONLY",
    "Check",
    "CheckedRow",
    "ImportFileError",
    "ImportResult",
    "ParsedFile",
    "Problem",
    "check_rows",
    "column_help",
    "commit_claim",
    "commit_release",
    "csv_text",
    "import_commit",
    "problem_rows_csv",
    "read_upload",
    "shown",
    "stash",
    "state_load",
    "state_save",
    "template_csv",
]
