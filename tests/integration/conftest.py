"""A real Celery worker in its own process, on the test database and a real broker."""

import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
import redis
from django.db import connection

from portal.celery import app as celery_app
from tests import processes

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/15")


def test_database_url() -> str:
    """The URL of the database the tests are using, for the worker process."""
    s = connection.settings_dict
    if s["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{s['NAME']}"
    auth = quote(s["USER"] or "")
    if s.get("PASSWORD"):
        auth += ":" + quote(s["PASSWORD"])
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def redis_answers() -> bool:
    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping())
    except redis.RedisError:
        return False


class Worker:
    """A worker on a queue of its own, so that no worker of another test (in another pytest
    process) takes its tasks, nor it theirs."""

    def __init__(self, broker_url: str):
        self.broker_url = broker_url
        self.queue = f"worker-{uuid.uuid4().hex[:12]}"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        env = os.environ | {
            "DJANGO_SETTINGS_MODULE": "portal.settings.test",
            "DATABASE_URL": test_database_url(),
            "CELERY_BROKER_URL": self.broker_url,
            "CELERY_TASK_ALWAYS_EAGER": "false",
        }
        self.process = processes.start(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "portal",
                "worker",
                "--pool=solo",
                "--loglevel=WARNING",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "-Q",
                self.queue,
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )

    def stop(self) -> str:
        if self.process is None:
            return ""
        processes.stop(self.process, timeout=20)
        return self.process.stderr.read().decode(errors="replace") if self.process.stderr else ""


@pytest.fixture
def publisher():
    """Send tasks to a real broker instead of running them inline."""
    was_eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False

    def send(task, worker: Worker, **kwargs):
        with celery_app.connection_for_write(worker.broker_url) as conn:
            return task.apply_async(kwargs=kwargs, connection=conn, queue=worker.queue)

    yield send
    celery_app.conf.task_always_eager = was_eager


@pytest.fixture(params=["filesystem", "redis"])
def broker_url(request, settings):
    if request.param == "redis":
        if not redis_answers():
            pytest.fail(f"Redis does not answer at {REDIS_URL}; these tests need it (make test starts it).")
        yield REDIS_URL
    else:
        folder = Path(settings.CELERY_BROKER_TRANSPORT_OPTIONS["data_folder_in"])
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        yield "filesystem://"


@pytest.fixture
def worker(broker_url, migrated_data):
    running = Worker(broker_url)
    running.start()
    yield running
    log = running.stop()
    if broker_url == REDIS_URL:
        redis.Redis.from_url(REDIS_URL).delete(running.queue)
    if "Traceback" in log:
        print(log)  # shown by pytest when the test fails
