"""Security middleware: Content-Security-Policy, staff session limits, MFA enforcement."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.contrib.messages.storage.cookie import CookieStorage
from django.middleware.cache import FetchFromCacheMiddleware
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from portal.two_step import session_passed_second_factor, user_has_second_factor


def _policy_header(policy: dict[str, list[str]]) -> str:
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in policy.items())


class ContentSecurityPolicyMiddleware:
    """Sets one strict policy on public pages and a slightly looser one in the admin.

    Django 5.2 has no CSP support of its own, and django-csp cannot vary the policy by
    path prefix, which the Wagtail admin's inline styles require.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.public = _policy_header(settings.PORTAL_CSP)
        self.admin = _policy_header(settings.PORTAL_CSP_ADMIN)
        self.admin_prefixes = tuple(settings.PORTAL_CSP_ADMIN_PREFIXES)
        self.frame_ancestors = _policy_header({"frame-ancestors": settings.PORTAL_CSP["frame-ancestors"]})

    def __call__(self, request):
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            # path_info, not path: the prefix a proxy or SCRIPT_NAME adds is not ours.
            is_admin = request.path_info.startswith(self.admin_prefixes)
            response["Content-Security-Policy"] = self.admin if is_admin else self.public
        elif "frame-ancestors" not in response["Content-Security-Policy"]:
            # A view's own policy (Wagtail serves documents with "default-src 'none'") does
            # not forbid framing: default-src does not cover frame-ancestors.
            response["Content-Security-Policy"] += f"; {self.frame_ancestors}"
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        return response


SESSION_STARTED = "portal_session_started"
SESSION_LAST_SEEN = "portal_session_last_seen"
# Refresh the "last seen" mark at most this often, so that a page view is not a write.
LAST_SEEN_RESOLUTION = 60


class StaffSessionLimitsMiddleware:
    """Signs staff out after 30 idle minutes or 12 hours in all, whichever comes first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = time.time()
            session = request.session
            started = session.setdefault(SESSION_STARTED, now)
            last_seen = session.setdefault(SESSION_LAST_SEEN, now)
            idle = now - last_seen > settings.PORTAL_SESSION_IDLE_SECONDS
            too_long = now - started > settings.PORTAL_SESSION_ABSOLUTE_SECONDS
            if idle or too_long:
                logout(request)
                messages.info(
                    request,
                    _("You were signed out after 30 minutes without activity. Please sign in again.")
                    if idle
                    else _(
                        "You were signed out because your session reached 12 hours. Please sign in again."
                    ),
                )
            elif now - last_seen >= LAST_SEEN_RESOLUTION:
                session[SESSION_LAST_SEEN] = now
        return self.get_response(request)


class RequireMFAMiddleware:
    """Lets a session reach staff pages only once it has entered a second factor itself.

    Every account on the portal is a staff account, so every signed-in user is covered:
    - a session whose account has an authenticator but which never entered a code (it
      signed in with a password before the device was added elsewhere) is signed out and
      sent to sign in again, on any page;
    - where two-step verification is required, a signed-in user without an authenticator
      is sent to set one up before any staff page.

    Staff pages are recognised on ``request.path_info`` (what Django resolves), never on
    ``request.path``, which carries whatever SCRIPT_NAME prefix the server was given.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.protected_prefixes = tuple(settings.PORTAL_STAFF_PATH_PREFIXES)

    def __call__(self, request):
        user = request.user
        if not user.is_authenticated or session_passed_second_factor(request=request):
            return self.get_response(request)
        if user_has_second_factor(user=user):
            logout(request)
            messages.warning(
                request,
                _("Two-step verification was set up for your account. Please sign in again with your code."),
            )
            return redirect_to_login(request.get_full_path(), login_url=reverse("account_login"))
        if settings.PORTAL_REQUIRE_MFA and request.path_info.startswith(self.protected_prefixes):
            messages.warning(
                request,
                _("Set up two-step verification with an authenticator app before you continue."),
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)


class PublicPageCacheMiddleware(FetchFromCacheMiddleware):
    """Django's cache middleware, for visitors without a session only.

    Staff (anyone with a session cookie), visitors with a message waiting for them, and the
    admin, sign-in and API paths are never stored or served from the page cache, so nothing
    personal can be cached or shared.
    """

    excluded_prefixes = ("/admin/", "/django-admin/", "/accounts/", "/es/accounts/", "/api/", "/healthz")

    def process_request(self, request):
        personal = {settings.SESSION_COOKIE_NAME, CookieStorage.cookie_name} & request.COOKIES.keys()
        if personal or request.path_info.startswith(self.excluded_prefixes):
            request._cache_update_cache = False
            return None
        return super().process_request(request)
