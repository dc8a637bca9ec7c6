"""Sending one email in two phases, so that recording it and delivering it cannot drift apart.

``prepare`` does everything that can fail or take time: for SMTP it sends the envelope and
the whole message except the final "." that completes DATA; for the file backend it writes
a temporary file. The caller then records the message as sent in the database, and only
then calls ``finish``, which sends the "." (or renames the file). A worker killed before
the record leaves an unfinished SMTP transaction, which the server discards when the
connection drops, so a later sweep sends it once. A worker killed after the record has
microseconds left before ``finish``; that is the only window, and in it a message is lost
rather than sent twice. Other backends (tests, console) send in ``finish``.
"""

from __future__ import annotations

import contextlib
import re
import smtplib
import socket
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.core.mail import get_connection
from django.core.mail.backends import filebased, smtp
from django.core.mail.message import EmailMessage, sanitize_address

_LINE_START_DOT = re.compile(rb"(?m)^\.")
_BARE_LINE_END = re.compile(rb"\r\n|\r|\n")


class DeliveryError(Exception):
    """The mail system refused or failed to take a message."""


@dataclass
class Pending:
    finish: Callable[[], None]
    abort: Callable[[], None]


class Delivery:
    """One mail connection for a whole sweep (reused for every message)."""

    def __init__(self):
        self.backend = get_connection()

    def __enter__(self):
        if isinstance(self.backend, smtp.EmailBackend):
            self._open()
        return self

    def _open(self) -> None:
        self.backend.open()
        # The final "." goes in a packet of its own after the body: without TCP_NODELAY the
        # kernel holds it until the body is acknowledged (~40 ms on Linux) for every email.
        sock = getattr(self.backend.connection, "sock", None)
        if sock is not None:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def __exit__(self, *exc_info):
        if isinstance(self.backend, smtp.EmailBackend):
            with contextlib.suppress(Exception):  # the connection may already be gone
                self.backend.close()

    def prepare(self, message: EmailMessage) -> Pending:
        if isinstance(self.backend, smtp.EmailBackend):
            return self._prepare_smtp(message)
        if isinstance(self.backend, filebased.EmailBackend):
            return self._prepare_file(message)
        backend = self.backend
        return Pending(finish=lambda: _send_or_raise(backend, message), abort=lambda: None)

    # SMTP ---------------------------------------------------------------------------------

    def _prepare_smtp(self, message: EmailMessage) -> Pending:
        backend = self.backend
        if backend.connection is None:
            self._open()
        connection: smtplib.SMTP = backend.connection
        encoding = message.encoding or "utf-8"
        sender = sanitize_address(message.from_email, encoding)
        recipients = [sanitize_address(address, encoding) for address in message.recipients()]
        data = message.message().as_bytes(linesep="\r\n")
        data = _LINE_START_DOT.sub(b"..", _BARE_LINE_END.sub(b"\r\n", data))
        if not data.endswith(b"\r\n"):
            data += b"\r\n"
        try:
            connection.ehlo_or_helo_if_needed()
            code, reply = connection.mail(sender)
            if code != 250:
                raise DeliveryError(f"sender refused: {code} {reply!r}")
            for recipient in recipients:
                code, reply = connection.rcpt(recipient)
                if code not in (250, 251):
                    raise DeliveryError(f"recipient refused: {code} {reply!r}")
            connection.putcmd("data")
            code, reply = connection.getreply()
            if code != 354:
                raise DeliveryError(f"data refused: {code} {reply!r}")
            connection.send(data)
        except DeliveryError:
            self._reset(connection)
            raise
        except (smtplib.SMTPException, OSError) as problem:
            self._drop()
            raise DeliveryError(str(problem)) from problem

        def finish() -> None:
            try:
                connection.send(b".\r\n")
                code, reply = connection.getreply()
            except (smtplib.SMTPException, OSError) as problem:
                self._drop()
                raise DeliveryError(str(problem)) from problem
            if code != 250:
                raise DeliveryError(f"message refused: {code} {reply!r}")

        return Pending(finish=finish, abort=self._drop)

    def _reset(self, connection: smtplib.SMTP) -> None:
        try:
            connection.rset()
        except (smtplib.SMTPException, OSError):
            self._drop()

    def _drop(self) -> None:
        """Close mid-transaction: the server discards an unfinished DATA."""
        connection = self.backend.connection
        self.backend.connection = None
        if connection is not None:
            with contextlib.suppress(OSError):
                connection.close()

    # Files (the embedded default) ---------------------------------------------------------

    def _prepare_file(self, message: EmailMessage) -> Pending:
        folder = Path(self.backend.file_path)
        folder.mkdir(parents=True, exist_ok=True)
        name = f"{uuid.uuid4().hex}.eml"
        partial = folder / f".{name}.part"
        partial.write_bytes(message.message().as_bytes())
        return Pending(
            finish=lambda: partial.rename(folder / name), abort=lambda: partial.unlink(missing_ok=True)
        )


def _send_or_raise(backend, message: EmailMessage) -> None:
    try:
        sent = backend.send_messages([message])
    except Exception as problem:
        raise DeliveryError(str(problem)) from problem
    if not sent:
        raise DeliveryError("the mail backend sent nothing")
