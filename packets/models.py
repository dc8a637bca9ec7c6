"""Education packets: the pages a liaison gives a patient at the move, the one email that
links to them, and which pages were opened.

A packet belongs to one care transition. Its pages are chosen in the patient's language
(an English page stands in, marked, where no translation exists). Sending follows the
survey invitations' rules (see packets.sending): a due time, the daily window, opt-outs and
do-not-contact, and one email per packet however many sweeps run.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from portal.models import LeasedMessage, LinkToken


class Packet(models.Model):
    wagtail_reference_index_ignore = True
    DRAFT = "draft"
    SCHEDULED = "scheduled"
    SENT = "sent"
    CANCELLED = "cancelled"
    FAILED = "failed"
    WITHDRAWN = "withdrawn"
    STATUSES = [
        (DRAFT, _("Not sent")),
        (SCHEDULED, _("Waiting to send")),
        (SENT, _("Sent")),
        (CANCELLED, _("Not sent: do not contact")),
        (FAILED, _("Could not send")),
        (WITHDRAWN, _("Withdrawn")),
    ]

    transition = models.OneToOneField(
        "transitions.CareTransition",
        on_delete=models.CASCADE,
        related_name="packet",
        verbose_name=_("care transition"),
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    status = models.CharField(_("status"), max_length=12, choices=STATUSES, default=DRAFT)
    due_at = models.DateTimeField(_("email due"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    opened_at = models.DateTimeField(_("first opened"), null=True, blank=True)
    expires_at = models.DateTimeField(_("link expires"), null=True, blank=True)
    last_printed_at = models.DateTimeField(_("last printed"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("education packet")
        verbose_name_plural = _("education packets")
        indexes = [models.Index(fields=["status", "due_at"])]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"

    @property
    def usable(self) -> bool:
        """Whether its link still opens it."""
        return self.status == self.SENT and (self.expires_at is None or self.expires_at > timezone.now())


class PacketItem(models.Model):
    """One page in a packet, in the order the liaison left them."""

    wagtail_reference_index_ignore = True
    packet = models.ForeignKey(Packet, on_delete=models.CASCADE, related_name="items")
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)
    # The page is in English because it has no translation in the packet's language.
    fallback = models.BooleanField(default=False)
    # Counted when the reader follows the page's link from the packet; nothing else is kept.
    opened_count = models.PositiveIntegerField(_("times opened"), default=0)
    first_opened_at = models.DateTimeField(_("first opened"), null=True, blank=True)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["packet", "page"], name="one_item_per_packet_and_page")
        ]

    def __str__(self) -> str:
        return f"page {self.page_id} in packet {self.packet_id}"


class PacketToken(LinkToken):
    """The link's token, kept only as its hash (see surveys.models.token_hash)."""

    packet = models.ForeignKey(Packet, on_delete=models.CASCADE, related_name="tokens")

    def __str__(self) -> str:
        return f"packet token {self.pk}"


class PacketMessage(LeasedMessage):
    """The packet's one email: claimed with a lease, then recorded as sent. The unique
    packet makes a second one impossible (see packets.sending)."""

    packet = models.OneToOneField(Packet, on_delete=models.CASCADE, related_name="message")

    def __str__(self) -> str:
        return f"message for packet {self.packet_id}"


@register_setting(icon="doc-full-inverse")
class PacketSettings(BaseGenericSetting):
    """When packet emails go out and how long their links work."""

    send_from = models.TimeField(_("send from"), default=dt.time(8))
    send_until = models.TimeField(
        _("send until"),
        default=dt.time(20),
        help_text=_("Emails wait for the next morning outside these hours."),
    )
    link_days = models.PositiveSmallIntegerField(
        _("days the link works"), default=90, help_text=_("Counted from the day the email is sent.")
    )

    class Meta:
        verbose_name = _("packet settings")

    def clean(self):
        if self.send_from and self.send_until and self.send_until <= self.send_from:
            raise ValidationError({"send_until": _("The window must end after it starts.")})
        if not self.link_days:
            raise ValidationError({"link_days": _("Links must work for at least one day.")})
