"""Failed logins are counted in the cache every web process shares: two gunicorn processes
refuse the sixth attempt on one account between them."""

import os
import subprocess
import sys
import time

import httpx
import pytest
import redis

from tests import processes
from tests.factories import STAFF_PASSWORD, StaffUserFactory, activate_totp
from tests.integration.conftest import ROOT
from tests.integration.conftest import test_database_url as database_url

pytestmark = [pytest.mark.integration, pytest.mark.both_databases]

# A Redis database no other test uses, emptied before and after.
CACHE_URL = "redis://127.0.0.1:6379/11"
START_SECONDS = 60
WRONG = "The email address and/or password you specified are not correct."
REFUSED = "Too many failed login attempts. Try again later."


class WebProcess:
    """One gunicorn process with one worker, on the test database, caching in Redis."""

    def __init__(self, log_path):
        self.port = processes.free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        env = os.environ | {
            "DJANGO_SETTINGS_MODULE": "portal.settings.test",
            "DATABASE_URL": database_url(),
            "CACHE_URL": CACHE_URL,
        }
        with open(self.log_path, "wb") as log:
            self.process = processes.start(
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "--bind",
                    f"127.0.0.1:{self.port}",
                    "--workers",
                    "1",
                    "--timeout",
                    "30",
                    "--graceful-timeout",
                    "5",
                    "portal.wsgi:application",
                ],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )

    def wait_until_serving(self) -> None:
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"gunicorn on port {self.port} exited:\n{self.log()}")
            try:
                if httpx.get(f"{self.url}/accounts/login/", timeout=5).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.3)
        pytest.fail(f"gunicorn on port {self.port} did not serve within {START_SECONDS} s:\n{self.log()}")

    def stop(self) -> None:
        processes.stop(self.process, timeout=15)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


@pytest.fixture
def shared_cache():
    cache = redis.Redis.from_url(CACHE_URL, socket_connect_timeout=2)
    try:
        cache.ping()
    except redis.RedisError:
        pytest.fail(f"Redis does not answer at {CACHE_URL}; this test needs it (make test starts it).")
    cache.flushdb()
    yield cache
    cache.flushdb()


@pytest.fixture
def two_web_processes(migrated_data, shared_cache, tmp_path):
    processes = [WebProcess(tmp_path / f"gunicorn-{number}.log") for number in (1, 2)]
    try:
        for process in processes:
            process.start()
        for process in processes:
            process.wait_until_serving()
        yield processes
    finally:
        for process in processes:
            process.stop()


class Browser:
    """A visitor of one process: its own cookies, and the CSRF token from the login form."""

    def __init__(self, base_url: str):
        self.http = httpx.Client(base_url=base_url, timeout=30)

    def log_in(self, email: str, password: str) -> httpx.Response:
        form = self.http.get("/accounts/login/")
        token = form.text.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
        return self.http.post(
            "/accounts/login/", data={"login": email, "password": password, "csrfmiddlewaretoken": token}
        )


def test_the_sixth_login_on_one_account_is_refused_whichever_process_counted_the_failures(
    two_web_processes, shared_cache
):
    manager = StaffUserFactory(role="Liaison manager")
    activate_totp(manager)
    first, second = (Browser(process.url) for process in two_web_processes)

    # The right password gets to the second step on either process (a success uses up nothing).
    assert Browser(two_web_processes[1].url).log_in(manager.email, STAFF_PASSWORD).headers["Location"] == (
        "/accounts/2fa/authenticate/"
    )

    for browser in (first, second, first, second, first):
        wrong = browser.log_in(manager.email, "not-the-password")
        assert wrong.status_code == 200
        assert WRONG in wrong.text

    sixth = second.log_in(manager.email, STAFF_PASSWORD)

    assert sixth.status_code == 200, sixth.text[:500]
    assert REFUSED in sixth.text
    assert "Location" not in sixth.headers
    assert any(b"allauth:rl:" in key for key in shared_cache.keys("*")), "the count is not in Redis"
    for process in two_web_processes:
        assert process.process.poll() is None, process.log()
        assert "Traceback" not in process.log(), process.log()
