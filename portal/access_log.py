"""gunicorn's access log without secrets or what a patient typed.

A request line can carry a survey or packet link's token (the link itself is the
credential) or a search for a condition. The access log keeps the method, the path with
any token or key replaced, the status and the timing, and never the query string or
Referer. The error log goes through the same redaction (``portal.log_redaction``) as
every other log.
"""

from __future__ import annotations

from gunicorn.glogging import Logger

from portal.log_redaction import handlers_redacted, path_redacted

__all__ = ["RedactingLogger", "path_redacted"]


class RedactingLogger(Logger):
    """gunicorn's logger, its access-log fields scrubbed (see the module docstring)."""

    def setup(self, cfg):
        super().setup(cfg)
        handlers_redacted(self.error_log)
        handlers_redacted(self.access_log)

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
