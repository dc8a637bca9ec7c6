"""Saving an import: the rows are checked again under lock and, in one transaction, each
valid one is created or updated, recorded in the audit log and handed to the
TRANSITIONS_CHANGED hooks (which bring its invitations up to date)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from transitions.csv_import.check import CREATE, UNCHANGED, CheckedRow, check_rows
from transitions.csv_import.read import ParsedFile
from transitions.hooks import TRANSITIONS_CHANGED, hooks_run

VALID_ONLY = "valid_only"
ALL_OR_NOTHING = "all_or_nothing"


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


def _rows_save(rows: list[CheckedRow], result: ImportResult, *, parsed: ParsedFile, user) -> list:
    """Save each row that changes something, logging each with one id for the whole import,
    and count them in ``result``; returns the transitions saved."""
    batch = uuid.uuid4()
    changed = []
    for row in rows:
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
    return changed


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
            changed = _rows_save(check.valid_rows, result, parsed=parsed, user=user)
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
