"""The dashboard's split by education packet: responses, transition score and each scored
question's figures for patients who had no packet, were sent or handed a printed one, or
opened theirs online, with groups too small to compare marked as such."""

from __future__ import annotations

from feedback.dashboard_numbers import percent, rounded
from surveys.models.responses import PACKET_STATUSES

# Fewer responses (or answers) than this in a packet group are marked as too few to compare.
PACKET_MIN_GROUP = 10


def packet_split(rows: list[dict], questions: list[dict]) -> dict:
    """The split by education packet from its grouped daily figures ``rows``: for each group
    (no packet, sent or printed, opened online) the responses and transition score, and for
    each of the dashboard's ``questions`` the answers, mean and top box. A group or a cell
    with fewer than PACKET_MIN_GROUP responses or answers is marked ``too_small``."""
    labels = dict(PACKET_STATUSES)
    found = {(row["packet_status"], row["key"]): row for row in rows if row["packet_status"] in labels}
    groups = []
    for status, label in PACKET_STATUSES:
        row = found.get((status, ""))
        responses = row["n"] if row else 0
        groups.append(
            {
                "status": status,
                "label": label,
                "responses": responses,
                "score": rounded(row["score_sum"] / row["score_n"]) if row and row["score_n"] else None,
                "too_small": responses < PACKET_MIN_GROUP,
            }
        )
    split_questions = []
    for question in questions:
        cells = []
        for status, label in PACKET_STATUSES:
            row = found.get((status, question["key"])) or {}
            answers = row.get("n") or 0
            cells.append(
                {
                    "status": status,
                    "label": label,
                    "n": answers,
                    "mean": rounded(row["value_sum"] / row["value_n"], 2) if row.get("value_n") else None,
                    "top_box": percent(row.get("top") or 0, answers),
                    "too_small": answers < PACKET_MIN_GROUP,
                }
            )
        split_questions.append(
            {
                "key": question["key"],
                "text": question["text"],
                "group": question["group"],
                "type": question["type"],
                "groups": cells,
            }
        )
    return {
        "responses": sum(group["responses"] for group in groups),
        "groups": groups,
        "questions": split_questions,
        "min_group": PACKET_MIN_GROUP,
    }


def packet_data(figures: dict) -> dict:
    """The split by education packet as plain JSON (for the figures endpoint)."""
    packet = figures["packet"]
    return {
        "min_group": packet["min_group"],
        "groups": [{**group, "label": str(group["label"])} for group in packet["groups"]],
        "questions": [
            {
                **question,
                "groups": [{**cell, "label": str(cell["label"])} for cell in question["groups"]],
            }
            for question in packet["questions"]
        ],
    }
