"""Retention: the contact details of a closed care transition are erased a set number of
days after the move (``PORTAL_RETENTION_DAYS``); its responses, answers and the daily
figures stay, so the dashboards and exports keep every number.

A transition is *closed* when nothing may still reach the person or be answered:

- no invitation still scheduled or sent-and-awaiting an answer (``Invitation.PENDING``),
  and no invitation email or reminder being sent right now (a claimed message);
- no education packet email waiting to go (``Packet.SCHEDULED``) or being sent;
- none of its responses waits for the follow-up rules to run, and none has a follow-up
  still open or in progress.

Erasing blanks the first name, email, phone and proxy name, replaces the organization's
reference with ``erased-<id>`` (unique, and meaningless outside the portal), and clears
the copies kept elsewhere: delivery errors (a mail server may quote the address), the
phone number given with a call-back request, unfinished wizard drafts and the reference
shown as the label of the transition's audit entries. Email opt-outs are kept: they hold
only a hash of the address and no link to a transition, and must go on working.

What keeps a transition open, and the copies to clear, belong to the apps above: they
register them through transitions.hooks (TRANSITION_RETENTION_BLOCKERS,
TRANSITION_CONTACTS_ERASED).

Each erased transition gets one audit entry naming the fields erased, never their values.
The sweep claims rows with ``select_for_update(skip_locked=True)`` (SQLite runs one
writer at a time) and skips rows already marked, so two sweeps at once, or one run twice,
erase each transition once.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import Exists, QuerySet, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from transitions.hooks import (
    TRANSITION_CONTACTS_ERASED,
    TRANSITION_RETENTION_BLOCKERS,
    hooks_collect,
    hooks_run,
)
from transitions.models import CareTransition, ChoiceList, ChoiceListEntry, ChoiceListShare

logger = logging.getLogger(__name__)

ERASED_PREFIX = "erased-"
CONTACT_FIELDS = ("patient_first_name", "email", "phone", "proxy_name")
# The audit entry's marker: a Wagtail "edit" of the transition made by this sweep.
AUDIT_SOURCE = "retention"
BATCH_SIZE = 200
MAX_BATCHES = 50


def transitions_to_erase(*, days: int, today: dt.date | None = None) -> QuerySet[CareTransition]:
    """Closed transitions whose move was more than ``days`` days ago and whose contact
    details are still kept."""
    cutoff = (today or timezone.localdate()) - dt.timedelta(days=days)
    transitions = CareTransition.objects.filter(contact_erased_at__isnull=True, transition_date__lt=cutoff)
    for blocker in hooks_collect(TRANSITION_RETENTION_BLOCKERS):
        transitions = transitions.exclude(Exists(blocker))
    return transitions


def contacts_erase_sweep(
    *, days: int | None = None, batch_size: int = BATCH_SIZE, max_batches: int = MAX_BATCHES
) -> int:
    """Erase the contact details of closed transitions older than the retention period,
    at most ``batch_size * max_batches`` per run; returns how many were erased."""
    days = settings.PORTAL_RETENTION_DAYS if days is None else days
    erased = 0
    for _batch in range(max_batches):
        with transaction.atomic():
            # Each batch commits on its own: row locks are short, and a failure loses
            # nothing already done. Rows another sweep holds are left to it.
            ids = list(
                transitions_to_erase(days=days)
                .select_for_update(skip_locked=True)
                .order_by("pk")
                .values_list("pk", flat=True)[:batch_size]
            )
            if ids:
                erased += transition_contacts_erase(transition_ids=ids, retention_days=days)
        if len(ids) < batch_size:
            break
    return erased


def transition_contacts_erase(*, transition_ids: list[int], retention_days: int) -> int:
    """Erase these transitions' contact details and every copy of them, and write one audit
    entry each; transitions already erased are left alone. Returns how many were erased."""
    now = timezone.now()
    with transaction.atomic():
        held = {
            row["pk"]: [name for name in CONTACT_FIELDS if row[name]]
            for row in CareTransition.objects.filter(
                pk__in=transition_ids, contact_erased_at__isnull=True
            ).values("pk", *CONTACT_FIELDS)
        }
        # A reference typed in as "erased-<id>" would make the new one clash (it is unique):
        # that transition waits, and the rest of the batch goes on.
        clashing = set(
            CareTransition.objects.filter(external_reference__in=[f"{ERASED_PREFIX}{pk}" for pk in held])
            .exclude(pk__in=list(held))
            .values_list("external_reference", flat=True)
        )
        for pk in [pk for pk in held if f"{ERASED_PREFIX}{pk}" in clashing]:
            logger.warning("Care transition %s kept: another transition has the reference erased-%s.", pk, pk)
            del held[pk]
        if not held:
            return 0
        ids = list(held)
        erased_reference = Concat(Value(ERASED_PREFIX), Cast("pk", output_field=models.CharField()))
        CareTransition.objects.filter(pk__in=ids, contact_erased_at__isnull=True).update(
            external_reference=erased_reference,
            **dict.fromkeys(CONTACT_FIELDS, ""),
            contact_erased_at=now,
            updated_at=now,
        )
        _copies_erase(transition_ids=ids)
        for transition in CareTransition.objects.filter(pk__in=ids).order_by("pk"):
            log(
                instance=transition,
                action="wagtail.edit",
                data={
                    "source": AUDIT_SOURCE,
                    "retention_days": retention_days,
                    "erased": ["external_reference", *held[transition.pk]],
                },
            )
    return len(ids)


def _copies_erase(*, transition_ids: list[int]) -> None:
    """Clear what other rows copied from these transitions' contact details."""
    hooks_run(TRANSITION_CONTACTS_ERASED, transition_ids)
    _choice_list_words_erase(transition_ids=transition_ids)
    # Audit entries keep who did what and when; the label they show becomes the new reference.
    ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(CareTransition),
        object_id__in=[str(pk) for pk in transition_ids],
    ).update(label=Concat(Value(ERASED_PREFIX), "object_id"))


def _choice_list_words_erase(*, transition_ids: list[int]) -> None:
    """The patient's goals and the reasons typed on their choice list are free text that can
    name people or conditions: cleared with the contact details. What a share showed of the
    providers and their ratings stays, as the record that quality data was shared."""
    lists = ChoiceList.objects.filter(transition_id__in=transition_ids)
    lists.update(goals="", chosen_reason="")
    ChoiceListEntry.objects.filter(choice_list__in=lists).update(reason="")
    for share in ChoiceListShare.objects.filter(choice_list__in=lists).exclude(snapshot__goals=""):
        share.snapshot["goals"] = ""
        share.save(update_fields=["snapshot"])
