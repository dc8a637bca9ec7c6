"""Checking every row of a parsed file: each row's cells (transitions.csv_import.cells),
then the rows against each other (one row per reference), then each row without problems
against what is stored, as the importing user may see and change it."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from transitions.csv_import.cells import cells_check, shown
from transitions.csv_import.lookups import Lookups
from transitions.csv_import.read import ParsedFile
from transitions.models import CareTransition

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


def _reference_unusable(reference: str) -> str:
    """One answer for every reference this user may not import, whoever holds it: saying
    "already used by a discharge you cannot change" would confirm that another facility
    has a discharge with that number."""
    return _(
        "%(value)s cannot be imported with your account. Check the reference; if it is right, "
        "ask a manager to import this row."
    ) % {"value": shown(reference)}


def _settle(row: CheckedRow, lookups: Lookups) -> None:
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
    lookups = Lookups(parsed=parsed, user=user, lock=lock)
    rows = [CheckedRow(number=number, cells=cells) for number, cells in parsed.rows]
    for row in rows:
        cells_check(row, parsed, lookups)

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
