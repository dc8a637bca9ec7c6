"""Email messages whose headers parse cleanly (RFC 5322) in any reader.

Django 5.2 encodes a non-ASCII subject with ``Header(value).encode()``, which does not know
that "Subject: " comes before it; when the message is written out, the first encoded word no
longer fits on the line and the header is folded straight after the colon, so readers see a
subject that starts with a space. Here the subject is encoded knowing its header's name, so
the first fold comes after the first word. Every email the portal sends is built from these
two classes. (The ``Date`` header's offset comes from ``EMAIL_USE_LOCALTIME`` in settings.)
"""

from __future__ import annotations

from email.header import Header

from django.core.mail import EmailMessage, EmailMultiAlternatives


class CleanHeadersMixin:
    """Re-encodes the subject so that folding starts after "Subject: " and its first word."""

    def message(self, *args, **kwargs):
        message = super().message(*args, **kwargs)
        encoding = self.encoding or "utf-8"
        message.replace_header("Subject", Header(str(self.subject), encoding, header_name="Subject"))
        return message


class PortalEmailMessage(CleanHeadersMixin, EmailMessage):
    """A plain-text email with clean headers."""


class PortalEmailMultiAlternatives(CleanHeadersMixin, EmailMultiAlternatives):
    """A text and HTML email with clean headers."""
