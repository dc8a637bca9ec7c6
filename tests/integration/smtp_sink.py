"""A real SMTP server on 127.0.0.1 that keeps what it accepted: each message's Message-ID and
recipients.

aiosmtpd hands a message to the handler only once DATA is complete (the final "."); a
client that drops the connection mid-DATA leaves nothing behind, as a real server would.

In a thread of the calling process::

    with SmtpSink() as sink:
        ...  # EMAIL_URL = sink.url
        sink.received()

Or in a process of its own (so that its work does not share a GIL with what it measures):
``python -m tests.integration.smtp_sink`` prints ``port N``, runs until its standard input
closes, then prints one JSON line: ``{"received": n, "unique_message_ids": n, ...}``.
"""

from __future__ import annotations

import json
import logging
import sys
import threading
from collections import Counter
from dataclasses import dataclass
from email.parser import BytesHeaderParser
from email.policy import compat32

from aiosmtpd.controller import Controller

from tests.processes import free_port

HOST = "127.0.0.1"
logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every SMTP command at INFO


@dataclass(frozen=True)
class Received:
    message_id: str
    recipients: tuple[str, ...]
    subject: str


class _Recorder:
    """The aiosmtpd handler: called once per complete message. The first ``refuse_first``
    complete messages are answered with a temporary failure (451) and not kept."""

    def __init__(self, refuse_first: int = 0) -> None:
        self._lock = threading.Lock()
        self._messages: list[Received] = []
        self._refused: list[Received] = []
        self._refuse_first = refuse_first
        self._parser = BytesHeaderParser(policy=compat32)

    async def handle_DATA(self, server, session, envelope) -> str:
        headers = self._parser.parsebytes(envelope.content)
        received = Received(
            message_id=str(headers.get("Message-ID", "")).strip(),
            recipients=tuple(address.lower() for address in envelope.rcpt_tos),
            subject=str(headers.get("Subject", "")),
        )
        with self._lock:
            if len(self._refused) < self._refuse_first:
                self._refused.append(received)
                return "451 4.3.0 Temporary failure, try again later"
            self._messages.append(received)
        return "250 Message accepted for delivery"

    def count(self) -> int:
        with self._lock:
            return len(self._messages)

    def messages(self) -> list[Received]:
        with self._lock:
            return list(self._messages)

    def refused(self) -> list[Received]:
        with self._lock:
            return list(self._refused)


class SmtpSink:
    def __init__(self, host: str = HOST, port: int | None = None, *, refuse_first: int = 0) -> None:
        self.host = host
        self.port = port or free_port(host)
        self._recorder = _Recorder(refuse_first)
        # server_hostname: skip the FQDN look-up aiosmtpd would otherwise do per connection.
        self._controller = Controller(
            self._recorder, hostname=host, port=self.port, server_hostname="sink.localhost"
        )

    @property
    def url(self) -> str:
        return f"smtp://{self.host}:{self.port}"

    def start(self) -> SmtpSink:
        self._controller.start()
        return self

    def stop(self) -> None:
        self._controller.stop()

    def __enter__(self) -> SmtpSink:
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()

    def count(self) -> int:
        """Messages accepted so far (complete DATA only)."""
        return self._recorder.count()

    def received(self) -> list[Received]:
        return self._recorder.messages()

    def refused(self) -> list[Received]:
        """Complete messages answered with 451 (see ``refuse_first``)."""
        return self._recorder.refused()


def tally(messages: list[Received]) -> dict:
    """How many were accepted, and how many Message-IDs and recipients came more than once."""
    by_id = Counter(message.message_id for message in messages)
    by_recipient = Counter(recipient for message in messages for recipient in message.recipients)
    return {
        "received": len(messages),
        "unique_message_ids": len(by_id),
        "duplicate_message_ids": sum(n - 1 for n in by_id.values() if n > 1),
        "unique_recipients": len(by_recipient),
        "duplicate_recipients": sum(n - 1 for n in by_recipient.values() if n > 1),
    }


def main() -> int:
    with SmtpSink() as sink:
        print(f"port {sink.port}", flush=True)
        sys.stdin.read()  # until the parent closes our standard input (or exits)
        print(json.dumps(tally(sink.received())), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
