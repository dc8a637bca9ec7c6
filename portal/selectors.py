"""Reads for the portal app: who the portal speaks for, in the reader's language."""

from __future__ import annotations

from dataclasses import dataclass
from email.utils import formataddr, parseaddr

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils.translation import gettext

from portal.models import OrganizationSettings, StaffProfile


@dataclass(frozen=True)
class Organization:
    """The organization's identity in one language, as pages, emails and handouts show it."""

    name: str
    short_name: str
    main_phone: str
    help_phone: str
    help_hours: str
    postal_address: str
    sender: str
    logo_url: str
    privacy_notice: str

    @property
    def contact_phone(self) -> str:
        """The number a patient with a problem should call: the help line, else the main one."""
        return self.help_phone or self.main_phone


@dataclass(frozen=True)
class LiaisonContact:
    name: str
    direct_phone: str


def organization_settings() -> OrganizationSettings | None:
    """The default site's row, or None before anyone has filled it in (never created here:
    a read does not write)."""
    return OrganizationSettings.objects.filter(site__is_default_site=True).select_related("logo").first()


def organization_for(*, language: str) -> Organization:
    """The organization in ``language`` (Spanish fields fall back to English when empty).
    Before the admin's Settings → Organization is filled in, the portal's own name stands
    in and emails come from DEFAULT_FROM_EMAIL."""
    row = organization_settings()
    if row is None:
        return Organization(
            name=gettext("Care transitions portal"),
            short_name="",
            main_phone="",
            help_phone="",
            help_hours="",
            postal_address="",
            sender=settings.DEFAULT_FROM_EMAIL,
            logo_url="",
            privacy_notice="",
        )
    spanish = language == "es"

    def text(field: str) -> str:
        english = getattr(row, field)
        return (getattr(row, f"{field}_es") or english) if spanish else english

    # Opening Settings → Organization creates the row before anyone fills it in.
    name = text("name") or gettext("Care transitions portal")
    return Organization(
        name=name,
        short_name=text("short_name") or name,
        main_phone=row.main_phone,
        help_phone=row.help_phone,
        help_hours=text("help_hours"),
        postal_address=row.postal_address,
        sender=_sender(display_name=row.sender_name or name, address=row.sender_email),
        logo_url=_logo_url(row),
        privacy_notice=text("privacy_notice"),
    )


def _sender(*, display_name: str, address: str) -> str:
    if not address:
        address = parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    return formataddr((display_name, address))


def _logo_url(row: OrganizationSettings) -> str:
    if row.logo is None:
        return ""
    return row.logo.get_rendition("height-80").url


def liaison_contact(*, user) -> LiaisonContact | None:
    """The responsible liaison as a patient may see them: name and direct line; None when
    the transition has no liaison."""
    if user is None:
        return None
    profile = StaffProfile.objects.filter(user=user).first()
    return LiaisonContact(
        name=user.get_full_name() or user.get_username(),
        direct_phone=profile.direct_phone if profile else "",
    )


def staff_profile_for(*, user) -> StaffProfile:
    """The staff member's profile (their direct line); a new, unsaved one if they have none."""
    return StaffProfile.objects.filter(user=user).first() or StaffProfile(user=user)


def account_for_id(*, user_id: int):
    """The staff account with this id (active or not); None if there is none."""
    return get_user_model().objects.filter(pk=user_id).first()
