"""Opening follow-ups from a submitted response (run in a Celery task after the commit)."""

from __future__ import annotations

import datetime as dt
import logging
import re

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from feedback import audit
from feedback.models import FollowUp, FollowUpRules
from portal import outbox
from portal.roles import MANAGER
from surveys import definition
from surveys.models import Response

# The kinds of their messages in the outbox (portal.models.OutboxMessage).
FOLLOWUP_NOTICE, OVERDUE_NOTICE = "followup", "followups_overdue"


def add_business_days(start: dt.datetime, days: int) -> dt.datetime:
    """``days`` working days (Monday to Friday) after ``start``, at the same local time."""
    local = timezone.localtime(start)
    day = local.date()
    remaining = days
    while remaining:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            remaining -= 1
    return dt.datetime.combine(day, local.time(), tzinfo=timezone.get_default_timezone())


def followup_reasons(*, response: Response, rules: FollowUpRules) -> dict[str, str]:
    """Which kinds of follow-up this response calls for, each with what triggered it
    (question keys or matched words — never the answers themselves)."""
    index = definition.question_index(response.version.definition)
    reasons: dict[str, list[str]] = {}
    keywords = rules.keyword_list()
    pattern = (
        re.compile(r"\b(" + "|".join(re.escape(word) for word in keywords) + r")\b", re.IGNORECASE)
        if keywords
        else None
    )
    for answer in response.answers.all():
        question = index.get(answer.key)
        if question is None:
            continue
        kind = question["type"]
        if rules.bottom_box and answer.score is not None and answer.score <= 0:
            reasons.setdefault(FollowUp.BOTTOM_BOX, []).append(answer.key)
        low = rules.low_rating_at_most
        if kind == definition.RATING and low is not None and answer.value is not None and answer.value <= low:
            reasons.setdefault(FollowUp.LOW_RATING, []).append(answer.key)
        if kind == definition.NPS and rules.detractor and answer.value is not None and answer.value <= 6:
            reasons.setdefault(FollowUp.DETRACTOR, []).append(answer.key)
        if kind == definition.CALLBACK and rules.call_back and answer.code == "yes":
            reasons.setdefault(FollowUp.CALL_BACK, []).append(answer.key)
        if kind in definition.TEXT_TYPES and pattern is not None:
            found = {match.lower() for match in pattern.findall(answer.text)}
            if found:
                reasons.setdefault(FollowUp.KEYWORD, []).extend(sorted(found))
    return {kind: ", ".join(dict.fromkeys(triggers))[:200] for kind, triggers in reasons.items()}


def followups_open(*, response_id: int) -> list[FollowUp]:
    """Open the follow-ups a response calls for, assigned to its transition's liaison and
    due in the set number of business days; email each assignee once. Safe to run again:
    the unique constraint keeps one follow-up per response and kind."""
    response = (
        Response.objects.select_related("version", "invitation__transition__liaison")
        .prefetch_related("answers")
        .filter(pk=response_id)
        .first()
    )
    if response is None:
        return []
    rules = FollowUpRules.load()
    reasons = followup_reasons(response=response, rules=rules)
    if not reasons:
        _checked(response_id)
        return []
    transition = response.invitation.transition if response.invitation else None
    liaison = transition.liaison if transition else None
    due = add_business_days(response.submitted_at, rules.business_days_to_act)
    existing = set(FollowUp.objects.filter(response=response).values_list("kind", flat=True))
    FollowUp.objects.bulk_create(
        [
            FollowUp(response=response, kind=kind, detail=detail, assigned_to=liaison, due_at=due)
            for kind, detail in reasons.items()
        ],
        ignore_conflicts=True,
    )
    opened = list(FollowUp.objects.filter(response=response))
    for followup in opened:
        if followup.kind not in existing:
            audit.followup_opened(followup=followup)
    _notify(opened)
    _checked(response_id)
    return opened


def _checked(response_id: int) -> None:
    # Marked last, so a run that fails half way (say the mail server is down) is run again.
    Response.objects.filter(pk=response_id, followups_checked_at__isnull=True).update(
        followups_checked_at=timezone.now()
    )


# The task queued on submit normally runs within a second; the sweep leaves a response
# this long to it, so that the two rarely run the same rules at once (harmless if they do).
CATCH_UP_AFTER = dt.timedelta(seconds=30)


def followups_catch_up(*, now: dt.datetime | None = None, batch: int = 200) -> int:
    """Run the follow-up rules for submitted responses whose queued task never ran (a broker
    outage drops the task, never the answers). Returns how many responses were checked."""
    now = now or timezone.now()
    missed = list(
        Response.objects.filter(followups_checked_at__isnull=True, submitted_at__lte=now - CATCH_UP_AFTER)
        .order_by("submitted_at")
        .values_list("pk", flat=True)[:batch]
    )
    for response_id in missed:
        try:
            followups_open(response_id=response_id)
        except Exception:
            # One response that cannot be checked must not hold up the others; it stays
            # unchecked and is tried again at the next sweep.
            logging.getLogger(__name__).exception("Follow-up rules failed for response %s", response_id)
    return len(missed)


def _notify(followups: list[FollowUp]) -> None:
    """One email per new follow-up to its assignee: a link only, no health details. Each is
    put in the outbox in the transaction that marks the follow-up notified, then sent."""
    queued = []
    for followup in followups:
        user = followup.assigned_to
        if user is None or not user.email or followup.notified_at is not None:
            continue
        with transaction.atomic():
            claimed = FollowUp.objects.filter(pk=followup.pk, notified_at__isnull=True).update(
                notified_at=timezone.now()
            )
            if not claimed:
                continue
            with translation.override(settings.LANGUAGE_CODE):
                context = {
                    "name": user.first_name,
                    "link": settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("wagtailadmin_home"),
                    "due": timezone.localtime(followup.due_at),
                }
                message = outbox.message_add(
                    kind=FOLLOWUP_NOTICE,
                    to=[user.email],
                    subject=translation.gettext("A survey answer needs your follow-up"),
                    body=render_to_string("surveys/email/followup.txt", context),
                )
            queued.append(message.pk)
    outbox.messages_sweep(ids=queued)


def followups_escalate(*, now: dt.datetime | None = None) -> int:
    """Tell the managers, once, about every follow-up past its due time and still not closed.
    Safe to run twice at once: each follow-up is claimed by setting ``escalated_at``."""
    now = now or timezone.now()
    overdue = list(
        FollowUp.objects.filter(
            status__in=(FollowUp.OPEN, FollowUp.IN_PROGRESS), due_at__lte=now, escalated_at__isnull=True
        ).values_list("pk", flat=True)
    )
    with transaction.atomic():
        # The claims and the email to the managers commit together: both or neither.
        claimed = [
            pk
            for pk in overdue
            if FollowUp.objects.filter(pk=pk, escalated_at__isnull=True).update(escalated_at=now)
        ]
        message = _overdue_notice(count=len(claimed)) if claimed else None
    if not claimed:
        return 0
    if message is not None:
        outbox.messages_sweep(ids=[message.pk])
    return len(claimed)


def _overdue_notice(*, count: int):
    """The email telling the managers about ``count`` overdue follow-ups, put in the outbox
    (None when no manager has an address)."""
    managers = list(
        get_user_model()
        .objects.filter(groups__name=MANAGER, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    if not managers:
        return None
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "count": count,
            "link": settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("wagtailadmin_home"),
        }
        return outbox.message_add(
            kind=OVERDUE_NOTICE,
            to=managers,
            subject=translation.gettext("Survey follow-ups are overdue"),
            body=render_to_string("surveys/email/followups_overdue.txt", context),
        )


def followup_status_change(*, followup: FollowUp, status: str, note: str, user) -> FollowUp:
    """Move a follow-up to ``status`` (a note is kept when closing), with its audit entry."""
    with transaction.atomic():
        locked = FollowUp.objects.select_for_update().get(pk=followup.pk)
        before = locked.status
        locked.status = status
        if status in (FollowUp.RESOLVED, FollowUp.NO_ACTION):
            locked.closed_at = timezone.now()
            locked.resolution_note = note
        else:
            locked.closed_at = None
            if note:
                locked.resolution_note = note
        locked.save(update_fields=["status", "closed_at", "resolution_note"])
        audit.followup_changed(followup=locked, user=user, before=before, after=status, note=note)
    return locked
