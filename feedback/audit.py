"""The review area's audit trail, kept in Wagtail's log entries (ModelLogEntry) with our own
registered actions: every response viewed, every export, every follow-up opened, changed or
handed on. Wagtail
offers no route that edits or deletes a log entry; managers browse and export the trail
under Reports → Site history (they hold the permissions that make these entries visible).

Each entry reads as a sentence built from what it stores (Wagtail's ``LogFormatter``): an
export names its format, options, filters and row count; a follow-up change its number and
the statuses before and after. Facility and liaison names are looked up when the entry is
shown; no entry stores a patient's details or a note's text."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from wagtail import hooks
from wagtail.log_actions import LogFormatter, log

from feedback.models import FollowUp
from surveys.models import SurveyVersion
from transitions.models import DESTINATION_KINDS, Facility

RESPONSE_VIEWED = "surveys.response.view"
RESPONSES_EXPORTED = "surveys.responses.export"
FOLLOWUP_CHANGED = "surveys.followup.change"
FOLLOWUP_OPENED = "surveys.followup.open"
FOLLOWUP_REASSIGNED = "surveys.followup.reassign"
# The actor named on entries written by scheduled jobs (no signed-in user).
SYSTEM_ACTOR = "export_responses (scheduled job)"
FORMAT_NAMES = {"csv": "CSV", "xlsx": "XLSX", "fhir": "FHIR"}


@hooks.register("register_log_actions")
def register_review_actions(actions):
    actions.register_action(
        RESPONSE_VIEWED, gettext_lazy("View response"), gettext_lazy("Viewed a survey response")
    )
    actions.register_action(RESPONSES_EXPORTED)(ExportFormatter)
    actions.register_action(FOLLOWUP_CHANGED)(FollowUpChangeFormatter)
    actions.register_action(FOLLOWUP_OPENED)(FollowUpOpenFormatter)
    actions.register_action(FOLLOWUP_REASSIGNED)(FollowUpReassignFormatter)


class ExportFormatter(LogFormatter):
    """Reads "Exported 170 responses as CSV (labels, de-identified) — filters: facility
    Riverside, 2026-01-01 to 2026-12-06", and ends "— by …" for a scheduled job."""

    label = gettext_lazy("Export responses")

    def format_message(self, log_entry):
        data = log_entry.data or {}
        rows = data.get("rows")
        message = ngettext(
            "Exported %(rows)s response as %(format)s",
            "Exported %(rows)s responses as %(format)s",
            _count(rows),
        ) % {"rows": "?" if rows is None else rows, "format": FORMAT_NAMES.get(data.get("format"), "?")}
        options = []
        if data.get("format") in ("csv", "xlsx"):
            options.append(_("labels") if data.get("labels") else _("codes"))
        if data.get("deidentified"):
            options.append(_("de-identified"))
        if options:
            message += f" ({', '.join(options)})"
        filters = _filter_phrases(data.get("filters") or {})
        if filters:
            message += " — " + _("filters: %(filters)s") % {"filters": ", ".join(filters)}
        if data.get("actor"):
            message += " — " + _("by %(name)s") % {"name": data["actor"]}
        return message


class FollowUpChangeFormatter(LogFormatter):
    """Reads "Follow-up #12: open → resolved — with a note" (the note's text stays on the
    follow-up: the entry records only that one was given)."""

    label = gettext_lazy("Change follow-up")

    def format_message(self, log_entry):
        data = log_entry.data or {}
        message = _("Follow-up #%(number)s: %(before)s → %(after)s") % {
            "number": log_entry.object_id,
            "before": _status_shown(data, "before"),
            "after": _status_shown(data, "after"),
        }
        if data.get("note_given"):
            message += " — " + _("with a note")
        return message


class FollowUpOpenFormatter(LogFormatter):
    """Reads "Follow-up #12 opened by the rules: asked for a call, low overall rating" (one
    entry per case with every reason; entries from before cases name one kind)."""

    label = gettext_lazy("Open follow-up")

    def format_message(self, log_entry):
        data = log_entry.data or {}
        kinds = data.get("kinds") or ([data["kind"]] if data.get("kind") else [])
        names = dict(FollowUp.KINDS)
        reasons = ", ".join(str(names.get(kind, kind)).lower() for kind in kinds)
        if not reasons:
            return _("Follow-up #%(number)s opened by the rules") % {"number": log_entry.object_id}
        return _("Follow-up #%(number)s opened by the rules: %(reason)s") % {
            "number": log_entry.object_id,
            "reason": reasons,
        }


class FollowUpReassignFormatter(LogFormatter):
    """Reads "Follow-up #12 reassigned from Ana Ruiz to Ben Cole — with a note" (the note's
    text stays on the follow-up, as with a status change); the sweep's hand-over of a
    deactivated owner's case says so."""

    label = gettext_lazy("Reassign follow-up")

    def format_message(self, log_entry):
        data = log_entry.data or {}
        message = _("Follow-up #%(number)s reassigned from %(before)s to %(after)s") % {
            "number": log_entry.object_id,
            "before": _person(data, "from"),
            "after": _person(data, "to"),
        }
        if data.get("note_given"):
            message += " — " + _("with a note")
        if data.get("owner_deactivated"):
            message += " — " + _("the owner was deactivated")
        return message


def _person(data: dict, key: str) -> str:
    """A user's name as now known, else the name stored with the entry, else their number."""
    pk = data.get(key)
    user = get_user_model().objects.filter(pk=pk).first() if isinstance(pk, int) else None
    if user is not None:
        return user.get_full_name() or user.get_username()
    return data.get(f"{key}_name") or f"#{pk}"


def _count(value) -> int:
    return value if isinstance(value, int) else 0


def _status_shown(data: dict, key: str) -> str:
    """A status in the reader's language; the label stored with the entry (or the code) if
    the status no longer exists."""
    code = data.get(key, "")
    return str(dict(FollowUp.STATUSES).get(code) or data.get(f"{key}_label") or code).lower()


def _filter_phrases(filters: dict) -> list[str]:
    """The export's filters as short phrases, in the order the review form shows them (the
    survey is the entry's own record, so it is not repeated)."""
    phrases = []
    if filters.get("facility") not in (None, ""):
        name = _name_of(Facility, filters["facility"], lambda facility: facility.name)
        phrases.append(_("facility %(name)s") % {"name": name})
    if filters.get("destination"):
        kind = dict(DESTINATION_KINDS).get(filters["destination"], filters["destination"])
        phrases.append(_("moving to %(kind)s") % {"kind": str(kind).lower()})
    if filters.get("liaison") not in (None, ""):
        name = _name_of(
            get_user_model(), filters["liaison"], lambda user: user.get_full_name() or user.get_username()
        )
        phrases.append(_("liaison %(name)s") % {"name": name})
    if filters.get("language"):
        language = dict(settings.LANGUAGES).get(filters["language"], filters["language"])
        phrases.append(_("language %(language)s") % {"language": language})
    if filters.get("version") not in (None, ""):
        number = _name_of(SurveyVersion, filters["version"], lambda version: str(version.number))
        phrases.append(_("version %(number)s") % {"number": number})
    start, end = filters.get("from") or filters.get("since"), filters.get("to")
    if start and end:
        phrases.append(_("%(start)s to %(end)s") % {"start": start, "end": end})
    elif start:
        phrases.append(_("from %(start)s") % {"start": start})
    elif end:
        phrases.append(_("up to %(end)s") % {"end": end})
    return phrases


def _name_of(model, pk, name) -> str:
    """The record's name, or its number if it is gone (or the stored value is not a number)."""
    try:
        record = model.objects.filter(pk=int(pk)).first()
    except (TypeError, ValueError):
        record = None
    return name(record) if record is not None else f"#{pk}"


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


def followup_opened(*, followup, kinds: list[str]) -> None:
    log(instance=followup, action=FOLLOWUP_OPENED, data={"kinds": kinds})


def followup_reassigned(*, followup, user, before, after, note: str) -> None:
    """Who had the case and who has it now (their names kept in case they are deleted);
    only whether a note was given, never its text."""
    log(
        instance=followup,
        action=FOLLOWUP_REASSIGNED,
        user=user,
        data={
            "from": before.pk,
            "to": after.pk,
            "from_name": before.get_full_name() or before.get_username(),
            "to_name": after.get_full_name() or after.get_username(),
            "note_given": bool(note),
            "owner_deactivated": user is None,
        },
    )
