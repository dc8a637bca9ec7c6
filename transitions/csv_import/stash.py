"""Keeping an import between the preview and the import: the parsed file (and, once
saved, the result) is kept in the cache, compressed, under a random token tied to the
user, for two hours; a short claim keeps two requests from saving the same import."""

from __future__ import annotations

import json
import re
import secrets
import zlib

from django.core.cache import cache

from transitions.csv_import.read import ParsedFile

STATE_SECONDS = 2 * 60 * 60
TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


def _state_key(user, token: str) -> str:
    return f"transition-import:{user.pk}:{token}"


def state_save(*, user, token: str, state: dict) -> None:
    blob = zlib.compress(json.dumps(state, default=str).encode(), 6)
    cache.set(_state_key(user, token), blob, STATE_SECONDS)


def state_load(*, user, token: str) -> dict | None:
    """The state kept for this user's import ``token``; None if unknown, expired or another
    user's."""
    if not TOKEN_PATTERN.match(token or ""):
        return None
    blob = cache.get(_state_key(user, token))
    if blob is None:
        return None
    try:
        return json.loads(zlib.decompress(blob))
    except (zlib.error, ValueError):
        return None


def stash(*, parsed: ParsedFile, user) -> str:
    """Keep the parsed file server-side for the preview and the commit; returns its token."""
    token = secrets.token_urlsafe(24)
    state_save(user=user, token=token, state={"parsed": parsed.to_state(), "result": None})
    return token


def commit_claim(*, user, token: str) -> bool:
    """Whether this request may save the import (False while another request is saving it)."""
    return cache.add(_state_key(user, token) + ":saving", 1, 300)


def commit_release(*, user, token: str) -> None:
    cache.delete(_state_key(user, token) + ":saving")
