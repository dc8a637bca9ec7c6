"""SQL injection scan of `make stress`: sqlmap at level 3 against the production settings.

Four targets, scanned side by side (sqlmap tests one parameter at a time, so each target's
parameters are shared among a few sqlmap processes):

- search: the search page's GET parameters (q, type, condition, page);
- infobutton: the HL7 Infobutton-style lookup's GET parameters;
- survey step: a wizard step POST, in the session an invitation link opened, with CSRF;
- transition import: the staff CSV upload (password + TOTP sign-in), with every cell of
  the uploaded CSV and its file name marked for injection in a raw request file.

Everything runs against gunicorn (2 workers) with ``portal.settings.production`` on a
PostgreSQL database of its own, created and dropped here. A target passes only if sqlmap
reports every expected parameter as not injectable and saw the real endpoint answer (a
scan that only met 403s, 429s or redirects to the sign-in page fails). See stress/SQLMAP.md.

    .venv/bin/python stress/sqlmap_scan.py
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import csv
import hashlib
import hmac
import io
import json
import os
import re
import secrets
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path

import psycopg
import redis
import requests

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from tests import processes  # noqa: E402 - importable once the repository is on the path

PYTHON = REPO / ".venv" / "bin" / "python"
GUNICORN = REPO / ".venv" / "bin" / "gunicorn"
POSTGRES = "postgres://postgres@127.0.0.1:5432"
DATABASE = "portal_sqlmap"
REDIS = "redis://127.0.0.1:6379"
REDIS_DBS = (12, 13, 14)  # broker, cache, page cache: this scan's own
STAFF_EMAIL = "manager@example.org"  # a demo account (seed_staff), Liaison manager
# The whole script must end within 4 minutes; sqlmap gets what set-up leaves of it.
BUDGET_SECONDS = int(os.environ.get("SQLMAP_BUDGET", 225))
SERVER_START_SECONDS = 30
SQLMAP_OPTIONS = [
    "--batch",
    "--level=3",
    "--risk=1",
    # The server's database is known; payloads for other engines would only add requests.
    "--dbms=PostgreSQL",
    "--time-sec=2",
    "--timeout=15",
    "--retries=1",
    "--flush-session",
    "--disable-coloring",
    "--ignore-stdin",
    # Stacked and time-based tests (see SQLMAP.md): on PostgreSQL the delay of pg_sleep()
    # shows an injection whatever the page displays, at a fraction of the requests of the
    # boolean, error and UNION tests, whose oracles production's pages mostly hide.
    "--technique=ST",
    # Every request carries the cookies given here, never ones the server sets meanwhile.
    "--drop-set-cookie",
    # A redirect after a POST is followed with a GET, as a browser does; a suspected
    # injection never widens the scan beyond level 3 and risk 1 (risk 3 may change data).
    "--answers=resend=N,extending=N",
]


class ScanError(RuntimeError):
    """Set-up that failed before sqlmap could be run: the scan cannot pass."""


@dataclass
class Run:
    """One sqlmap process: the request it sends and the parameters it must report tested.
    ``retest`` makes the run again for some of its parameters (see ``cut_short``)."""

    arguments: list[str]
    parameters: list[str]
    retest: Callable[[list[str]], Run] | None = None
    again: Run | None = None
    process: subprocess.Popen | None = None
    output_dir: Path | None = None

    def __post_init__(self):
        if self.retest is None:
            self.retest = lambda names: Run(
                [*without_parameter_choice(self.arguments), "-p", ",".join(names)], names
            )


def without_parameter_choice(arguments: list[str]) -> list[str]:
    """The arguments without their ``-p <names>``."""
    kept = []
    for argument in arguments:
        if kept and kept[-1] == "-p":
            kept.pop()
        else:
            kept.append(argument)
    return [argument for argument in kept if argument != "-p"]


@dataclass
class Target:
    """An endpoint, scanned by one or more sqlmap processes side by side (sqlmap tests one
    parameter at a time), and how to tell the endpoint really answered."""

    name: str
    path: str  # the endpoint under test
    runs: list[Run]
    reached_prefixes: tuple[str, ...] = ()  # where the endpoint's own redirects may lead
    statuses: dict = field(default_factory=dict)

    @property
    def parameters(self) -> list[str]:
        return [name for run in self.runs for name in run.parameters]


# --- sqlmap and the server ---------------------------------------------------------------


def sqlmap_ensure() -> str:
    """The sqlmap command, installed from Debian if missing (as `make bench` does for wrk)."""
    found = shutil.which("sqlmap")
    if found:
        return found
    print("sqlmap: installing the Debian package", flush=True)
    subprocess.run(  # noqa: S602 - a fixed command line, as the Makefile runs it
        "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq sqlmap >/dev/null",  # noqa: S607
        shell=True,
        check=True,
    )
    found = shutil.which("sqlmap")
    if not found:
        raise ScanError("sqlmap is not installed and could not be installed")
    return found


def server_env(port: int) -> dict:
    """The production settings, with a generated secret key and this scan's own stores."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL", "CACHE_URL", "PAGE_CACHE_URL", "CELERY_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        SECRET_KEY=secrets.token_urlsafe(60),
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=f"{POSTGRES}/{DATABASE}",
        CELERY_BROKER_URL=f"{REDIS}/{REDIS_DBS[0]}",
        CACHE_URL=f"{REDIS}/{REDIS_DBS[1]}",
        PAGE_CACHE_URL=f"{REDIS}/{REDIS_DBS[2]}",
        EMAIL_URL="consolemail://",
        BASE_URL=f"https://127.0.0.1:{port}",
        LOG_LEVEL="WARNING",
        PYTHONPATH=str(REPO),
    )
    return env


def database_reset(*, create: bool) -> None:
    """Drop this scan's database (and create it again when ``create``)."""
    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True, connect_timeout=5) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        if create:
            connection.execute(f'CREATE DATABASE "{DATABASE}"')


def redis_flush() -> None:
    for db in REDIS_DBS:
        client = redis.Redis.from_url(f"{REDIS}/{db}", socket_timeout=5)
        client.flushdb()
        client.close()


def server_start(*, port: int, env: dict, log: Path) -> subprocess.Popen:
    command = [
        str(GUNICORN),
        "portal.wsgi",
        f"--bind=127.0.0.1:{port}",
        "--workers=2",
        "--timeout=30",
        "--forwarded-allow-ips=127.0.0.1",
        f"--error-logfile={log}",
    ]
    process = processes.start(command, cwd=REPO, env=env)
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ScanError(f"gunicorn exited with {process.returncode}; see {log}")
        with contextlib.suppress(OSError):
            if http("GET", port, "/healthz").status == 200:
                return process
        time.sleep(0.3)
    processes.stop(process, timeout=10)
    raise ScanError(f"gunicorn did not answer /healthz within {SERVER_START_SECONDS} s")


# --- a small HTTPS-behind-a-proxy client ---------------------------------------------------


@dataclass
class Answer:
    status: int
    headers: dict
    text: str

    @property
    def location(self) -> str:
        return self.headers.get("location", "")


def proxy_headers(port: int) -> dict:
    """What the TLS proxy in front of production adds: the scheme, and the browser's Origin
    (Django checks it against the host for every unsafe request over HTTPS)."""
    return {"X-Forwarded-Proto": "https", "Origin": f"https://127.0.0.1:{port}"}


def http(method: str, port: int, path: str, *, cookies: dict | None = None, **kwargs) -> Answer:
    """One request, redirects not followed. The site's cookies are Secure, so they are kept
    by hand: a cookie jar would not send them to a plain-HTTP address."""
    headers = proxy_headers(port) | kwargs.pop("headers", {})
    if cookies:
        headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in cookies.items())
    response = requests.request(
        method,
        f"http://127.0.0.1:{port}{path}",
        headers=headers,
        allow_redirects=False,
        timeout=30,
        **kwargs,
    )
    if cookies is not None:
        for line in response.raw.headers.getlist("Set-Cookie"):
            for name, morsel in SimpleCookie(line).items():
                if morsel.value and morsel["max-age"] != "0":
                    cookies[name] = morsel.value
                else:  # deleted (a message shown, for example)
                    cookies.pop(name, None)
    return Answer(response.status_code, {k.lower(): v for k, v in response.headers.items()}, response.text)


def expect(answer: Answer, status: int, what: str) -> Answer:
    if answer.status != status:
        raise ScanError(f"{what} answered {answer.status}, not {status} ({answer.location or 'no redirect'})")
    return answer


def csrf_token(html: str) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    if not found:
        raise ScanError("no CSRF token in the form")
    return found.group(1)


def totp_code(secret: str, *, at: float) -> str:
    """RFC 6238 with the authenticator app's settings (SHA-1, 30 s, 6 digits)."""
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    digest = hmac.new(key, struct.pack(">Q", int(at // 30)), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return f"{(int.from_bytes(digest[offset : offset + 4], 'big') & 0x7FFFFFFF) % 1_000_000:06d}"


def cookie_header(cookies: dict) -> str:
    return "; ".join(f"{name}={value}" for name, value in cookies.items())


# --- fixtures (a child process on the production settings plus the demo, stress/settings.py) --


def prepare() -> dict:
    """Migrate, collect static files, seed the demo library and survey, and make what the
    targets need: a manager with an authenticator app and an invitation with a known token."""
    import django

    django.setup()
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import transaction

    from bench.survey import ANSWERS
    from content.models import ConditionCode
    from content.models.snippets import ICD10CM
    from content.services import home_page_ensure
    from demo.library_seed import library_seed
    from demo.management.commands.seed_demo import demo_liaisons, seed_staff
    from demo.responses import care_move_pages
    from demo.surveys_seed import surveys_seed
    from surveys.services import invitation_create

    call_command("migrate", interactive=False, verbosity=0)
    statics_collect()
    with transaction.atomic():
        home = home_page_ensure(title="Care after the hospital", intro="Information for you and your family.")
        seed_staff(os.environ["SQLMAP_STAFF_PASSWORD"])
        manager = get_user_model().objects.get(username=STAFF_EMAIL)
        library_seed(home=home, owner=manager)
        surveys_seed(home=home, user=manager, liaisons=demo_liaisons())
        totp_secret = generate_totp_secret()
        TOTP.activate(manager, totp_secret)
    page = care_move_pages()["en"]
    _invitation, token = invitation_create(page=page, language="en")
    heart = ConditionCode.objects.select_related("condition").get(
        system=ICD10CM, code="I50.9", condition__locale__language_code="en"
    )
    return {
        "totp_secret": totp_secret,
        "invitation_token": token,
        "condition_id": heart.condition_id,
        "step_urls": {
            step: page.url + page.reverse_subpage("step", kwargs={"step": step}) for step in ANSWERS
        },
        "answers": ANSWERS,
    }


def statics_collect() -> None:
    """collectstatic as production does, unless nothing changed since the last time (it
    takes half a minute on this machine)."""
    from django.conf import settings
    from django.core.management import call_command

    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    sources = [
        path for folder in settings.STATICFILES_DIRS for path in Path(folder).rglob("*") if path.is_file()
    ]
    if manifest.exists() and all(path.stat().st_mtime < manifest.stat().st_mtime for path in sources):
        return
    call_command("collectstatic", interactive=False, verbosity=0)


def fixtures_make(env: dict, *, password: str) -> dict:
    result = subprocess.run(  # noqa: S603
        [str(PYTHON), str(Path(__file__).resolve()), "--prepare"],
        cwd=REPO,
        # The demo it seeds is not installed in production: the server runs without it.
        env=env | {"DJANGO_SETTINGS_MODULE": "stress.settings", "SQLMAP_STAFF_PASSWORD": password},
        capture_output=True,
        text=True,
        timeout=150,
    )
    if result.returncode != 0:
        raise ScanError(f"preparing the database failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


# --- the targets -------------------------------------------------------------------------

HEADERS = ["User-Agent", "Referer"]  # the headers level 3 tests


def tested_cookies(cookies: dict) -> list[str]:
    """The cookies sqlmap tests: it leaves anti-CSRF ones alone, as they hold no query value."""
    return [name for name in cookies if not any(part in name.lower() for part in ("csrf", "xsrf", "token"))]


def search_target(port: int, fixtures: dict) -> Target:
    """The search page, filtered so a real query finds pages."""
    query = urllib.parse.urlencode(
        {"q": "heart", "type": "condition", "condition": fixtures["condition_id"], "page": "1"}
    )
    page = expect(http("GET", port, f"/search/?{query}"), 200, "the search page")
    if "<mark>" not in page.text:
        raise ScanError("the search page found nothing for 'heart'")
    url = f"http://127.0.0.1:{port}/search/?{query}"
    return Target(
        name="search",
        path="/search/",
        runs=[Run(["-u", url], ["q", "type", "condition", "page", *HEADERS])],
    )


def infobutton_target(port: int) -> Target:
    parameters = {
        "mainSearchCriteria.v.c": "I50.9",
        "mainSearchCriteria.v.cs": "2.16.840.1.113883.6.90",
        "informationRecipient.languageCode.c": "en",
        "knowledgeResponseType": "application/json",
    }
    query = urllib.parse.urlencode(parameters)
    found = expect(http("GET", port, f"/api/education/?{query}"), 200, "the infobutton lookup")
    if not json.loads(found.text)["feed"]["entry"]:
        raise ScanError("the infobutton lookup found no page for I50.9")
    url = f"http://127.0.0.1:{port}/api/education/?{query}"
    return Target(name="infobutton", path="/api/education/", runs=[Run(["-u", url], [*parameters, *HEADERS])])


def survey_target(port: int, fixtures: dict) -> Target:
    """Step 3 of the care-move survey (the step with free text), after the invitation link
    was opened and steps 1 and 2 answered, as a patient would."""
    cookies: dict = {}
    opened = expect(
        http("GET", port, f"/s/{fixtures['invitation_token']}/", cookies=cookies), 302, "the link"
    )
    if "/s/" in opened.location:
        raise ScanError("the invitation link did not lead to the survey")
    steps, answers = fixtures["step_urls"], fixtures["answers"]
    token = csrf_token(expect(http("GET", port, steps["1"], cookies=cookies), 200, "survey step 1").text)
    for step in ("1", "2"):
        data = {"csrfmiddlewaretoken": token} | {f"{step}-{k}": v for k, v in answers[step].items()}
        moved = expect(http("POST", port, steps[step], cookies=cookies, data=data), 302, f"step {step}")
        if moved.location != steps[str(int(step) + 1)]:
            raise ScanError(f"step {step} led to {moved.location}")
    form = expect(http("GET", port, steps["3"], cookies=cookies), 200, "survey step 3").text
    fields = {f"3-{key}": value for key, value in answers["3"].items()}
    if 'name="3-website"' in form:  # the honeypot a browser sends empty on public pages
        fields["3-website"] = ""
    missing = [name for name in fields if f'name="{name}"' not in form]
    if missing:
        raise ScanError(f"survey step 3 has no field {missing[0]}")
    data = {"csrfmiddlewaretoken": csrf_token(form)} | fields
    request = [
        "-u",
        f"http://127.0.0.1:{port}{steps['3']}",
        f"--data={urllib.parse.urlencode(data)}",
        f"--cookie={cookie_header(cookies)}",
        # The POST validates and saves the answers; the next step's page it redirects to
        # only reads them back, so following it would double the requests for nothing.
        "--ignore-redirects",
    ]
    # Django's CSRF token belongs to the session, not to one request: the one read from the
    # form stays valid for the whole scan, so it is sent as it is (sqlmap skips it).
    names = list(fields)
    groups = [names[: len(names) // 2], names[len(names) // 2 :], [*tested_cookies(cookies), *HEADERS]]
    return Target(
        name="survey step",
        path=steps["3"],
        runs=[Run([*request, "-p", ",".join(group)], group) for group in groups],
        reached_prefixes=(steps["4"],),
    )


def staff_sign_in(port: int, *, password: str, totp_secret: str) -> dict:
    """Password, then the authenticator code, through the staff sign-in pages: the cookies
    of a signed-in manager."""
    cookies: dict = {}
    login = expect(http("GET", port, "/accounts/login/", cookies=cookies), 200, "the sign-in page")
    data = {"csrfmiddlewaretoken": csrf_token(login.text), "login": STAFF_EMAIL, "password": password}
    second = expect(http("POST", port, "/accounts/login/", cookies=cookies, data=data), 302, "the password")
    form = expect(http("GET", port, second.location, cookies=cookies), 200, "the code page")
    if time.time() % 30 > 27:  # let the code not expire on its way
        time.sleep(30 - time.time() % 30)
    data = {"csrfmiddlewaretoken": csrf_token(form.text), "code": totp_code(totp_secret, at=time.time())}
    expect(http("POST", port, second.location, cookies=cookies, data=data), 302, "the authenticator code")
    expect(http("GET", port, "/admin/", cookies=cookies), 200, "the admin home after sign-in")
    return cookies


IMPORT_CELLS_PER_RUN = 5
BOUNDARY = "----portalSqlmapBoundary7MA4YWxkTrZu0gW"


def import_target(port: int, *, cookies: dict, work: Path) -> Target:
    """The CSV upload as raw multipart requests whose CSV cells (and, in one of them, the
    file name) carry sqlmap's marker. The CSV is the site's own template, whose example row
    imports cleanly; sqlmap follows the redirect to the preview, where every cell is checked
    against the database."""
    path = "/admin/transitions-import/"
    template = expect(http("GET", port, f"{path}template.csv", cookies=cookies), 200, "the CSV template")
    header, example = list(csv.reader(io.StringIO(template.text.lstrip("\ufeff"))))[:2]
    token = csrf_token(expect(http("GET", port, path, cookies=cookies), 200, "the import page").text)

    def request(*, marked=range(0), file_name: str = "discharges.csv") -> str:
        out = io.StringIO()
        cells = [cell + "*" if n in marked else cell for n, cell in enumerate(example)]
        csv.writer(out, lineterminator="\r\n").writerows([header, cells])
        return (
            f"POST {path} HTTP/1.1\r\n"
            f"Host: 127.0.0.1:{port}\r\n"
            f"Cookie: {cookie_header(cookies)}\r\n"
            f"Content-Type: multipart/form-data; boundary={BOUNDARY}\r\n"
            "\r\n" + multipart(token, file_name=file_name, content=out.getvalue())
        )

    # The same upload without markers must reach a preview of one good row.
    plain = request().split("\r\n\r\n", 1)[1]
    uploaded = http(
        "POST",
        port,
        path,
        cookies=dict(cookies),
        data=plain.encode(),
        headers={"Content-Type": f"multipart/form-data; boundary={BOUNDARY}"},
    )
    expect(uploaded, 302, "the CSV upload")
    if not uploaded.location.startswith(path):
        raise ScanError(f"the CSV upload led to {uploaded.location}")
    preview = expect(http("GET", port, uploaded.location, cookies=dict(cookies)), 200, "the import preview")
    if "discharges.csv" not in preview.text:
        raise ScanError("the import preview does not show the uploaded file")

    # With markers, sqlmap tests only them: the cells in groups (the last with the file
    # name), then one request without markers, in which sqlmap tests the form's fields
    # (the file as a whole; the CSRF token it leaves alone), the cookies and the headers.
    def marker_run(points: list, name: str) -> Run:
        """A run for these markers: cell numbers, and None for the file name (which comes
        first in the body, so sqlmap numbers it #1)."""
        request_file = work / f"import-{name}.txt"
        file_name = "discharges*.csv" if None in points else "discharges.csv"
        cells = [point for point in points if point is not None]
        request_file.write_text(request(marked=cells, file_name=file_name), encoding="utf-8")
        ordered = sorted(points, key=lambda point: -1 if point is None else point)
        names = [f"MULTIPART #{n}*" for n in range(1, len(ordered) + 1)]

        def retest(again: list[str]) -> Run:
            return marker_run([ordered[names.index(label)] for label in again], f"{name}-again")

        return Run(["-r", str(request_file)], names, retest=retest)

    runs = []
    for start in range(0, len(example), IMPORT_CELLS_PER_RUN):
        points = list(range(start, min(start + IMPORT_CELLS_PER_RUN, len(example))))
        if points[-1] == len(example) - 1:
            points.append(None)
        runs.append(marker_run(points, f"cells-{start + 1}"))
    request_file = work / "import-fields.txt"
    request_file.write_text(request(), encoding="utf-8")
    runs.append(Run(["-r", str(request_file)], ["MULTIPART file", *tested_cookies(cookies), *HEADERS]))
    return Target(name="transition import", path=path, runs=runs, reached_prefixes=(path,))


def multipart(token: str, *, file_name: str, content: str) -> str:
    return (
        f"--{BOUNDARY}\r\n"
        'Content-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n'
        f"{token}\r\n"
        f"--{BOUNDARY}\r\n"
        f'Content-Disposition: form-data; name="file"; filename="{file_name}"\r\n'
        "Content-Type: text/csv\r\n\r\n"
        f"{content}\r\n"
        f"--{BOUNDARY}--\r\n"
    )


# --- running sqlmap and reading what it found ---------------------------------------------


def sqlmap_start(run: Run, *, sqlmap: str, port: int, output_dir: Path) -> None:
    run.output_dir = output_dir
    output_dir.mkdir()
    headers = "\n".join(f"{name}: {value}" for name, value in proxy_headers(port).items())
    command = [
        sqlmap,
        *run.arguments,
        *SQLMAP_OPTIONS,
        f"--headers={headers}",
        f"--output-dir={output_dir}",
        "-t",
        str(output_dir / "traffic.txt"),
    ]
    run.process = processes.start(
        command,
        cwd=output_dir,
        stdin=subprocess.DEVNULL,
        stdout=(output_dir / "stdout.txt").open("w"),
        stderr=subprocess.STDOUT,
        env=os.environ | {"TERM": "dumb"},
    )


_EXCHANGE = re.compile(
    r"HTTP request \[#(?P<n>\d+)\]:\r?\n(?P<method>[A-Z]+) (?P<url>\S+) HTTP/[\d.]+.*?"
    r"HTTP (?P<kind>response|redirect) \[#(?P=n)\] \((?P<status>\d{3})[^)]*\):\r?\n"
    r"(?P<headers>.*?)\r?\n\r?\n",
    re.DOTALL,
)


def statuses(target: Target) -> dict:
    """How the endpoint answered sqlmap, from sqlmap's own traffic logs: 'reached' counts its
    200s and its redirects to where it leads on success; 'blocked' its 401/403/429s and
    redirects to the sign-in page."""
    counts = {"requests": 0, "reached": 0, "blocked": 0, "server_errors": 0}
    for run in [*target.runs, *(run.again for run in target.runs if run.again)]:
        traffic = run.output_dir / "traffic.txt"
        if not traffic.exists():
            continue
        first_answer: dict[str, tuple[int, str]] = {}
        for exchange in _EXCHANGE.finditer(traffic.read_text(encoding="utf-8", errors="replace")):
            if urllib.parse.urlsplit(exchange["url"]).path == target.path:
                # A followed redirect is logged twice under one number, the redirect first.
                first_answer.setdefault(exchange["n"], (int(exchange["status"]), exchange["headers"]))
        for status, headers in first_answer.values():
            location = re.search(r"(?im)^location: *(\S+)", headers)
            where = urllib.parse.urlsplit(location.group(1)).path if location else ""
            counts["requests"] += 1
            counts[status] = counts.get(status, 0) + 1
            if status == 200 or (
                300 <= status < 400 and target.reached_prefixes and where.startswith(target.reached_prefixes)
            ):
                counts["reached"] += 1
            elif status in (401, 403, 429) or "/accounts/login/" in where:
                counts["blocked"] += 1
            counts["server_errors"] += status >= 500
    return counts


_NOT_INJECTABLE = re.compile(r"parameter '(?P<name>[^']+)' does not seem to be injectable")
_INJECTABLE = re.compile(
    r"parameter '(?P<name>[^']+)' is vulnerable|identified the following injection point"
)


def sqlmap_output(run: Run) -> str:
    return (run.output_dir / "stdout.txt").read_text(encoding="utf-8", errors="replace")


def cut_short(run: Run) -> list[str]:
    """Parameters whose tests sqlmap ended early: a delay that did not come back when it
    checked (a busy machine, not an injection) makes it drop a parameter's remaining
    tests, so these are tested again once the first round is over."""
    names, pending = [], False
    for line in sqlmap_output(run).splitlines():
        if "false positive or unexploitable injection point detected" in line:
            pending = True
        elif pending and (match := _NOT_INJECTABLE.search(line)):
            names.append(match["name"])
            pending = False
    return [name for name in run.parameters if name in names]


def examine(run: Run) -> tuple[list[str], list[str], list[str]]:
    """One run's injection points, parameters it did not test in full, and problems."""
    stdout = sqlmap_output(run)
    session_logs = [path for path in run.output_dir.glob("*/log") if path.stat().st_size > 0]
    if _INJECTABLE.search(stdout) or session_logs:
        return re.findall(r"Parameter: (.+)", stdout) or [f"see {run.output_dir}"], [], []
    problems = []
    if "all tested parameters do not appear to be injectable" not in stdout:
        critical = re.findall(r"\[CRITICAL\] (.+)", stdout)
        problems.append("sqlmap did not finish" + (f" ({critical[-1]})" if critical else ""))
    tested = {match["name"] for match in _NOT_INJECTABLE.finditer(stdout)} - set(cut_short(run))
    return [], [name for name in run.parameters if name not in tested], problems


def verdict(target: Target) -> tuple[str, list[str]]:
    """'clean', 'injectable', 'untested' or 'error', and why: from sqlmap's output, session
    logs and traffic, not its exit code (sqlmap exits 0 whether or not it found anything)."""
    target.statuses = statuses(target)
    found, problems = [], []
    for run in target.runs:
        run_found, untested, run_problems = examine(run)
        if run.again is not None:
            again_found, again_untested, again_problems = examine(run.again)
            retested = set(cut_short(run))
            untested = [name for name in untested if name not in retested] + again_untested
            run_found += again_found
            run_problems += again_problems
        found += run_found
        problems += run_problems
        if untested and not run_found:
            problems.append("not tested: " + ", ".join(untested))
    if found:
        return "injectable", found
    if target.statuses["reached"] == 0:
        problems.append("the endpoint never answered 200")
    elif target.statuses["blocked"] > target.statuses["reached"]:
        problems.append("most requests were refused or sent to the sign-in page")
    if target.statuses.get(429):
        problems.append(f"{target.statuses[429]} answers were rate limited (429)")
    if problems:
        return "untested", problems
    if target.statuses["server_errors"]:
        # Not an injection sqlmap could prove, but input that breaks a page: a defect.
        return "error", [f"{target.statuses['server_errors']} server errors (see gunicorn.log)"]
    return "clean", []


def report_line(target: Target, outcome: str, notes: list[str]) -> str:
    counts = target.statuses
    codes = ", ".join(
        f"{code}: {n}" for code, n in sorted(item for item in counts.items() if isinstance(item[0], int))
    )
    line = (
        f"sqlmap: {target.name:<17} {outcome:<9} parameters={len(target.parameters)} "
        f"requests={counts['requests']} reached={counts['reached']} blocked={counts['blocked']} "
        f"server_errors={counts['server_errors']} ({codes})"
    )
    return line + ("" if not notes else " - " + "; ".join(notes))


# --- the run -------------------------------------------------------------------------------


def runs_wait(runs: list[Run], *, deadline: float) -> None:
    for run in runs:
        try:
            run.process.wait(timeout=max(1.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            processes.stop(run.process, timeout=10)


def scan(*, keep: bool) -> int:
    started = time.monotonic()
    sqlmap = sqlmap_ensure()
    port = processes.free_port()
    env = server_env(port)
    password = secrets.token_urlsafe(18)
    work = Path(tempfile.mkdtemp(prefix="portal-sqlmap-"))
    server = None
    targets: list[Target] = []
    runs: list[Run] = []
    failed = True
    try:
        database_reset(create=True)
        redis_flush()
        fixtures = fixtures_make(env, password=password)
        server = server_start(port=port, env=env, log=work / "gunicorn.log")

        def start(target: Target) -> None:
            targets.append(target)
            for number, run in enumerate(target.runs, start=1):
                folder = work / f"{target.name.replace(' ', '-')}-{number}"
                sqlmap_start(run, sqlmap=sqlmap, port=port, output_dir=folder)
                runs.append(run)

        # Each target starts as soon as its request is known: the public ones right away.
        start(search_target(port, fixtures))
        start(infobutton_target(port))
        start(survey_target(port, fixtures))
        cookies = staff_sign_in(port, password=password, totp_secret=fixtures["totp_secret"])
        start(import_target(port, cookies=cookies, work=work))
        print(f"sqlmap: server and fixtures ready in {time.monotonic() - started:.0f} s", flush=True)
        deadline = started + BUDGET_SECONDS
        runs_wait(runs, deadline=deadline)
        again = []
        for run in runs:
            if names := cut_short(run):
                run.again = run.retest(names)
                sqlmap_start(
                    run.again,
                    sqlmap=sqlmap,
                    port=port,
                    output_dir=run.output_dir.with_name(f"{run.output_dir.name}-again"),
                )
                again.append(run.again)
        if again:
            print(f"sqlmap: {len(again)} runs again for parameters cut short by a spurious delay", flush=True)
            runs += again
            runs_wait(again, deadline=deadline)
        outcomes = []
        for target in targets:
            outcome, notes = verdict(target)
            outcomes.append(outcome)
            print(report_line(target, outcome, notes), flush=True)
        print(
            f"sqlmap: targets={len(targets)} injectable={outcomes.count('injectable')} "
            f"untested={outcomes.count('untested')} server_errors={outcomes.count('error')} "
            f"({time.monotonic() - started:.0f} s)",
            flush=True,
        )
        failed = any(outcome != "clean" for outcome in outcomes)
        return 1 if failed else 0
    except ScanError as problem:
        print(f"sqlmap: could not scan: {problem}", flush=True)
        print("sqlmap: targets=4 injectable=0 untested=4 server_errors=0", flush=True)
        return 1
    finally:
        for run in runs:
            processes.stop(run.process, timeout=10)
        processes.stop(server, timeout=10)
        with contextlib.suppress(Exception):
            redis_flush()
        with contextlib.suppress(Exception):
            database_reset(create=False)
        if failed or keep:
            print(f"sqlmap: logs kept in {work}", flush=True)
        else:
            shutil.rmtree(work, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep-logs", action="store_true", help="keep sqlmap's logs even when clean")
    parser.add_argument("--prepare", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.prepare:
        print(json.dumps(prepare()))
        return 0
    # Stopped from outside (Ctrl-C, make's timeout): still stop the server and drop the database.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    return scan(keep=options.keep_logs)


if __name__ == "__main__":
    sys.exit(main())
