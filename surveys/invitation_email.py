"""The invitation and reminder emails: rendered once per survey page, language and kind for a
sweep, with markers where each message's name and links go, filled in per message."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from portal.patient_email import LINK_MARK, NAME_MARK, STOP_MARK, patient_email
from portal.selectors import organization_for
from surveys.models import Invitation, InvitationMessage, SurveyPage

if TYPE_CHECKING:  # the sweep's claim, named in a signature only (the sweep imports this module)
    from surveys.sending import Claim

OPT_OUT_SALT = "surveys.opt-out"


@functools.lru_cache(maxsize=32)
def url_template(name: str, language: str) -> str:
    """A full URL with "{}" where its one argument goes (reversed once per language)."""
    marker = "ARGUMENT0MARKER"
    with translation.override(language):
        path = reverse(name, args=[marker])
    return (settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path).replace(marker, "{}")


def invitation_link_url(invitation: Invitation, token: str) -> str:
    return url_template("survey_invitation", invitation.language).format(token)


def opt_out_link(invitation: Invitation) -> str:
    signed = signing.dumps(invitation.pk, salt=OPT_OUT_SALT, compress=True)
    return url_template("survey_opt_out", invitation.language).format(signed)


class EmailTemplates:
    """Each (survey page, language, kind) rendered once per sweep with markers in place of
    the name and links, which are filled in per message."""

    def __init__(self):
        self._rendered: dict[tuple[int, str, str], tuple[str, str, str]] = {}

    def email(self, claim: Claim) -> EmailMultiAlternatives:
        invitation = claim.invitation
        kind = "invitation" if claim.kind == InvitationMessage.INVITATION else "reminder"
        key = (invitation.page_id, invitation.language, kind)
        if key not in self._rendered:
            self._rendered[key] = render_email(invitation.page, invitation.language, kind)
        return patient_email(
            rendered=self._rendered[key],
            name=_greeting_name(invitation),
            link=invitation_link_url(invitation, claim.token),
            stop=opt_out_link(invitation),
            to=invitation.transition.email if invitation.transition else "",
            message_id=f"<invitation-{invitation.pk}-{claim.kind}@{settings.SURVEY_MAIL_DOMAIN}>",
        )


def _greeting_name(invitation: Invitation) -> str:
    return greeting_name(invitation.transition)


def greeting_name(transition) -> str:
    """Who an email to this transition's address is written to."""
    if transition is None:
        return ""
    return (
        transition.proxy_name
        if transition.respondent == transition.PROXY and transition.proxy_name
        else (transition.patient_first_name)
    )


def render_email(page: SurveyPage, language: str, kind: str) -> tuple[str, str, str, str]:
    """Subject, text, HTML and sender of one kind of email in ``language``: from the
    organization, with its help line and postal address at the foot."""
    localized = page.get_translations(inclusive=True).filter(locale__language_code=language).live().first()
    page = (localized or page).specific
    with translation.override(language):
        organization = organization_for(language=language)
        context = {
            "name": NAME_MARK,
            "link": LINK_MARK,
            "stop_link": STOP_MARK,
            "organization": organization,
            "reminder": kind == "reminder",
            "page": page,
            "body": page.email_body(kind=kind),
        }
        subject = page.email_subject(kind=kind, organization=organization.name)
        text = render_to_string("surveys/email/invitation.txt", context)
        html = render_to_string("surveys/email/invitation.html", context)
    return subject, text, html, organization.sender
