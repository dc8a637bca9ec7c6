"""Keeping the dashboard's daily figures (surveys.models.DailyFigures) in step with the
responses: a day's rows are rebuilt from its responses and answers, under a lock on the
day. A transition whose facilities, destination or liaison change rebuilds its days at
once; a submitted response only marks its day pending (figures_mark_pending), and the
days are rebuilt by figures_refresh, which the dashboard runs before it reads and a beat
sweep runs every minute. Rebuilding (rather than adding to running totals) means a rebuilt
day is always exactly what the responses say, however often or concurrently it runs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.apps import apps as installed_apps
from django.db import connection, transaction
from django.db.models import Count, F, Q, Sum, Value
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from feedback.models import FiguresPending

# The dimensions the dashboard filters and groups by (with destination_kind, language and
# packet_status):
# the same names on a response and on a daily figures row.
TOP_BOX = 100  # the best answer of a scored question scores 100 (reverse scoring included)
PROMOTER_FROM, DETRACTOR_TO = 9, 6  # on a 0–10 "would you recommend" scale
FOREIGN_KEYS = ("version", "facility", "receiving_facility", "liaison")


def local_day(moment: dt.datetime) -> dt.date:
    """The day (in the organization's time zone) a moment falls on."""
    return timezone.localtime(moment, timezone.get_default_timezone()).date()


def day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min), timezone.get_default_timezone())


def _ranges(days: list[dt.date]) -> list[tuple[dt.date, dt.date]]:
    """Sorted days as runs of consecutive days, (first, last) each."""
    runs: list[list[dt.date]] = []
    for day in days:
        if runs and day - runs[-1][1] == dt.timedelta(days=1):
            runs[-1][1] = day
        else:
            runs.append([day, day])
    return [(first, last) for first, last in runs]


def _figures_model(apps, name: str):
    """The figures' model: in the feedback app, or still in surveys for the data migrations
    that ran before it moved (surveys 0005 and 0006)."""
    try:
        return apps.get_model("feedback", name)
    except LookupError:
        return apps.get_model("surveys", name)


def figures_rebuild(*, days: Iterable[dt.date], version_ids: Iterable[int] | None = None, apps=None) -> int:
    """Rebuild the daily figures of ``days`` from the responses, for the given survey
    versions only (a submit touches one) or for all; returns the rows written. ``apps``
    lets a data migration pass its historical models."""
    apps = installed_apps if apps is None else apps
    Response = apps.get_model("surveys", "Response")
    Answer = apps.get_model("surveys", "Answer")
    DailyFigures = _figures_model(apps, "DailyFigures")
    FiguresDay = _figures_model(apps, "FiguresDay")
    version_ids = None if version_ids is None else list(version_ids)
    wanted = sorted(set(days))
    if not wanted:
        return 0
    written = 0
    with transaction.atomic():
        FiguresDay.objects.bulk_create([FiguresDay(day=day) for day in wanted], ignore_conflicts=True)
        # Two rebuilds of the same day wait for each other here, so neither loses the other's response.
        list(FiguresDay.objects.select_for_update().filter(day__in=wanted).order_by("day"))
        for first, last in _ranges(wanted):
            chosen = Q() if version_ids is None else Q(version_id__in=version_ids)
            DailyFigures.objects.filter(chosen, day__gte=first, day__lte=last).delete()
            start, end = day_start(first), day_start(last + dt.timedelta(days=1))
            responses = _grouped(
                Response.objects.filter(chosen, submitted_at__gte=start, submitted_at__lt=end), prefix=""
            ).annotate(
                f_n=Count("pk"),
                f_value_n=Value(0),
                f_value_sum=Value(0.0),
                f_score_n=Count("score"),
                f_score_sum=Coalesce(Sum("score"), 0.0),
                f_top=Value(0),
                f_promoters=Value(0),
                f_detractors=Value(0),
            )
            answers = _grouped(
                Answer.objects.filter(
                    Q() if version_ids is None else Q(response__version_id__in=version_ids),
                    response__submitted_at__gte=start,
                    response__submitted_at__lt=end,
                    score__isnull=False,
                ),
                prefix="response__",
            ).annotate(
                f_n=Count("pk"),
                f_value_n=Count("value"),
                f_value_sum=Coalesce(Sum("value"), 0.0),
                f_score_n=Count("score"),
                f_score_sum=Coalesce(Sum("score"), 0.0),
                f_top=Count("pk", filter=Q(score__gte=TOP_BOX)),
                f_promoters=Count("pk", filter=Q(value__gte=PROMOTER_FROM)),
                f_detractors=Count("pk", filter=Q(value__lte=DETRACTOR_TO)),
            )
            written += _insert_from(DailyFigures, responses) + _insert_from(DailyFigures, answers)
    return written


COLUMNS = (
    "day",
    "version_id",
    "facility_id",
    "receiving_facility_id",
    "destination_kind",
    "liaison_id",
    "language",
    "packet_status",
    "key",
    "n",
    "value_n",
    "value_sum",
    "score_n",
    "score_sum",
    "top",
    "promoters",
    "detractors",
)
LATER_COLUMNS = ("packet_status",)


def _grouped(queryset, *, prefix: str):
    """Rows grouped by day and every dimension (and by question key for answers), each
    named after the daily figures column it fills (``f_<column>``)."""
    tz = timezone.get_default_timezone()
    model = queryset.model if not prefix else queryset.model._meta.get_field("response").related_model
    # Columns a later migration added are left out while an earlier one rebuilds.
    extra = {f"f_{name}": F(f"{prefix}{name}") for name in LATER_COLUMNS if _has_field(model, name)}
    dimensions = {
        f"f_{name}_id": F(f"{prefix}{name}")
        for name in ("version", "facility", "receiving_facility", "liaison")
    }
    return (
        queryset.annotate(
            f_day=TruncDate(f"{prefix}submitted_at", tzinfo=tz),
            f_destination_kind=F(f"{prefix}destination_kind"),
            f_language=F(f"{prefix}language"),
            f_key=F("key") if prefix else Value(""),
            **dimensions,
            **extra,
        )
        .values("f_day", "f_destination_kind", "f_language", "f_key", *dimensions, *extra)
        .order_by()
    )


def _has_field(model, name: str) -> bool:
    return any(field.name == name for field in model._meta.get_fields())


def _insert_from(model, grouped) -> int:
    """INSERT … SELECT: the grouped rows go straight into the table, in one statement
    whatever their number (so storing a response takes a fixed number of queries)."""
    sql, params = grouped.query.sql_with_params()
    quote = connection.ops.quote_name
    names = [name for name in COLUMNS if name not in LATER_COLUMNS or _has_field(model, name)]
    columns = ", ".join(quote(name) for name in names)
    selected = ", ".join(f"grouped.{quote('f_' + name)}" for name in names)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(model._meta.db_table)} ({columns}) SELECT {selected} FROM ({sql}) grouped",  # noqa: S608 - names are ours, values are parameters
            params,
        )
        return max(cursor.rowcount, 0)


def figures_mark_pending(*, day: dt.date) -> None:
    """Note that ``day`` has a response its figures do not count yet (one INSERT, taken in
    the submit's own transaction, so the mark exists exactly when the response does)."""
    FiguresPending.objects.create(day=day)


def figures_refresh(*, limit: int = 10_000) -> int:
    """Rebuild the days marked pending; returns how many days were rebuilt. One query when
    nothing is pending. Safe to run twice at once and beside submits: only the marks read
    before the rebuild are removed after it, and a response committed meanwhile leaves a
    mark of its own for the next refresh."""
    pending = list(FiguresPending.objects.order_by().values_list("pk", "day")[:limit])
    if not pending:
        return 0
    days = {day for _, day in pending}
    figures_rebuild(days=days)
    FiguresPending.objects.filter(pk__in=[pk for pk, _ in pending]).delete()
    return len(days)


def figures_rebuild_for(responses) -> int:
    """Rebuild the days these responses were submitted on."""
    return figures_rebuild(
        days={local_day(moment) for moment in responses.values_list("submitted_at", flat=True)}
    )


def figures_rebuild_all(*, apps=None) -> int:
    """Rebuild every day from the first response to the last (after a bulk load, in a data
    migration, or to check the figures)."""
    apps = installed_apps if apps is None else apps
    moments = apps.get_model("surveys", "Response").objects.order_by("submitted_at")
    moments = moments.values_list("submitted_at", flat=True)
    first, last = moments.first(), moments.last()
    if first is None:
        return 0
    start, end = local_day(first), local_day(last)
    return figures_rebuild(
        days=[start + dt.timedelta(days=n) for n in range((end - start).days + 1)], apps=apps
    )
