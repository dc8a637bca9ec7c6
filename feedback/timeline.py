"""The timeline of a care transition's invitations and education packet, as the invitation
log shows it: what happened when, built from the records' own columns (and the packet's
audit trail), with no email body, address or token in it."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from feedback.selectors import packet_items, packet_log_entries, packet_of_transition
from packets.models import Packet
from packets.services import PRINTED, SAVED, SENT, WITHDRAWN
from surveys.models import Invitation, InvitationMessage

_ADDRESS = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+")


def error_shown(error: str) -> str:
    """A delivery error without the email addresses a mail server may quote in it."""
    return _ADDRESS.sub("[address]", error or "").strip()


@dataclass(frozen=True)
class Step:
    label: str
    at: dt.datetime | None = None
    detail: str = ""
    tone: str = ""  # "good", "bad", "pending" or ""


def invitation_timeline(invitation: Invitation) -> list[Step]:
    """Scheduled → sent → reminded ×N → opened → started → how it ended (or what is next),
    from the invitation's own columns only."""
    steps = [Step(_("Scheduled"), invitation.created_at)]
    if invitation.sent_at:
        steps.append(Step(_("Sent"), invitation.sent_at))
    if invitation.reminders_sent:
        steps.append(
            Step(_("Reminded ×%(count)s") % {"count": invitation.reminders_sent}, invitation.last_sent_at)
        )
    if invitation.opened_at:
        steps.append(Step(_("Opened"), invitation.opened_at))
    if invitation.started_at:
        steps.append(Step(_("Started"), invitation.started_at))
    status = invitation.status
    if status == Invitation.COMPLETED:
        steps.append(Step(_("Completed"), invitation.responded_at or invitation.closed_at, tone="good"))
    elif status == Invitation.EXPIRED:
        steps.append(Step(_("Expired"), invitation.closed_at or invitation.expires_at, tone="bad"))
    elif status == Invitation.FAILED:
        steps.append(
            Step(_("Failed"), invitation.closed_at, detail=error_shown(invitation.last_error), tone="bad")
        )
    elif status == Invitation.OPTED_OUT:
        steps.append(Step(_("Opted out"), invitation.closed_at, tone="bad"))
    elif status == Invitation.CANCELLED:
        steps.append(Step(_("Cancelled"), invitation.closed_at, tone="bad"))
    else:
        if invitation.last_error:
            steps.append(
                Step(_("Last attempt failed"), detail=error_shown(invitation.last_error), tone="bad")
            )
        if invitation.due_at:
            next_label = _("Reminder due") if invitation.sent_at else _("Due")
            steps.append(Step(next_label, invitation.due_at, tone="pending"))
    return steps


def message_kind_label(kind: str) -> str:
    if kind == InvitationMessage.INVITATION:
        return _("Invitation")
    prefix, _sep, number = kind.rpartition("_")
    if prefix == "reminder" and number.isdigit():
        return _("Reminder %(number)s") % {"number": number}
    return kind


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
    packet = packet_of_transition(transition=transition)
    if packet is None:
        return None
    return {
        "packet": packet,
        "timeline": packet_timeline(packet, packet_log_entries(packet=packet)),
        "items": packet_items(packet=packet),
    }


def invitation_emails(invitation: Invitation) -> list[dict]:
    """The invitation's emails (prefetched) as the transition's timeline lists them."""
    return [
        {
            "kind": message_kind_label(message.kind),
            "state": message.get_state_display(),
            "failed": message.state == InvitationMessage.FAILED,
            "sent_at": message.sent_at,
            "attempts": message.attempts,
            "error": error_shown(message.error),
        }
        for message in invitation.messages.all()
    ]
