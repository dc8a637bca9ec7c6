"""Daily figures: the dashboard's sums, kept per day and per everything it filters by.

One row per (day, version, facility, receiving facility, destination, liaison, language,
question key): ``key == ""`` holds the responses themselves (how many, and their transition
scores), any other key one scored question's answers. The dashboard adds these rows up in
the database instead of reading every answer, so it takes the same time whatever the
number of answers. A day's rows are rebuilt from the responses and answers under a lock on
that day: at once when a transition is edited, and for submitted responses from the
FiguresPending rows their submit left (see feedback.figures.figures_refresh).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class FiguresDay(models.Model):
    """One row per day with figures: the lock taken while the day's figures are rebuilt."""

    wagtail_reference_index_ignore = True
    day = models.DateField(primary_key=True)

    class Meta:
        db_table = "surveys_figuresday"  # the table it had in the surveys app

    def __str__(self) -> str:
        return self.day.isoformat()


class FiguresPending(models.Model):
    """A day whose figures miss a response submitted since they were last rebuilt. A submit
    only inserts one of these (no lock, no sums), so patients never wait on the day's totals
    and two submits never wait on each other."""

    wagtail_reference_index_ignore = True
    day = models.DateField()

    class Meta:
        db_table = "surveys_figurespending"  # the table it had in the surveys app

    def __str__(self) -> str:
        return self.day.isoformat()


class DailyFigures(models.Model):
    wagtail_reference_index_ignore = True
    day = models.DateField()
    version = models.ForeignKey("surveys.SurveyVersion", on_delete=models.CASCADE, related_name="+")
    facility = models.ForeignKey(
        "transitions.Facility", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    receiving_facility = models.ForeignKey(
        "transitions.Facility", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    destination_kind = models.CharField(max_length=20, blank=True)
    liaison = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    language = models.CharField(max_length=8)
    packet_status = models.CharField(max_length=8, blank=True)
    key = models.CharField(max_length=40, blank=True)
    # Responses (key "") or scored answers (any other key).
    n = models.PositiveIntegerField(default=0)
    # Answers: how many carry a value, and the sum of those values.
    value_n = models.PositiveIntegerField(default=0)
    value_sum = models.FloatField(default=0)
    # Responses: how many have a transition score; answers: how many are scored (= n).
    score_n = models.PositiveIntegerField(default=0)
    score_sum = models.FloatField(default=0)
    # Answers only: best answer (score 100), 9–10 and 0–6 on a 0–10 scale.
    top = models.PositiveIntegerField(default=0)
    promoters = models.PositiveIntegerField(default=0)
    detractors = models.PositiveIntegerField(default=0)

    class Meta:
        db_table = "surveys_dailyfigures"  # the table it had in the surveys app
        indexes = [
            models.Index(fields=["version", "day"]),
            # The responses' own rows (a tenth of the table) for the dashboard's trend and
            # breakdowns, read from the index alone on PostgreSQL (INCLUDE is ignored on SQLite).
            models.Index(
                fields=["version", "day"],
                include=["facility", "destination_kind", "liaison", "n", "score_n", "score_sum"],
                condition=models.Q(key=""),
                name="daily_figures_responses",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.key or 'responses'}"
