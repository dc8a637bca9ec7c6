"""The review area's audit trail, kept in Wagtail's log entries (ModelLogEntry) with our own
registered actions: every response viewed, every export, every follow-up change. Wagtail
offers no route that edits or deletes a log entry; managers browse and export the trail
under Reports → Site history (they hold the permissions that make these entries visible)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.log_actions import log

from feedback.models import FollowUp

RESPONSE_VIEWED = "surveys.response.view"
RESPONSES_EXPORTED = "surveys.responses.export"
FOLLOWUP_CHANGED = "surveys.followup.change"
FOLLOWUP_OPENED = "surveys.followup.open"
# The actor named on entries written by scheduled jobs (no signed-in user).
SYSTEM_ACTOR = "export_responses (scheduled job)"


@hooks.register("register_log_actions")
def register_review_actions(actions):
    actions.register_action(RESPONSE_VIEWED, _("View response"), _("Viewed a survey response"))
    actions.register_action(RESPONSES_EXPORTED, _("Export responses"), _export_message)
    actions.register_action(FOLLOWUP_CHANGED, _("Change follow-up"), _followup_message)
    actions.register_action(FOLLOWUP_OPENED, _("Open follow-up"), _("Follow-up opened by the rules"))


def _export_message(log_entry) -> str:
    data = log_entry.data or {}
    message = _("Exported %(rows)s responses as %(format)s") % {
        "rows": data.get("rows", "?"),
        "format": str(data.get("format", "?")).upper(),
    }
    if data.get("deidentified"):
        message += " " + str(_("(de-identified)"))
    if data.get("actor"):
        message += f" — {data['actor']}"
    return message


def _followup_message(log_entry) -> str:
    data = log_entry.data or {}
    return _("Follow-up status: %(before)s → %(after)s") % {
        "before": data.get("before_label", data.get("before", "")),
        "after": data.get("after_label", data.get("after", "")),
    }


def response_viewed(*, response, user) -> None:
    log(instance=response, action=RESPONSE_VIEWED, user=user)


def responses_exported(*, survey, user, data: dict) -> None:
    """One entry per export, against the survey exported: format, filters, row count and,
    for a scheduled job, the named system actor."""
    log(instance=survey, action=RESPONSES_EXPORTED, user=user, data=data)


def followup_changed(*, followup, user, before: str, after: str, note: str = "") -> None:
    labels = dict(FollowUp.STATUSES)
    log(
        instance=followup,
        action=FOLLOWUP_CHANGED,
        user=user,
        data={
            "before": before,
            "after": after,
            "before_label": str(labels.get(before, before)),
            "after_label": str(labels.get(after, after)),
            "note_given": bool(note),
        },
    )


def followup_opened(*, followup) -> None:
    log(instance=followup, action=FOLLOWUP_OPENED, data={"kind": followup.kind})
