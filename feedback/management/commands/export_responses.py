"""Export survey responses to a file, for scheduled jobs: the same rows, columns and audit
entry as a download from the review area, with every facility in scope."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import uuid

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils import timezone

from feedback.audit import SYSTEM_ACTOR
from feedback.exports import FORMATS, ExportOptions, responses_export
from surveys.models import Response, Survey, SurveyVersion
from transitions.models import Facility


class Command(BaseCommand):
    help = "Export survey responses as CSV, XLSX or a FHIR Bundle, and record the export in the audit trail."

    def add_arguments(self, parser):
        parser.add_argument("--format", required=True, choices=FORMATS)
        parser.add_argument("--labels", action="store_true", help="Answer labels instead of codes.")
        parser.add_argument(
            "--deidentified",
            action="store_true",
            help="No contact details or free text; hashed references; shifted dates.",
        )
        parser.add_argument(
            "--survey",
            help="The survey's title (in any language), number or translation key. "
            "Needed when more than one survey has responses.",
        )
        parser.add_argument("--facility", help="Only transitions from or to this facility (number or name).")
        parser.add_argument("--since", help="Only responses submitted on or after this date (YYYY-MM-DD).")
        parser.add_argument("--output", required=True, help="The file to write.")

    def handle(self, *args, **options):
        translation_key = _survey_key(options["survey"])
        filters = {"survey": str(translation_key)}
        versions = list(
            SurveyVersion.objects.filter(survey__translation_key=translation_key).select_related("survey")
        )
        responses = Response.objects.filter(version__in=[version.pk for version in versions])
        if options["facility"]:
            chosen = _facility(options["facility"])
            responses = responses.filter(
                Q(transition__discharging_facility=chosen) | Q(transition__receiving_facility=chosen)
            )
            filters["facility"] = chosen.pk
        if options["since"]:
            day = _date(options["since"])
            start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
            responses = responses.filter(submitted_at__gte=start)
            filters["since"] = day.isoformat()

        output = options["output"]
        export_options = ExportOptions(
            format=options["format"], labels=options["labels"], deidentified=options["deidentified"]
        )
        part = f"{output}.part"
        try:
            # Only the owner may read it: the file holds patients' answers.
            file = os.fdopen(os.open(part, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb")
        except OSError as error:
            raise CommandError(f"Cannot write {output}: {error.strerror}.") from None
        try:
            with file:
                rows, chunks = responses_export(
                    responses=responses,
                    versions=versions,
                    survey=_survey_for_audit(translation_key),
                    options=export_options,
                    user=None,
                    actor=SYSTEM_ACTOR,
                    filters=filters,
                )
                for chunk in chunks:
                    file.write(chunk)
            os.replace(part, output)
        except BaseException as error:
            # A failed run leaves no half-written file behind.
            with contextlib.suppress(FileNotFoundError):
                os.remove(part)
            if isinstance(error, OSError):
                raise CommandError(f"Cannot write {output}: {error.strerror or error}.") from None
            raise
        self.stdout.write(f"Exported {rows} responses to {output}")


def _survey_key(given: str | None) -> uuid.UUID:
    """The translation key of the survey named on the command line, or of the only survey
    with responses."""
    surveys = Survey.objects.all()
    given = (given or "").strip()
    if not given:
        answered = surveys.filter(versions__responses__isnull=False)
        keys = set(answered.values_list("translation_key", flat=True))
        if len(keys) == 1:
            return keys.pop()
        if not keys:
            raise CommandError(f"No survey has responses yet. Surveys: {_titles(surveys)}.")
        raise CommandError(
            f"More than one survey has responses; choose one with --survey: {_titles(answered)}."
        )
    matches = Q(title__iexact=given)
    if given.isdecimal():
        matches |= Q(pk=int(given))
    with contextlib.suppress(ValueError):
        matches |= Q(translation_key=uuid.UUID(given))
    keys = set(surveys.filter(matches).values_list("translation_key", flat=True))
    if len(keys) == 1:
        return keys.pop()
    if not keys:
        raise CommandError(f"There is no survey {given!r}. Surveys: {_titles(surveys)}.")
    raise CommandError(f"More than one survey is called {given!r}; give its number or translation key.")


def _titles(surveys) -> str:
    titles = sorted(set(surveys.values_list("title", flat=True)), key=str.lower)
    return ", ".join(titles) or "(none)"


def _survey_for_audit(translation_key: uuid.UUID) -> Survey:
    """The survey in the site's own language, else any of its translations."""
    translations = Survey.objects.filter(translation_key=translation_key)
    return (
        translations.filter(locale__language_code=settings.LANGUAGE_CODE).first()
        or translations.order_by("pk").first()
    )


def _facility(given: str) -> Facility:
    given = given.strip()
    matches = Q(name=given)
    if given.isdecimal():
        matches |= Q(pk=int(given))
    found = list(Facility.objects.filter(matches))
    if len(found) == 1:
        return found[0]
    if not found:
        raise CommandError(f"There is no facility {given!r}.")
    raise CommandError(f"More than one facility matches {given!r}; give its number instead.")


def _date(given: str) -> dt.date:
    try:
        return dt.date.fromisoformat(given.strip())
    except ValueError:
        raise CommandError(f"--since must be a date such as 2026-01-31, not {given!r}.") from None
