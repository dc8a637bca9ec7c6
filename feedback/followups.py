"""Opening, routing, escalating and handing on follow-up cases (the rules run in a Celery
task after the commit; the sweeps in feedback.tasks catch what a lost task never ran).

Exactly once, however often or concurrently the rules run: the unique constraint on the
response keeps one case, created with its reasons in one transaction, and the owner's email
is put in the outbox in the transaction that claims ``notified_at``."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from feedback import audit
from feedback.followup_owners import OPEN, followup_owner
from feedback.followup_rules import add_business_days, followup_reasons, followup_schedule, highest
from feedback.models import FollowUp, FollowUpReason, FollowUpRules
from portal import outbox
from portal.roles import MANAGER
from surveys.models import Response

__all__ = ["add_business_days", "followup_reasons"]  # kept importable from here

# The kinds of their messages in the outbox (portal.models.OutboxMessage).
FOLLOWUP_NOTICE, OVERDUE_NOTICE = "followup", "followups_overdue"
logger = logging.getLogger(__name__)


def followups_open(*, response_id: int) -> FollowUp | None:
    """Open the response's case if its answers call for one, with every reason, routed to
    an owner (see feedback.followup_owners), and email the owner once. Safe to run again
    and at once. When nobody can own it, nothing is opened and the response stays
    unchecked, so the catch-up sweep tries again."""
    response = (
        Response.objects.select_related("version", "transition")
        .prefetch_related("answers")
        .filter(pk=response_id)
        .first()
    )
    if response is None:
        return None
    existing = FollowUp.objects.filter(response=response).first()
    if existing is None:
        reasons = followup_reasons(response=response, rules=(rules := FollowUpRules.load()))
        if not reasons:
            _checked(response_id)
            return None
        existing = _case_create(response=response, reasons=reasons, rules=rules)
        if existing is None:
            return None
    _notify(existing)
    _checked(response_id)
    return existing


def _case_create(*, response: Response, reasons, rules: FollowUpRules) -> FollowUp | None:
    owner, routed = followup_owner(response=response)
    if owner is None:
        logger.warning("No active owner for the follow-up of response %s; left for the sweep", response.pk)
        return None
    severity = highest(reason.severity for reason in reasons)
    due, escalate = followup_schedule(submitted_at=response.submitted_at, severity=severity, rules=rules)
    try:
        with transaction.atomic():
            case = FollowUp.objects.create(
                response=response,
                severity=severity,
                assigned_to=owner,
                routed_to=routed,
                due_at=due,
                escalate_at=escalate,
            )
            FollowUpReason.objects.bulk_create(
                [
                    FollowUpReason(followup=case, kind=r.kind, severity=r.severity, detail=r.detail)
                    for r in reasons
                ]
            )
            audit.followup_opened(followup=case, kinds=[reason.kind for reason in reasons])
    except IntegrityError:
        # Another run opened it first: that one is the case.
        return FollowUp.objects.filter(response=response).first()
    return case


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
            logger.exception("Follow-up rules failed for response %s", response_id)
    return len(missed)


def _link(followup: FollowUp) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("review:followup", args=[followup.pk])


def _notify(followup: FollowUp, *, handed_over: bool = False) -> None:
    """One email to the case's owner: a link only, no health details. For a new case it is
    put in the outbox in the transaction that claims ``notified_at``, so it goes once."""
    with transaction.atomic():
        if not handed_over:
            claimed = FollowUp.objects.filter(pk=followup.pk, notified_at__isnull=True).update(
                notified_at=timezone.now()
            )
            if not claimed:
                return
        case = FollowUp.objects.select_related("assigned_to").get(pk=followup.pk)
        user = case.assigned_to
        if not user.email:
            return
        with translation.override(settings.LANGUAGE_CODE):
            context = {
                "name": user.first_name,
                "link": _link(case),
                "due": timezone.localtime(case.due_at),
                "handed_over": handed_over,
            }
            subject = (
                translation.gettext("A survey follow-up was handed to you")
                if handed_over
                else translation.gettext("A survey answer needs your follow-up")
            )
            message = outbox.message_add(
                kind=FOLLOWUP_NOTICE,
                to=[user.email],
                subject=subject,
                body=render_to_string("surveys/email/followup.txt", context),
            )
    outbox.messages_sweep(ids=[message.pk])


def followups_escalate(*, now: dt.datetime | None = None) -> int:
    """Tell the managers, once, about every case past its escalation time and still not
    closed. Safe to run twice at once: each case is claimed by setting ``escalated_at``."""
    now = now or timezone.now()
    due = list(
        FollowUp.objects.filter(status__in=OPEN, escalate_at__lte=now, escalated_at__isnull=True).values_list(
            "pk", flat=True
        )
    )
    with transaction.atomic():
        # The claims and the email to the managers commit together: both or neither.
        claimed = [
            pk
            for pk in due
            if FollowUp.objects.filter(pk=pk, escalated_at__isnull=True).update(escalated_at=now)
        ]
        message = _overdue_notice(count=len(claimed)) if claimed else None
    if message is not None:
        outbox.messages_sweep(ids=[message.pk])
    return len(claimed)


def _overdue_notice(*, count: int):
    """The email telling the managers about ``count`` cases to look at, put in the outbox
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
            "link": settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("review:followups"),
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


def followup_reassign(
    *, followup: FollowUp, to, note: str, user, routed: str = FollowUp.REASSIGNED
) -> FollowUp:
    """Hand a case to ``to`` with a note (kept on the case), audited; the new owner gets one
    email. ``user`` is None when the sweep hands on a deactivated owner's case."""
    with transaction.atomic():
        locked = FollowUp.objects.select_for_update().select_related("assigned_to").get(pk=followup.pk)
        before = locked.assigned_to
        if user is None and before.is_active:
            return locked  # a parallel sweep, or a reactivation, got there first
        locked.assigned_to, locked.routed_to, locked.handover_note = to, routed, note
        locked.save(update_fields=["assigned_to", "routed_to", "handover_note"])
        audit.followup_reassigned(followup=locked, user=user, before=before, after=to, note=note)
    _notify(locked, handed_over=True)
    return locked


def followups_of_inactive_owners_reassign() -> int:
    """Hand every open case of a deactivated owner on by the same fallback as a new case
    (audited, the new owner emailed). Returns how many were handed on."""
    stranded = list(
        FollowUp.objects.filter(status__in=OPEN, assigned_to__is_active=False)
        .select_related("response__transition")
        .order_by("pk")
    )
    moved = 0
    for case in stranded:
        owner, routed = followup_owner(response=case.response, exclude=case.assigned_to_id)
        if owner is None:
            logger.warning("No active owner to hand follow-up %s to", case.pk)
            continue
        followup_reassign(followup=case, to=owner, note="", user=None, routed=routed)
        moved += 1
    return moved
