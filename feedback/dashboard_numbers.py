"""The small arithmetic the dashboard's figures share: rounding, percentages, the net
promoter score, means of grouped rows and sums by one dimension."""

from __future__ import annotations

from django.db.models import BooleanField, Case, Q, Value, When


def flag(condition: Q) -> Case:
    """True where ``condition`` holds: which period a row belongs to, as a grouping column."""
    return Case(When(condition, then=Value(True)), default=Value(False), output_field=BooleanField())


def change(current, previous):
    if current is None or previous is None:
        return None
    return round(current - previous, 1)


def rounded(value, digits=1):
    return None if value is None else round(value, digits)


def percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def nps(promoters: int, detractors: int, total: int) -> float | None:
    return round(100 * (promoters - detractors) / total, 1) if total else None


def mean_of(rows: list[dict]) -> float | None:
    scored = sum(row["scored"] for row in rows)
    return sum(row["score_sum"] or 0 for row in rows) / scored if scored else None


def sum_by(rows: list[dict], key, labels: dict) -> list[tuple]:
    """Grouped rows added up by ``key``: responses and the mean transition score, sorted by
    label (or by the key itself when there are no labels), empty keys last."""
    groups: dict = {}
    for row in rows:
        groups.setdefault(key(row), []).append(row)
    ordered = sorted(
        groups.items(),
        key=lambda item: (item[0] in ("", None), str(labels.get(item[0], item[0])).lower()),
    )
    return [
        (name, {"responses": sum(row["responses"] for row in members), "score": rounded(mean_of(members))})
        for name, members in ordered
    ]
