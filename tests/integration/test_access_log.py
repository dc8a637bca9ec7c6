"""gunicorn's access log, as deployed, never holds a link token or a search."""

import os
import subprocess
import sys
import time

import pytest

from portal.access_log import path_redacted
from tests import processes
from tests.integration.conftest import ROOT
from tests.integration.conftest import test_database_url as database_url_for_processes
from tests.processes import free_port
from tests.processes import http_status as fetch


@pytest.mark.parametrize(
    "path, logged",
    [
        ("/s/Zm9vYmFyYmF6cXV4/", "/s/[redacted]/"),
        ("/es/s/Zm9vYmFyYmF6cXV4/", "/es/s/[redacted]/"),
        ("/p/abc-DEF_123/", "/p/[redacted]/"),
        ("/stop/eJyrVkosLcnIL8pMzi9KUbJSMjQwMDY2NTE3MFSqBQCRWQlU:1x2y3z/", "/stop/[redacted]/"),
        ("/stop/packet/eJyrVkosLcnIL8pMzi9KUbJSMjQ:1x2/", "/stop/packet/[redacted]/"),
        ("/accounts/password/reset/key/4-cz1k2j-0f3e9a1b/", "/accounts/password/reset/key/[redacted]/"),
        ("/es/accounts/confirm-email/MQ:1vXyZw:Hm4cK3y/", "/es/accounts/confirm-email/[redacted]/"),
        ("/admin/password_reset/confirm/NA/cz1k2j-wAgTaIl/", "/admin/password_reset/confirm/[redacted]"),
        ("/search/?q=heart+failure", "/search/"),
        ("/conditions/heart-failure/", "/conditions/heart-failure/"),
        ("/stories/slow/", "/stories/slow/"),
    ],
)
def test_tokens_and_query_strings_are_taken_out_of_logged_paths(path, logged):
    assert path_redacted(path) == logged


def test_a_served_token_link_and_search_leave_no_trace_in_the_access_log(migrated_data, tmp_path):
    port = free_port()
    log = tmp_path / "access.log"
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "portal.settings.test",
        "DATABASE_URL": database_url_for_processes(),
    }
    server = processes.start(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "portal.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--access-logfile",
            str(log),
        ],
        cwd=ROOT,  # where gunicorn.conf.py is read from, as in production
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    token = "kV3x9QmZ0pLr7TtYwB2nHc5sFg8jDe1aUo4iXyNbRqA"
    try:
        deadline = time.monotonic() + 30
        while fetch(f"http://127.0.0.1:{port}/healthz") == 0 or not log.exists():
            if time.monotonic() > deadline or server.poll() is not None:
                processes.kill(server)
                pytest.fail("gunicorn did not start: " + server.stderr.read().decode(errors="replace"))
            time.sleep(0.2)
        assert fetch(f"http://127.0.0.1:{port}/s/{token}/") == 404
        assert fetch(f"http://127.0.0.1:{port}/p/{token}/") == 404
        fetch(f"http://127.0.0.1:{port}/search/?q=my+mothers+dementia")
    finally:
        processes.stop(server, timeout=20)
    written = log.read_text()
    assert "/s/[redacted]/" in written and "/p/[redacted]/" in written and "/search/" in written
    assert token not in written and "dementia" not in written
