"""A survey invitation's timeline, as the invitation log and a care transition's timeline
show it: what happened when, from the invitation's own columns, and its emails, with no
email body, address or token in them."""

from __future__ import annotations

from django.utils.translation import gettext as _

from surveys.models import Invitation, InvitationMessage
from surveys.selectors import invitations_of_transition
from transitions.timeline import Step, TimelineSection, error_shown


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


def invitations_section(*, user, transition) -> TimelineSection:
    """The transition's invitations the user may see, each with its timeline and its emails
    (in two queries, whatever their number)."""
    invitations = invitations_of_transition(user=user, transition=transition)
    return TimelineSection(
        "surveys/admin/timeline_invitations.html",
        {
            "invitations": [
                {
                    "invitation": invitation,
                    "timeline": invitation_timeline(invitation),
                    "emails": invitation_emails(invitation),
                }
                for invitation in invitations
            ]
        },
    )
