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
"""

from __future__ import annotations

import datetime as dt
import functools
import secrets
from dataclasses import dataclass, field

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.html import escape

from surveys import scheduling
from surveys.delivery import Delivery, DeliveryError
from surveys.models import Invitation, InvitationMessage, InvitationToken, SurveyPage, token_hash
from transitions import optouts

MAX_ATTEMPTS = 5
OPT_OUT_SALT = "surveys.opt-out"


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
    templates = _EmailTemplates()
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
                    result.links[claim.invitation.pk] = _link(claim.invitation, claim.token)
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


def _send(claim: Claim, *, delivery: Delivery, templates: _EmailTemplates, result: SweepResult) -> None:
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
    from django.db import connection

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


@functools.lru_cache(maxsize=32)
def url_template(name: str, language: str) -> str:
    """A full URL with "{}" where its one argument goes (reversed once per language)."""
    from django.urls import reverse

    marker = "ARGUMENT0MARKER"
    with translation.override(language):
        path = reverse(name, args=[marker])
    return (settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path).replace(marker, "{}")


def _link(invitation: Invitation, token: str) -> str:
    return url_template("survey_invitation", invitation.language).format(token)


def opt_out_link(invitation: Invitation) -> str:
    signed = signing.dumps(invitation.pk, salt=OPT_OUT_SALT, compress=True)
    return url_template("survey_opt_out", invitation.language).format(signed)


NAME_MARK, LINK_MARK, STOP_MARK = "\x00name\x00", "\x00link\x00", "\x00stop\x00"


class _EmailTemplates:
    """Each (survey page, language, kind) rendered once per sweep with markers in place of
    the name and links, which are filled in per message."""

    def __init__(self):
        self._rendered: dict[tuple[int, str, str], tuple[str, str, str]] = {}

    def email(self, claim: Claim) -> EmailMultiAlternatives:
        invitation = claim.invitation
        kind = "invitation" if claim.kind == InvitationMessage.INVITATION else "reminder"
        key = (invitation.page_id, invitation.language, kind)
        if key not in self._rendered:
            self._rendered[key] = _render(invitation.page, invitation.language, kind)
        subject, text, html, sender = self._rendered[key]
        name = _greeting_name(invitation)
        link, stop = _link(invitation, claim.token), opt_out_link(invitation)
        text = text.replace(NAME_MARK, name).replace(LINK_MARK, link).replace(STOP_MARK, stop)
        html = (
            html.replace(NAME_MARK, escape(name))
            .replace(LINK_MARK, escape(link))
            .replace(STOP_MARK, escape(stop))
        )
        email = EmailMultiAlternatives(
            subject=subject,
            body=text,
            from_email=sender,
            to=[invitation.transition.email if invitation.transition else ""],
            headers={
                "Message-ID": f"<invitation-{invitation.pk}-{claim.kind}@{settings.SURVEY_MAIL_DOMAIN}>",
                "List-Unsubscribe": f"<{stop}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                "Auto-Submitted": "auto-generated",
            },
        )
        email.attach_alternative(html, "text/html")
        return email


def _greeting_name(invitation: Invitation) -> str:
    return greeting_name(invitation.transition)


def greeting_name(transition) -> str:
    """Who an email to this transition's address is written to."""
    if transition is None:
        return ""
    return (
        transition.proxy_name
        if transition.respondent == transition.PROXY and transition.proxy_name
        else (transition.patient_first_name)
    )


def _render(page: SurveyPage, language: str, kind: str) -> tuple[str, str, str, str]:
    """Subject, text, HTML and sender of one kind of email in ``language``: from the
    organization, with its help line and postal address at the foot."""
    from portal.selectors import organization_for

    localized = page.get_translations(inclusive=True).filter(locale__language_code=language).live().first()
    page = (localized or page).specific
    with translation.override(language):
        organization = organization_for(language=language)
        context = {
            "name": NAME_MARK,
            "link": LINK_MARK,
            "stop_link": STOP_MARK,
            "organization": organization,
            "reminder": kind == "reminder",
            "page": page,
            "body": page.email_body(kind=kind),
        }
        subject = page.email_subject(kind=kind, organization=organization.name)
        text = render_to_string("surveys/email/invitation.txt", context)
        html = render_to_string("surveys/email/invitation.html", context)
    return subject, text, html, organization.sender
