"""allauth adapters: no public sign-up, TOTP secrets encrypted at rest, and no turning off
two-step verification where the site requires it."""

import base64
import hashlib

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from cryptography.fernet import Fernet
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class StaffAccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        """Staff accounts are created by a manager in the admin, never by sign-up."""
        return False


def _fernet() -> Fernet:
    secret = settings.MFA_ENCRYPTION_KEY or settings.SECRET_KEY
    key = hashlib.sha256(f"portal.mfa:{secret}".encode()).digest()
    return Fernet(base64.urlsafe_b64encode(key))


class EncryptingMFAAdapter(DefaultMFAAdapter):
    """Stores TOTP secrets and recovery-code seeds encrypted (Fernet: AES-128 + HMAC)."""

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
