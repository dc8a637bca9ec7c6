"""The invitation sweep: expire old invitations, then email every due invitation and
reminder through the outbox (portal.outbox, where the exactly-once protocol is written down).

What this module adds to it: an invitation wants its first message, then each reminder in
turn (``InvitationMessage``, one per invitation and kind); an address that opted out or a
transition marked do-not-contact cancels it; outside the survey page's sending hours it waits
for the next opening; each message carries a link token of its own; recording a message
schedules the next reminder. The emails themselves are written by ``surveys.invitation_email``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from portal import outbox
from portal.outbox import SweepResult
from surveys import scheduling
from surveys.invitation_email import (  # noqa: F401 (also imported from here by other modules)
    LINK_MARK,
    NAME_MARK,
    OPT_OUT_SALT,
    STOP_MARK,
    EmailTemplates,
    greeting_name,
    invitation_link_url,
    opt_out_link,
    render_email,
    url_template,
)
from surveys.models import Invitation, InvitationMessage, InvitationToken
from transitions import optouts


@dataclass
class Claim:
    message_id: int
    invitation: Invitation
    kind: str
    lease_until: dt.datetime
    token: str


class InvitationOutbox(outbox.Outbox):
    """Invitations and reminders (see the module docstring)."""

    messages = InvitationMessage

    def __init__(self, *, invitation_ids=None, ignore_window: bool = False, keep_links: bool = False):
        self.invitation_ids, self.ignore_window, self.keep_links = invitation_ids, ignore_window, keep_links
        self.templates = EmailTemplates()
        self.links: dict[int, str] = {}

    def due(self, *, now, batch_size, result):
        due = Invitation.objects.select_for_update(skip_locked=True, of=("self",)).filter(
            status__in=Invitation.PENDING, due_at__lte=now
        )
        if self.invitation_ids is not None:
            due = due.filter(pk__in=self.invitation_ids)
        due = list(due.select_related("transition", "page").order_by("due_at")[:batch_size])
        opted_out = optouts.opted_out_hashes(
            [invitation.transition.email for invitation in due if invitation.transition]
        )
        wanted: list[tuple[Invitation, str]] = []
        for invitation in due:
            page = invitation.page
            if invitation.transition is not None and optouts.contact_blocked(
                invitation.transition, opted_out=opted_out
            ):
                invitation.status, invitation.due_at, invitation.closed_at = Invitation.CANCELLED, None, now
                invitation.save(update_fields=["status", "due_at", "closed_at"])
                result.cancelled += 1
                continue
            if not self.ignore_window and not scheduling.in_window(
                now, start=page.send_from, end=page.send_until
            ):
                invitation.due_at = scheduling.next_in_window(now, start=page.send_from, end=page.send_until)
                invitation.save(update_fields=["due_at"])
                result.deferred += 1
                continue
            kind = _next_kind(invitation)
            if kind is None:
                invitation.due_at = None
                invitation.save(update_fields=["due_at"])
                continue
            wanted.append((invitation, kind))
        return wanted

    def existing(self, wanted):
        return {
            (message.invitation_id, message.kind): message
            for message in InvitationMessage.objects.filter(invitation__in=[i for i, _kind in wanted])
        }

    def new_message(self, row, kind, **lease):
        return InvitationMessage(invitation=row, kind=kind, **lease)

    def claimed(self, taken, *, lease_until):
        tokens = InvitationToken.issue(
            owner_field="invitation", owners=[row for row, _kind, _message in taken]
        )
        Invitation.objects.filter(pk__in=[invitation.pk for invitation, _kind, _message in taken]).update(
            due_at=lease_until
        )
        claims = [
            Claim(
                message_id=message.pk, invitation=invitation, kind=kind, lease_until=lease_until, token=token
            )
            for (invitation, kind, message), token in zip(taken, tokens, strict=True)
        ]
        if self.keep_links:
            self.links.update({c.invitation.pk: invitation_link_url(c.invitation, c.token) for c in claims})
        return claims

    def email(self, claim):
        return self.templates.email(claim)

    def still_wanted(self, claim):
        return bool(
            list(
                Invitation.objects.select_for_update()
                .filter(pk=claim.invitation.pk, status__in=Invitation.PENDING)
                .values_list("pk", flat=True)
            )
        )

    def recorded(self, claim, *, sent_at):
        _advance(claim.invitation, kind=claim.kind, sent_at=sent_at)

    def found_sent(self, row, kind, message):
        _advance(row, kind=kind, sent_at=message.sent_at)

    def gave_up(self, row, *, now):
        row.status, row.due_at, row.closed_at = Invitation.FAILED, None, now
        row.save(update_fields=["status", "due_at", "closed_at"])

    def failed(self, claim, *, error, retry_at, undo_sent):
        changes = {"last_error": error, "due_at": retry_at}
        if undo_sent:
            invitation = claim.invitation
            if claim.kind == InvitationMessage.INVITATION:
                changes.update(
                    status=Invitation.SCHEDULED,
                    sent_at=None,
                    last_sent_at=invitation.last_sent_at,
                    reminders_sent=0,
                )
            else:
                changes.update(reminders_sent=invitation.reminders_sent, last_sent_at=invitation.last_sent_at)
        Invitation.objects.select_for_update().filter(
            pk=claim.invitation.pk, status__in=Invitation.PENDING
        ).update(**changes)


def invitations_sweep(
    *,
    now: dt.datetime | None = None,
    batch_size: int = 200,
    keep_links: bool = False,
    invitation_ids: list[int] | None = None,
    ignore_window: bool = False,
) -> SweepResult:
    """Expire old invitations, then send every due invitation and reminder, in batches,
    until none is due. Safe to run twice at once and to be killed at any moment.

    ``invitation_ids`` and ``ignore_window`` exist for the demo command, which sends one
    invitation at once whatever the hour."""
    result = SweepResult()
    started = now or timezone.now()
    result.expired = Invitation.objects.filter(status__in=Invitation.PENDING, expires_at__lte=started).update(
        status=Invitation.EXPIRED, due_at=None, closed_at=started
    )
    invitations = InvitationOutbox(
        invitation_ids=invitation_ids, ignore_window=ignore_window, keep_links=keep_links
    )
    outbox.sweep(invitations, now=now, batch_size=batch_size, result=result)
    result.links = invitations.links
    return result


def _next_kind(invitation: Invitation) -> str | None:
    if invitation.status == Invitation.SCHEDULED:
        return InvitationMessage.INVITATION
    if invitation.reminders_sent < invitation.page.reminder_count:
        return f"reminder_{invitation.reminders_sent + 1}"
    return None


def _advance(invitation: Invitation, *, kind: str, sent_at: dt.datetime) -> None:
    """After a message is recorded: note it and set when the next reminder falls due."""
    page = invitation.page
    reminders = 0 if kind == InvitationMessage.INVITATION else int(kind.rsplit("_", 1)[1])
    due = None
    if reminders < page.reminder_count:
        due = scheduling.reminder_due(sent_at=sent_at, page=page)
        if due >= invitation.expires_at:
            due = None
    changes = {"status": Invitation.SENT, "last_sent_at": sent_at, "reminders_sent": reminders, "due_at": due}
    if kind == InvitationMessage.INVITATION:
        changes["sent_at"] = sent_at
    Invitation.objects.filter(pk=invitation.pk, status__in=Invitation.PENDING).update(**changes)


# The names tests and the send-rate bench use for the email templates and their rendering.
_EmailTemplates, _render = EmailTemplates, render_email
