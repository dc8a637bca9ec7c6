"""The one shape of an email to a patient or family: written once per sweep with marks where
the person's name and links go, then filled in per message, with the headers every such email
carries (one-click unsubscribe, RFC 8058; no auto-replies). Survey invitations and packet
emails both come out of here."""

from __future__ import annotations

from django.utils.html import escape

from portal.email_message import PortalEmailMultiAlternatives

# Stand-ins for the per-person parts while a sweep renders each template once.
NAME_MARK, LINK_MARK, STOP_MARK = "\x00name\x00", "\x00link\x00", "\x00stop\x00"


def patient_email(
    *, rendered: tuple[str, str, str, str], name: str, link: str, stop: str, to: str, message_id: str
) -> PortalEmailMultiAlternatives:
    """``rendered`` (subject, text, HTML, sender) with the marks filled in for one person."""
    subject, text, html, sender = rendered
    text = text.replace(NAME_MARK, name).replace(LINK_MARK, link).replace(STOP_MARK, stop)
    html = (
        html.replace(NAME_MARK, escape(name))
        .replace(LINK_MARK, escape(link))
        .replace(STOP_MARK, escape(stop))
    )
    email = PortalEmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=sender,
        to=[to],
        headers={
            "Message-ID": message_id,
            "List-Unsubscribe": f"<{stop}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
    email.attach_alternative(html, "text/html")
    return email
