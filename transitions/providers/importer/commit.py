"""Saving an import: in one transaction, the file is checked again, its release recorded, new
providers created and changed ones updated in batches, each measure kept with the release it
is as of, and one entry written to the audit log.

Idempotent: a file already imported is checked as all unchanged, its release is found again
rather than recorded twice, and nothing is written but the log entry that says so. Writes
are in batches (providers by bulk_create and bulk_update; new measures many rows to a
statement; one UPDATE per batch for measures whose value stays and whose release moves), so
the national nursing-home file of about 15,000 rows and 90,000 measures takes seconds.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from django.db import connection, transaction
from wagtail.log_actions import log

from transitions.models import Facility, ProviderDataRelease, ProviderMeasure
from transitions.providers.importer.check import (
    CHANGED,
    DETAILS,
    LOCATION,
    NEW,
    UNCHANGED,
    ImportCheck,
    chunks,
    provider_file_check,
)
from transitions.providers.importer.read import ProviderFile

PROVIDER_IMPORT = "transitions.providers.import"
BATCH = 1000


@dataclass
class ImportResult:
    file_kind: str
    file_name: str
    released_on: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rows_not_imported: int = 0
    measures_saved: int = 0

    def to_state(self) -> dict:
        return asdict(self)

    @classmethod
    def from_state(cls, state: dict) -> ImportResult:
        return cls(**state)


def _release(provider_file: ProviderFile, *, user) -> ProviderDataRelease:
    """The release this file's data is as of: found again when it was imported before."""
    release = (
        ProviderDataRelease.objects.filter(
            file_kind=provider_file.kind, released_on=provider_file.released_on
        )
        .order_by("pk")
        .first()
    )
    if release is None:
        release = ProviderDataRelease.objects.create(
            file_kind=provider_file.kind,
            released_on=provider_file.released_on,
            file_name=provider_file.file_name,
            rows=provider_file.rows_in_file,
            imported_by=user if getattr(user, "pk", None) else None,
        )
    return release


def _facilities_save(check: ImportCheck) -> None:
    """Create the new providers and update the changed ones; sets each new plan's id."""
    kind = check.file.spec.provider_kind
    new = [plan for plan in check.providers if plan.action == NEW]
    created = Facility.objects.bulk_create(
        [Facility(kind=kind, ccn=plan.ccn, active=True, **plan.facility_fields()) for plan in new],
        batch_size=BATCH,
    )
    if any(facility.pk is None for facility in created):
        ids = {}
        for chunk in chunks([plan.ccn for plan in new]):
            ids.update(Facility.objects.filter(ccn__in=chunk).values_list("ccn", "pk"))
        for plan in new:
            plan.facility_id = ids[plan.ccn]
    else:
        for plan, facility in zip(new, created, strict=True):
            plan.facility_id = facility.pk
    changed = [
        Facility(pk=plan.facility_id, **plan.facility_fields())
        for plan in check.providers
        if plan.action == CHANGED
    ]
    Facility.objects.bulk_update(changed, [*DETAILS, *LOCATION], batch_size=BATCH)


MEASURE_COLUMNS = ("facility_id", "code", "value", "text", "footnote", "release_id")
POSTGRES_ARRAYS = ("integer[]", "text[]", "numeric[]", "text[]", "text[]", "integer[]")


def _measures_insert(rows: list[tuple]) -> None:
    """Insert measures given as (facility id, code, value, text, footnote, release id). The
    national file has about 90,000: a model instance each (bulk_create) or a statement each
    (executemany) would take most of the import's time. PostgreSQL takes each column as one
    array (``unnest``), so a statement has six parameters however many rows it inserts;
    other databases take many rows to a statement, within their limit on parameters."""
    quote = connection.ops.quote_name
    table, columns = quote(ProviderMeasure._meta.db_table), ", ".join(quote(name) for name in MEASURE_COLUMNS)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            arrays = ", ".join(f"%s::{kind}" for kind in POSTGRES_ARRAYS)
            sql = f"INSERT INTO {table} ({columns}) SELECT * FROM unnest({arrays})"  # noqa: S608 - model names
            for chunk in chunks(rows, 20_000):
                cursor.execute(sql, [list(cells) for cells in zip(*chunk, strict=True)])
            return
        one_row = f"({', '.join(['%s'] * len(MEASURE_COLUMNS))})"
        per_statement = max(
            1, min(1000, (connection.features.max_query_params or 65535) // len(MEASURE_COLUMNS))
        )
        for chunk in chunks(rows, per_statement):
            values = ", ".join([one_row] * len(chunk))
            sql = f"INSERT INTO {table} ({columns}) VALUES {values}"  # noqa: S608 - model names, values as parameters
            cursor.execute(sql, [cell for row in chunk for cell in row])


def _measures_save(check: ImportCheck, release: ProviderDataRelease) -> int:
    """Create, update or move to ``release`` every measure in the file; returns how many
    rows were written."""
    new, changed, moved = [], [], []
    for plan in check.providers:
        for code, measure in plan.measures.items():
            stored = check.stored_measures.get((plan.facility_id, code))
            if stored is None:
                new.append(
                    (plan.facility_id, code, measure.value, measure.text, measure.footnote, release.pk)
                )
            elif (stored[1], stored[2], stored[3]) != measure.as_tuple():
                changed.append(
                    ProviderMeasure(
                        pk=stored[0],
                        value=measure.value,
                        text=measure.text,
                        footnote=measure.footnote,
                        release=release,
                    )
                )
            elif stored[4] != release.pk:
                moved.append(stored[0])
    _measures_insert(new)
    ProviderMeasure.objects.bulk_update(changed, ["value", "text", "footnote", "release"], batch_size=BATCH)
    for chunk in chunks(moved):
        ProviderMeasure.objects.filter(pk__in=chunk).update(release=release)
    return len(new) + len(changed) + len(moved)


def provider_file_import(*, provider_file: ProviderFile, user=None, actor: str = "") -> ImportResult:
    """Check ``provider_file`` again and save it: providers created or updated by CCN, each
    measure with its release; rows with problems are left out. One audit-log entry records
    the import (``actor`` names a command run with no signed-in user)."""
    with transaction.atomic():
        check = provider_file_check(provider_file)
        release = _release(provider_file, user=user)
        _facilities_save(check)
        saved = _measures_save(check, release)
        result = ImportResult(
            file_kind=provider_file.kind,
            file_name=provider_file.file_name,
            released_on=provider_file.released_on.isoformat(),
            created=check.count(NEW),
            updated=check.count(CHANGED),
            unchanged=check.count(UNCHANGED),
            rows_not_imported=check.problem_rows,
            measures_saved=saved,
        )
        log(
            instance=release,
            action=PROVIDER_IMPORT,
            user=user if getattr(user, "pk", None) else None,
            data={**result.to_state(), "actor": actor},
        )
    return result
