"""allauth adapters: no public sign-up, and TOTP secrets encrypted at rest."""

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
