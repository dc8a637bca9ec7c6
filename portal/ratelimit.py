"""A fixed-window request counter per client address, kept in the default cache."""

from __future__ import annotations

import hashlib

from allauth.account.adapter import get_adapter
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured, PermissionDenied


def client_address(request) -> str:
    """The client's address as allauth's sign-in limits read it: REMOTE_ADDR, or behind
    ``TRUSTED_PROXY_COUNT`` proxies the address they put in X-Forwarded-For."""
    try:
        return get_adapter(request).get_client_ip(request)
    except (PermissionDenied, ImproperlyConfigured):  # no address, or fewer hops than proxies
        return request.META.get("REMOTE_ADDR", "")


def _cache_key(request, scope: str) -> str:
    address = hashlib.sha256(client_address(request).encode()).hexdigest()[:32]
    return f"ratelimit:{scope}:{address}"


def rate_limit_exceeded(request, *, scope: str, limit: int, period_seconds: int) -> bool:
    """Count one use of ``scope`` by this client; True once it has gone over ``limit``."""
    key = _cache_key(request, scope)
    if cache.add(key, 1, timeout=period_seconds):
        return False
    try:
        return cache.incr(key) > limit
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=period_seconds)
        return False


def rate_limit_reached(request, *, scope: str, limit: int) -> bool:
    """True when this client has already used ``scope`` ``limit`` times in the current
    window; counts nothing."""
    return (cache.get(_cache_key(request, scope)) or 0) >= limit
