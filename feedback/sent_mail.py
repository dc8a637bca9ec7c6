"""The sent-mail reader of the invitation log, for development: with DEBUG on and the file
email backend in use, the emails written to disk can be read in the admin. Staff see the
messages addressed to them; superusers, who run the demo, see every message; a sign-in or
password link is shown only to its recipient."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import os
import re
from email.utils import getaddresses
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.filebased import EmailBackend as FileBackend
from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.module_loading import import_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

MAX_MAIL_FILES = 200
MAX_MAIL_BYTES = 5 * 1024 * 1024
_MAIL_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*\.(?:log|eml)$")
# Django's file backend appends every message of a connection to one .log file, each
# followed by a line of 79 dashes.
_LOG_SEPARATOR = re.compile(rb"^-{79}\r?\n?", re.MULTILINE)
_URL = re.compile(r"https?://[^\s<>\"']+")
# Links that act on an account (password reset, email confirmation, sign-in by code), with
# or without a language prefix: only the person they were sent to may see them.
_ACCOUNT_LINK = re.compile(
    r"https?://[^\s<>\"']*?/(?:[a-z]{2}(?:-[a-z]+)?/)?(?:accounts|admin/password_reset)/"
)


def sent_mail_folder() -> Path | None:
    """The folder the file email backend writes to, when DEBUG is on and that backend is
    the one in use; None otherwise."""
    if not settings.DEBUG:
        return None
    try:
        backend = import_string(settings.EMAIL_BACKEND)
    except ImportError:
        return None
    if not (isinstance(backend, type) and issubclass(backend, FileBackend)):
        return None
    folder = getattr(settings, "EMAIL_FILE_PATH", None)
    return Path(folder) if folder else None


def _mail_files(folder: Path) -> list[os.DirEntry]:
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return []
    files = [
        entry for entry in entries if _MAIL_NAME.match(entry.name) and entry.is_file(follow_symlinks=False)
    ]
    files.sort(key=lambda entry: (entry.stat().st_mtime, entry.name), reverse=True)
    return files


def _read_messages(file_path: Path) -> list[email.message.EmailMessage]:
    with open(file_path, "rb") as stream:
        raw = stream.read(MAX_MAIL_BYTES)
    chunks = _LOG_SEPARATOR.split(raw) if file_path.suffix == ".log" else [raw]
    return [email.message_from_bytes(chunk, policy=email.policy.default) for chunk in chunks if chunk.strip()]


def _header(message, name: str) -> str:
    try:
        return str(message.get(name, "") or "")
    except (ValueError, TypeError, LookupError):
        return ""


def _date(message) -> dt.datetime | None:
    try:
        value = message.get("Date")
        moment = getattr(value, "datetime", None)
    except (ValueError, TypeError):
        return None
    if moment is None:
        return None
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


def _plain_text(message) -> str:
    part = message.get_body(preferencelist=("plain",))
    if part is None:
        return ""
    try:
        return part.get_content()
    except (LookupError, ValueError, TypeError):
        payload = part.get_payload(decode=True) or b""
        return payload.decode("utf-8", "replace")


def mail_visible_to(message, *, user) -> bool:
    """The demo mail viewer is not a way into other people's mail: staff see the messages
    addressed to them (the follow-up notices and sign-in emails sent to them); superusers,
    who run the demo, see every message, so the invitations patients were sent can be
    followed from the admin."""
    return user.is_superuser or _addressed_to(message, user=user)


def _addressed_to(message, *, user) -> bool:
    if not user.email:
        return False
    recipients = getaddresses([_header(message, name) for name in ("To", "Cc", "Bcc")])
    return user.email.casefold() in {address.casefold() for _name, address in recipients if address}


def mail_body_shown(message, *, user) -> str:
    """The plain-text body, or a notice in its place when it holds an account link (a
    password reset or an email confirmation) and the viewer is not its recipient."""
    text = _plain_text(message)
    if _ACCOUNT_LINK.search(text) and not _addressed_to(message, user=user):
        return str(
            _("This message holds a sign-in or password link for its recipient only, so it is not shown.")
        )
    return text


def linkify(text: str, *, base_url: str) -> str:
    """``text`` escaped, with the URLs on the site (those starting with ``base_url``) as links."""
    base = base_url.rstrip("/")
    pieces, last = [], 0
    for found in _URL.finditer(text):
        url = found.group(0).rstrip(".,;:!?)]")
        start, end = found.start(), found.start() + len(url)
        pieces.append(escape(text[last:start]))
        on_site = url == base or (url.startswith(base) and url[len(base)] in "/?#")
        pieces.append(
            format_html('<a href="{}" rel="noreferrer">{}</a>', url, url) if on_site else escape(url)
        )
        last = end
    pieces.append(escape(text[last:]))
    return mark_safe("".join(pieces))  # every piece is escaped above


def sent_mail_rows(*, folder: Path, user, url_for) -> tuple[list[dict], int]:
    """The messages the user may see in the newest MAX_MAIL_FILES files, newest first, each
    with a link (``url_for(file name)``); and how many files were left out."""
    files = _mail_files(folder)
    rows = []
    for entry in files[:MAX_MAIL_FILES]:
        try:
            found = _read_messages(Path(entry.path))
        except OSError:
            continue
        url = url_for(entry.name)
        for number, message in reversed(list(enumerate(found, start=1))):
            if not mail_visible_to(message, user=user):
                continue
            rows.append(
                {
                    "url": f"{url}#message-{number}" if len(found) > 1 else url,
                    "name": entry.name,
                    "date": _date(message),
                    "to": _header(message, "To"),
                    "subject": _header(message, "Subject"),
                }
            )
    return rows, max(0, len(files) - MAX_MAIL_FILES)


def sent_mail_messages(*, folder: Path, name: str, user) -> list[dict]:
    """The messages of one file the user may see, numbered as in the file, with their bodies
    shown as text with the site's links; empty when there is no such file or nothing to see."""
    if not _MAIL_NAME.match(name) or name not in {entry.name for entry in _mail_files(folder)}:
        return []
    try:
        found = _read_messages(folder / name)
    except OSError:
        return []
    return [
        {
            "number": number,
            "date": _date(message),
            "from": _header(message, "From"),
            "to": _header(message, "To"),
            "subject": _header(message, "Subject"),
            "body": linkify(mail_body_shown(message, user=user), base_url=settings.WAGTAILADMIN_BASE_URL),
        }
        for number, message in enumerate(found, start=1)
        if mail_visible_to(message, user=user)
    ]
