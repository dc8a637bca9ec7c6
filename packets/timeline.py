"""An education packet's timeline, as a care transition's timeline shows it: pages chosen,
email requested, sent, opened, printed, withdrawn (or what is next), from the packet's
columns and its audit trail; and its state as the invitation log's "Packet" column shows it."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from packets.models import Packet
from packets.selectors import packet_for_transition, packet_log_entries, packet_timeline_items
from packets.services import PRINTED, SAVED, SENT, WITHDRAWN
from transitions.timeline import Step, TimelineSection, error_shown


def packet_state(status: str | None, opened_at: dt.datetime | None) -> tuple[str, str]:
    """The invitation log's "Packet" column: (label, tone) from the packet's status."""
    if status == Packet.SENT:
        return (_("Opened"), "good") if opened_at else (_("Sent"), "")
    if status == Packet.SCHEDULED:
        return _("Waiting to send"), "pending"
    if status == Packet.WITHDRAWN:
        return _("Withdrawn"), "bad"
    if status == Packet.FAILED:
        return _("Could not send"), "bad"
    return _("Not sent"), ""


def packet_timeline(packet, entries) -> list[Step]:
    """Pages chosen → email requested → sent → opened → printed → withdrawn (or what is
    next), from the packet's columns and its audit log ``entries``, in time order."""
    steps = []
    for entry in entries:
        who = _("by %(name)s") % {"name": entry.user_display_name} if entry.user_id else ""
        if entry.action == SAVED:
            count = len((entry.data or {}).get("pages", []))
            label = ngettext("%(count)s page chosen", "%(count)s pages chosen", count) % {"count": count}
            steps.append(Step(label, entry.timestamp, detail=who))
        elif entry.action == SENT:
            steps.append(Step(_("Email requested"), entry.timestamp, detail=who))
        elif entry.action == PRINTED:
            steps.append(Step(_("Printed"), entry.timestamp, detail=who))
        elif entry.action == WITHDRAWN:
            steps.append(Step(_("Link withdrawn"), entry.timestamp, detail=who, tone="bad"))
    if packet.sent_at:
        steps.append(Step(_("Sent"), packet.sent_at, tone="good"))
    if packet.opened_at:
        steps.append(Step(_("Opened"), packet.opened_at, tone="good"))
    steps.sort(key=lambda step: step.at)
    if packet.status == Packet.SCHEDULED and packet.due_at:
        steps.append(Step(_("Email due"), packet.due_at, tone="pending"))
    elif packet.status == Packet.FAILED:
        steps.append(Step(_("Could not send"), detail=error_shown(packet.last_error), tone="bad"))
    elif packet.status == Packet.CANCELLED:
        steps.append(Step(_("Not sent: do not contact"), tone="bad"))
    elif packet.status == Packet.SCHEDULED and packet.last_error:
        steps.append(Step(_("Last attempt failed"), detail=error_shown(packet.last_error), tone="bad"))
    return steps


def packet_for_timeline(transition) -> dict | None:
    """The transition's packet with its pages and audit trail, in three queries."""
    packet = packet_for_transition(transition=transition)
    if packet is None:
        return None
    return {
        "packet": packet,
        "timeline": packet_timeline(packet, packet_log_entries(packet=packet)),
        "items": packet_timeline_items(packet=packet),
    }


def packet_section(*, transition, can_prepare: bool) -> TimelineSection:
    """The transition's packet on its timeline (or that none was prepared), with the link to
    the packet page for those who may prepare one."""
    return TimelineSection(
        "packets/admin/timeline_packet.html",
        {"packet": packet_for_timeline(transition), "can_prepare_packets": can_prepare},
    )
