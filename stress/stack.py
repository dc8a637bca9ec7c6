"""The production stack of a stress run, every part on 127.0.0.1 and in one temporary folder.

A private PostgreSQL cluster and a private Redis server (free ports, so stopping or
restarting them never disturbs anyone else's), an SMTP sink, gunicorn with 2 workers, a
Celery worker and Celery beat, all with ``portal.settings.production``. ``Stack`` is a
context manager: leaving it stops every process it started, also after a failure.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

import psycopg
import redis

from tests import processes
from tests.processes import free_port

ROOT = Path(__file__).resolve().parents[1]
PG_BIN = Path("/usr/lib/postgresql/15/bin")
HOST = "127.0.0.1"
SWEEP_SECONDS = 2
# A killed worker's claimed messages are retaken once their lease runs out.
SEND_LEASE_SECONDS = 10
# What seeds the demo data: production plus the demo app (the served processes run production).
SEED_SETTINGS = "stress.settings"


def wait_until(predicate, *, seconds: float, what: str, interval: float = 0.1) -> None:
    if not processes.wait_for(predicate, timeout=seconds, interval=interval):
        raise RuntimeError(f"stress: {what} not ready within {seconds:.0f} s")


def _as_postgres(*command: str, timeout: float = 60) -> None:
    subprocess.run(  # noqa: S603 - fixed commands on our own cluster
        ["runuser", "-u", "postgres", "--", *command],  # noqa: S607
        check=True,
        timeout=timeout,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


class PrivatePostgres:
    """A cluster of its own (trust authentication, loopback only), run as the postgres user."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder / "postgres"
        self.data = self.folder / "data"
        self.sockets = self.folder / "sockets"
        self.log = folder / "logs" / "postgres.log"
        self.port = free_port()
        self.url = f"postgres://postgres@{HOST}:{self.port}/portal"

    def create(self) -> None:
        self.sockets.mkdir(parents=True)
        shutil.chown(self.folder, "postgres", "postgres")
        shutil.chown(self.sockets, "postgres", "postgres")
        self.log.touch()
        shutil.chown(self.log, "postgres", "postgres")
        _as_postgres(
            str(PG_BIN / "initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8"
        )
        self.start(setup=True)
        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute("CREATE DATABASE portal")

    @property
    def admin_url(self) -> str:
        return f"postgres://postgres@{HOST}:{self.port}/postgres"

    def start(self, *, setup: bool = False) -> None:
        """Start the cluster; ``setup`` trades durability for speed while it is migrated and
        seeded (nothing is served then), and a restart without it restores the defaults."""
        options = f"-c listen_addresses={HOST} -p {self.port} -k {self.sockets}"
        if setup:
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        _as_postgres(
            str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "start"
        )

    def stop(self, *, mode: str = "fast") -> None:
        _as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop")

    def accepts(self) -> bool:
        try:
            with psycopg.connect(self.admin_url, connect_timeout=1):
                return True
        except psycopg.Error:
            return False

    def destroy(self) -> None:
        if (self.data / "postmaster.pid").exists():
            with contextlib.suppress(Exception):
                self.stop(mode="immediate")


class PrivateRedis:
    """A redis-server of its own: no persistence, so a restart starts empty."""

    def __init__(self, folder: Path) -> None:
        self.port = free_port()
        self.log = folder / "logs" / "redis.log"
        self.process: subprocess.Popen | None = None

    def url(self, db: int) -> str:
        return f"redis://{HOST}:{self.port}/{db}"

    def start(self) -> None:
        with self.log.open("a") as log:
            self.process = processes.start(
                [
                    "redis-server",
                    "--port",
                    str(self.port),
                    "--bind",
                    HOST,
                    "--save",
                    "",
                    "--appendonly",
                    "no",
                    "--daemonize",
                    "no",
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        wait_until(self.answers, seconds=10, what="redis")

    def answers(self) -> bool:
        try:
            return bool(redis.Redis(host=HOST, port=self.port, socket_connect_timeout=1).ping())
        except redis.RedisError:
            return False

    def stop(self) -> None:
        processes.stop(self.process, timeout=10)
        self.process = None


class Service:
    """One of our own processes (gunicorn, worker, beat), in its own process group."""

    def __init__(self, name: str, command: list[str], *, env: dict, log: Path) -> None:
        self.name, self.command, self.env, self.log = name, command, env, log
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        with self.log.open("a") as log:
            self.process = processes.start(
                self.command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT
            )

    def cpu_seconds(self) -> float:
        """CPU time (user and system) used so far by the running processes of this
        service's group: on a shared machine, work per request is steadier than latency."""
        if self.process is None:
            return 0.0
        ticks = 0
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            if int(fields[2]) == self.process.pid:  # the process group
                ticks += int(fields[11]) + int(fields[12])  # utime, stime
        return ticks / os.sysconf("SC_CLK_TCK")

    def kill(self) -> None:
        """SIGKILL, as the kernel's OOM killer or a lost machine would."""
        processes.kill(self.process)

    def stop(self) -> None:
        processes.stop(self.process, timeout=15)


def static_files_current() -> bool:
    """Whether var/staticfiles (the production settings' STATIC_ROOT) was collected after
    the last change to our static sources, the front-end build and the installed packages."""
    manifest = ROOT / "var" / "staticfiles" / "staticfiles.json"
    if not manifest.exists():
        return False
    collected = manifest.stat().st_mtime
    sources = [ROOT / ".venv" / ".installed"]
    for folder in (ROOT / "static", ROOT / "build" / "static"):
        sources += [path for path in folder.rglob("*") if path.is_file()]
    return all(path.stat().st_mtime < collected for path in sources if path.exists())


def production_env(*, database_url: str, redis: PrivateRedis, smtp_port: int) -> dict:
    """The environment of every process: production settings, our private services."""
    return os.environ | {
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": HOST,
        "DATABASE_URL": database_url,
        "CELERY_BROKER_URL": redis.url(0),
        "CACHE_URL": redis.url(1),
        "PAGE_CACHE_URL": redis.url(2),
        "EMAIL_URL": f"smtp://{HOST}:{smtp_port}",
        "BASE_URL": f"https://{HOST}",
        "SURVEY_SWEEP_SECONDS": str(SWEEP_SECONDS),
        "SURVEY_SEND_LEASE_SECONDS": str(SEND_LEASE_SECONDS),
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
        "PYTHONUNBUFFERED": "1",
    }


class Stack:
    """Everything a run needs; ``with Stack() as stack:`` starts PostgreSQL, Redis and the
    SMTP sink, ``stack.prepare()`` migrates and collects, ``stack.start_app()`` the rest."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="portal-stress-"))
        # The postgres user must reach its data folder inside ours.
        self.folder.chmod(0o711)
        (self.folder / "logs").mkdir()
        self.postgres = PrivatePostgres(self.folder)
        self.redis = PrivateRedis(self.folder)
        self.sink = None
        self.env: dict = {}
        self.web_port = free_port()
        self.base_url = f"http://{HOST}:{self.web_port}"
        self.web = self.worker = self.beat = None
        self._worker_starts = 0

    def __enter__(self) -> Stack:
        try:
            from tests.integration.smtp_sink import SmtpSink

            self.postgres.create()
            self.redis.start()
            self.sink = SmtpSink().start()
            self.env = production_env(
                database_url=self.postgres.url, redis=self.redis, smtp_port=self.sink.port
            )
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def close(self) -> None:
        for service in (self.web, self.worker, self.beat):
            if service is not None:
                with contextlib.suppress(Exception):
                    service.stop()
        with contextlib.suppress(Exception):
            self.redis.stop()
        with contextlib.suppress(Exception):
            self.postgres.destroy()
        if self.sink is not None:
            with contextlib.suppress(Exception):
                self.sink.stop()
        if os.environ.get("STRESS_KEEP_FOLDER"):
            print(f"stress: logs kept in {self.folder}")
        else:
            shutil.rmtree(self.folder, ignore_errors=True)

    def manage(self, *args: str, timeout: float = 300) -> None:
        """A manage.py command with the production settings (output kept in the log)."""
        with (self.folder / "logs" / "manage.log").open("a") as log:
            subprocess.run(  # noqa: S603
                [sys.executable, "manage.py", *args],
                cwd=ROOT,
                env=self.env,
                check=True,
                timeout=timeout,
                stdout=log,
                stderr=subprocess.STDOUT,
            )

    def dataset(self, *args: str, timeout: float = 300) -> None:
        """stress/dataset.py with these arguments, on the production settings plus the demo
        app it seeds from (stress/settings.py)."""
        with (self.folder / "logs" / "dataset.log").open("a") as log:
            subprocess.run(  # noqa: S603
                [sys.executable, str(ROOT / "stress" / "dataset.py"), *args],
                cwd=ROOT,
                env=self.env | {"DJANGO_SETTINGS_MODULE": SEED_SETTINGS},
                check=True,
                timeout=timeout,
                stdout=log,
                stderr=subprocess.STDOUT,
            )

    def prepare(self) -> None:
        """Migrate, and collect the static files unless nothing changed since they were."""
        self.manage("migrate", "--noinput", "-v0")
        if not static_files_current():
            self.manage("collectstatic", "--noinput", "-v0")

    def start_app(self) -> None:
        # From here on the database runs with its durable defaults.
        self.postgres.stop()
        self.postgres.start()
        logs = self.folder / "logs"
        self.web = Service(
            "gunicorn",
            [
                sys.executable,
                "-m",
                "gunicorn",
                "portal.wsgi",
                "--bind",
                f"{HOST}:{self.web_port}",
                "--workers",
                "2",
                "--timeout",
                "30",
                "--graceful-timeout",
                "5",
                "--forwarded-allow-ips",
                HOST,
                "--log-level",
                "warning",
            ],
            env=self.env,
            log=logs / "gunicorn.log",
        )
        self.web.start()
        self.start_worker()
        self.beat = Service(
            "beat",
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "portal",
                "beat",
                "--loglevel=WARNING",
                "--schedule",
                str(self.folder / "celerybeat-schedule"),
            ],
            env=self.env,
            log=logs / "beat.log",
        )
        self.beat.start()
        wait_until(self.web_answers, seconds=60, what="gunicorn")

    def start_worker(self) -> None:
        """The worker as the Procfile runs it (one process, one task at a time)."""
        self._worker_starts += 1
        self.worker = Service(
            "worker",
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "portal",
                "worker",
                "--pool=solo",
                "--concurrency=1",
                "--loglevel=WARNING",
                "--hostname",
                f"stress{self._worker_starts}@%h",
            ],
            env=self.env,
            log=self.folder / "logs" / "worker.log",
        )
        self.worker.start()

    def web_answers(self) -> bool:
        try:
            with urllib.request.urlopen(self.base_url + "/healthz", timeout=2) as answer:  # noqa: S310
                return answer.status == 200
        except OSError:
            return False

    def log_text(self, name: str) -> str:
        path = self.folder / "logs" / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""
