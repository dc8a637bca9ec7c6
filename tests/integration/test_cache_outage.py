"""Public pages keep working while the Redis server behind the caches is stopped or hangs,
and the caches are used again once it is back (a real redis-server of the test's own)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import threading
import time

import pytest
from django.core.cache import caches
from django.test import override_settings

from portal import cache as resilient
from portal import config
from tests.integration.conftest import wait_for
from tests.integration.smtp_sink import free_port

pytestmark = pytest.mark.integration

HTTPS = {"HTTP_X_FORWARDED_PROTO": "https", "secure": True}


class RedisServer:
    def __init__(self) -> None:
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        assert wait_for(self._answers, timeout=10), "redis-server did not start"

    def _answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as conn:
                conn.sendall(b"PING\r\n")
                return conn.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


@pytest.fixture
def redis_server():
    if shutil.which("redis-server") is None:
        pytest.fail("redis-server is not installed; these tests need it (make test installs it).")
    server = RedisServer()
    server.start()
    yield server
    server.stop()


def caches_at(port: int, monkeypatch) -> dict:
    """The CACHES the production settings build from these URLs."""
    monkeypatch.setenv("STRESS_TEST_CACHE_URL", f"redis://127.0.0.1:{port}/1")
    monkeypatch.setenv("STRESS_TEST_PAGE_CACHE_URL", f"redis://127.0.0.1:{port}/2")
    return {
        "default": config.cache("STRESS_TEST_CACHE_URL", default=""),
        "pages": config.cache("STRESS_TEST_PAGE_CACHE_URL", default=""),
    }


@pytest.fixture(autouse=True)
def _servers_reachable_again():
    resilient._down_until.clear()
    yield
    resilient._down_until.clear()


@pytest.mark.django_db
def test_public_pages_answer_while_the_cache_server_is_stopped(client, home_page, redis_server, monkeypatch):
    monkeypatch.setattr(resilient, "RETRY_SECONDS", 0.0)
    with override_settings(CACHES=caches_at(redis_server.port, monkeypatch)):
        assert client.get(home_page.url, **HTTPS).status_code == 200
        assert caches["pages"].get_many(["anything"]) == {}  # reachable: an honest miss
        assert caches["default"].add("probe", 1) is True

        redis_server.stop()
        answers = [client.get(home_page.url, **HTTPS) for _twice in range(2)]
        assert [answer.status_code for answer in answers] == [200, 200]
        assert b"Care after the hospital" in answers[-1].content
        assert caches["default"].get("probe", "fallback") == "fallback"
        assert caches["default"].add("probe", 1) is False
        with pytest.raises(ValueError):
            caches["default"].incr("probe")

        redis_server.start()
        assert client.get(home_page.url, **HTTPS).status_code == 200
        caches["default"].set("back", "yes")
        assert caches["default"].get("back") == "yes"


def test_a_hanging_cache_server_is_left_alone_between_retries(monkeypatch):
    """A server that accepts connections and never answers costs one timeout, not one per
    cache call: the calls after it miss at once, without connecting again."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    accepted: list[socket.socket] = []

    def accept_forever():
        while True:
            try:
                conn, _address = listener.accept()
            except OSError:
                return
            accepted.append(conn)  # never read from, never answered

    threading.Thread(target=accept_forever, daemon=True).start()
    monkeypatch.setattr(resilient, "RETRY_SECONDS", 3600.0)
    settings_ = caches_at(listener.getsockname()[1], monkeypatch)
    settings_["default"]["OPTIONS"]["socket_timeout"] = 0.2
    try:
        with override_settings(CACHES=settings_):
            assert caches["default"].get("key", "missed") == "missed"
            assert wait_for(lambda: len(accepted) >= 1, timeout=5)
            connections = len(accepted)
            for _call in range(20):
                assert caches["default"].get("key", "missed") == "missed"
                caches["default"].set("key", "value")
            time.sleep(0.3)  # any connection attempt would have been accepted by now
            assert len(accepted) == connections
    finally:
        listener.close()
        for conn in accepted:
            conn.close()
