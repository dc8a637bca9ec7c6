"""Follow-ups: a response that shows care went wrong opens a task for a named liaison."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting


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

    wagtail_reference_index_ignore = True
    response = models.ForeignKey("surveys.Response", on_delete=models.PROTECT, related_name="followups")
    kind = models.CharField(_("reason"), max_length=12, choices=KINDS)
    detail = models.CharField(
        _("what triggered it"),
        max_length=200,
        blank=True,
        help_text=_("Question keys or words, never answers."),
    )
    status = models.CharField(_("status"), max_length=12, choices=STATUSES, default=OPEN)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="followups",
        verbose_name=_("assigned to"),
    )
    opened_at = models.DateTimeField(_("opened"), auto_now_add=True)
    due_at = models.DateTimeField(_("due"))
    notified_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(_("escalated"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    resolution_note = models.TextField(_("what was done"), blank=True)

    class Meta:
        db_table = "surveys_followup"  # the table it had in the surveys app
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        constraints = [
            # A response opens each kind of follow-up at most once, however often rules run.
            models.UniqueConstraint(fields=["response", "kind"], name="one_followup_per_response_and_kind")
        ]
        indexes = [models.Index(fields=["status", "due_at"]), models.Index(fields=["assigned_to", "status"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.pk})"


@register_setting(icon="warning")
class FollowUpRules(BaseGenericSetting):
    """Which answers open a follow-up; managers change them under Settings."""

    bottom_box = models.BooleanField(_("worst answer to any scored question"), default=True)
    low_rating_at_most = models.PositiveSmallIntegerField(
        _("overall rating at or below"),
        null=True,
        blank=True,
        default=6,
        help_text=_("For 0–10 rating questions. Leave empty to switch off."),
    )
    detractor = models.BooleanField(_("would not recommend (0 to 6)"), default=True)
    call_back = models.BooleanField(_("asked for a call"), default=True)
    keywords = models.TextField(
        _("words in free text"),
        blank=True,
        default="fall\nfell\npain\nmedication\nmedicine\nwrong\ncaída\ncayó\ndolor\nmedicamento\nmedicina",
        help_text=_("One word per line, in any language; matched as whole words, ignoring case."),
    )
    business_days_to_act = models.PositiveSmallIntegerField(_("business days to act"), default=2)

    class Meta:
        db_table = "surveys_followuprules"  # the table it had in the surveys app
        verbose_name = _("follow-up rules")

    def keyword_list(self) -> list[str]:
        return [word.strip().lower() for word in self.keywords.splitlines() if word.strip()]
