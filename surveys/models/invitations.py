"""Invitations to answer a survey and each message sent for them.

Everything scheduled is a row with a due time (``Invitation.due_at``); periodic sweeps
claim due rows and act on them (see surveys.sending). A message is recorded once per
(invitation, kind) by a unique constraint.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.models import LeasedMessage, LinkToken, token_hash  # noqa: F401 (imported from here too)


class Invitation(models.Model):
    # Operational rows: Wagtail's reference index (page usage) need not track them.
    wagtail_reference_index_ignore = True
    SCHEDULED = "scheduled"
    SENT = "sent"
    COMPLETED = "completed"
    EXPIRED = "expired"
    OPTED_OUT = "opted_out"
    CANCELLED = "cancelled"
    FAILED = "failed"
    STATUSES = [
        (SCHEDULED, _("Scheduled")),
        (SENT, _("Sent")),
        (COMPLETED, _("Completed")),
        (EXPIRED, _("Expired")),
        (OPTED_OUT, _("Opted out")),
        (CANCELLED, _("Cancelled")),
        (FAILED, _("Failed")),
    ]
    PENDING = (SCHEDULED, SENT)

    page = models.ForeignKey("surveys.SurveyPage", on_delete=models.PROTECT, related_name="invitations")
    transition = models.ForeignKey(
        "transitions.CareTransition",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("care transition"),
    )
    language = models.CharField(_("preferred language"), max_length=8, choices=settings.LANGUAGES)
    status = models.CharField(_("status"), max_length=12, choices=STATUSES, default=SCHEDULED)
    due_at = models.DateTimeField(_("next message due"), null=True, blank=True)
    reminders_sent = models.PositiveSmallIntegerField(_("reminders sent"), default=0)
    created_at = models.DateTimeField(_("scheduled"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    last_sent_at = models.DateTimeField(_("last sent"), null=True, blank=True)
    opened_at = models.DateTimeField(_("first opened"), null=True, blank=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    responded_at = models.DateTimeField(_("answered"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"))
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["transition", "page"],
                condition=models.Q(transition__isnull=False),
                name="one_invitation_per_transition_and_survey",
            )
        ]
        indexes = [models.Index(fields=["status", "due_at"]), models.Index(fields=["expires_at"])]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"

    @property
    def usable(self) -> bool:
        return self.responded_at is None and self.status in self.PENDING and self.expires_at > timezone.now()


class InvitationToken(LinkToken):
    """One link token (only its hash); each message carries a new one, all valid until the
    invitation is answered or expires."""

    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="tokens")

    def __str__(self) -> str:
        return f"token {self.pk}"


class InvitationMessage(LeasedMessage):
    """One email sent (or being sent) for an invitation: the first one or a reminder.

    A sweep first records a claim with a lease; a claim whose lease ran out (its worker
    died) is taken again by a later sweep. See portal.outbox for the whole design.
    """

    INVITATION = "invitation"

    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="messages")
    kind = models.CharField(_("message"), max_length=20)

    class Meta:
        verbose_name = _("invitation message")
        constraints = [
            models.UniqueConstraint(fields=["invitation", "kind"], name="one_message_per_invitation_and_kind")
        ]

    def __str__(self) -> str:
        return f"{self.kind} for {self.invitation_id}"
