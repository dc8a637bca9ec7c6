"""One redaction for every log the portal writes: no link token, key or query string in it.

A survey or packet link (``/s/<token>/``, ``/p/<token>/``), a stop link, a password-reset
key and an email-confirmation key are each a credential on their own: whoever reads the
log could use them. A query string can hold what a patient searched for. Django logs the
path of every refused request (``django.security.csrf``, ``django.request``), gunicorn logs
every request line, and a traceback can quote a URL; all of them pass through
``secrets_redacted``:

- gunicorn's access log (``portal.access_log``) and error log,
- every handler of Django's ``LOGGING`` (``RedactingFilter`` in ``portal.settings.base``),
- the handlers a Celery worker sets up for itself (``portal.celery``).
"""

from __future__ import annotations

import logging
import re

REDACTED = "[redacted]"

# Characters that end a path inside a log line.
_END = r"\s?#\"'<>"
# What a path written into a log line follows: the line's start, a space or punctuation,
# or the host of a full URL.
_LEAD = rf"(?P<lead>^|[\s\"'(<=,]|//[^/{_END}]+)"
_LANGUAGE = r"(?:/[a-z]{2}(?:-[a-z]{2})?)?"
# The segment after one of these is the secret: survey and packet links, stop links
# (signed), allauth's password-reset key (``<uid>-<key>``) and email-confirmation key.
_ONE_SEGMENT = r"s|p|stop/packet|stop|accounts/password/reset/key|accounts/confirm-email"
# Everything after this one is: Wagtail's own reset link, ``<uid>/<token>/``.
_REST_OF_PATH = r"admin/password_reset/confirm|django-admin/password_reset/confirm"

SECRET_PATH = re.compile(
    rf"{_LEAD}(?P<kept>{_LANGUAGE}/(?:(?P<one>{_ONE_SEGMENT})|(?P<rest>{_REST_OF_PATH}))/)"
    rf"(?P<secret>[^/{_END}]+(?(rest)[^{_END}]*))",
    re.IGNORECASE,
)
QUERY = re.compile(rf"(?P<path>/[^{_END}]*)\?[^\s#\"'<>]*")


def secrets_redacted(text: str) -> str:
    """``text`` with every link token and key replaced by ``[redacted]`` and every query
    string left out of the paths and URLs it quotes."""
    text = QUERY.sub(lambda match: match.group("path"), text)
    return SECRET_PATH.sub(lambda match: match.group("lead") + match.group("kept") + REDACTED, text)


def path_redacted(path: str) -> str:
    """A request path as a log may show it (see ``secrets_redacted``)."""
    return secrets_redacted(path.split("?", 1)[0])


class RedactingFilter(logging.Filter):
    """A handler filter that rewrites each record's message, traceback and stack with
    ``secrets_redacted`` before the handler writes it (it never drops a record).

    On handlers rather than loggers: a logger's filters see only the records logged on
    that logger itself, a handler's see everything that reaches it.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = secrets_redacted(message)
        if redacted != message or record.args:
            record.msg, record.args = redacted, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = secrets_redacted(record.exc_text)
        if record.stack_info:
            record.stack_info = secrets_redacted(record.stack_info)
        return True


def handlers_redacted(logger: logging.Logger) -> None:
    """Give each of ``logger``'s handlers the redacting filter (once)."""
    for handler in logger.handlers:
        if not any(isinstance(one, RedactingFilter) for one in handler.filters):
            handler.addFilter(RedactingFilter())
