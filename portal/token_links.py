"""Views opened by a secret link from an email (a token, or a signed stop link).

The address itself is the secret: no page may pass it on in a Referer header, and one
client address may not try link after link until one works.
"""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers

from portal.ratelimit import rate_limit_exceeded, rate_limit_reached

# Survey and packet links share one count, so trying both kinds gives no extra guesses.
GUESSING_SCOPE = "token-link-miss"
GUESSING_PERIOD_SECONDS = 60 * 60


def no_referrer(view):
    """Sends ``Referrer-Policy: no-referrer`` with every response of ``view``."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Referrer-Policy"] = "no-referrer"
        return response

    return wrapped


def token_guessing_limited(view):
    """Refuses an address with 429 for the rest of the hour once it has opened
    ``TOKEN_LINK_MISSES_PER_HOUR`` links that ``view`` did not know (404).

    Only misses count, so a care home whose patients share one address is not refused for
    opening good links; once refused, good links are refused too, or guessing could go on.
    """

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        limit = settings.TOKEN_LINK_MISSES_PER_HOUR
        if rate_limit_reached(request, scope=GUESSING_SCOPE, limit=limit):
            response = render(request, "429.html", {"link_guessing": True}, status=429)
            response["Retry-After"] = str(GUESSING_PERIOD_SECONDS)
            add_never_cache_headers(response)
            return response
        response = view(request, *args, **kwargs)
        if response.status_code == 404:
            rate_limit_exceeded(
                request, scope=GUESSING_SCOPE, limit=limit, period_seconds=GUESSING_PERIOD_SECONDS
            )
        return response

    return wrapped
