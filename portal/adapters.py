"""allauth adapters: no public sign-up, emails in the organization's name with links to
BASE_URL, TOTP secrets encrypted at rest, and no turning off two-step verification where
the site requires it."""

import base64
import hashlib
from types import SimpleNamespace
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from cryptography.fernet import Fernet
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from portal.email_message import PortalEmailMessage, PortalEmailMultiAlternatives
from portal.selectors import organization_for


class StaffAccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        """Staff accounts are created by a manager in the admin, never by sign-up."""
        return False

    def get_from_email(self) -> str:
        """Staff emails (password reset) come from the organization, like patients' do."""
        return organization_for(language=translation.get_language()).sender

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """allauth signs its emails with django.contrib.sites' Site ("example.com" unless
        someone edits it) and builds links from the request's host; here the name is the
        organization's and every link starts with BASE_URL, like every other email."""
        base_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
        organization = organization_for(language=translation.get_language())
        context = {
            **context,
            "current_site": SimpleNamespace(name=organization.name, domain=urlsplit(base_url).netloc),
        }
        for key, value in context.items():
            if (
                key.endswith("_url")
                and isinstance(value, str)
                and urlsplit(value).scheme in {"http", "https"}
            ):
                parts = urlsplit(value)
                context[key] = base_url + parts._replace(scheme="", netloc="").geturl()
        super().send_mail(template_prefix, email, context)

    def render_mail(self, template_prefix: str, email: str, context: dict, headers=None):
        """allauth's message, with headers that parse cleanly (see portal.email_message)."""
        message = super().render_mail(template_prefix, email, context, headers=headers)
        # The same message, only its class (and so how it writes its headers) changes.
        message.__class__ = (
            PortalEmailMultiAlternatives
            if isinstance(message, EmailMultiAlternatives)
            else PortalEmailMessage
        )
        return message


def _fernet() -> Fernet:
    secret = settings.MFA_ENCRYPTION_KEY or settings.SECRET_KEY
    key = hashlib.sha256(f"portal.mfa:{secret}".encode()).digest()
    return Fernet(base64.urlsafe_b64encode(key))


class EncryptingMFAAdapter(DefaultMFAAdapter):
    """Stores TOTP secrets and recovery-code seeds encrypted (Fernet: AES-128 + HMAC).

    Its messages call the second factor what every other staff page calls it.
    """

    error_messages = DefaultMFAAdapter.error_messages | {
        "add_email_blocked": _(
            "You cannot add an email address to an account protected by two-step verification."
        ),
        "cannot_delete_authenticator": _("You cannot turn off two-step verification."),
        "cannot_generate_recovery_codes": _(
            "You cannot make recovery codes before you have set up two-step verification."
        ),
        "unverified_email": _(
            "You cannot set up two-step verification until you have confirmed your email address."
        ),
    }

    def encrypt(self, text: str) -> str:
        return _fernet().encrypt(text.encode()).decode()

    def decrypt(self, encrypted_text: str) -> str:
        return _fernet().decrypt(encrypted_text.encode()).decode()

    error_messages = DefaultMFAAdapter.error_messages | {
        "cannot_delete_authenticator": _(
            "Two-step verification is required on this site, so it cannot be turned off. "
            "If you lost your device, ask a liaison manager to reset it."
        ),
    }

    def can_delete_authenticator(self, authenticator) -> bool:
        """Where two-step verification is required, only a manager resets it (audited),
        so a session that got hold of the account cannot remove the owner's device."""
        return not settings.PORTAL_REQUIRE_MFA
