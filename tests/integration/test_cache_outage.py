"""Public pages keep working while the Redis server behind the caches is stopped or hangs,
and the caches are used again once it is back (a real redis-server of the test's own)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import threading
import time

import pytest
import redis
from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from content import routing
from content.context_processors import public_caches_clear
from portal import cache as resilient
from portal import config
from tests import processes
from tests.processes import free_port, wait_for
from tests.surveys.conftest import snapshot, survey, survey_page  # noqa: F401 - fixtures

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
        processes.stop(self.process, timeout=10)


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
    copies = settings.PORTAL_CACHE_LOCAL_COPIES
    return {
        "default": config.cache("STRESS_TEST_CACHE_URL", default="", local_copy_prefixes=copies["default"]),
        "pages": config.cache("STRESS_TEST_PAGE_CACHE_URL", default="", local_copy_prefixes=copies["pages"]),
    }


@pytest.fixture(autouse=True)
def _servers_reachable_again():
    resilient._down_until.clear()
    resilient._copies.clear()
    yield
    resilient._down_until.clear()
    resilient._copies.clear()


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


# --- local copies: an outage of the cache server is not a slow outage ----------------------


def queries_reading(queries, *tables: str) -> list[str]:
    return [q["sql"] for q in queries if any(f'"{table}"' in q["sql"] for table in tables)]


@pytest.mark.django_db
def test_a_public_page_seen_before_is_served_from_memory_while_the_cache_server_is_stopped(
    client, home_page, redis_server, monkeypatch
):
    """With Redis stopped, a page this process has served is not built again from the
    database: it comes from the process's own copy, without a query."""
    monkeypatch.setattr(resilient, "RETRY_SECONDS", 0.0)  # every call tries the server again
    with override_settings(CACHES=caches_at(redis_server.port, monkeypatch)):
        for _twice in range(2):
            assert client.get(home_page.url, **HTTPS).status_code == 200

        redis_server.stop()
        with CaptureQueriesContext(connection) as queries:
            answer = client.get(home_page.url, **HTTPS)
        assert answer.status_code == 200 and b"Care after the hospital" in answer.content
        assert [q["sql"] for q in queries] == []


@pytest.mark.django_db
def test_a_survey_step_keeps_its_route_and_page_while_the_cache_server_is_stopped(
    client,
    survey_page,  # noqa: F811 - the fixture
    redis_server,
    monkeypatch,
):
    """A step reads neither the page tree nor its survey and version while Redis is away,
    as with Redis up: the kept route and page come from the process's copy."""
    step = survey_page.url + survey_page.reverse_subpage("step", kwargs={"step": "1"})
    with override_settings(CACHES=caches_at(redis_server.port, monkeypatch)):
        for _thrice in range(3):
            assert client.get(step, **HTTPS).status_code == 200

        redis_server.stop()
        with CaptureQueriesContext(connection) as queries:
            answer = client.get(step, **HTTPS)
        assert answer.status_code == 200 and "Step 1 of" in answer.content.decode()
        tables = ("wagtailcore_page", "surveys_survey", "surveys_surveyversion")
        assert queries_reading(queries, *tables) == []
        posted = client.post(step, {"1-preferences": "3", "1-problem": "no"}, **HTTPS)
        assert posted.status_code == 302 and posted.url.endswith("/step/2/")


def test_while_the_cache_server_answers_its_answer_alone_counts(redis_server, monkeypatch):
    """A copy is never read while Redis answers: what another process changed there (a
    publish empties the page cache) is seen at once, and the copy of a key Redis no longer
    has is dropped, so it cannot come back in a later outage."""
    monkeypatch.setattr(resilient, "RETRY_SECONDS", 0.0)
    with override_settings(CACHES=caches_at(redis_server.port, monkeypatch)):
        caches["pages"].set("page", "before the publish")
        caches["default"].set("content:route", "old route")
        redis.Redis(port=redis_server.port, db=2).flushdb()  # another process's publish
        redis.Redis(port=redis_server.port, db=1).flushdb()
        assert caches["pages"].get("page") is None
        assert caches["default"].get_many(["content:route"]) == {}

        redis_server.stop()
        assert caches["pages"].get("page", "missed") == "missed"
        assert caches["default"].get("content:route", "missed") == "missed"


def test_only_the_page_and_content_caches_are_copied(redis_server, monkeypatch):
    """Rate limits and a CSV import's state and lock mean something only when shared
    between processes: while Redis is away they miss, as before."""
    monkeypatch.setattr(resilient, "RETRY_SECONDS", 0.0)
    with override_settings(CACHES=caches_at(redis_server.port, monkeypatch)):
        caches["default"].set("ratelimit:survey:abc", 3)
        caches["default"].set("transition-import:1:token", b"state")
        caches["default"].set("content:nav_urls:en", {"home": "/"})
        caches["pages"].set_many({"one": 1, "two": "2"})

        redis_server.stop()
        assert caches["default"].get("ratelimit:survey:abc") is None
        assert caches["default"].get("transition-import:1:token") is None
        assert caches["default"].add("transition-import:1:token:saving", 1, 300) is False
        with pytest.raises(ValueError):
            caches["default"].incr("ratelimit:survey:abc")
        assert caches["default"].get("content:nav_urls:en") == {"home": "/"}
        assert caches["pages"].get_many(["one", "two", "three"]) == {"one": 1, "two": "2"}


def test_a_copy_is_served_for_a_bounded_time_after_it_was_last_seen(redis_server, monkeypatch):
    """A page published by another process while Redis is away (which this process cannot
    hear of) is shown at most ``LOCAL_COPY_SECONDS`` after this process last read it."""
    monkeypatch.setattr(resilient, "RETRY_SECONDS", 0.0)
    monkeypatch.setattr(resilient, "LOCAL_COPY_SECONDS", 0.5)
    with override_settings(CACHES=caches_at(redis_server.port, monkeypatch)):
        caches["pages"].set("page", "as published", 300)
        redis_server.stop()
        assert caches["pages"].get("page") == "as published"
        time.sleep(0.6)
        assert caches["pages"].get("page", "missed") == "missed"


@pytest.mark.django_db
def test_a_publish_while_the_cache_server_is_stopped_is_seen_at_once_by_its_process(
    client, home_page, redis_server, monkeypatch
):
    """The process that publishes during an outage starts a new generation and forgets its
    copies of public pages at once; with Redis back, Redis alone counts again."""
    monkeypatch.setattr(resilient, "RETRY_SECONDS", 0.0)
    with override_settings(CACHES=caches_at(redis_server.port, monkeypatch)):
        for _twice in range(2):
            client.get(home_page.url, **HTTPS)
        before = routing.generation()
        redis_server.stop()
        assert routing.generation() == before  # kept: the routes of this generation still serve

        home_page.title = "Care after the hospital, revised"
        home_page.save_revision().publish()
        public_caches_clear()  # as every publish does
        assert routing.generation() != before
        answer = client.get(home_page.url, **HTTPS)
        assert b"Care after the hospital, revised" in answer.content

        redis_server.start()
        assert caches["pages"].get_many(["anything"]) == {}
        caches["default"].set("content:back", "from redis")
        assert caches["default"].get("content:back") == "from redis"


def test_local_copies_are_bounded_in_bytes_least_recently_used_first_out():
    copies = resilient.LocalCopies(prefixes=("k",), key_head=":", seconds=30, max_bytes=100)
    copies.put(":1:ka", b"a" * 40)
    copies.put(":1:kb", b"b" * 40)
    assert copies.get(":1:ka") == b"a" * 40  # now the most recently used
    copies.put(":1:kc", b"c" * 40)
    assert copies.get(":1:kb") is resilient._ABSENT
    assert copies.get(":1:ka") == b"a" * 40 and copies.get(":1:kc") == b"c" * 40
    copies.put(":1:khuge", b"h" * 101)
    copies.put(":1:other", b"o")
    assert copies.get(":1:khuge") is copies.get(":1:other") is resilient._ABSENT
    assert len(copies) == 2


def test_local_copies_match_names_whatever_their_version():
    """Wagtail keeps its site root paths under a cache version of its own."""
    copies = resilient.LocalCopies(
        prefixes=("wagtail_site_root_paths",), key_head="site:", seconds=30, max_bytes=100
    )
    assert copies.keeps("site:2:wagtail_site_root_paths") and copies.keeps("site:1:wagtail_site_root_paths")
    assert not copies.keeps("other:2:wagtail_site_root_paths") and not copies.keeps("site:1:content:x")
