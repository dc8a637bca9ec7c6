"""Helpers for the processes the integration tests, `stress/` and `bench/` start beside
themselves: a free loopback port, waiting until something is ready, and stopping a process
together with its children.

Plain Python only (no Django, no project app): the stress and bench scripts import it before
any settings are chosen.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable

HOST = "127.0.0.1"


def free_port(host: str = HOST) -> int:
    """A TCP port nothing listens on now (the system picks it; a later bind may still race)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


def wait_for(predicate: Callable[[], object], *, timeout: float, interval: float = 0.2) -> bool:
    """Ask ``predicate`` every ``interval`` seconds until it answers true or ``timeout``
    seconds pass; whether it finally did (asked once more at the deadline)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return bool(predicate())


def http_status(url: str, *, timeout: float = 10) -> int:
    """The status of a GET to ``url``, or 0 while nothing answers there."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - our own loopback servers
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except (urllib.error.URLError, OSError):
        return 0


def start(command: list[str], **popen) -> subprocess.Popen:
    """Start ``command`` as the leader of a process group of its own, so that `stop` and
    `kill` reach the children it starts (gunicorn's and Celery's workers) too."""
    return subprocess.Popen(command, start_new_session=True, **popen)


def _signal(process: subprocess.Popen, sig: signal.Signals) -> None:
    """Send ``sig`` to the process's group when it leads one, else to the process alone."""
    with contextlib.suppress(ProcessLookupError):
        if os.getpgid(process.pid) == process.pid:
            os.killpg(process.pid, sig)
        else:
            process.send_signal(sig)


def kill(process: subprocess.Popen | None) -> None:
    """SIGKILL the process (and its group) at once, as a lost machine would, and reap it."""
    if process is None or process.poll() is not None:
        return
    _signal(process, signal.SIGKILL)
    process.wait()


def stop(process: subprocess.Popen | None, *, timeout: float = 15) -> None:
    """SIGTERM the process (and its group), then SIGKILL whatever is left after ``timeout``
    seconds, and reap it."""
    if process is None or process.poll() is not None:
        return
    _signal(process, signal.SIGTERM)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        _signal(process, signal.SIGKILL)
        process.wait()
