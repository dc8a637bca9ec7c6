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
received a complete message, so nothing is sent twice.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.html import escape

from surveys import scheduling
from surveys.delivery import Delivery, DeliveryError
from surveys.models import Invitation, InvitationMessage, SurveyPage
from surveys.services import invitation_token_issue

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
    now = now or timezone.now()
    result.expired = Invitation.objects.filter(status__in=Invitation.PENDING, expires_at__lte=now).update(
        status=Invitation.EXPIRED, due_at=None, closed_at=now
    )
    templates = _EmailTemplates()
    with Delivery() as delivery:
        while True:
            claims = _claim(
                now=now,
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
    claims = []
    lease_until = now + dt.timedelta(seconds=lease_seconds())
    with transaction.atomic():
        due = Invitation.objects.select_for_update(skip_locked=True, of=("self",)).filter(
            status__in=Invitation.PENDING, due_at__lte=now
        )
        if invitation_ids is not None:
            due = due.filter(pk__in=invitation_ids)
        due = list(due.select_related("transition", "page").order_by("due_at")[:batch_size])
        for invitation in due:
            page = invitation.page
            if invitation.transition is not None and scheduling.contact_blocked(invitation.transition):
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
            message = _claim_message(invitation, kind, now=now, lease_until=lease_until)
            if message is None:
                continue
            invitation.due_at = lease_until
            invitation.save(update_fields=["due_at"])
            claims.append(
                Claim(
                    message_id=message.pk,
                    invitation=invitation,
                    kind=kind,
                    lease_until=lease_until,
                    token=invitation_token_issue(invitation=invitation),
                )
            )
    return claims


def _next_kind(invitation: Invitation) -> str | None:
    if invitation.status == Invitation.SCHEDULED:
        return InvitationMessage.INVITATION
    if invitation.reminders_sent < invitation.page.reminder_count:
        return f"reminder_{invitation.reminders_sent + 1}"
    return None


def _claim_message(invitation, kind, *, now, lease_until) -> InvitationMessage | None:
    message = InvitationMessage.objects.filter(invitation=invitation, kind=kind).first()
    if message is None:
        try:
            with transaction.atomic():
                return InvitationMessage.objects.create(
                    invitation=invitation, kind=kind, lease_until=lease_until, attempts=1, claimed_at=now
                )
        except IntegrityError:
            return None
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
    message.state, message.lease_until, message.claimed_at = InvitationMessage.CLAIMED, lease_until, now
    message.attempts += 1
    message.save(update_fields=["state", "lease_until", "claimed_at", "attempts"])
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
        still_pending = Invitation.objects.filter(
            pk=claim.invitation.pk, status__in=Invitation.PENDING
        ).exists()
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
        _record_failure(claim, str(problem))
        result.failed += 1
        return
    result.sent += 1


def _record_failure(claim: Claim, error: str) -> None:
    """Keep the error, and try again after a back-off while attempts remain."""
    now = timezone.now()
    InvitationMessage.objects.filter(pk=claim.message_id).update(
        state=InvitationMessage.FAILED, lease_until=None, error=error[:2000]
    )
    Invitation.objects.filter(pk=claim.invitation.pk, status__in=Invitation.PENDING).update(
        last_error=error[:2000], due_at=now + dt.timedelta(minutes=15)
    )


def _link(invitation: Invitation, token: str) -> str:
    with translation.override(invitation.language):
        from django.urls import reverse

        path = reverse("survey_invitation", kwargs={"token": token})
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def opt_out_link(invitation: Invitation) -> str:
    from django.urls import reverse

    signed = signing.dumps(invitation.pk, salt=OPT_OUT_SALT, compress=True)
    with translation.override(invitation.language):
        path = reverse("survey_opt_out", kwargs={"signed": signed})
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


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
        subject, text, html = self._rendered[key]
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
    transition = invitation.transition
    if transition is None:
        return ""
    return (
        transition.proxy_name
        if transition.respondent == transition.PROXY and transition.proxy_name
        else (transition.patient_first_name)
    )


def _render(page: SurveyPage, language: str, kind: str) -> tuple[str, str, str]:
    localized = page.get_translations(inclusive=True).filter(locale__language_code=language).live().first()
    page = (localized or page).specific
    with translation.override(language):
        context = {
            "name": NAME_MARK,
            "link": LINK_MARK,
            "stop_link": STOP_MARK,
            "organisation": settings.PORTAL_ORGANISATION_NAME,
            "reminder": kind == "reminder",
            "page": page,
            "body": page.email_body(kind=kind),
        }
        subject = page.email_subject(kind=kind)
        text = render_to_string("surveys/email/invitation.txt", context)
        html = render_to_string("surveys/email/invitation.html", context)
    return subject, text, html
