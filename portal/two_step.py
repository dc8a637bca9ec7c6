"""Two-step verification bound to the session, on top of allauth's own records.

allauth keeps, in each session, a list of the ways that session authenticated
(``record_authentication``: ``{"method": "password"}``, ``{"method": "mfa", ...}``). The
portal decides on that list, never on whether the *account* has a device: a session that
signed in with a password before the account had an authenticator never entered a code,
so it must not be let in once a device exists (it is signed out instead). Changing the
second factor (deactivating it, generating or reading recovery codes) asks for a code
entered within the last few minutes in this session, because allauth would accept a
password there; enrolling proves possession by the code typed while enrolling. Each of
these changes ends the account's other sessions.

allauth applies MFA_TOTP_TOLERANCE on both sides of now and has no hook for it, so the
code forms here refuse a code that is valid only for a step still to come.
"""

from __future__ import annotations

import time
from functools import wraps

from allauth.account import app_settings as account_settings
from allauth.account.internal.flows.login import get_authentication_records, record_authentication
from allauth.core.internal.cryptokit import compare_user_code
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.adapter import get_adapter as get_mfa_adapter
from allauth.mfa.base.forms import AuthenticateForm, ReauthenticateForm
from allauth.mfa.base.internal.flows import check_rate_limit
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.forms import ActivateTOTPForm
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY, format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.sessions.models import Session
from django.db import transaction
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from portal.audit import two_step_reset_logged

# --- selectors ---------------------------------------------------------------------------


def user_has_second_factor(*, user) -> bool:
    """Whether the account holds an authenticator app (recovery codes alone do not count)."""
    return Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP).exists()


def _second_factor_records(request: HttpRequest) -> list[dict]:
    return [r for r in get_authentication_records(request, request.user) if r.get("method") == "mfa"]


def session_passed_second_factor(*, request: HttpRequest) -> bool:
    """Whether this session, for its signed-in user, has entered a code (or recovery code)."""
    return bool(_second_factor_records(request))


def session_recently_confirmed_second_factor(*, request: HttpRequest) -> bool:
    """Whether this session confirmed a code on purpose (re-authentication or enrolment)
    within allauth's re-authentication timeout; a password does not count."""
    now = time.time()
    return any(
        record.get("reauthenticated")
        and now - record.get("at", 0) < account_settings.REAUTHENTICATION_TIMEOUT
        for record in _second_factor_records(request)
    )


# --- services ----------------------------------------------------------------------------


def user_sessions_end(*, user, keep_session_key: str | None = None) -> int:
    """Deletes every stored session signed in as ``user`` except ``keep_session_key``.

    Sessions live in the database (SESSION_ENGINE) and do not index their user, so each
    unexpired one is decoded; this runs only when a second factor changes.
    """
    user_id = str(user.pk)
    ended = []
    sessions = Session.objects.filter(expire_date__gt=timezone.now()).exclude(session_key=keep_session_key)
    for session in sessions.iterator():
        if session.get_decoded().get("_auth_user_id") == user_id:
            ended.append(session.session_key)
    Session.objects.filter(session_key__in=ended).delete()
    return len(ended)


def session_second_factor_enrolled(*, request: HttpRequest, authenticator: Authenticator) -> None:
    """Records, for this session only, the code the user typed while enrolling, and ends
    the account's other sessions (none of them proved the new device)."""
    record_authentication(
        request,
        request.user,
        "mfa",
        id=authenticator.pk,
        type=authenticator.type,
        reauthenticated=True,
    )
    user_sessions_end(user=request.user, keep_session_key=request.session.session_key)


def user_second_factor_reset(*, user, by) -> int:
    """A manager removes a colleague's authenticator and recovery codes (a lost phone):
    every session of theirs ends and they enrol again at their next sign-in."""
    with transaction.atomic():
        removed, _detail = Authenticator.objects.filter(user_id=user.pk).delete()
        two_step_reset_logged(user=user, by=by)
    user_sessions_end(user=user)
    return removed


def user_may_reset_second_factor(*, user, by) -> bool:
    """Managers (who may change users) reset colleagues' second factor; never their own,
    and only a superuser resets a superuser's."""
    if user.pk == by.pk or not by.has_perm("auth.change_user"):
        return False
    return by.is_superuser or not user.is_superuser


# --- signal receivers (connected in PortalConfig.ready) ----------------------------------


def on_authenticator_changed(sender, request, user, authenticator, **kwargs) -> None:
    """A second factor removed or its recovery codes regenerated: other sessions end."""
    keep = request.session.session_key if request is not None else None
    user_sessions_end(user=user, keep_session_key=keep)


# --- views -------------------------------------------------------------------------------


def binds_enrolment_to_the_session(view):
    """Wraps allauth's enrolment view: once it stored the new authenticator, the code the
    user typed counts as this session's second factor, and other sessions end.

    Done here, not on allauth's ``authenticator_added`` signal, because that signal is sent
    after the commit, which may come after the session was saved.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        if request.method != "POST" or not request.user.is_authenticated:
            return view(request, *args, **kwargs)
        # The secret this session was shown; the stored device counts for this session only
        # if it holds that secret (allauth checked a code of it before storing it).
        secret = request.session.get(SECRET_SESSION_KEY)
        response = view(request, *args, **kwargs)
        device = Authenticator.objects.filter(user_id=request.user.pk, type=Authenticator.Type.TOTP).first()
        if secret and device is not None and decrypt(device.data["secret"]) == secret:
            session_second_factor_enrolled(request=request, authenticator=device)
        return response

    return wrapper


def fresh_second_factor_required(view):
    """Asks for a code (allauth's "confirm access" with the authenticator) before ``view``
    unless this session confirmed one in the last few minutes."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        if (
            request.user.is_authenticated
            and user_has_second_factor(user=request.user)
            and not session_recently_confirmed_second_factor(request=request)
        ):
            query = urlencode({REDIRECT_FIELD_NAME: request.get_full_path()})
            return HttpResponseRedirect(f"{reverse('mfa_reauthenticate')}?{query}")
        return view(request, *args, **kwargs)

    return wrapper


# --- forms: no code from the future --------------------------------------------------------


def totp_code_is_ahead(*, secret: str, code: str) -> bool:
    """True when ``code`` is valid only for a 30-second step still to come.

    allauth's tolerance window is symmetric; the portal takes the previous step (a code
    that changed while it was typed) but not the next one.
    """
    step = int(time.time()) // mfa_settings.TOTP_PERIOD
    tolerance = mfa_settings.TOTP_TOLERANCE

    def matches(counter: int) -> bool:
        return compare_user_code(actual=code, expected=format_hotp_value(hotp_value(secret, counter)))

    ahead = any(matches(step + i) for i in range(1, tolerance + 1))
    return ahead and not any(matches(step - i) for i in range(tolerance + 1))


class _NoFutureCodeMixin:
    def clean_code(self) -> str:
        code = self.cleaned_data["code"]
        device = Authenticator.objects.filter(user_id=self.user.pk, type=Authenticator.Type.TOTP).first()
        if device and totp_code_is_ahead(secret=decrypt(device.data["secret"]), code=code):
            check_rate_limit(self.user)  # counts as a failed attempt
            raise get_mfa_adapter().validation_error("incorrect_code")
        return super().clean_code()


class PortalAuthenticateForm(_NoFutureCodeMixin, AuthenticateForm):
    """allauth's sign-in code form, refusing the next step's code."""


class PortalReauthenticateForm(_NoFutureCodeMixin, ReauthenticateForm):
    """allauth's "confirm access" code form, refusing the next step's code."""


class PortalActivateTOTPForm(ActivateTOTPForm):
    """allauth's enrolment form, refusing the next step's code of the new secret."""

    def clean_code(self) -> str:
        code = self.cleaned_data.get("code", "")
        if totp_code_is_ahead(secret=self.secret, code=code):
            check_rate_limit(self.user)
            raise get_mfa_adapter().validation_error("incorrect_code")
        return super().clean_code()
