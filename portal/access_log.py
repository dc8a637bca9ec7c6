"""gunicorn's access log without secrets or what a patient typed.

A request line can carry a survey or packet link's token (the link itself is the
credential) or a search for a condition. The access log keeps the method, the path with
any token replaced, the status and the timing, and never the query string or Referer.
"""

from __future__ import annotations

import re

from gunicorn.glogging import Logger

# /s/<token>/, /p/<token>/, /stop/<signed>/, /stop/packet/<signed>/, with or without a
# language prefix: the segment after the prefix is the secret.
TOKEN_PATH = re.compile(r"^(/(?:[a-z]{2}(?:-[a-z]{2})?/)?(?:s|p|stop/packet|stop)/)[^/]+")
REDACTED = "[redacted]"


def path_redacted(path: str) -> str:
    """``path`` with any link token replaced and the query string dropped."""
    path = path.split("?", 1)[0]
    return TOKEN_PATH.sub(lambda match: match.group(1) + REDACTED, path)


class RedactingLogger(Logger):
    """gunicorn's logger, its access-log fields scrubbed (see the module docstring)."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        path = path_redacted(environ.get("RAW_URI") or environ.get("PATH_INFO") or "")
        atoms["r"] = f"{environ.get('REQUEST_METHOD', '-')} {path} {environ.get('SERVER_PROTOCOL', '-')}"
        atoms["U"] = path
        atoms["q"] = "-"
        atoms["f"] = "-"
        for name in ("{raw_uri}e", "{path_info}e", "{query_string}e", "{http_referer}e", "{referer}i"):
            if name in atoms:
                atoms[name] = "-"
        return atoms
