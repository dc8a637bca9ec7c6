import hashlib
import secrets

from django import forms
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField


class Heartbeat(models.Model):
    """The last time a process (the beat scheduler, a worker, a check) proved it runs."""

    source = models.CharField(_("source"), max_length=100, unique=True)
    seen_at = models.DateTimeField(_("seen at"))

    class Meta:
        verbose_name = _("heartbeat")
        verbose_name_plural = _("heartbeats")

    def __str__(self) -> str:
        return f"{self.source} @ {self.seen_at:%Y-%m-%d %H:%M:%S}"


@register_setting(icon="site")
class OrganizationSettings(BaseSiteSetting):
    """Who the portal speaks for: the name, phone numbers, sender and privacy notice that
    every patient-facing page, email and handout shows (read through
    ``portal.selectors.organization_for``).

    Text patients read has an English and a Spanish field: a site setting is not a page or
    a snippet, so wagtail-localize cannot translate it, and two plain fields side by side
    are what an editor can check at a glance. An empty Spanish field falls back to English.
    """

    name = models.CharField(
        _("organization name"), max_length=120, help_text=_("As patients know it, e.g. “Riverside Health”.")
    )
    name_es = models.CharField(_("organization name (Spanish)"), max_length=120, blank=True)
    short_name = models.CharField(
        _("short name"),
        max_length=60,
        blank=True,
        help_text=_("Used where space is short, e.g. “Riverside”."),
    )
    short_name_es = models.CharField(_("short name (Spanish)"), max_length=60, blank=True)
    main_phone = models.CharField(_("main phone number"), max_length=40, blank=True)
    help_phone = models.CharField(
        _("patient help line"),
        max_length=40,
        blank=True,
        help_text=_("The number patients call about a link, a survey or their care materials."),
    )
    help_hours = models.CharField(
        _("help line hours"),
        max_length=120,
        blank=True,
        help_text=_("e.g. “Monday to Friday, 8 a.m. to 6 p.m.”"),
    )
    help_hours_es = models.CharField(_("help line hours (Spanish)"), max_length=120, blank=True)
    sender_name = models.CharField(
        _("sender display name"),
        max_length=120,
        blank=True,
        help_text=_("Shown as who patients' emails are from; the organization name when empty."),
    )
    sender_email = models.EmailField(
        _("sender address"),
        blank=True,
        help_text=_("An address your mail service may send from; DEFAULT_FROM_EMAIL's when empty."),
    )
    postal_address = models.TextField(
        _("postal address"), blank=True, help_text=_("Shown at the foot of every email to patients.")
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("logo"),
        help_text=_("Optional; shown in the site header next to the name."),
    )
    privacy_notice = RichTextField(
        _("privacy notice"),
        blank=True,
        features=["h2", "h3", "bold", "italic", "ol", "ul", "link"],
        help_text=_("The page the footer's “Privacy” link opens."),
    )
    privacy_notice_es = RichTextField(
        _("privacy notice (Spanish)"), blank=True, features=["h2", "h3", "bold", "italic", "ol", "ul", "link"]
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("name"),
                FieldPanel("name_es"),
                FieldPanel("short_name"),
                FieldPanel("short_name_es"),
            ],
            heading=_("Name"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("main_phone"),
                FieldPanel("help_phone"),
                FieldPanel("help_hours"),
                FieldPanel("help_hours_es"),
                FieldPanel("postal_address"),
            ],
            heading=_("Contact"),
        ),
        MultiFieldPanel(
            [FieldPanel("sender_name"), FieldPanel("sender_email")], heading=_("Emails to patients")
        ),
        # A plain select, not Wagtail's image chooser: the chooser starts with an inline
        # script, which the admin's Content-Security-Policy does not allow.
        FieldPanel("logo", widget=forms.Select),
        MultiFieldPanel(
            [FieldPanel("privacy_notice"), FieldPanel("privacy_notice_es")], heading=_("Privacy notice")
        ),
    ]

    class Meta:
        verbose_name = _("organization")


class StaffProfile(models.Model):
    """What patients see of the liaison responsible for their move: a direct line, shown on
    the education packet, its handout and its email."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="staff_profile",
        verbose_name=_("staff member"),
    )
    direct_phone = models.CharField(_("direct phone"), max_length=40, blank=True)
    # Printed after the name of a clinical reviewer on the pages they approve.
    credentials = models.CharField(
        _("credentials"),
        max_length=60,
        blank=True,
        help_text=_("As readers should see them, e.g. 'RN, MSN'."),
    )

    class Meta:
        verbose_name = _("staff profile")
        verbose_name_plural = _("staff profiles")

    def __str__(self) -> str:
        return self.user.get_full_name() or self.user.get_username()


class OutboxMessage(models.Model):
    """One staff notice (a follow-up to act on, overdue follow-ups, a page review) waiting
    to be sent, or sent: the whole email, written in the same transaction as what causes it,
    then sent once by the outbox's sweep (see portal.outbox). Invitations and packet emails
    keep message tables of their own, next to what they are for."""

    wagtail_reference_index_ignore = True
    QUEUED = "queued"
    CLAIMED = "claimed"
    SENT = "sent"
    FAILED = "failed"

    kind = models.CharField(_("kind"), max_length=40)
    to = models.JSONField(default=list)  # the recipients' addresses
    from_email = models.CharField(max_length=254, blank=True)  # empty: DEFAULT_FROM_EMAIL
    subject = models.CharField(_("Subject"), max_length=255)
    body = models.TextField()
    state = models.CharField(
        _("state"),
        max_length=10,
        choices=[
            (QUEUED, _("Waiting to send")),
            (CLAIMED, _("Being sent")),
            (SENT, _("Sent")),
            (FAILED, _("Failed")),
        ],
        default=QUEUED,
    )
    due_at = models.DateTimeField(null=True, blank=True, db_index=True)  # None once sent or given up
    lease_until = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox messages")

    def __str__(self) -> str:
        return f"{self.kind} {self.pk} ({self.state})"


class LeasedMessage(models.Model):
    """One email of a row that sends its own (an invitation, a packet): claimed with a lease,
    then recorded as sent, by the outbox (portal.outbox), which says why."""

    wagtail_reference_index_ignore = True  # operational rows: no page usage to track
    CLAIMED = "claimed"
    SENT = "sent"
    FAILED = "failed"

    state = models.CharField(
        _("state"),
        max_length=10,
        choices=[(CLAIMED, _("Being sent")), (SENT, _("Sent")), (FAILED, _("Failed"))],
        default=CLAIMED,
    )
    lease_until = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    claimed_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        abstract = True


class LinkToken(models.Model):
    """A link token emailed to a patient, kept only as its hash."""

    wagtail_reference_index_ignore = True  # operational rows: no page usage to track
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True

    @classmethod
    def issue(cls, *, owner_field: str, owners: list) -> list[str]:
        """A new token for each of ``owners`` (stored as their hashes), in the same order."""
        tokens = [secrets.token_urlsafe(32) for _owner in owners]
        cls.objects.bulk_create(
            cls(**{owner_field: owner}, token_hash=token_hash(token))
            for owner, token in zip(owners, tokens, strict=True)
        )
        return tokens


def token_hash(token: str) -> str:
    """Link tokens (and opted-out addresses) are stored only as this hash."""
    return hashlib.sha256(token.encode()).hexdigest()
