"""The invitation sweep: claim due invitations, email them, record each message once.

Exactly once, even when a worker is killed at any moment:

1. **Claim** (one short transaction): lock a batch of due invitations with
   ``select_for_update(skip_locked=True)`` so two sweeps never take the same row; for each,
   insert its InvitationMessage (unique per invitation and kind) in the *claimed* state
   with a lease, and push the invitation's ``due_at`` to the end of the lease. A message
   already recorded as sent is never claimed again.
2. **Prepare** the email (see surveys.delivery): everything but the last byte of SMTP DATA.
3. **Record** (one transaction per message): mark the message sent *only if our lease is
   still the one on the row*, and schedule the next reminder. If the lease was lost (the
   sweep was too slow and another took over) or the person answered meanwhile, abort.
4. **Finish** the send (the final "." of DATA).

A worker killed during 1–3 leaves a claim whose lease runs out; the invitation falls due
again at that moment and a later sweep retakes the claim and sends it. The server never
received a complete message, so nothing is sent twice. A worker killed between the
record's commit and 4 loses that one message rather than sending it twice; the commit does
not wait for the disk, to keep that window short (``commit_without_waiting_for_disk``).

The emails themselves are written by ``surveys.invitation_email``.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from surveys import scheduling
from surveys.delivery import Delivery, DeliveryError
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
from surveys.models import Invitation, InvitationMessage, InvitationToken, token_hash
from transitions import optouts

MAX_ATTEMPTS = 5


@dataclass
class Claim:
    message_id: int
    invitation: Invitation
    kind: str
    lease_until: dt.datetime
    token: str


@dataclass
class SweepResult:
    sent: int = 0
    failed: int = 0
    expired: int = 0
    deferred: int = 0
    cancelled: int = 0
    lost_lease: int = 0
    links: dict[int, str] = field(default_factory=dict)  # invitation id → link, for the demo command only


def lease_seconds() -> int:
    return settings.SURVEY_SEND_LEASE_SECONDS


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
    fixed_now = now
    now = now or timezone.now()
    result.expired = Invitation.objects.filter(status__in=Invitation.PENDING, expires_at__lte=now).update(
        status=Invitation.EXPIRED, due_at=None, closed_at=now
    )
    templates = EmailTemplates()
    with Delivery() as delivery:
        while True:
            # Each batch's leases start when it is claimed, not when the sweep started.
            claims = _claim(
                now=fixed_now or timezone.now(),
                batch_size=batch_size,
                result=result,
                invitation_ids=invitation_ids,
                ignore_window=ignore_window,
            )
            if not claims:
                break
            for claim in claims:
                _send(claim, delivery=delivery, templates=templates, result=result)
                if keep_links:
                    result.links[claim.invitation.pk] = invitation_link_url(claim.invitation, claim.token)
            if len(claims) < batch_size:
                break
    return result


def _claim(
    *, now: dt.datetime, batch_size: int, result: SweepResult, invitation_ids=None, ignore_window=False
) -> list[Claim]:
    """Lock a batch of due invitations and claim one message for each (a handful of
    queries per batch, not per invitation)."""
    lease_until = now + dt.timedelta(seconds=lease_seconds())
    with transaction.atomic():
        wanted = _due_messages(
            now=now,
            batch_size=batch_size,
            result=result,
            invitation_ids=invitation_ids,
            ignore_window=ignore_window,
        )
        taken = _take_messages(wanted, now=now, lease_until=lease_until)
        tokens = [secrets.token_urlsafe(32) for _taken in taken]
        InvitationToken.objects.bulk_create(
            InvitationToken(invitation=invitation, token_hash=token_hash(token))
            for (invitation, _kind, _message), token in zip(taken, tokens, strict=True)
        )
        Invitation.objects.filter(pk__in=[invitation.pk for invitation, _kind, _message in taken]).update(
            due_at=lease_until
        )
    return [
        Claim(message_id=message.pk, invitation=invitation, kind=kind, lease_until=lease_until, token=token)
        for (invitation, kind, message), token in zip(taken, tokens, strict=True)
    ]


def _due_messages(
    *, now: dt.datetime, batch_size: int, result: SweepResult, invitation_ids, ignore_window: bool
) -> list[tuple[Invitation, str]]:
    """Lock a batch of due invitations (in the claim's transaction) and say which message each
    one wants next; those that may not be written to now are cancelled or put off instead."""
    due = Invitation.objects.select_for_update(skip_locked=True, of=("self",)).filter(
        status__in=Invitation.PENDING, due_at__lte=now
    )
    if invitation_ids is not None:
        due = due.filter(pk__in=invitation_ids)
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
        if not ignore_window and not scheduling.in_window(now, start=page.send_from, end=page.send_until):
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


def _take_messages(
    wanted: list[tuple[Invitation, str]], *, now: dt.datetime, lease_until: dt.datetime
) -> list[tuple[Invitation, str, InvitationMessage]]:
    """Each wanted message created, or an earlier attempt at it taken over, under a lease."""
    existing = {
        (message.invitation_id, message.kind): message
        for message in InvitationMessage.objects.filter(invitation__in=[i for i, _kind in wanted])
    }
    created, taken = [], []
    for invitation, kind in wanted:
        message = existing.get((invitation.pk, kind))
        if message is None:
            # Only a sweep holding this invitation's row lock creates its messages, so
            # the unique constraint cannot be hit here; it guards against bugs.
            message = InvitationMessage(
                invitation=invitation, kind=kind, lease_until=lease_until, attempts=1, claimed_at=now
            )
            created.append(message)
        else:
            message = _retake(invitation, kind, message, now=now, lease_until=lease_until)
        if message is not None:
            taken.append((invitation, kind, message))
    InvitationMessage.objects.bulk_create(created)
    return taken


def _next_kind(invitation: Invitation) -> str | None:
    if invitation.status == Invitation.SCHEDULED:
        return InvitationMessage.INVITATION
    if invitation.reminders_sent < invitation.page.reminder_count:
        return f"reminder_{invitation.reminders_sent + 1}"
    return None


def _retake(invitation, kind, message, *, now, lease_until) -> InvitationMessage | None:
    """Claim an existing message again when its lease ran out or it failed; never one that
    was recorded as sent."""
    if message.state == InvitationMessage.SENT:
        # Recorded, but the invitation was not moved on: move it on now, send nothing.
        _advance(invitation, kind=kind, sent_at=message.sent_at)
        return None
    if message.state == InvitationMessage.CLAIMED and message.lease_until and message.lease_until > now:
        return None
    if message.attempts >= MAX_ATTEMPTS:
        invitation.status, invitation.due_at, invitation.closed_at = Invitation.FAILED, None, now
        invitation.save(update_fields=["status", "due_at", "closed_at"])
        return None
    # Take it over only if nobody else did since we read it.
    taken = InvitationMessage.objects.filter(
        pk=message.pk, state=message.state, lease_until=message.lease_until, attempts=message.attempts
    ).update(
        state=InvitationMessage.CLAIMED,
        lease_until=lease_until,
        claimed_at=now,
        attempts=message.attempts + 1,
    )
    if not taken:
        return None
    message.state, message.lease_until, message.claimed_at = InvitationMessage.CLAIMED, lease_until, now
    message.attempts += 1
    return message


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


def _send(claim: Claim, *, delivery: Delivery, templates: EmailTemplates, result: SweepResult) -> None:
    email = templates.email(claim)
    try:
        pending = delivery.prepare(email)
    except DeliveryError as problem:
        _record_failure(claim, str(problem))
        result.failed += 1
        return
    sent_at = timezone.now()
    with transaction.atomic():
        commit_without_waiting_for_disk()
        # Lock the invitation before the message, in the same order as the claim does, so
        # two sweeps can never wait on each other.
        still_pending = bool(
            list(
                Invitation.objects.select_for_update()
                .filter(pk=claim.invitation.pk, status__in=Invitation.PENDING)
                .values_list("pk", flat=True)
            )
        )
        recorded = still_pending and InvitationMessage.objects.filter(
            pk=claim.message_id, state=InvitationMessage.CLAIMED, lease_until=claim.lease_until
        ).update(state=InvitationMessage.SENT, sent_at=sent_at, lease_until=None, error="")
        if recorded:
            _advance(claim.invitation, kind=claim.kind, sent_at=sent_at)
        elif not still_pending:
            InvitationMessage.objects.filter(pk=claim.message_id, state=InvitationMessage.CLAIMED).delete()
    if not recorded:
        pending.abort()
        result.lost_lease += 1
        return
    try:
        pending.finish()
    except DeliveryError as problem:
        _record_failure(claim, str(problem), undo_advance=True)
        result.failed += 1
        return
    result.sent += 1


def commit_without_waiting_for_disk() -> None:
    """Between the record's COMMIT leaving the worker and the final "." of the email, a
    killed worker loses that email (the record stands, the server discards the message).
    Waiting for the write-ahead log to reach the disk made that window a disk flush long,
    long enough that killing a busy worker mid-sweep lost a message (make stress). Without
    the wait it is one round trip to the database. The price: a database *crash* (not a
    restart) in the next fraction of a second forgets the record, and that email is sent
    again once its lease runs out."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")


def _record_failure(claim: Claim, error: str, *, undo_advance: bool = False) -> None:
    """Keep the error, and try the same message again after a back-off while attempts
    remain. When the mail server refused the message after it was recorded as sent, the
    record is undone, so the retry is this message again, not the next reminder."""
    now = timezone.now()
    changes = {"last_error": error[:2000], "due_at": now + dt.timedelta(minutes=15)}
    if undo_advance:
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
    with transaction.atomic():
        Invitation.objects.select_for_update().filter(
            pk=claim.invitation.pk, status__in=Invitation.PENDING
        ).update(**changes)
        InvitationMessage.objects.filter(pk=claim.message_id).update(
            state=InvitationMessage.FAILED, lease_until=None, error=error[:2000], sent_at=None
        )


# The names tests and the send-rate bench use for the email templates and their rendering.
_EmailTemplates, _render = EmailTemplates, render_email
