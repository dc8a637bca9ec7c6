"""The outbox: every email the portal sends by itself goes out through this one sweep, once,
even when a worker is killed at any moment.

Survey invitations and reminders (surveys.sending), packet emails (packets.sending) and the
notices to staff (follow-ups to act on, overdue follow-ups, page reviews: rows of
``portal.models.OutboxMessage``) differ only in which rows are due and what sending moves on;
that is a small adapter, a subclass of ``Outbox``. The algorithm is here, once:

1. **Claim** (one short transaction): the adapter locks a batch of due rows with
   ``select_for_update(skip_locked=True)``, so two sweeps never take the same row, and says
   which message each wants next. Each message is created, or an earlier attempt at it taken
   over, in the *claimed* state with a lease; the row's ``due_at`` moves to the end of the
   lease. A message already recorded as sent is never claimed again.
2. **Prepare** the email (see portal.delivery): everything but the last byte of SMTP DATA.
3. **Record** (one transaction per message): mark the message sent *only if our lease is
   still the one on it*, and let the adapter move its row on (schedule the next reminder,
   say). If the lease was lost (the sweep was too slow and another took over), or the row
   no longer wants the message (the person answered, the packet was withdrawn), abort.
4. **Finish** the send (the final "." of DATA).

A worker killed during 1–3 leaves a claim whose lease runs out; the row falls due again at
that moment and a later sweep retakes the claim and sends it. The server never received a
complete message, so nothing is sent twice. A worker killed between the record's commit and
4 loses that one message rather than sending it twice; the commit does not wait for the
disk, to keep that window short (``commit_without_waiting_for_disk``). A message the mail
system refuses is tried again after ``RETRY_AFTER``, at most ``MAX_ATTEMPTS`` times.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import connection, models, transaction
from django.utils import timezone

from portal.delivery import Delivery, DeliveryError
from portal.email_message import PortalEmailMessage
from portal.models import OutboxMessage

CLAIMED, SENT, FAILED = "claimed", "sent", "failed"
MAX_ATTEMPTS = 5
RETRY_AFTER = dt.timedelta(minutes=15)


class Claim(Protocol):
    """What the algorithm needs of a claim; each adapter's claim carries what its email needs."""

    message_id: int
    lease_until: dt.datetime


@dataclass
class SweepResult:
    sent: int = 0
    failed: int = 0
    expired: int = 0
    deferred: int = 0
    cancelled: int = 0
    lost_lease: int = 0
    links: dict[int, str] = field(default_factory=dict)  # row id → link, for the demo commands only


class Outbox:
    """One kind of email: which rows are due, what their message rows are, what sending
    moves on. ``messages`` is its message table, with the fields ``state``, ``lease_until``,
    ``attempts``, ``claimed_at``, ``sent_at`` and ``error``. One instance serves one sweep,
    so it may keep what it renders once per sweep."""

    messages: type[models.Model]

    def due(self, *, now: dt.datetime, batch_size: int, result: SweepResult) -> list[tuple[Any, str]]:
        """In the claim's transaction: lock a batch of due rows and say which message each
        wants next, as (row, kind); rows that may not be written to now are cancelled or
        put off here instead (and counted in ``result``)."""
        raise NotImplementedError

    def existing(self, wanted: list[tuple[Any, str]]) -> dict[tuple[int, str], models.Model]:
        """The messages already made for the wanted ones, by (row pk, kind)."""
        raise NotImplementedError

    def new_message(self, row: Any, kind: str, **lease: Any) -> models.Model:
        """An unsaved message for (row, kind) with these lease fields."""
        raise NotImplementedError

    def claimed(self, taken: list[tuple[Any, str, models.Model]], *, lease_until: dt.datetime) -> list:
        """In the claim's transaction: one claim per message taken, with what its email
        needs (a link token, say); the rows put off to the end of the lease."""
        raise NotImplementedError

    def email(self, claim) -> EmailMessage:
        raise NotImplementedError

    def still_wanted(self, claim) -> bool:
        """In the record's transaction, first: lock the claim's row (always before its
        message, as the claim does, so two sweeps never wait on each other) and say whether
        it still wants the message."""
        raise NotImplementedError

    def recorded(self, claim, *, sent_at: dt.datetime) -> None:
        """The message is recorded as sent: move its row on."""
        raise NotImplementedError

    def found_sent(self, row: Any, kind: str, message: models.Model) -> None:
        """A message recorded as sent whose row was not moved on: move it on, send nothing."""
        raise NotImplementedError

    def gave_up(self, row: Any, *, now: dt.datetime) -> None:
        """The message failed ``MAX_ATTEMPTS`` times: its row stops asking for it."""
        raise NotImplementedError

    def failed(self, claim, *, error: str, retry_at: dt.datetime, undo_sent: bool) -> None:
        """In the failure's transaction: keep the error on the row and make it due at
        ``retry_at``; with ``undo_sent``, the server refused a message already recorded, so
        undo what ``recorded`` moved on."""
        raise NotImplementedError


def lease_seconds() -> int:
    return settings.SURVEY_SEND_LEASE_SECONDS


def sweep(
    outbox: Outbox,
    *,
    now: dt.datetime | None = None,
    batch_size: int = 200,
    result: SweepResult | None = None,
) -> SweepResult:
    """Send every due message of this kind, in batches, until none is due. Safe to run
    twice at once and to be killed at any moment."""
    result = result or SweepResult()
    with Delivery() as delivery:
        while True:
            # Each batch's leases start when it is claimed, not when the sweep started.
            claims = claim(outbox, now=now or timezone.now(), batch_size=batch_size, result=result)
            if not claims:
                break
            for one in claims:
                send(outbox, one, delivery=delivery, result=result)
            if len(claims) < batch_size:
                break
    return result


def claim(outbox: Outbox, *, now: dt.datetime, batch_size: int, result: SweepResult) -> list:
    """Lock a batch of due rows and claim one message for each (a handful of queries per
    batch, not per message)."""
    lease_until = now + dt.timedelta(seconds=lease_seconds())
    with transaction.atomic():
        wanted = outbox.due(now=now, batch_size=batch_size, result=result)
        existing = outbox.existing(wanted)
        created, taken = [], []
        for row, kind in wanted:
            message = existing.get((row.pk, kind))
            if message is None:
                # Only a sweep holding the row's lock creates its messages, so a unique
                # constraint on the message table cannot be hit here; it guards against bugs.
                message = outbox.new_message(row, kind, lease_until=lease_until, attempts=1, claimed_at=now)
                created.append(message)
            elif not _retake(outbox, row, kind, message, now=now, lease_until=lease_until):
                continue
            taken.append((row, kind, message))
        outbox.messages.objects.bulk_create(created)
        return outbox.claimed(taken, lease_until=lease_until)


def _retake(outbox: Outbox, row, kind: str, message, *, now: dt.datetime, lease_until: dt.datetime) -> bool:
    """Claim an existing message again when its lease ran out or it failed; never one that
    was recorded as sent."""
    if message.state == SENT:
        outbox.found_sent(row, kind, message)
        return False
    if message.state == CLAIMED and message.lease_until and message.lease_until > now:
        return False
    if message.attempts >= MAX_ATTEMPTS:
        outbox.gave_up(row, now=now)
        return False
    # Take it over only if nobody else did since we read it.
    taken = outbox.messages.objects.filter(
        pk=message.pk, state=message.state, lease_until=message.lease_until, attempts=message.attempts
    ).update(state=CLAIMED, lease_until=lease_until, claimed_at=now, attempts=message.attempts + 1)
    if not taken:
        return False
    message.state, message.lease_until, message.claimed_at = CLAIMED, lease_until, now
    message.attempts += 1
    return True


def send(outbox: Outbox, claim, *, delivery: Delivery, result: SweepResult) -> None:
    """Prepare, record if the lease is still ours, finish: one message of a claimed batch."""
    email = outbox.email(claim)
    try:
        pending = delivery.prepare(email)
    except DeliveryError as problem:
        _record_failure(outbox, claim, str(problem))
        result.failed += 1
        return
    sent_at = timezone.now()
    with transaction.atomic():
        commit_without_waiting_for_disk()
        still_wanted = outbox.still_wanted(claim)
        recorded = still_wanted and outbox.messages.objects.filter(
            pk=claim.message_id, state=CLAIMED, lease_until=claim.lease_until
        ).update(state=SENT, sent_at=sent_at, lease_until=None, error="")
        if recorded:
            outbox.recorded(claim, sent_at=sent_at)
        elif not still_wanted:
            # Withdrawn or answered meanwhile: forget the claim, so nothing counts as sent.
            outbox.messages.objects.filter(pk=claim.message_id, state=CLAIMED).delete()
    if not recorded:
        pending.abort()
        result.lost_lease += 1
        return
    try:
        pending.finish()
    except DeliveryError as problem:
        _record_failure(outbox, claim, str(problem), undo_sent=True)
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


def _record_failure(outbox: Outbox, claim, error: str, *, undo_sent: bool = False) -> None:
    """Keep the error, and try the same message again after a back-off while attempts
    remain. When the mail server refused the message after it was recorded as sent, the
    record is undone, so the retry is this message again, not whatever came after it."""
    error = error[:2000]
    with transaction.atomic():
        outbox.failed(claim, error=error, retry_at=timezone.now() + RETRY_AFTER, undo_sent=undo_sent)
        outbox.messages.objects.filter(pk=claim.message_id).update(
            state=FAILED, lease_until=None, error=error, sent_at=None
        )


# --- notices to staff: rows of OutboxMessage ------------------------------------------------


def message_add(
    *, kind: str, to: Iterable[str], subject: str, body: str, from_email: str = ""
) -> OutboxMessage:
    """Put one email in the outbox, due now. Call it in the transaction that causes the
    email, so that the email exists exactly when its cause does; ``messages_sweep`` sends it."""
    return OutboxMessage.objects.create(
        kind=kind, to=list(to), subject=subject, body=body, from_email=from_email, due_at=timezone.now()
    )


@dataclass
class NoticeClaim:
    message_id: int
    lease_until: dt.datetime
    message: OutboxMessage


class Notices(Outbox):
    """The outbox's own messages: each row is both what is due and its message."""

    messages = OutboxMessage

    def __init__(self, ids: Iterable[int] | None = None):
        self.ids = None if ids is None else list(ids)

    def due(self, *, now, batch_size, result):
        due = OutboxMessage.objects.select_for_update(skip_locked=True).filter(due_at__lte=now)
        if self.ids is not None:
            due = due.filter(pk__in=self.ids)
        return [(message, message.kind) for message in due.order_by("due_at", "pk")[:batch_size]]

    def existing(self, wanted):
        return {(message.pk, kind): message for message, kind in wanted}

    def claimed(self, taken, *, lease_until):
        OutboxMessage.objects.filter(pk__in=[message.pk for message, _kind, _same in taken]).update(
            due_at=lease_until
        )
        return [NoticeClaim(message.pk, lease_until, message) for message, _kind, _same in taken]

    def email(self, claim: NoticeClaim) -> EmailMessage:
        message = claim.message
        return PortalEmailMessage(
            subject=message.subject, body=message.body, from_email=message.from_email or None, to=message.to
        )

    def still_wanted(self, claim):
        return True  # a notice is never withdrawn

    def recorded(self, claim, *, sent_at):
        OutboxMessage.objects.filter(pk=claim.message_id).update(due_at=None)

    def found_sent(self, row, kind, message):
        OutboxMessage.objects.filter(pk=message.pk).update(due_at=None)

    def gave_up(self, row, *, now):
        OutboxMessage.objects.filter(pk=row.pk).update(due_at=None)

    def failed(self, claim, *, error, retry_at, undo_sent):
        OutboxMessage.objects.filter(pk=claim.message_id).update(due_at=retry_at)


def messages_sweep(
    *, ids: Iterable[int] | None = None, now: dt.datetime | None = None, batch_size: int = 200
) -> SweepResult:
    """Send the notices that are due (only those in ``ids`` when given: what a service just
    put in the outbox, sent at once rather than at the next periodic sweep)."""
    if ids is not None:
        ids = list(ids)
        if not ids:
            return SweepResult()  # nothing to send: not even a connection to the mail server
    return sweep(Notices(ids), now=now, batch_size=batch_size)
