"""Invitations, drafts, and the submitted responses with their answers."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from packets.models import Packet

# A response's education packet status when it was submitted (Response.packet_status).
PACKET_NONE, PACKET_SENT, PACKET_OPENED = "none", "sent", "opened"
PACKET_STATUSES = [
    (PACKET_NONE, _("No packet")),
    (PACKET_SENT, _("Packet sent or printed")),
    (PACKET_OPENED, _("Packet opened online")),
]


def packet_status_of(transition) -> str:
    """Where the transition's education packet stood at this moment: opened online, sent
    by email or printed at the bedside, or none."""
    packet = (
        Packet.objects.filter(transition=transition).values("status", "opened_at", "last_printed_at").first()
    )
    if packet is None:
        return PACKET_NONE
    if packet["opened_at"] is not None:
        return PACKET_OPENED
    if packet["status"] == Packet.SENT or packet["last_printed_at"] is not None:
        return PACKET_SENT
    return PACKET_NONE


class SurveyDraft(models.Model):
    """The answers given so far, saved on every step so a person can stop and come back.

    ``data`` holds the wizard's own storage (current step and each step's raw answers).
    A draft for an invitation can be resumed on any device through the link; a public
    draft belongs to one browser session. Answers are cleared once submitted.
    """

    # Operational rows: Wagtail's reference index (page usage) need not track them.
    wagtail_reference_index_ignore = True
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    version = models.ForeignKey("surveys.SurveyVersion", on_delete=models.CASCADE, related_name="+")
    invitation = models.OneToOneField(
        "surveys.Invitation", null=True, blank=True, on_delete=models.CASCADE, related_name="draft"
    )
    data = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    expires_at = models.DateTimeField()
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("survey draft")
        indexes = [models.Index(fields=["expires_at"])]

    def __str__(self) -> str:
        return str(self.id)


class Response(models.Model):
    """One submitted set of answers to one survey version.

    ``submission_key`` is the draft's id: a double click, a replayed POST or two tabs
    submitting at once all carry the same key, and the unique constraint keeps one row.
    """

    # Operational rows: Wagtail's reference index (page usage) need not track them.
    wagtail_reference_index_ignore = True
    version = models.ForeignKey(
        "surveys.SurveyVersion", on_delete=models.PROTECT, related_name="responses", verbose_name=_("version")
    )
    page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("page"),
    )
    invitation = models.OneToOneField(
        "surveys.Invitation", null=True, blank=True, on_delete=models.PROTECT, related_name="response"
    )
    transition = models.ForeignKey(
        "transitions.CareTransition",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="responses",
        verbose_name=_("care transition"),
        help_text=_("Empty for anonymous surveys and public links."),
    )
    # Where the transition went, copied from it (and kept in step by CareTransition.save) so
    # that dashboards group and scope responses without joining the transitions.
    facility = models.ForeignKey(
        "transitions.Facility",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("discharged from"),
    )
    receiving_facility = models.ForeignKey(
        "transitions.Facility",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("receiving facility"),
    )
    destination_kind = models.CharField(_("moving to"), max_length=20, blank=True)
    liaison = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("responsible liaison"),
    )
    # Whether the patient had been given an education packet when they answered (see
    # packets): blank for responses without a care transition.
    packet_status = models.CharField(
        _("education packet"), max_length=8, blank=True, choices=PACKET_STATUSES, default=""
    )
    submission_key = models.UUIDField(unique=True, editable=False)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now, db_index=True)
    score = models.FloatField(
        _("transition score"), null=True, blank=True, help_text=_("Mean of the scored answers, 0 to 100.")
    )
    # When the follow-up rules last ran for this response. Empty means they still have to:
    # the task queued after the submit never ran (say the broker was down), and the
    # catch-up sweep (feedback.followups.followups_catch_up) will run them.
    followups_checked_at = models.DateTimeField(
        _("follow-up rules run"), null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        ordering = ["-submitted_at"]
        indexes = [
            models.Index(fields=["version", "submitted_at"]),
            models.Index(
                fields=["submitted_at"],
                condition=models.Q(followups_checked_at__isnull=True),
                name="response_followups_unchecked",
            ),
        ]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"

    def copy_transition(self, transition) -> None:
        """Take the transition's facilities, destination and liaison (see the fields)."""
        self.transition = transition
        self.facility_id = transition.discharging_facility_id if transition else None
        self.receiving_facility_id = transition.receiving_facility_id if transition else None
        self.destination_kind = transition.destination_kind if transition else ""
        self.liaison_id = transition.liaison_id if transition else None
        self.packet_status = packet_status_of(transition) if transition else ""


class Answer(models.Model):
    """One answered question. Scores and free text are kept in separate columns so the
    dashboards aggregate numbers in the database and text is shown only where needed."""

    # Operational rows: Wagtail's reference index (page usage) need not track them.
    wagtail_reference_index_ignore = True
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    key = models.CharField(_("question key"), max_length=40)
    code = models.CharField(
        _("answer code"), max_length=400, blank=True, help_text=_("Multiple choices are separated by spaces.")
    )
    value = models.FloatField(_("value"), null=True, blank=True)
    score = models.FloatField(_("score (0 to 100)"), null=True, blank=True)
    text = models.TextField(_("text"), blank=True)

    class Meta:
        verbose_name = _("answer")
        constraints = [models.UniqueConstraint(fields=["response", "key"], name="one_answer_per_question")]
        indexes = [models.Index(fields=["key", "score"])]

    def __str__(self) -> str:
        return self.key


class HeldSubmission(models.Model):
    """Answers from an anonymous public page whose hidden spam trap was filled.

    A robot fills it, and so may a password manager, a browser's autofill or an assistive
    tool, so the answers are kept rather than thrown away. They are held in their own table,
    not as a flagged ``Response``: then no figure, dashboard, export or follow-up rule can
    count them by forgetting a filter. A manager releases one (it becomes a response then,
    submitted when it was received) or deletes it (see surveys.services).
    """

    POSSIBLE_BOT = "possible_bot"
    REASONS = [(POSSIBLE_BOT, _("Possible automated submission"))]

    # Operational rows: Wagtail's reference index (page usage) need not track them.
    wagtail_reference_index_ignore = True
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    version = models.ForeignKey(
        "surveys.SurveyVersion", on_delete=models.PROTECT, related_name="+", verbose_name=_("version")
    )
    page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("page"),
    )
    # The draft's id (or a new one for page feedback): the response's submission key on release.
    submission_key = models.UUIDField(unique=True, editable=False)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    answers = models.JSONField(default=dict)
    # Page feedback ("Was this page helpful?") never runs the follow-up rules.
    page_feedback = models.BooleanField(_("page feedback"), default=False)
    reason = models.CharField(_("reason"), max_length=20, choices=REASONS, default=POSSIBLE_BOT)
    received_at = models.DateTimeField(_("received"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("held submission")
        verbose_name_plural = _("held submissions")
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"
