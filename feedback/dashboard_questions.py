"""The dashboard's scored questions: answers, mean, top box and net promoter counts for
each question in both periods, read in one grouped pass over the daily figures that also
yields the rows the split by education packet needs."""

from __future__ import annotations

from django.conf import settings
from django.db.models import QuerySet, Sum

from feedback.dashboard_numbers import change, flag, percent, rounded
from feedback.review_filters import Period
from surveys import definition
from surveys.models import SurveyVersion

SUMMED_FIGURES = ("n", "value_n", "value_sum", "score_sum", "top", "promoters", "detractors")
QUESTION_FIGURES = [
    f"{prefix}{name}"
    for prefix in ("", "previous_")
    for name in ("n", "mean", "mean_score", "top", "promoters", "detractors")
]


def questions_figures(
    figures: QuerySet, *, period: Period, versions: list[SurveyVersion]
) -> tuple[list[dict], list[dict]]:
    """Each scored question's figures, and this period's rows by education packet status.

    One row per key, period and packet status: each scored question and, under key "", the
    responses with their transition scores. The questions add up the packet statuses; the
    split by packet reads this period's rows of responses with a care transition. One pass
    serves both, as a second grouped pass over the daily figures would cost as much again."""
    rows = (
        figures.annotate(current=flag(period.days()))
        .values("key", "current", "packet_status")
        .annotate(
            n=Sum("n"),
            value_n=Sum("value_n"),
            value_sum=Sum("value_sum"),
            score_n=Sum("score_n"),
            score_sum=Sum("score_sum"),
            top=Sum("top"),
            promoters=Sum("promoters"),
            detractors=Sum("detractors"),
        )
        .order_by()
    )
    packet_rows = []
    summed: dict[tuple, dict] = {}
    for row in rows:
        if row["current"] and row["packet_status"]:
            packet_rows.append(row)
        if row["key"]:
            total = summed.setdefault((row["key"], row["current"]), dict.fromkeys(SUMMED_FIGURES, 0))
            for name in SUMMED_FIGURES:
                total[name] += row[name] or 0
    return _questions(versions, _per_question(summed)), packet_rows


def _per_question(summed: dict[tuple, dict]) -> dict[str, dict]:
    """The summed rows of each (key, period) as one row of figures per question key."""
    per_question: dict[str, dict] = {}
    for (key, current), row in summed.items():
        question = per_question.setdefault(
            key, {name: None if "mean" in name else 0 for name in QUESTION_FIGURES}
        )
        prefix = "" if current else "previous_"
        question[prefix + "n"] = row["n"]
        question[prefix + "mean"] = row["value_sum"] / row["value_n"] if row["value_n"] else None
        question[prefix + "mean_score"] = row["score_sum"] / row["n"] if row["n"] else None
        for name in ("top", "promoters", "detractors"):
            question[prefix + name] = row[name]
    return per_question


def _scored_questions(versions: list[SurveyVersion]) -> dict[str, dict]:
    """The scored questions by answer key, in the newest wording (site language first)."""
    ordered = sorted(
        versions,
        key=lambda v: (v.survey.locale.language_code == settings.LANGUAGE_CODE, v.number),
        reverse=True,
    )
    seen: dict[str, dict] = {}
    for version in ordered:
        for step in version.steps:
            for question in step["questions"]:
                if question["type"] not in definition.SCORABLE_TYPES or not question.get("scored", True):
                    continue
                statements = {s["key"]: s["text"] for s in question.get("statements", [])}
                for key in definition.answer_keys(question):
                    if key in seen:
                        continue
                    seen[key] = {
                        "key": key,
                        "type": question["type"],
                        "text": statements.get(key) or question["text"],
                        "group": question["text"] if key in statements else "",
                    }
    return seen


def _questions(versions: list[SurveyVersion], rows: dict[str, dict]) -> list[dict]:
    """The scored questions in the newest wording (site language first), each with its
    figures; questions no version scores are left out."""
    result = []
    for key, question in _scored_questions(versions).items():
        row = rows.get(key)
        if row is None:
            continue
        top_box = percent(row["top"], row["n"])
        previous_top_box = percent(row["previous_top"], row["previous_n"])
        mean = rounded(row["mean"], 2)
        previous_mean = rounded(row["previous_mean"], 2)
        result.append(
            {
                **question,
                "n": row["n"],
                "mean": mean,
                "mean_score": rounded(row["mean_score"]),
                "top_box": top_box,
                "previous_n": row["previous_n"],
                "previous_mean": previous_mean,
                "previous_top_box": previous_top_box,
                "top_box_change": change(top_box, previous_top_box),
                "promoters": row["promoters"],
                "detractors": row["detractors"],
                "previous_promoters": row["previous_promoters"],
                "previous_detractors": row["previous_detractors"],
            }
        )
    return result
