"""The dashboard's daily figures always equal what the responses and answers say: after a
submit, after a transition moves to another facility or liaison, and after a full rebuild."""

import datetime as dt
import threading

import pytest
from django.db import connection
from django.db.models import Count, Sum
from django.utils import timezone

from feedback.figures import figures_rebuild_all, figures_refresh, local_day
from feedback.models import DailyFigures, FiguresPending
from surveys.models import Answer, Response
from tests.surveys.factories import GOOD, POOR, answered_response

pytestmark = pytest.mark.both_databases


def totals_from_figures() -> dict:
    responses = DailyFigures.objects.filter(key="").aggregate(n=Sum("n"), score=Sum("score_sum"))
    answers = DailyFigures.objects.exclude(key="").aggregate(
        n=Sum("n"), score=Sum("score_sum"), top=Sum("top")
    )
    by_facility = dict(
        DailyFigures.objects.filter(key="")
        .values("facility")
        .annotate(total=Sum("n"))
        .values_list("facility", "total")
    )
    return {
        "responses": responses["n"] or 0,
        "response_score": round(responses["score"] or 0, 6),
        "answers": answers["n"] or 0,
        "answer_score": round(answers["score"] or 0, 6),
        "top": answers["top"] or 0,
        "by_facility": by_facility,
    }


def totals_from_rows() -> dict:
    scored = Answer.objects.filter(score__isnull=False)
    return {
        "responses": Response.objects.count(),
        "response_score": round(Response.objects.aggregate(s=Sum("score"))["s"] or 0, 6),
        "answers": scored.count(),
        "answer_score": round(scored.aggregate(s=Sum("score"))["s"] or 0, 6),
        "top": scored.filter(score__gte=100).count(),
        "by_facility": dict(
            Response.objects.values("facility").annotate(total=Count("pk")).values_list("facility", "total")
        ),
    }


def test_figures_follow_submits_moves_and_rebuilds(cast):
    page = cast.north_response.page.specific
    for number, when in enumerate([timezone.now() - dt.timedelta(days=d) for d in (0, 0, 1, 40)]):
        answered_response(
            page=page,
            facility=cast.south,
            answers=POOR if number % 2 else GOOD,
            reference=f"X-{number}",
            when=when,
        )
    # A submit only marks its day: the sums wait for the next refresh (the dashboard's or
    # the sweep's), which counts every response since.
    assert totals_from_figures() != totals_from_rows()
    assert figures_refresh() == 3  # today, yesterday and 40 days ago
    assert totals_from_figures() == totals_from_rows()
    assert FiguresPending.objects.count() == 0 and figures_refresh() == 0

    # A transition moved to the other hospital and liaison takes its response's figures along.
    transition = cast.north_response.transition
    transition.discharging_facility = cast.south
    transition.liaison = cast.south_liaison
    transition.save()
    assert totals_from_figures() == totals_from_rows()
    assert totals_from_figures()["by_facility"] == {cast.south.pk: 6}

    before = sorted(
        DailyFigures.objects.values_list("day", "key", "n", "score_sum", "facility", "liaison"), key=str
    )
    DailyFigures.objects.all().delete()
    figures_rebuild_all()
    after = sorted(
        DailyFigures.objects.values_list("day", "key", "n", "score_sum", "facility", "liaison"), key=str
    )
    assert after == before


@pytest.mark.django_db(transaction=True)
def test_concurrent_submits_on_one_day_are_all_counted(migrated_data, home_page, survey):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one writer at a time; the lock matters on PostgreSQL")
    from surveys.services import survey_page_ensure
    from transitions.models import Facility

    page = survey_page_ensure(parent=home_page, slug="move", title="Move", survey=survey, access="invitation")
    hospital = Facility.objects.create(name="Busy Hospital", kind="hospital")
    errors = []

    def submit(number):
        try:
            answered_response(page=page, facility=hospital, answers=GOOD, reference=f"C-{number}")
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    submitting = threading.Event()

    def refresh_while_submitting():
        # Rebuilds racing the submits must never drop a response from the figures.
        try:
            while not submitting.is_set():
                figures_refresh()
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    refresher = threading.Thread(target=refresh_while_submitting)
    refresher.start()
    threads = [threading.Thread(target=submit, args=(number,)) for number in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    submitting.set()
    refresher.join()
    assert not errors
    figures_refresh()
    today = local_day(timezone.now())
    assert DailyFigures.objects.filter(key="", day=today).aggregate(n=Sum("n"))["n"] == 8
    assert totals_from_figures() == totals_from_rows()
