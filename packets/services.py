"""What liaisons and patients do with packets: choose the pages, send, withdraw, print,
open. Every change a liaison makes is written to the audit log."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.log_actions import LogFormatter, log

from packets.models import Packet, PacketItem, PacketMessage, PacketSettings, PacketToken
from packets.suggestions import page_in_language
from packets.tasks import packets_sweep_task
from portal.celery import enqueue_soon
from surveys.scheduling import next_in_window
from transitions.optouts import opted_out_hashes

MAX_PAGES = 12
SAVED, SENT, PRINTED, WITHDRAWN = (
    "packets.packet.save",
    "packets.packet.send",
    "packets.packet.print",
    "packets.packet.withdraw",
)


@hooks.register("register_log_actions")
def register_packet_actions(actions):
    actions.register_action(SAVED)(PagesChosenFormatter)
    actions.register_action(SENT, _("Send packet"), _("Education packet email requested"))
    actions.register_action(PRINTED, _("Print packet"), _("Education packet printed"))
    actions.register_action(WITHDRAWN, _("Withdraw packet"), _("Education packet link withdrawn"))


class PagesChosenFormatter(LogFormatter):
    """Reads "Chose 3 pages for the education packet", from the page ids the entry keeps."""

    label = _("Choose packet pages")

    def format_message(self, log_entry):
        count = len((log_entry.data or {}).get("pages") or [])
        return ngettext(
            "Chose %(count)s page for the education packet",
            "Chose %(count)s pages for the education packet",
            count,
        ) % {"count": count}


class PacketError(ValueError):
    """Something the liaison must change; the message says what."""


def packet_save(*, transition, pages: list, user) -> Packet:
    """Keep ``pages`` (in this order) as the transition's packet, each in the patient's
    language where it is translated. Pages kept from before keep their open counts."""
    if not pages:
        raise PacketError(_("Choose at least one page."))
    if len(pages) > MAX_PAGES:
        raise PacketError(_("A packet holds at most %(count)s pages.") % {"count": MAX_PAGES})
    chosen, seen = [], set()
    for page in pages:
        localized, fallback = page_in_language(page=page, language=transition.language)
        if localized.pk not in seen:
            seen.add(localized.pk)
            chosen.append((localized, fallback))
    with transaction.atomic():
        packet, _created = Packet.objects.select_for_update().get_or_create(
            transition=transition, defaults={"language": transition.language, "created_by": user}
        )
        if packet.status == Packet.WITHDRAWN:
            raise PacketError(_("This packet was withdrawn; its pages can no longer change."))
        packet.language = transition.language
        packet.save(update_fields=["language", "updated_at"])
        packet.items.exclude(page_id__in=seen).delete()
        existing = {item.page_id: item for item in packet.items.all()}
        for position, (page, fallback) in enumerate(chosen):
            item = existing.get(page.pk) or PacketItem(packet=packet, page=page)
            item.position, item.fallback = position, fallback
            item.save()
        log(instance=packet, action=SAVED, user=user, data={"pages": [page.pk for page, _f in chosen]})
    return packet


def contact_problem(transition) -> str:
    """Why nothing may be emailed for ``transition`` (empty when it may): shown on the
    packet's page before anyone asks, and the reason a request to send is refused."""
    if not transition.email:
        return _(
            "There is no email address for this patient, so the packet cannot be emailed. Add one to the "
            "care transition, or print the packet and hand it over."
        )
    if transition.do_not_contact:
        return _(
            "This care transition is marked “do not contact”, so nothing is emailed: print the packet and "
            "hand it over instead."
        )
    if opted_out_hashes([transition.email]):
        return _(
            "This email address asked us to stop sending emails, so the packet cannot be emailed: print "
            "the packet and hand it over instead."
        )
    return ""


def packet_send(*, packet: Packet, user, now: dt.datetime | None = None) -> Packet:
    """Ask for the packet's email: due at once, or when the sending window next opens. A
    sweep sends it (exactly once); do-not-contact and opt-outs are checked now and again
    at that moment."""
    now = now or timezone.now()
    window = PacketSettings.load()
    with transaction.atomic():
        packet = Packet.objects.select_for_update().get(pk=packet.pk)
        if packet.status in (Packet.SENT, Packet.SCHEDULED):
            return packet
        if packet.status == Packet.WITHDRAWN:
            raise PacketError(_("This packet was withdrawn and cannot be sent."))
        if not packet.items.exists():
            raise PacketError(_("Choose at least one page."))
        problem = contact_problem(packet.transition)
        if problem:
            raise PacketError(problem)
        packet.status = Packet.SCHEDULED
        packet.due_at = next_in_window(now, start=window.send_from, end=window.send_until)
        packet.last_error = ""
        packet.save(update_fields=["status", "due_at", "last_error", "updated_at"])
        log(instance=packet, action=SENT, user=user)
        transaction.on_commit(_sweep_soon)
    return packet


def _sweep_soon() -> None:
    """Send it now rather than at the next periodic sweep; a broker that is down only
    delays it until that sweep."""
    enqueue_soon(packets_sweep_task)


def packet_withdraw(*, packet: Packet, user) -> None:
    """Stop the packet: an unsent email is not sent, and its link no longer opens it."""
    with transaction.atomic():
        Packet.objects.filter(pk=packet.pk).update(status=Packet.WITHDRAWN, due_at=None)
        PacketToken.objects.filter(packet=packet).delete()
        log(instance=packet, action=WITHDRAWN, user=user)


def packet_printed(*, packet: Packet, user) -> None:
    Packet.objects.filter(pk=packet.pk).update(last_printed_at=timezone.now())
    log(instance=packet, action=PRINTED, user=user)


def packet_open(*, packet: Packet) -> None:
    """The first time the link was opened (nothing about the reader is kept)."""
    Packet.objects.filter(pk=packet.pk, opened_at__isnull=True).update(opened_at=timezone.now())


def item_open(*, item: PacketItem) -> None:
    """Count one opening of a page from the packet."""
    now = timezone.now()
    PacketItem.objects.filter(pk=item.pk).update(opened_count=F("opened_count") + 1)
    PacketItem.objects.filter(pk=item.pk, first_opened_at__isnull=True).update(first_opened_at=now)


def packet_errors_erase(*, transition_ids) -> None:
    """Forget what mail servers answered about these transitions' packets: a refusal may
    quote the address, whose contact details are being erased."""
    Packet.objects.filter(transition__in=transition_ids).exclude(last_error="").update(last_error="")
    PacketMessage.objects.filter(packet__transition__in=transition_ids).exclude(error="").update(error="")
