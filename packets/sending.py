"""The packet sweep: claim due packets, email each its link, record each email once.

The same design as the survey invitations' sweep (surveys.sending), for one email per
packet: claim a batch under ``select_for_update(skip_locked=True)`` with a lease on the
packet's one PacketMessage; prepare the email (everything but the last byte of SMTP DATA);
record it as sent only while the lease is still ours; then finish the send. A worker
killed at any point leaves a claim whose lease runs out, and a later sweep sends it, once.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass, field

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.html import escape

from packets.models import Packet, PacketMessage, PacketSettings, PacketToken
from portal.selectors import liaison_contact, organization_for
from surveys import scheduling
from surveys.delivery import Delivery, DeliveryError
from surveys.models import token_hash
from surveys.sending import (
    LINK_MARK,
    NAME_MARK,
    STOP_MARK,
    commit_without_waiting_for_disk,
    greeting_name,
    lease_seconds,
    url_template,
)
from transitions import optouts

MAX_ATTEMPTS = 5
OPT_OUT_SALT = "packets.opt-out"


@dataclass
class Claim:
    packet: Packet
    lease_until: dt.datetime
    token: str


@dataclass
class SweepResult:
    sent: int = 0
    failed: int = 0
    cancelled: int = 0
    deferred: int = 0
    lost_lease: int = 0
    links: dict[int, str] = field(default_factory=dict)  # packet id → link, for the demo only


def packets_sweep(
    *, now: dt.datetime | None = None, batch_size: int = 200, keep_links: bool = False, packet_ids=None
) -> SweepResult:
    """Send every due packet email, in batches, until none is due. Safe to run twice at
    once and to be killed at any moment."""
    result = SweepResult()
    window = PacketSettings.load()
    rendered: dict[tuple[str, int | None], tuple[str, str, str, str]] = {}
    with Delivery() as delivery:
        while True:
            claims = _claim(
                now=now or timezone.now(),
                batch_size=batch_size,
                window=window,
                result=result,
                packet_ids=packet_ids,
            )
            for claim in claims:
                key = (claim.packet.language, claim.packet.transition.liaison_id)
                if key not in rendered:
                    rendered[key] = _render(*key)
                _send(claim, delivery=delivery, rendered=rendered[key], window=window, result=result)
                if keep_links:
                    result.links[claim.packet.pk] = packet_link(claim.packet, claim.token)
            if len(claims) < batch_size:
                break
    return result


def _claim(*, now, batch_size, window, result, packet_ids=None) -> list[Claim]:
    lease_until = now + dt.timedelta(seconds=lease_seconds())
    with transaction.atomic():
        due = Packet.objects.select_for_update(skip_locked=True, of=("self",)).filter(
            status=Packet.SCHEDULED, due_at__lte=now
        )
        if packet_ids is not None:
            due = due.filter(pk__in=packet_ids)
        due = list(due.select_related("transition").order_by("due_at")[:batch_size])
        opted_out = optouts.opted_out_hashes([packet.transition.email for packet in due])
        messages = {m.packet_id: m for m in PacketMessage.objects.filter(packet__in=due)}
        wanted, created = [], []
        for packet in due:
            if optouts.contact_blocked(packet.transition, opted_out=opted_out):
                packet.status, packet.due_at = Packet.CANCELLED, None
                packet.save(update_fields=["status", "due_at", "updated_at"])
                result.cancelled += 1
                continue
            if not scheduling.in_window(now, start=window.send_from, end=window.send_until):
                packet.due_at = scheduling.next_in_window(now, start=window.send_from, end=window.send_until)
                packet.save(update_fields=["due_at"])
                result.deferred += 1
                continue
            message = messages.get(packet.pk)
            if message is None:
                created.append(
                    PacketMessage(packet=packet, lease_until=lease_until, attempts=1, claimed_at=now)
                )
                wanted.append(packet)
            elif _retake(packet, message, now=now, lease_until=lease_until, window=window):
                wanted.append(packet)
        PacketMessage.objects.bulk_create(created)
        tokens = [secrets.token_urlsafe(32) for _packet in wanted]
        PacketToken.objects.bulk_create(
            PacketToken(packet=packet, token_hash=token_hash(token))
            for packet, token in zip(wanted, tokens, strict=True)
        )
        Packet.objects.filter(pk__in=[packet.pk for packet in wanted]).update(due_at=lease_until)
    return [Claim(packet=p, lease_until=lease_until, token=t) for p, t in zip(wanted, tokens, strict=True)]


def _retake(packet, message, *, now, lease_until, window) -> bool:
    """Claim the message again when its lease ran out or it failed; never one recorded as sent."""
    if message.state == PacketMessage.SENT:
        # Recorded, but the packet was not moved on: move it on now, send nothing.
        _record_sent(packet, sent_at=message.sent_at, window=window)
        return False
    if message.state == PacketMessage.CLAIMED and message.lease_until and message.lease_until > now:
        return False
    if message.attempts >= MAX_ATTEMPTS:
        packet.status, packet.due_at = Packet.FAILED, None
        packet.save(update_fields=["status", "due_at", "updated_at"])
        return False
    return bool(
        PacketMessage.objects.filter(
            pk=message.pk, state=message.state, lease_until=message.lease_until, attempts=message.attempts
        ).update(
            state=PacketMessage.CLAIMED,
            lease_until=lease_until,
            claimed_at=now,
            attempts=message.attempts + 1,
        )
    )


def _record_sent(packet: Packet, *, sent_at: dt.datetime, window) -> None:
    Packet.objects.filter(pk=packet.pk, status=Packet.SCHEDULED).update(
        status=Packet.SENT,
        sent_at=sent_at,
        due_at=None,
        expires_at=sent_at + dt.timedelta(days=window.link_days),
    )


def _send(claim: Claim, *, delivery: Delivery, rendered, window, result: SweepResult) -> None:
    email = _email(claim, rendered)
    try:
        pending = delivery.prepare(email)
    except DeliveryError as problem:
        _record_failure(claim, str(problem))
        result.failed += 1
        return
    sent_at = timezone.now()
    with transaction.atomic():
        commit_without_waiting_for_disk()  # as for invitations: see there
        still_due = (
            Packet.objects.select_for_update().filter(pk=claim.packet.pk, status=Packet.SCHEDULED).exists()
        )
        recorded = still_due and PacketMessage.objects.filter(
            packet_id=claim.packet.pk, state=PacketMessage.CLAIMED, lease_until=claim.lease_until
        ).update(state=PacketMessage.SENT, sent_at=sent_at, lease_until=None, error="")
        if recorded:
            _record_sent(claim.packet, sent_at=sent_at, window=window)
        elif not still_due:
            # Withdrawn or opted out meanwhile: forget the claim, so nothing counts as sent.
            PacketMessage.objects.filter(packet_id=claim.packet.pk, state=PacketMessage.CLAIMED).delete()
    if not recorded:
        pending.abort()
        result.lost_lease += 1
        return
    try:
        pending.finish()
    except DeliveryError as problem:
        _record_failure(claim, str(problem), undo_sent=True)
        result.failed += 1
        return
    result.sent += 1


def _record_failure(claim: Claim, error: str, *, undo_sent: bool = False) -> None:
    """Keep the error and try again after a back-off while attempts remain; when the mail
    server refused the message after it was recorded, the record is undone."""
    changes = {"last_error": error[:2000], "due_at": timezone.now() + dt.timedelta(minutes=15)}
    statuses = [Packet.SCHEDULED]
    if undo_sent:
        changes.update(status=Packet.SCHEDULED, sent_at=None, expires_at=None)
        statuses.append(Packet.SENT)
    with transaction.atomic():
        Packet.objects.select_for_update().filter(pk=claim.packet.pk, status__in=statuses).update(**changes)
        PacketMessage.objects.filter(packet_id=claim.packet.pk).update(
            state=PacketMessage.FAILED, lease_until=None, error=error[:2000], sent_at=None
        )


def packet_link(packet: Packet, token: str) -> str:
    return url_template("packet_link", packet.language).format(token)


def opt_out_link(packet: Packet) -> str:
    return url_template("packet_opt_out", packet.language).format(
        signing.dumps(packet.pk, salt=OPT_OUT_SALT, compress=True)
    )


def _render(language: str, liaison_id: int | None) -> tuple[str, str, str, str]:
    """The email in ``language``, from the organization and signed by the responsible
    liaison (when there is one), with markers for the name and links. It names no
    condition and no page: those show only once the link is opened."""
    from django.contrib.auth import get_user_model

    liaison = get_user_model().objects.filter(pk=liaison_id).first() if liaison_id else None
    with translation.override(language):
        organization = organization_for(language=language)
        context = {
            "name": NAME_MARK,
            "link": LINK_MARK,
            "stop_link": STOP_MARK,
            "organization": organization,
            "liaison": liaison_contact(user=liaison),
        }
        subject = render_to_string("packets/email/packet_subject.txt", context).strip()
        text = render_to_string("packets/email/packet.txt", context)
        html = render_to_string("packets/email/packet.html", context)
    return subject, text, html, organization.sender


def _email(claim: Claim, rendered) -> EmailMultiAlternatives:
    subject, text, html, sender = rendered
    packet = claim.packet
    name = greeting_name(packet.transition)
    link, stop = packet_link(packet, claim.token), opt_out_link(packet)
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
        to=[packet.transition.email],
        headers={
            "Message-ID": f"<packet-{packet.pk}@{settings.SURVEY_MAIL_DOMAIN}>",
            "List-Unsubscribe": f"<{stop}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
    email.attach_alternative(html, "text/html")
    return email
