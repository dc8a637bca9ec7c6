"""The links in a patient's emails: the survey invitation (a token exchanged for a session)
and the one-click stop to further emails."""

from __future__ import annotations

from django.core import signing
from django.http import HttpResponseRedirect
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET

from portal.token_links import no_referrer, token_guessing_limited
from surveys import selectors, services
from surveys.sending import OPT_OUT_SALT
from surveys.views.attempt import SESSION_INVITATIONS, remember
from surveys.views.rendering import link_problem, never_cached_page


@no_referrer  # outermost: the 405 for a POST to a link carries it too
@require_GET
@token_guessing_limited
def invitation_link(request, token: str):
    """Exchange an emailed token for a session, then send the person to a URL without it."""
    invitation = selectors.invitation_for_token(token=token)
    if invitation is None:
        return link_problem(request)
    request.session.cycle_key()
    page = invitation.page
    remember(request, SESSION_INVITATIONS, str(page.translation_key), invitation.pk)
    services.invitation_open(invitation=invitation)
    preferred = selectors.page_in_language(page=page, language=invitation.language)
    target = (preferred or page).specific
    with translation.override(invitation.language):
        url = target.url
    response = HttpResponseRedirect(url)
    add_never_cache_headers(response)
    return response


@csrf_exempt  # RFC 8058 one-click: mail programs POST here without a form of ours
@no_referrer
def opt_out(request, signed: str):
    """GET asks to confirm (link scanners must not unsubscribe anyone); POST stops the emails."""

    try:
        invitation_id = signing.loads(signed, salt=OPT_OUT_SALT)
    except signing.BadSignature:
        return link_problem(request)
    invitation = selectors.invitation_by_id(invitation_id=invitation_id)
    if invitation is None:
        return link_problem(request)
    # Opting out closes the invitation, so its survey link stops working too, and both pages
    # say so: a person who asked us to stop writing is not asked again through the link.
    already = selectors.invitation_opted_out(invitation=invitation)
    if request.method == "POST":
        services.email_opt_out(invitation=invitation)
        return never_cached_page(request, "surveys/opted_out.html", {"already": already})
    if already:
        return never_cached_page(request, "surveys/opted_out.html", {"already": True})
    return never_cached_page(request, "surveys/opt_out.html", {"action": request.path})
