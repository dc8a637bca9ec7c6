"""One person's attempt at a survey page: which invitation and draft it belongs to.

A draft belongs to its invitation, or on a public page to a long-lived signed cookie, never
to the session's lifetime: every step of an invitation's attempt carries a signed field
naming the invitation, so a post whose session lapsed (it ends 12 hours after the link was
opened, or the phone cleared it) carries on in the same draft instead of starting a new one.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.http import Http404
from django.shortcuts import redirect

from surveys import selectors
from surveys.models import Invitation, SurveyDraft, SurveyPage, SurveyVersion
from surveys.views.rendering import link_problem, never_cached_page

SESSION_INVITATIONS = "survey_invitations"
SESSION_DRAFTS = "survey_drafts"
SESSION_SUBMITTED = "survey_submitted"
# Public drafts by page (translation key), in a signed cookie that outlives the session.
DRAFT_COOKIE = "survey_drafts"
DRAFT_COOKIE_SALT = "surveys.public-drafts"
DRAFT_COOKIE_KEPT = 10
# The signed field on every step of an invitation's attempt (see the module docstring).
ATTEMPT_FIELD = "survey_attempt"
ATTEMPT_SALT = "surveys.attempt"


@dataclass
class Attempt:
    """One person's attempt at a survey page: what they answer and where it is kept."""

    page: SurveyPage
    version: SurveyVersion
    invitation: Invitation | None
    draft: SurveyDraft | None
    group: str  # the page's translation key: the same attempt in every language
    submitted: bool = False
    # The post named an invitation, but the signed field could not be read (too old, or
    # altered): nothing is stored, and the step says how to carry on.
    lapsed: bool = False

    @property
    def language(self) -> str:
        return self.page.locale.language_code

    @property
    def public(self) -> bool:
        return self.page.public


def subpage_url(page: SurveyPage, name: str, **kwargs) -> str:
    # A step links to every other step: the page's own URL is worked out once per request.
    if getattr(page, "_portal_url", None) is None:
        page._portal_url = page.url
    return page._portal_url + page.subpage_path(name, **kwargs)


def session_map(request, name: str) -> dict:
    return request.session.get(name, {})


def remember(request, name: str, group: str, value) -> None:
    values = dict(request.session.get(name, {}))
    values[group] = value
    request.session[name] = values


def submitted_here(request, group: str) -> bool:
    return group in request.session.get(SESSION_SUBMITTED, [])


def mark_submitted(request, group: str) -> None:
    request.session[SESSION_SUBMITTED] = [*request.session.get(SESSION_SUBMITTED, []), group][-50:]


def public_drafts(request) -> dict:
    """The public drafts this browser started, by page group (from the signed cookie)."""
    raw = request.get_signed_cookie(
        DRAFT_COOKIE,
        default=None,
        salt=DRAFT_COOKIE_SALT,
        max_age=dt.timedelta(days=settings.SURVEY_PUBLIC_DRAFT_DAYS),
    )
    try:
        values = json.loads(raw) if raw else {}
    except ValueError:
        return {}
    return values if isinstance(values, dict) else {}


def remember_public_draft(request, response, group: str, draft_id: str) -> None:
    values = {key: value for key, value in public_drafts(request).items() if key != group}
    values[group] = draft_id
    kept = dict(list(values.items())[-DRAFT_COOKIE_KEPT:])
    response.set_signed_cookie(
        DRAFT_COOKIE,
        json.dumps(kept),
        salt=DRAFT_COOKIE_SALT,
        max_age=settings.SURVEY_PUBLIC_DRAFT_DAYS * 24 * 3600,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def attempt_field_value(*, invitation: Invitation, group: str) -> str:
    """The signed value of the field that ties a step's post to its invitation."""
    return signing.dumps({"i": invitation.pk, "g": group}, salt=ATTEMPT_SALT, compress=True)


def _invitation_from_attempt_field(request, group: str) -> tuple[int | None, bool]:
    """The invitation a post's signed field names, if the post carries one: (id, present)."""
    value = request.POST.get(ATTEMPT_FIELD) if request.method == "POST" else None
    if not value:
        return None, False
    try:
        signed = signing.loads(
            value[:200], salt=ATTEMPT_SALT, max_age=dt.timedelta(days=settings.SURVEY_INVITATION_DAYS)
        )
    except signing.BadSignature:
        return None, True
    if not isinstance(signed, dict) or signed.get("g") != group or not isinstance(signed.get("i"), int):
        return None, True
    return signed["i"], True


def attempt_for(request, page: SurveyPage):
    """The attempt for this request, or a response to send instead (invitation needed,
    already answered, survey not yet published)."""
    survey = selectors.survey_page_survey(page=page)
    if survey is None or survey.current_version is None or not survey.live:
        raise Http404
    page.survey, version = survey, survey.current_version
    group = str(page.translation_key)
    invitation = None
    invitation_id = session_map(request, SESSION_INVITATIONS).get(group)
    if invitation_id is None:
        # The session lapsed (or the phone cleared it) in the middle of an invitation's
        # attempt: the step's signed field finds the invitation, and its draft, again.
        invitation_id, named = _invitation_from_attempt_field(request, group)
        if invitation_id is not None:
            remember(request, SESSION_INVITATIONS, group, invitation_id)
        elif named:
            return Attempt(page=page, version=version, invitation=None, draft=None, group=group, lapsed=True)
    if invitation_id is not None:
        # The invitation and its draft (if any) in one query; for a POST, which may be the
        # submit, also the care move whose details the response copies.
        related = ("draft", "transition") if request.method == "POST" else ("draft",)
        invitation = selectors.invitation_by_id(invitation_id=invitation_id, related=related)
        if invitation is None or invitation.responded_at is not None:
            return redirect(subpage_url(page, "thank_you"))
        if not invitation.usable:
            return link_problem(request, status=410)
    if submitted_here(request, group):
        return redirect(subpage_url(page, "thank_you"))
    if invitation is None and not page.public:
        return never_cached_page(request, "surveys/invitation_only.html", {"page": page}, status=403)

    draft = None
    if invitation is not None:
        draft = getattr(invitation, "draft", None)
    else:
        # Drafts kept in the session before the cookie are still found there.
        draft_id = public_drafts(request).get(group) or session_map(request, SESSION_DRAFTS).get(group)
        if draft_id:
            draft = selectors.draft_by_id(draft_id=draft_id)
    if draft is not None and draft.submitted_at is not None:
        if invitation is None:
            mark_submitted(request, group)
        return redirect(subpage_url(page, "thank_you"))
    if draft is not None:
        if draft.version_id == version.pk:
            draft.version = version  # the row already read, rather than a query
        # A draft keeps the version it started on, unless the person switched language:
        # then it moves to that language's version, answers kept by question key.
        same_survey = draft.version.survey_id == page.survey_id
        version = draft.version if same_survey else version
    return Attempt(page=page, version=version, invitation=invitation, draft=draft, group=group)
