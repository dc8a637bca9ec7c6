"""When invitations and reminders fall due: days after the move, inside the organization's
daily sending window, in its time zone (so a daylight-saving change moves nothing)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from surveys.models import Invitation, SurveyPage
from transitions.models import CareTransition
from transitions.optouts import contact_blocked


def in_window(moment: dt.datetime, *, start: dt.time, end: dt.time) -> bool:
    local = timezone.localtime(moment)
    return start <= local.time() < end


def next_in_window(moment: dt.datetime, *, start: dt.time, end: dt.time) -> dt.datetime:
    """``moment`` if it lies inside the daily window, else the window's next opening."""
    local = timezone.localtime(moment)
    if start <= local.time() < end:
        return moment
    day = local.date() if local.time() < start else local.date() + dt.timedelta(days=1)
    return dt.datetime.combine(day, start, tzinfo=timezone.get_default_timezone())


def first_due(*, transition: CareTransition, page: SurveyPage) -> dt.datetime:
    """The window's opening on the day ``send_after_days`` after the move."""
    day = transition.transition_date + dt.timedelta(days=page.send_after_days)
    return dt.datetime.combine(day, page.send_from, tzinfo=timezone.get_default_timezone())


def reminder_due(*, sent_at: dt.datetime, page: SurveyPage) -> dt.datetime:
    """The same local time ``reminder_every_days`` calendar days later (so a daylight-saving
    change in between does not move it by an hour), inside the window."""
    local = timezone.localtime(sent_at)
    later = dt.datetime.combine(
        local.date() + dt.timedelta(days=page.reminder_every_days),
        local.time(),
        tzinfo=timezone.get_default_timezone(),
    )
    return next_in_window(later, start=page.send_from, end=page.send_until)


def rule_pages() -> list[SurveyPage]:
    """The live survey pages (one per translation group) that invite anyone by email."""
    pages = SurveyPage.objects.live().filter(locale__language_code=settings.LANGUAGE_CODE)
    return [page for page in pages if page.invite_destination_kinds]


def rule_pages_for(*, destination_kind: str, pages: list[SurveyPage] | None = None) -> list[SurveyPage]:
    """The rule pages that invite people moving to ``destination_kind``."""
    return [
        page
        for page in (rule_pages() if pages is None else pages)
        if destination_kind in page.invite_destination_kinds
    ]


def transition_schedule(
    *, transition: CareTransition, pages: list[SurveyPage] | None = None
) -> list[Invitation]:
    """Create or update the transition's invitations to match it now: a new date moves what
    is still unsent; do-not-contact (or an opt-out) cancels everything pending. ``pages``
    (from ``rule_pages()``) spares the lookup when scheduling many transitions at once."""
    now = timezone.now()
    blocked = contact_blocked(transition)
    invitations = []
    with transaction.atomic():
        for page in rule_pages_for(destination_kind=transition.destination_kind, pages=pages):
            due = first_due(transition=transition, page=page)
            expires = due + dt.timedelta(days=page.expire_after_days)
            invitation = (
                Invitation.objects.select_for_update().filter(transition=transition, page=page).first()
            )
            if invitation is None:
                invitation = Invitation.objects.create(
                    transition=transition,
                    page=page,
                    language=transition.language,
                    status=Invitation.CANCELLED if blocked else Invitation.SCHEDULED,
                    due_at=None if blocked else due,
                    expires_at=expires,
                    closed_at=now if blocked else None,
                )
            elif blocked and invitation.status in Invitation.PENDING:
                invitation.status, invitation.due_at, invitation.closed_at = Invitation.CANCELLED, None, now
                invitation.save(update_fields=["status", "due_at", "closed_at"])
            elif invitation.sent_at is None and invitation.status in (
                Invitation.SCHEDULED,
                Invitation.CANCELLED,
            ):
                invitation.status = Invitation.CANCELLED if blocked else Invitation.SCHEDULED
                invitation.due_at = None if blocked else due
                invitation.expires_at, invitation.language = expires, transition.language
                invitation.closed_at = now if blocked else None
                invitation.save(update_fields=["status", "due_at", "expires_at", "language", "closed_at"])
            invitations.append(invitation)
    return invitations
