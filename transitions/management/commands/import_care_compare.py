"""Import a file from Medicare's Provider Data Catalog: ``manage.py import_care_compare
--kind snf NH_ProviderInfo_Aug2024.csv``. Prints the preview (new, changed and unchanged
providers, and each row with a problem), then imports unless ``--dry-run``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.core.files import File
from django.core.management.base import BaseCommand, CommandError

from transitions.models import PROVIDER_KINDS
from transitions.providers import importer

ACTOR = "import_care_compare"
SHOWN_PROBLEMS = 50


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--released takes a date such as 2025-09-01, not {value!r}.") from None


class Command(BaseCommand):
    help = "Import a Medicare Provider Data Catalog file (Care Compare) into the provider directory."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the CSV file as downloaded from data.cms.gov/provider-data")
        parser.add_argument(
            "--kind", required=True, choices=PROVIDER_KINDS, help="the kind of provider it lists"
        )
        parser.add_argument(
            "--released", help="the date the data is as of, when the file has no Processing Date"
        )
        parser.add_argument("--dry-run", action="store_true", help="show what would change; save nothing")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No file at {path}.")
        released = _date(options["released"]) if options["released"] else None
        with path.open("rb") as handle:
            try:
                provider_file = importer.read_upload(
                    File(handle, name=path.name),
                    provider_kind=options["kind"],
                    released=released,
                    file_name=path.name,
                )
            except importer.ProviderFileError as problem:
                raise CommandError(problem.message) from None
        check = importer.provider_file_check(provider_file)
        self._preview(provider_file, check)
        if options["dry_run"]:
            self.stdout.write("Dry run: nothing was saved.")
            return
        result = importer.provider_file_import(provider_file=provider_file, actor=ACTOR)
        rows = result.rows_not_imported
        self.stdout.write(
            f"Imported: {result.created} providers added, {result.updated} updated, "
            f"{result.unchanged} unchanged; {rows} row{'' if rows == 1 else 's'} not imported."
        )

    def _preview(self, provider_file, check) -> None:
        spec = provider_file.spec
        self.stdout.write(f"{provider_file.file_name}: {spec.title}, data as of {provider_file.released_on}")
        skipped = (
            f" ({provider_file.rows_skipped} rows of other measures skipped)"
            if provider_file.rows_skipped
            else ""
        )
        self.stdout.write(f"Rows read: {provider_file.rows_in_file}{skipped}")
        self.stdout.write(
            f"Providers: {check.count(importer.NEW)} new, {check.count(importer.CHANGED)} changed, "
            f"{check.count(importer.UNCHANGED)} unchanged; {check.problem_rows} rows with problems"
        )
        for problem in check.problems[:SHOWN_PROBLEMS]:
            self.stdout.write(f"Row {problem.row}, {problem.column}: {problem.message}")
        if len(check.problems) > SHOWN_PROBLEMS:
            self.stdout.write(f"… and {len(check.problems) - SHOWN_PROBLEMS} more problems.")
