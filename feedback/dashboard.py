"""The dashboard's figures, one function per figure, composed by ``dashboard_figures``.

Every figure starts from the user's scope and the review filters (``feedback.selectors``)
and is read from the daily figures in a grouped query, so the dashboard takes the same
number of queries whatever the number of responses."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext_lazy as _

from feedback.dashboard_numbers import change, flag, mean_of, nps, percent, rounded, sum_by
from feedback.dashboard_packets import PACKET_MIN_GROUP, packet_split
from feedback.dashboard_questions import questions_figures
from feedback.figures import figures_refresh
from feedback.review_filters import Period, ReviewFilterForm
from feedback.selectors import (
    daily_figures_for_review,
    facility_names_by_id,
    invitations_for_review,
    liaison_names_by_id,
)
from surveys import definition
from transitions.models import DESTINATION_KINDS
from transitions.providers.ratings import headline_ratings

# Points of transition score (0–100) between a provider's and the period's mean beyond which
# the dashboard says patients' experience and Medicare's stars disagree.
DISAGREEMENT_POINTS = 10


def dashboard_figures(*, user, form: ReviewFilterForm) -> dict:
    """Every figure of the dashboard for the form's filters: three grouped queries (the
    daily figures of responses, the daily figures of answers and responses by education
    packet, and the invitations) and two for the names of the facilities and liaisons in
    the breakdowns, whatever the number of responses; first, one query for days with
    responses not yet counted, rebuilt if there are any."""
    figures_refresh()  # responses submitted since the last sweep are counted too
    period = form.period()
    previous = period.previous
    both = period if previous is None else Period(start=previous.start, end=period.end)
    figures = daily_figures_for_review(user=user, form=form).filter(both.days())
    grouped = _grouped_rows(figures, period)
    current_rows = [row for row in grouped if row["current"]]
    previous_rows = [row for row in grouped if not row["current"]]
    invitations = _invitation_counts(user=user, form=form, period=period, both=both)
    questions, packet_rows = questions_figures(figures, period=period, versions=form.survey_versions())
    facility_names = facility_names_by_id(
        ids={row["facility"] for row in current_rows} | {row["receiving_facility"] for row in current_rows}
    )
    liaison_names = liaison_names_by_id(ids={row["liaison"] for row in current_rows})
    return {
        "period": period,
        "previous_period": previous,
        "responses": responses_figure(current_rows, previous_rows, previous=previous),
        "score": score_figure(current_rows, previous_rows, previous=previous),
        "invitations": invitations_figure(invitations, previous=previous),
        "nps": nps_figure(questions, previous=previous),
        "questions": questions,
        "trend": trend_figure(current_rows),
        "by_facility": breakdown(current_rows, "facility", facility_names, _("No care transition")),
        "by_destination": breakdown(
            current_rows, "destination_kind", dict(DESTINATION_KINDS), _("No care transition")
        ),
        "by_liaison": breakdown(current_rows, "liaison", liaison_names, _("No liaison")),
        "by_receiving": receiving_figure(current_rows, facility_names),
        "packet": packet_split(packet_rows, questions),
    }


def _grouped_rows(figures: QuerySet, period: Period) -> list[dict]:
    """Responses and the transition score for both periods, by month, facility, destination
    and liaison, in one grouped pass over the daily figures; the totals, trend and
    breakdowns add up these few rows (at most months × facilities × destinations ×
    liaisons × 2)."""
    return list(
        figures.filter(key="")
        .annotate(current=flag(period.days()), month=TruncMonth("day"))
        .values("current", "month", "facility", "receiving_facility", "destination_kind", "liaison")
        .annotate(responses=Sum("n"), scored=Sum("score_n"), score_sum=Sum("score_sum"))
        .order_by()
    )


def _invitation_counts(*, user, form: ReviewFilterForm, period: Period, both: Period) -> dict:
    """Invitations sent in each period and how many of them were answered (one query)."""
    previous = period.previous
    previous_sent = previous.q("sent_at") if previous else Q(pk__in=[])
    answered = Q(responded_at__isnull=False)
    return (
        invitations_for_review(user=user, form=form)
        .filter(both.q("sent_at"))
        .aggregate(
            sent=Count("pk", filter=period.q("sent_at")),
            answered=Count("pk", filter=period.q("sent_at") & answered),
            previous_sent=Count("pk", filter=previous_sent),
            previous_answered=Count("pk", filter=previous_sent & answered),
        )
    )


def responses_figure(current_rows: list[dict], previous_rows: list[dict], *, previous) -> dict:
    current = sum(row["responses"] for row in current_rows)
    before = sum(row["responses"] for row in previous_rows)
    return {
        "current": current,
        "previous": before if previous else None,
        "change": current - before if previous else None,
    }


def score_figure(current_rows: list[dict], previous_rows: list[dict], *, previous) -> dict:
    score = rounded(mean_of(current_rows))
    previous_score = rounded(mean_of(previous_rows)) if previous else None
    return {"current": score, "previous": previous_score, "change": change(score, previous_score)}


def invitations_figure(invitations: dict, *, previous) -> dict:
    rate = percent(invitations["answered"], invitations["sent"])
    previous_rate = percent(invitations["previous_answered"], invitations["previous_sent"])
    return {
        "sent": invitations["sent"],
        "answered": invitations["answered"],
        "rate": rate,
        "previous_sent": invitations["previous_sent"] if previous else None,
        "previous_rate": previous_rate if previous else None,
        "rate_change": change(rate, previous_rate) if previous else None,
    }


def nps_figure(questions: list[dict], *, previous) -> dict:
    """The net promoter score over every "would you recommend" question."""
    nps_rows = [q for q in questions if q["type"] == definition.NPS]
    promoters = sum(q["promoters"] for q in nps_rows)
    detractors = sum(q["detractors"] for q in nps_rows)
    total = sum(q["n"] for q in nps_rows)
    current = nps(promoters, detractors, total)
    before = nps(
        sum(q["previous_promoters"] for q in nps_rows),
        sum(q["previous_detractors"] for q in nps_rows),
        sum(q["previous_n"] for q in nps_rows),
    )
    return {
        "current": current,
        "previous": before if previous else None,
        "change": change(current, before) if previous else None,
        "promoters": promoters,
        "detractors": detractors,
        "passives": total - promoters - detractors,
        "answers": total,
    }


def trend_figure(current_rows: list[dict]) -> list[dict]:
    """Responses and the transition score by month."""
    return [
        {"label": month.strftime("%Y-%m"), **figures}
        for month, figures in sum_by(current_rows, lambda row: row["month"], {})
    ]


def breakdown(current_rows: list[dict], column: str, labels: dict, missing) -> list[dict]:
    """Responses and the transition score by one dimension, labelled (``missing`` for none)."""
    return [
        {"label": labels.get(value, missing), **figures}
        for value, figures in sum_by(current_rows, lambda row: row[column], labels)
    ]


def receiving_figure(current_rows: list[dict], names: dict) -> list[dict]:
    """Responses and the transition score for moves to each receiving facility, beside the
    facility's headline Medicare rating (one query), with groups too small to compare marked,
    and where patients' score and Medicare's stars point opposite ways."""
    recorded = [row for row in current_rows if row["receiving_facility"]]
    period_score = mean_of(current_rows)
    groups = sum_by(recorded, lambda row: row["receiving_facility"], names)
    ratings = headline_ratings(facility_ids=[facility for facility, _figures in groups])
    rows = []
    for facility, figures in groups:
        medicare = ratings.get(facility)
        too_small = figures["responses"] < PACKET_MIN_GROUP
        rows.append(
            {
                "label": names.get(facility, ""),
                **figures,
                "too_small": too_small,
                "medicare": medicare,
                "disagrees": "" if too_small else _disagreement(figures["score"], period_score, medicare),
            }
        )
    return rows


def _disagreement(score, period_score, medicare) -> str:
    if score is None or period_score is None or not medicare or medicare["stars"] is None:
        return ""
    if medicare["stars"] >= 4 and score < period_score - DISAGREEMENT_POINTS:
        return str(_("Patients rate it lower than Medicare does"))
    if medicare["stars"] <= 2 and score > period_score + DISAGREEMENT_POINTS:
        return str(_("Patients rate it higher than Medicare does"))
    return ""


def chart_data(figures: dict) -> dict:
    """The figures the charts draw, as plain JSON (the same numbers as the tables)."""
    return {
        "trend": figures["trend"],
        "questions": [
            {"label": q["text"], "top_box": q["top_box"], "mean_score": q["mean_score"], "n": q["n"]}
            for q in figures["questions"]
        ],
        "by_facility": figures["by_facility"],
        "by_destination": figures["by_destination"],
        "by_liaison": [{**row, "label": str(row["label"])} for row in figures["by_liaison"]],
        "by_receiving": [
            {
                "label": row["label"],
                "responses": row["responses"],
                "score": row["score"],
                "too_small": row["too_small"],
                "medicare": row["medicare"]["value"] if row["medicare"] else None,
                "medicare_as_of": row["medicare"]["released_on"].isoformat() if row["medicare"] else None,
            }
            for row in figures["by_receiving"]
        ],
        "by_packet": [
            {
                "label": str(group["label"]),
                "responses": group["responses"],
                "score": group["score"],
                "too_small": group["too_small"],
            }
            for group in figures["packet"]["groups"]
        ],
    }
