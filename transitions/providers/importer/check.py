"""The preview of an import: each provider in the file is new, changed or unchanged against
what is stored, and each row that cannot be imported is listed with its column and a
sentence saying what is wrong.

A row with a problem is left out whole (in a long file a row is one measure, so only that
measure is). Two queries for every 2,000 providers: those with the file's CCNs, and
their measures.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from transitions.models import Facility, ProviderMeasure
from transitions.providers.geo import zip_location
from transitions.providers.importer.files import LONG, FileSpec, column_name, provider_kind_label
from transitions.providers.importer.read import ProviderFile
from transitions.providers.importer.values import (
    CellProblem,
    MeasureValue,
    ccn_read,
    date_read,
    location_read,
    measure_read,
    phone_read,
    text_read,
    zip_read,
)
from transitions.providers.measures import MEASURES

NEW = "new"
CHANGED = "changed"
UNCHANGED = "unchanged"
DETAILS = ("name", "address", "city", "state", "zip_code", "phone", "ownership")
LOCATION = ("latitude", "longitude", "location_source")
LIMITS = {"name": 150, "address": 200, "city": 80, "ownership": 80}
QUERY_CHUNK = 2000


@dataclass(frozen=True)
class Problem:
    row: int
    column: str
    message: str


@dataclass
class ProviderPlan:
    """What the import does to one provider."""

    ccn: str
    row: int  # the first row it is on
    details: dict = field(default_factory=dict)  # Facility fields the file gives
    location: tuple | None = None  # (latitude, longitude) from the file
    measures: dict[str, MeasureValue] = field(default_factory=dict)
    facility_id: int | None = None
    stored: dict = field(default_factory=dict)  # the Facility's fields as stored
    action: str = NEW
    changes: list[str] = field(default_factory=list)  # the names of what changes

    @property
    def name(self) -> str:
        return self.details.get("name") or self.stored.get("name") or self.ccn

    def facility_fields(self) -> dict:
        """Every detail and location field as it is to be saved."""
        fields = {name: self.stored.get(name, "") for name in DETAILS}
        fields.update({name: self.stored.get(name) for name in LOCATION})
        fields["location_source"] = fields["location_source"] or ""
        fields.update(self.details)
        fields.update(self._location(fields["zip_code"]))
        return fields

    def _location(self, zip_code: str) -> dict:
        if self.location is not None:
            return {"latitude": self.location[0], "longitude": self.location[1], "location_source": "file"}
        stored_zip = self.stored.get("zip_code")
        if self.stored.get("latitude") is not None and stored_zip == zip_code:
            return {}  # where it was (from an earlier file, or the same ZIP code's centre)
        centre = zip_location(zip_code)
        if centre is None:
            return {"latitude": None, "longitude": None, "location_source": ""}
        return {"latitude": round(centre[0], 6), "longitude": round(centre[1], 6), "location_source": "zip"}


@dataclass
class ImportCheck:
    file: ProviderFile
    providers: list[ProviderPlan]
    problems: list[Problem]
    stored_measures: dict[tuple[int, str], tuple] = field(default_factory=dict)

    @property
    def problem_rows(self) -> int:
        return len({problem.row for problem in self.problems})

    def count(self, action: str) -> int:
        return sum(1 for plan in self.providers if plan.action == action)


def _cells(provider_file: ProviderFile, cells: list[str]) -> dict[str, str]:
    return dict(zip(provider_file.fields, cells, strict=False))


def _details(row: dict[str, str]) -> dict:
    details = {}
    if row.get("name", "").strip():
        details["name"] = text_read(row["name"], LIMITS["name"])
    if "address" in row:
        lines = [text_read(row.get(name, ""), LIMITS["address"]) for name in ("address", "address_2")]
        details["address"] = ", ".join(line for line in lines if line)[: LIMITS["address"]]
    if "city" in row:
        details["city"] = text_read(row["city"], LIMITS["city"])
    if "state" in row:
        details["state"] = text_read(row["state"], 2).upper()
    if "zip_code" in row:
        details["zip_code"] = zip_read(row["zip_code"])
    if "phone" in row:
        details["phone"] = phone_read(row["phone"])
    if "ownership" in row:
        details["ownership"] = text_read(row["ownership"], LIMITS["ownership"])
    return details


class _RowReader:
    """Reads the rows of one file into provider plans, collecting problems."""

    def __init__(self, provider_file: ProviderFile):
        self.file = provider_file
        self.spec: FileSpec = provider_file.spec
        self.plans: dict[str, ProviderPlan] = {}
        self.problems: list[Problem] = []
        self.seen: dict[tuple[str, str], int] = {}

    def column(self, field_name: str) -> str:
        return column_name(self.spec, self.file.header, field_name)

    def problem(self, number: int, field_name: str, message: str) -> None:
        self.problems.append(Problem(number, self.column(field_name), message))

    def _measures(self, number: int, row: dict[str, str]) -> dict[str, MeasureValue] | None:
        measures, ok = {}, True
        if self.spec.shape == LONG:
            code = row["measure_code"].strip().upper()
            if not code:  # a row kept for the provider's details only (read._parse)
                return measures
            items = [(self.spec.measure_codes[code], "score", "footnote")]
        else:
            items = [(code, value, footnote) for code, (value, footnote) in self.spec.measures.items()]
        for code, value_field, footnote_field in items:
            if value_field not in row:
                continue
            try:
                measures[code] = measure_read(MEASURES[code], row[value_field], row.get(footnote_field, ""))
            except CellProblem as problem:
                self.problem(number, value_field, problem.message)
                ok = False
        return measures if ok else None

    def _duplicate(self, number: int, ccn: str, row: dict[str, str]) -> bool:
        key = (ccn, row.get("measure_code", "").strip().upper())
        if key in self.seen:
            if self.spec.shape == LONG:
                message = _("CCN %(ccn)s already has measure %(code)s on row %(row)s; this row was left out.")
            else:
                message = _("CCN %(ccn)s is also on row %(row)s. A provider may be in the file only once.")
            self.problem(number, "ccn", message % {"ccn": ccn, "code": key[1], "row": self.seen[key]})
            return True
        self.seen[key] = number
        return False

    def read(self, number: int, cells: list[str]) -> None:
        row = _cells(self.file, cells)
        try:
            ccn = ccn_read(row.get("ccn", ""))
        except CellProblem as problem:
            self.problem(number, "ccn", problem.message)
            return
        if self._duplicate(number, ccn, row):
            return
        ok = True
        if "processing_date" in row and row["processing_date"].strip():
            try:
                date_read(row["processing_date"])
            except CellProblem as problem:
                self.problem(number, "processing_date", problem.message)
                ok = False
        location = None
        try:
            location = location_read(row.get("latitude", ""), row.get("longitude", ""))
        except CellProblem as problem:
            self.problem(number, "latitude", problem.message)
            ok = False
        measures = self._measures(number, row)
        if not ok or measures is None:
            return
        plan = self.plans.get(ccn)
        if plan is None:
            plan = self.plans[ccn] = ProviderPlan(
                ccn=ccn, row=number, details=_details(row), location=location
            )
        plan.measures.update(measures)


def chunks(items: list, size: int = QUERY_CHUNK):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _stored_facilities(ccns: list[str]) -> dict[str, dict]:
    fields = ("pk", "ccn", "kind", *DETAILS, *LOCATION)
    stored = {}
    for chunk in chunks(ccns):
        for row in Facility.objects.filter(ccn__in=chunk).values(*fields):
            stored[row["ccn"]] = row
    return stored


def _stored_measures(facility_ids: list[int], codes: list[str]) -> dict[tuple[int, str], tuple]:
    """(facility id, code) -> (pk, value, text, footnote, release id)."""
    stored = {}
    for chunk in chunks(facility_ids):
        rows = ProviderMeasure.objects.filter(facility_id__in=chunk, code__in=codes).values_list(
            "facility_id", "code", "pk", "value", "text", "footnote", "release_id"
        )
        for facility_id, code, *rest in rows:
            stored[(facility_id, code)] = tuple(rest)
    return stored


def _compare(plan: ProviderPlan, stored_measures: dict) -> None:
    """Set the plan's action and what changes, against what is stored."""
    if plan.facility_id is None:
        plan.action = NEW
        return
    changes = []
    fields = plan.facility_fields()
    for name in (*DETAILS, "latitude", "longitude"):
        if fields[name] != plan.stored.get(name):
            label = (
                _("location")
                if name in ("latitude", "longitude")
                else str(Facility._meta.get_field(name).verbose_name)
            )
            if label not in changes:
                changes.append(label)
    for code, measure in plan.measures.items():
        stored = stored_measures.get((plan.facility_id, code))
        if stored is None or (stored[1], stored[2], stored[3]) != measure.as_tuple():
            changes.append(str(MEASURES[code].label))
    plan.changes = changes
    plan.action = CHANGED if changes else UNCHANGED


def _match_stored(reader: _RowReader, stored: dict[str, dict]) -> list[ProviderPlan]:
    spec = reader.spec
    plans = []
    for plan in reader.plans.values():
        facility = stored.get(plan.ccn)
        if facility is not None and facility["kind"] != spec.provider_kind:
            reader.problem(
                plan.row,
                "ccn",
                _("CCN %(ccn)s is %(name)s, listed as a %(kind)s, not a %(file_kind)s; the row was left out.")
                % {
                    "ccn": plan.ccn,
                    "name": facility["name"],
                    "kind": provider_kind_label(facility["kind"]).lower(),
                    "file_kind": provider_kind_label(spec.provider_kind).lower(),
                },
            )
            continue
        if facility is None and not spec.creates_providers:
            reader.problem(
                plan.row,
                "ccn",
                _(
                    "No %(kind)s with CCN %(ccn)s is in the directory yet. Import Medicare's file that "
                    "lists them first, then this one."
                )
                % {"kind": provider_kind_label(spec.provider_kind).lower(), "ccn": plan.ccn},
            )
            continue
        if facility is None and not plan.details.get("name"):
            reader.problem(plan.row, "name", _("The provider's name is missing."))
            continue
        if facility is not None:
            plan.facility_id, plan.stored = facility["pk"], facility
        plans.append(plan)
    return plans


def provider_file_check(provider_file: ProviderFile) -> ImportCheck:
    """What importing ``provider_file`` would do, provider by provider, and its problems."""
    reader = _RowReader(provider_file)
    for number, cells in provider_file.rows:
        reader.read(number, cells)
    stored = _stored_facilities(list(reader.plans))
    plans = _match_stored(reader, stored)
    codes = sorted({code for plan in plans for code in plan.measures})
    stored_measures = _stored_measures([plan.facility_id for plan in plans if plan.facility_id], codes)
    for plan in plans:
        _compare(plan, stored_measures)
    problems = sorted(reader.problems, key=lambda problem: problem.row)
    return ImportCheck(
        file=provider_file, providers=plans, problems=problems, stored_measures=stored_measures
    )
