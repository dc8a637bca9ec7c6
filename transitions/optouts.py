"""Email opt-outs: an address that asked for no more email is kept only as a hash, and
nothing is sent for a transition whose address opted out or that is marked do-not-contact."""

from __future__ import annotations

import hashlib

from transitions.models import CareTransition, EmailOptOut


def email_hash(email: str) -> str:
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()


def opted_out_hashes(emails: list[str]) -> set[str]:
    """Which of these addresses opted out, in one query."""
    hashes = {email_hash(email) for email in emails if email}
    return set(EmailOptOut.objects.filter(email_hash__in=hashes).values_list("email_hash", flat=True))


def contact_blocked(transition: CareTransition, *, opted_out: set[str] | None = None) -> bool:
    """Whether nothing may be emailed for this transition (``opted_out``, from
    ``opted_out_hashes``, spares a query per transition in a batch)."""
    if transition.do_not_contact or not transition.email:
        return True
    if opted_out is not None:
        return email_hash(transition.email) in opted_out
    return EmailOptOut.objects.filter(email_hash=email_hash(transition.email)).exists()
