"""The packet sweep: email each due packet its link, once, through the outbox (portal.outbox,
where the exactly-once protocol is written down).

What this module adds to it: a packet has one email (its one ``PacketMessage``); an address
that opted out or a transition marked do-not-contact cancels it; outside the packet
settings' sending hours it waits for the next opening; recording it starts the link's life.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation

from packets.models import Packet, PacketMessage, PacketSettings, PacketToken
from portal import outbox
from portal.outbox import SweepResult
from portal.patient_email import LINK_MARK, NAME_MARK, STOP_MARK, patient_email
from portal.selectors import liaison_contact, organization_for
from surveys import scheduling
from surveys.sending import greeting_name, url_template
from transitions import optouts

OPT_OUT_SALT = "packets.opt-out"


@dataclass
class Claim:
    message_id: int
    packet: Packet
    lease_until: dt.datetime
    token: str


class PacketOutbox(outbox.Outbox):
    """Packet emails (see the module docstring)."""

    messages = PacketMessage

    def __init__(self, *, packet_ids=None, keep_links: bool = False):
        self.packet_ids, self.keep_links = packet_ids, keep_links
        self.window = PacketSettings.load()
        self.rendered: dict[tuple[str, int | None], tuple[str, str, str, str]] = {}
        self.links: dict[int, str] = {}

    def due(self, *, now, batch_size, result):
        window = self.window
        due = Packet.objects.select_for_update(skip_locked=True, of=("self",)).filter(
            status=Packet.SCHEDULED, due_at__lte=now
        )
        if self.packet_ids is not None:
            due = due.filter(pk__in=self.packet_ids)
        due = list(due.select_related("transition").order_by("due_at")[:batch_size])
        opted_out = optouts.opted_out_hashes([packet.transition.email for packet in due])
        wanted = []
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
            wanted.append((packet, "packet"))
        return wanted

    def existing(self, wanted):
        messages = PacketMessage.objects.filter(packet__in=[packet for packet, _kind in wanted])
        return {(message.packet_id, "packet"): message for message in messages}

    def new_message(self, row, kind, **lease):
        return PacketMessage(packet=row, **lease)

    def claimed(self, taken, *, lease_until):
        tokens = PacketToken.issue(owner_field="packet", owners=[row for row, _kind, _message in taken])
        Packet.objects.filter(pk__in=[packet.pk for packet, _kind, _message in taken]).update(
            due_at=lease_until
        )
        claims = [
            Claim(message_id=message.pk, packet=packet, lease_until=lease_until, token=token)
            for (packet, _kind, message), token in zip(taken, tokens, strict=True)
        ]
        if self.keep_links:
            self.links.update({c.packet.pk: packet_link(c.packet, c.token) for c in claims})
        return claims

    def email(self, claim):
        key = (claim.packet.language, claim.packet.transition.liaison_id)
        if key not in self.rendered:
            self.rendered[key] = _render(*key)
        return _email(claim, self.rendered[key])

    def still_wanted(self, claim):
        return Packet.objects.select_for_update().filter(pk=claim.packet.pk, status=Packet.SCHEDULED).exists()

    def recorded(self, claim, *, sent_at):
        _record_sent(claim.packet, sent_at=sent_at, window=self.window)

    def found_sent(self, row, kind, message):
        _record_sent(row, sent_at=message.sent_at, window=self.window)

    def gave_up(self, row, *, now):
        row.status, row.due_at = Packet.FAILED, None
        row.save(update_fields=["status", "due_at", "updated_at"])

    def failed(self, claim, *, error, retry_at, undo_sent):
        changes = {"last_error": error, "due_at": retry_at}
        statuses = [Packet.SCHEDULED]
        if undo_sent:
            changes.update(status=Packet.SCHEDULED, sent_at=None, expires_at=None)
            statuses.append(Packet.SENT)
        Packet.objects.select_for_update().filter(pk=claim.packet.pk, status__in=statuses).update(**changes)


def packets_sweep(
    *, now: dt.datetime | None = None, batch_size: int = 200, keep_links: bool = False, packet_ids=None
) -> SweepResult:
    """Send every due packet email, in batches, until none is due. Safe to run twice at
    once and to be killed at any moment."""
    packets = PacketOutbox(packet_ids=packet_ids, keep_links=keep_links)
    result = outbox.sweep(packets, now=now, batch_size=batch_size)
    result.links = packets.links
    return result


def _record_sent(packet: Packet, *, sent_at: dt.datetime, window) -> None:
    Packet.objects.filter(pk=packet.pk, status=Packet.SCHEDULED).update(
        status=Packet.SENT,
        sent_at=sent_at,
        due_at=None,
        expires_at=sent_at + dt.timedelta(days=window.link_days),
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
    packet = claim.packet
    return patient_email(
        rendered=rendered,
        name=greeting_name(packet.transition),
        link=packet_link(packet, claim.token),
        stop=opt_out_link(packet),
        to=packet.transition.email,
        message_id=f"<packet-{packet.pk}@{settings.SURVEY_MAIL_DOMAIN}>",
    )
