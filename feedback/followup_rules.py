"""What the follow-up rules find in a response and when the case they open is due.

Pure functions over a response's answers and the managers' ``FollowUpRules``: which rules
matched (with what — question keys or matched words, never the answers), how urgent each
is, and the due and escalation times counted in business hours (Monday to Friday, between
``FollowUpRules.business_day_starts`` and ``business_day_ends``, local time)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from feedback.models import FollowUp, FollowUpRules
from feedback.models.followups import ROUTINE, SEVERITY_RANK, URGENT
from surveys import definition


@dataclass(frozen=True)
class Reason:
    kind: str
    severity: str
    detail: str


def words_pattern(words: list[str]) -> re.Pattern | None:
    """Whole words or phrases, any case, any run of spaces between a phrase's words; the
    longest first, so that "wrong medicine" wins over "wrong"."""
    if not words:
        return None
    phrases = sorted(dict.fromkeys(words), key=len, reverse=True)
    alternatives = "|".join(r"\s+".join(re.escape(part) for part in phrase.split()) for phrase in phrases)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def _normal(match: str) -> str:
    return " ".join(match.split()).lower()


def highest(severities) -> str:
    """The most pressing of ``severities`` (routine when there are none)."""
    return max(severities, key=SEVERITY_RANK.__getitem__, default=ROUTINE)


def followup_reasons(*, response, rules: FollowUpRules) -> list[Reason]:
    """Every rule this response matches, with its severity and what triggered it."""
    index = definition.question_index(response.version.definition)
    triggers: dict[str, list[str]] = {}
    urgent = set(rules.urgent_word_list())
    pattern = words_pattern([*urgent, *rules.routine_word_list()])
    low = rules.low_rating_at_most
    for answer in response.answers.all():
        question = index.get(answer.key)
        if question is None:
            continue
        kind = question["type"]
        matched = {
            FollowUp.BOTTOM_BOX: rules.bottom_box and answer.score is not None and answer.score <= 0,
            FollowUp.LOW_RATING: kind == definition.RATING
            and low is not None
            and answer.value is not None
            and answer.value <= low,
            FollowUp.DETRACTOR: kind == definition.NPS
            and rules.detractor
            and answer.value is not None
            and answer.value <= 6,
            FollowUp.CALL_BACK: kind == definition.CALLBACK and rules.call_back and answer.code == "yes",
        }
        for rule, hit in matched.items():
            if hit:
                triggers.setdefault(rule, []).append(answer.key)
        if kind in definition.TEXT_TYPES and pattern is not None and answer.text:
            found = sorted({_normal(match) for match in pattern.findall(answer.text)})
            if found:
                triggers.setdefault(FollowUp.KEYWORD, []).extend(found)
    reasons = []
    for kind, found in triggers.items():
        if kind == FollowUp.KEYWORD:
            severity = URGENT if urgent & set(found) else ROUTINE
        else:
            severity = rules.severity_of(kind)
        reasons.append(Reason(kind=kind, severity=severity, detail=", ".join(dict.fromkeys(found))[:200]))
    return reasons


# --- business time -----------------------------------------------------------------------------


def _at(day: dt.date, time: dt.time) -> dt.datetime:
    return dt.datetime.combine(day, time, tzinfo=timezone.get_default_timezone())


def _next_business_day(day: dt.date) -> dt.date:
    day += dt.timedelta(days=1)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def add_business_days(start: dt.datetime, days: int) -> dt.datetime:
    """``days`` working days (Monday to Friday) after ``start``, at the same local time."""
    local = timezone.localtime(start)
    day = local.date()
    for _ in range(days):
        day = _next_business_day(day)
    return _at(day, local.time())


def business_day_end(start: dt.datetime, rules: FollowUpRules) -> dt.datetime:
    """The end of ``start``'s business day, or of the next one when ``start`` is after hours
    (or on a weekend)."""
    local = timezone.localtime(start)
    day = local.date()
    if day.weekday() >= 5 or local.time() >= rules.business_day_ends:
        day = _next_business_day(day)
    return _at(day, rules.business_day_ends)


def add_business_hours(start: dt.datetime, hours: int, rules: FollowUpRules) -> dt.datetime:
    """``hours`` of business time after ``start`` (time outside business hours does not count)."""
    cursor = timezone.localtime(start)
    remaining = dt.timedelta(hours=hours)
    while True:
        day = cursor.date()
        if day.weekday() >= 5 or cursor.time() >= rules.business_day_ends:
            cursor = _at(_next_business_day(day), rules.business_day_starts)
            continue
        cursor = max(cursor, _at(day, rules.business_day_starts))
        day_end = _at(day, rules.business_day_ends)
        if cursor + remaining <= day_end:
            return cursor + remaining
        remaining -= day_end - cursor
        cursor = _at(_next_business_day(day), rules.business_day_starts)


def followup_schedule(*, submitted_at: dt.datetime, severity: str, rules: FollowUpRules):
    """(due, escalate at) for a case: urgent is due at the end of the business day and goes
    to the managers after a few business hours; routine is due in the set business days and
    goes to them once overdue."""
    if severity == URGENT:
        return (
            business_day_end(submitted_at, rules),
            add_business_hours(submitted_at, rules.urgent_escalation_hours, rules),
        )
    due = add_business_days(submitted_at, rules.business_days_to_act)
    return due, due


# --- showing the comment -----------------------------------------------------------------------


def comment_marked(text: str, words: list[str], *, limit: int = 240) -> SafeString:
    """An excerpt of ``text`` around the first matched word, escaped, each matched word in
    ``<mark>`` (words are matched as the rules match them)."""
    pattern = words_pattern(words)
    first = pattern.search(text) if pattern else None
    start = max(0, first.start() - limit // 3) if first else 0
    excerpt = text[start : start + limit]
    parts, position = [], 0
    for match in pattern.finditer(excerpt) if pattern else ():
        parts += [escape(excerpt[position : match.start()]), f"<mark>{escape(match.group())}</mark>"]
        position = match.end()
    parts.append(escape(excerpt[position:]))
    prefix = "… " if start else ""
    suffix = " …" if start + limit < len(text) else ""
    # Safe: every piece of the text was escaped above; only the <mark> tags are ours.
    return mark_safe(prefix + "".join(parts) + suffix)
