"""Django's Redis cache, made optional: while Redis cannot be reached, reads miss and writes
are skipped, so every page is built from the database instead of failing.

Django's own backend raises on a refused or timed-out connection, and the cache is read on
every public request (the page cache, kept routes, navigation, rate limits), so an outage
of the cache server turned every page into a 500. After a failure the server is left
alone for ``RETRY_SECONDS`` (per process), so a server that hangs costs one timeout per
interval rather than one per cache call.

**Local copies.** An empty cache is correct but slow: with Redis away every public page and
every survey step was built from scratch, and a 20-second outage under load became a slow
outage (p95 ten times that of the minutes around it). So a cache may keep, per process, a
small copy of the entries it wants to survive an outage (``local_copy_prefixes``: the page
cache and the content caches, never rate limits or import state, which only mean anything
shared between processes). The copy sits *behind* Redis, never in front of it:

- while Redis answers, it is the only thing read, so a publish (a new generation, an
  emptied page cache) reaches every process at once, as before; each value read from or
  written to Redis is also copied into this process's memory, as the bytes Redis holds;
- while Redis cannot be reached, reads and writes of those keys use the copy.

A copy is served for at most ``LOCAL_COPY_SECONDS`` (2 minutes) after it was last read from
or written to Redis, or built by this process, so a page published shortly before or during
an outage (from another process, which cannot tell this one) is shown at most that long
after the publish; a public page already tells browsers to keep it for
``CACHE_MIDDLEWARE_SECONDS``, five minutes. Shorter copies cover too little: under load in
``make stress``, with 30 s, the searches this process had not repeated within the half
minute were built again during the outage (a search built again took about ten times a
page served from the cache) and held up everyone else. The copy is bounded in bytes
(``LOCAL_COPY_BYTES`` per cache and process), least recently used first out.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

RETRY_SECONDS = 2.0
LOCAL_COPY_SECONDS = 120.0
LOCAL_COPY_BYTES = 16 * 1024 * 1024
UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)
_AWAY = object()  # what a call answers when the server could not be asked
_ABSENT = object()


class LocalCopies:
    """Values (as Redis holds them: bytes, or a bare int) of the keys starting with one of
    ``prefixes``, each with the monotonic time until which it may be served; bounded by
    ``max_bytes``, least recently used first out. Shared by the threads of a process."""

    def __init__(self, *, prefixes: tuple[str, ...], key_head: str, seconds: float, max_bytes: int) -> None:
        self.prefixes, self.seconds, self.max_bytes = prefixes, seconds, max_bytes
        self.key_head = key_head  # what Django puts before the version: "<KEY_PREFIX>:"
        self._entries: OrderedDict[str, tuple[float, bytes | int]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def keeps(self, key: str) -> bool:
        """Whether ``key`` (as stored: "<KEY_PREFIX>:<version>:<name>") is one to copy. The
        version is passed over: Wagtail keeps its site root paths under a version of its own."""
        if not key.startswith(self.key_head):
            return False
        _version, _colon, name = key[len(self.key_head) :].partition(":")
        return name.startswith(self.prefixes)

    def put(self, key: str, raw: bytes | int, timeout: float | None = None) -> None:
        """Keep ``raw`` for ``key`` for the copy's seconds (or ``timeout``, if shorter)."""
        if not self.keeps(key):
            return
        seconds = self.seconds if timeout is None else min(self.seconds, timeout)
        size = _size(raw)
        with self._lock:
            self._drop(key)
            if seconds <= 0 or size > self.max_bytes:
                return
            self._entries[key] = (time.monotonic() + seconds, raw)
            self._bytes += size
            while self._bytes > self.max_bytes:
                oldest = next(iter(self._entries))
                self._drop(oldest)

    def get(self, key: str):
        """The value kept for ``key``, or ``_ABSENT`` (never kept, expired or pushed out)."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return _ABSENT
            if entry[0] <= time.monotonic():
                self._drop(key)
                return _ABSENT
            self._entries.move_to_end(key)
            return entry[1]

    def discard(self, key: str) -> None:
        with self._lock:
            self._drop(key)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._bytes = 0

    def __len__(self) -> int:
        return len(self._entries)

    def _drop(self, key: str) -> None:
        entry = self._entries.pop(key, None)
        if entry is not None:
            self._bytes -= _size(entry[1])


def _size(raw: bytes | int) -> int:
    return len(raw) if isinstance(raw, bytes | bytearray) else 8


# Per process: the monotonic time until which each server (by its URLs) is left alone, and
# the local copies of each cache (shared by threads, whose cache objects differ).
_down_until: dict[str, float] = {}
_copies: dict[str, LocalCopies] = {}


class _Client(RedisCacheClient):
    def __init__(self, servers, *, local_copies: LocalCopies | None = None, **options):
        super().__init__(servers, **options)
        self._servers_key = ",".join(servers)
        self._local = local_copies

    def _ask(self, method, *args):
        """``method(*args)`` against the server, or ``_AWAY`` while it cannot be reached."""
        if _down_until.get(self._servers_key, 0.0) > time.monotonic():
            return _AWAY
        try:
            return method(*args)
        except UNREACHABLE as problem:
            _down_until[self._servers_key] = time.monotonic() + RETRY_SECONDS
            logger.warning("cache server unreachable, working without it: %s", type(problem).__name__)
            return _AWAY

    def _kept(self, key) -> bool:
        return self._local is not None and self._local.keeps(key)

    # Reads ------------------------------------------------------------------------------

    def _raw_get(self, key):
        return self.get_client(key).get(key)

    def get(self, key, default):
        raw = self._ask(self._raw_get, key)
        if raw is _AWAY:
            raw = self._local.get(key) if self._kept(key) else _ABSENT
            return default if raw is _ABSENT else self._serializer.loads(raw)
        if self._kept(key):
            if raw is None:
                self._local.discard(key)
            else:
                self._local.put(key, raw)
        return default if raw is None else self._serializer.loads(raw)

    def _raw_get_many(self, keys):
        return self.get_client(None).mget(keys)

    def get_many(self, keys):
        keys = list(keys)
        raws = self._ask(self._raw_get_many, keys)
        if raws is _AWAY:
            raws = [self._local.get(key) if self._kept(key) else _ABSENT for key in keys]
            return {k: self._serializer.loads(v) for k, v in zip(keys, raws, strict=True) if v is not _ABSENT}
        for key, raw in zip(keys, raws, strict=True):
            if not self._kept(key):
                continue
            if raw is None:
                self._local.discard(key)
            else:
                self._local.put(key, raw)
        return {k: self._serializer.loads(v) for k, v in zip(keys, raws, strict=True) if v is not None}

    def has_key(self, key):
        found = self._ask(super().has_key, key)
        if found is _AWAY:
            return self._kept(key) and self._local.get(key) is not _ABSENT
        return found

    # Writes -----------------------------------------------------------------------------

    def _raw_set(self, key, raw, timeout, nx=False):
        return self.get_client(key, write=True).set(key, raw, ex=timeout, nx=nx)

    def set(self, key, value, timeout):
        if timeout == 0:
            self.delete(key)
            return
        raw = self._serializer.dumps(value)
        self._ask(self._raw_set, key, raw, timeout)
        if self._kept(key):
            self._local.put(key, raw, timeout)

    def add(self, key, value, timeout):
        if timeout == 0:
            added = self._ask(super().add, key, value, timeout)
            return False if added is _AWAY else added
        raw = self._serializer.dumps(value)
        added = self._ask(self._raw_set, key, raw, timeout, True)
        if added is _AWAY:
            if not self._kept(key) or self._local.get(key) is not _ABSENT:
                return False
            self._local.put(key, raw, timeout)
            return True
        if added and self._kept(key):
            self._local.put(key, raw, timeout)
        return bool(added)

    def set_many(self, data, timeout):
        if timeout == 0:
            self.delete_many(list(data))
            return
        raws = {key: self._serializer.dumps(value) for key, value in data.items()}

        def send():
            pipeline = self.get_client(None, write=True).pipeline()
            pipeline.mset(raws)
            if timeout is not None:
                for key in raws:
                    pipeline.expire(key, timeout)
            pipeline.execute()

        self._ask(send)
        for key, raw in raws.items():
            if self._kept(key):
                self._local.put(key, raw, timeout)

    def touch(self, key, timeout):
        touched = self._ask(super().touch, key, timeout)
        if self._kept(key):
            self._local.discard(key)  # read again from the server, with its new lifetime
        return False if touched is _AWAY else touched

    def incr(self, key, delta):
        if self._kept(key):
            self._local.discard(key)
        value = self._ask(super().incr, key, delta)
        if value is _AWAY:
            raise ValueError("the cache server cannot be reached")  # as for a key that is missing
        return value

    def delete(self, key):
        if self._kept(key):
            self._local.discard(key)
        deleted = self._ask(super().delete, key)
        return False if deleted is _AWAY else deleted

    def delete_many(self, keys):
        keys = list(keys)
        for key in keys:
            if self._kept(key):
                self._local.discard(key)
        self._ask(super().delete_many, keys)

    def clear(self):
        if self._local is not None:
            self._local.clear()
        cleared = self._ask(super().clear)
        return False if cleared is _AWAY else cleared


class ResilientRedisCache(RedisCache):
    """``django.core.cache.backends.redis.RedisCache`` that treats an unreachable server as
    an empty cache, except for the keys it keeps local copies of (see the module's
    docstring). OPTIONS: ``local_copy_prefixes`` (keys as the caller names them; ``""`` for
    every key), ``local_copy_seconds``, ``local_copy_bytes``."""

    def __init__(self, server, params):
        options = dict(params.get("OPTIONS") or {})
        prefixes = tuple(options.pop("local_copy_prefixes", ()) or ())
        seconds = float(options.pop("local_copy_seconds", LOCAL_COPY_SECONDS))
        max_bytes = int(options.pop("local_copy_bytes", LOCAL_COPY_BYTES))
        super().__init__(server, {**params, "OPTIONS": options})
        self._class = _Client
        if prefixes:
            # The client sees keys as stored: with the cache's prefix and version in front.
            key_head = f"{self.key_prefix}:"
            # One copy per server and settings, shared by the cache objects of every thread.
            identity = f"{','.join(self._servers)}|{key_head}|{prefixes}|{seconds}|{max_bytes}"
            copies = _copies.get(identity)
            if copies is None:
                copies = LocalCopies(
                    prefixes=prefixes, key_head=key_head, seconds=seconds, max_bytes=max_bytes
                )
                _copies[identity] = copies
            self._options = {**options, "local_copies": copies}
