"""Django's Redis cache, made optional: while Redis cannot be reached, reads miss and writes
are skipped, so every page is built from the database instead of failing.

Django's own backend raises on a refused or timed-out connection, and the cache is read on
every public request (the page cache, kept routes, navigation, rate limits), so an outage
of the cache server turned every page into a 500. After a failure the server is left
alone for ``RETRY_SECONDS`` (per process), so a server that hangs costs one timeout per
interval rather than one per cache call.
"""

from __future__ import annotations

import functools
import logging
import time

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

RETRY_SECONDS = 2.0
UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)
_MISSING = object()
# What each call answers while the server is unreachable: a miss, or nothing stored.
_FALLBACKS = {
    "add": False,
    "get": _MISSING,  # the caller's default
    "set": None,
    "touch": False,
    "delete": False,
    "get_many": {},
    "has_key": False,
    "set_many": None,
    "delete_many": None,
    "clear": False,
}


class _Client(RedisCacheClient):
    def __init__(self, servers, **options):
        super().__init__(servers, **options)
        self._servers_key = ",".join(servers)


# Monotonic time until which each server (by its URLs) is left alone, per process.
_down_until: dict[str, float] = {}


def _guarded(name: str):
    method = getattr(RedisCacheClient, name)

    @functools.wraps(method)
    def call(self, *args, **kwargs):
        if _down_until.get(self._servers_key, 0.0) > time.monotonic():
            return _fallback(name, args)
        try:
            return method(self, *args, **kwargs)
        except UNREACHABLE as problem:
            _down_until[self._servers_key] = time.monotonic() + RETRY_SECONDS
            logger.warning("cache server unreachable, working without it: %s", type(problem).__name__)
            return _fallback(name, args)

    return call


def _fallback(name: str, args: tuple):
    if name == "incr":
        raise ValueError("the cache server cannot be reached")  # as for a key that is missing
    value = _FALLBACKS[name]
    if value is _MISSING:
        return args[1]  # get(key, default)
    return dict(value) if isinstance(value, dict) else value


for _name in (*_FALLBACKS, "incr"):
    setattr(_Client, _name, _guarded(_name))


class ResilientRedisCache(RedisCache):
    """``django.core.cache.backends.redis.RedisCache`` that treats an unreachable server as
    an empty cache."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _Client
