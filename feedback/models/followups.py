"""Follow-ups: a response that shows care went wrong opens one case for a named owner.

One case per response (``FollowUp``), with every reason that opened it beside it
(``FollowUpReason``): the owner gets one task and one email, however many rules matched.
A case always has an active owner; ``routed_to`` says how it found one."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

URGENT = "urgent"
ROUTINE = "routine"
SEVERITIES = [(URGENT, _("Urgent")), (ROUTINE, _("Routine"))]
# Higher is more pressing: a case takes the highest of its reasons.
SEVERITY_RANK = {ROUTINE: 0, URGENT: 1}

# Safety words that make a comment urgent by default (whole words or phrases, any case).
URGENT_WORDS = (
    "fall\nfell\nmedicine mistake\nwrong medicine\nno one came\nnobody came\n"
    "caída\ncayó\nse cayó\nerror de medicamento\nnadie vino"
)
ROUTINE_WORDS = "pain\nmedication\nmedicine\nwrong\ndolor\nmedicamento\nmedicina"


class FollowUp(models.Model):
    BOTTOM_BOX = "bottom_box"
    LOW_RATING = "low_rating"
    DETRACTOR = "detractor"
    CALL_BACK = "call_back"
    KEYWORD = "keyword"
    KINDS = [
        (BOTTOM_BOX, _("Worst answer to a scored question")),
        (LOW_RATING, _("Low overall rating")),
        (DETRACTOR, _("Would not recommend")),
        (CALL_BACK, _("Asked for a call")),
        (KEYWORD, _("Words that need a look")),
    ]
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    RESOLVED = "resolved"
    NO_ACTION = "no_action"
    STATUSES = [
        (OPEN, _("Open")),
        (IN_PROGRESS, _("In progress")),
        (RESOLVED, _("Resolved")),
        (NO_ACTION, _("No action needed")),
    ]
    # How the owner was found; the managers' home page lists MANAGER ones as waiting for a liaison.
    LIAISON = "liaison"
    FACILITY = "facility"
    MANAGER = "manager"
    REASSIGNED = "reassigned"
    ROUTES = [
        (LIAISON, _("The transition's liaison")),
        (FACILITY, _("A liaison of the facility")),
        (MANAGER, _("A manager, waiting for a liaison")),
        (REASSIGNED, _("Handed on by a person")),
    ]

    wagtail_reference_index_ignore = True
    response = models.ForeignKey("surveys.Response", on_delete=models.PROTECT, related_name="followups")
    severity = models.CharField(_("severity"), max_length=8, choices=SEVERITIES, default=ROUTINE)
    status = models.CharField(_("status"), max_length=12, choices=STATUSES, default=OPEN)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="followups",
        verbose_name=_("assigned to"),
    )
    routed_to = models.CharField(_("routed to"), max_length=12, choices=ROUTES, default=LIAISON)
    opened_at = models.DateTimeField(_("opened"), auto_now_add=True)
    due_at = models.DateTimeField(_("due"))
    escalate_at = models.DateTimeField(_("escalate to the managers at"))
    notified_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(_("escalated"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    resolution_note = models.TextField(_("what was done"), blank=True)
    handover_note = models.TextField(_("note from the last hand-over"), blank=True)

    class Meta:
        db_table = "surveys_followup"  # the table it had in the surveys app
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        constraints = [
            # One case per response, however often or however concurrently the rules run.
            models.UniqueConstraint(fields=["response"], name="one_followup_per_response")
        ]
        indexes = [
            models.Index(fields=["status", "due_at"]),
            models.Index(fields=["status", "escalate_at"], name="followup_escalation_idx"),
            models.Index(fields=["assigned_to", "status"]),
        ]

    def __str__(self) -> str:
        return str(_("Follow-up #%(number)s") % {"number": self.pk})


class FollowUpReason(models.Model):
    """One rule that matched the response: its kind, its severity and what triggered it
    (question keys or matched words — never the answers themselves)."""

    wagtail_reference_index_ignore = True
    followup = models.ForeignKey(FollowUp, on_delete=models.CASCADE, related_name="reasons")
    kind = models.CharField(_("reason"), max_length=12, choices=FollowUp.KINDS)
    severity = models.CharField(_("severity"), max_length=8, choices=SEVERITIES)
    detail = models.CharField(
        _("what triggered it"),
        max_length=200,
        blank=True,
        help_text=_("Question keys or words, never answers."),
    )

    class Meta:
        verbose_name = _("follow-up reason")
        verbose_name_plural = _("follow-up reasons")
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["followup", "kind"], name="one_reason_per_kind")]

    def __str__(self) -> str:
        return str(self.get_kind_display())


@register_setting(icon="warning")
class FollowUpRules(BaseGenericSetting):
    """Which answers open a follow-up, how urgent each is and the business hours the due
    times count in; managers change them under Settings."""

    bottom_box = models.BooleanField(_("worst answer to any scored question"), default=True)
    bottom_box_severity = models.CharField(
        _("severity of a worst answer"), max_length=8, choices=SEVERITIES, default=ROUTINE
    )
    low_rating_at_most = models.PositiveSmallIntegerField(
        _("overall rating at or below"),
        null=True,
        blank=True,
        default=6,
        help_text=_("For 0–10 rating questions. Leave empty to switch off."),
    )
    low_rating_severity = models.CharField(
        _("severity of a low rating"), max_length=8, choices=SEVERITIES, default=ROUTINE
    )
    detractor = models.BooleanField(_("would not recommend (0 to 6)"), default=True)
    detractor_severity = models.CharField(
        _("severity of would not recommend"), max_length=8, choices=SEVERITIES, default=ROUTINE
    )
    call_back = models.BooleanField(_("asked for a call"), default=True)
    call_back_severity = models.CharField(
        _("severity of a call-back request"), max_length=8, choices=SEVERITIES, default=URGENT
    )
    urgent_words = models.TextField(
        _("urgent words in free text"),
        blank=True,
        default=URGENT_WORDS,
        help_text=_("One word or phrase per line, in any language; matched as whole words, ignoring case."),
    )
    routine_words = models.TextField(
        _("routine words in free text"),
        blank=True,
        default=ROUTINE_WORDS,
        help_text=_("One word or phrase per line, in any language; matched as whole words, ignoring case."),
    )
    business_days_to_act = models.PositiveSmallIntegerField(
        _("business days to act"), default=2, help_text=_("For routine follow-ups.")
    )
    business_day_starts = models.TimeField(_("business day starts"), default=dt.time(8))
    business_day_ends = models.TimeField(_("business day ends"), default=dt.time(17))
    urgent_escalation_hours = models.PositiveSmallIntegerField(
        _("business hours before an urgent follow-up goes to the managers"), default=4
    )

    class Meta:
        db_table = "surveys_followuprules"  # the table it had in the surveys app
        verbose_name = _("follow-up rules")

    def urgent_word_list(self) -> list[str]:
        return _words(self.urgent_words)

    def routine_word_list(self) -> list[str]:
        return _words(self.routine_words)

    def severity_of(self, kind: str) -> str:
        """The severity a matched rule of ``kind`` gives (words carry their own)."""
        return getattr(self, f"{kind}_severity", ROUTINE)


def _words(text: str) -> list[str]:
    return [" ".join(word.split()).lower() for word in text.splitlines() if word.strip()]
