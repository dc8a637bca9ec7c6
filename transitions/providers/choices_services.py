"""Writes to the patient's choice list: start it, put providers on it or take them off
(with the reason), share it with the patient (a frozen copy, in their language) and record
the provider they chose. Each is written to the audit log on the care transition, whose
label there is its reference (as every other transition entry), never a patient's details.

A share is what the discharge-planning rule (42 CFR 482.43(c)) asks a hospital to be able
to show: which quality data it gave the patient, when and who gave it. So the copy is made
from what the list shows at that moment, in the patient's language, and is never changed.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from wagtail.log_actions import LogFormatter, log

from transitions.hooks import TRANSITIONS_CHANGED, hooks_run
from transitions.models import (
    PROVIDER_KINDS,
    CareTransition,
    ChoiceList,
    ChoiceListEntry,
    ChoiceListShare,
    Facility,
)
from transitions.providers.choices_selectors import choice_list_entries, choice_list_providers
from transitions.providers.snapshot import choice_list_snapshot

SHARED = "transitions.choices.share"
CHOSEN = "transitions.choices.choose"
ADDED = "transitions.choices.add"
TAKEN_OFF = "transitions.choices.remove"
DEFAULT_KIND = "snf"


class ChoiceError(ValueError):
    """Something the liaison must change; the message says what."""


def choice_list_ensure(*, transition: CareTransition, user) -> ChoiceList:
    """The transition's choice list, started when first opened: the kind of care it is
    moving to (when that is a kind of provider) and the discharging facility's ZIP code."""
    kind = transition.destination_kind if transition.destination_kind in PROVIDER_KINDS else DEFAULT_KIND
    choice_list, _created = ChoiceList.objects.get_or_create(
        transition=transition,
        defaults={"kind": kind, "zip_code": transition.discharging_facility.zip_code, "created_by": user},
    )
    return choice_list


def choice_entry_add(
    *, choice_list: ChoiceList, facility: Facility, user, reason: str = ""
) -> ChoiceListEntry:
    """Put ``facility`` on the list (again, if it was taken off), with the reason where one
    is needed (a provider from outside the search)."""
    with transaction.atomic():
        entry, _created = ChoiceListEntry.objects.update_or_create(
            choice_list=choice_list,
            facility=facility,
            defaults={"included": True, "reason": reason.strip(), "changed_by": user},
        )
        log(
            instance=choice_list.transition,
            action=ADDED,
            user=user,
            data={
                "facility": facility.pk,
                "facility_name": facility.name,
                "reason_given": bool(reason.strip()),
            },
        )
    return entry


def choice_entry_remove(*, choice_list: ChoiceList, facility: Facility, user, reason: str) -> ChoiceListEntry:
    """Take ``facility`` off the list; the entry stays, with why."""
    reason = reason.strip()
    if not reason:
        raise ChoiceError(_("Say why this provider comes off the list."))
    with transaction.atomic():
        entry = (
            ChoiceListEntry.objects.select_for_update()
            .filter(choice_list=choice_list, facility=facility)
            .first()
        )
        if entry is None:
            raise ChoiceError(_("This provider is not on the list."))
        entry.included, entry.reason, entry.changed_by = False, reason, user
        entry.save(update_fields=["included", "reason", "changed_by", "changed_at"])
        log(
            instance=choice_list.transition,
            action=TAKEN_OFF,
            user=user,
            data={"facility": facility.pk, "facility_name": facility.name, "reason_given": True},
        )
    return entry


def choice_list_snapshot_now(*, choice_list: ChoiceList, language: str) -> dict:
    """The list as it reads now, in ``language``: what the print view shows and a share keeps."""
    entries = choice_list_entries(choice_list=choice_list)
    with translation.override(language):
        providers = choice_list_providers(choice_list=choice_list, entries=entries)
        return choice_list_snapshot(choice_list=choice_list, providers=providers)


def choice_list_share(*, choice_list: ChoiceList, user) -> ChoiceListShare:
    """Share the list with the patient: a frozen copy, in their language, that the
    education packet shows, recorded in the audit log."""
    transition = choice_list.transition
    snapshot = choice_list_snapshot_now(choice_list=choice_list, language=transition.language)
    if not snapshot["providers"]:
        raise ChoiceError(_("Put at least one provider on the list before sharing it."))
    with transaction.atomic():
        share = ChoiceListShare.objects.create(
            choice_list=choice_list, shared_by=user, language=transition.language, snapshot=snapshot
        )
        log(
            instance=transition,
            action=SHARED,
            user=user,
            data={
                "share": share.pk,
                "providers": len(snapshot["providers"]),
                "kind": choice_list.kind,
                "language": share.language,
                "releases": [source["released_on"] for source in snapshot["sources"]],
            },
        )
    return share


def choice_record(*, choice_list: ChoiceList, facility: Facility, user, reason: str = "") -> ChoiceList:
    """Record the provider the patient chose from the list, and why if they said: the
    transition's receiving facility (and the kind of care it moves to) follow, and what
    hangs on a transition's change (its survey invitations) is brought up to date."""
    if not choice_list.entries.filter(facility=facility, included=True).exists():
        raise ChoiceError(_("Choose a provider that is on the list."))
    with transaction.atomic():
        choice_list.chosen_facility = facility
        choice_list.chosen_reason = reason.strip()
        choice_list.chosen_at = timezone.now()
        choice_list.save(update_fields=["chosen_facility", "chosen_reason", "chosen_at", "updated_at"])
        transition = CareTransition.objects.select_for_update().get(pk=choice_list.transition_id)
        transition.receiving_facility = facility
        transition.destination_kind = choice_list.kind
        transition.save()
        hooks_run(TRANSITIONS_CHANGED, [transition])
        log(
            instance=transition,
            action=CHOSEN,
            user=user,
            data={
                "facility": facility.pk,
                "facility_name": facility.name,
                "reason_given": bool(reason.strip()),
            },
        )
    choice_list.transition = transition
    return choice_list


# --- the audit log's sentences (registered in transitions.wagtail_hooks) ----------------------


def register_choice_actions(actions) -> None:
    actions.register_action(SHARED)(ChoicesSharedFormatter)
    actions.register_action(CHOSEN)(ProviderChosenFormatter)
    actions.register_action(ADDED)(ProviderAddedFormatter)
    actions.register_action(TAKEN_OFF)(ProviderTakenOffFormatter)


class ChoicesSharedFormatter(LogFormatter):
    """Reads "Shared quality data on 3 providers with the patient (choice list, in
    Spanish)", from the counts the entry keeps."""

    label = gettext_lazy("Share choice list")

    def format_message(self, log_entry):
        data = log_entry.data or {}
        count = data.get("providers") or 0
        language = (
            translation.get_language_info(data["language"])["name_translated"]
            if data.get("language")
            else "?"
        )
        return ngettext(
            "Shared quality data on %(count)s provider with the patient (choice list, in %(language)s)",
            "Shared quality data on %(count)s providers with the patient (choice list, in %(language)s)",
            count,
        ) % {"count": count, "language": language}


class _ProviderFormatter(LogFormatter):
    message = ""

    def format_message(self, log_entry):
        data = log_entry.data or {}
        name = data.get("facility_name") or f"#{data.get('facility')}"
        message = str(self.message) % {"name": name}
        if data.get("reason_given"):
            message += " — " + _("with a reason")
        return message


class ProviderChosenFormatter(_ProviderFormatter):
    """Reads "The patient chose Oak Grove Nursing Center — with a reason"."""

    label = gettext_lazy("Record the patient's choice")
    message = gettext_lazy("The patient chose %(name)s")


class ProviderAddedFormatter(_ProviderFormatter):
    """Reads "Put Oak Grove Nursing Center on the choice list"."""

    label = gettext_lazy("Add to the choice list")
    message = gettext_lazy("Put %(name)s on the choice list")


class ProviderTakenOffFormatter(_ProviderFormatter):
    """Reads "Took Oak Grove Nursing Center off the choice list — with a reason"."""

    label = gettext_lazy("Take off the choice list")
    message = gettext_lazy("Took %(name)s off the choice list")
