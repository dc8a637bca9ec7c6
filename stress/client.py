"""The load: virtual users on one asyncio loop, talking HTTP to gunicorn on 127.0.0.1.

Each virtual user has a fixed role for the whole run: readers open education pages (the
home, index and article pages of the seeded site, English and Spanish), searchers search
with varied words, and survey takers answer whole surveys through invitation links, one
invitation after another. There is no think time: every user sends its next request as
soon as the last one is answered.

The production settings redirect plain HTTP to HTTPS and mark their cookies Secure with
the ``__Host-`` prefix. Every request therefore carries ``X-Forwarded-Proto: https`` (as
the TLS proxy in front of gunicorn would), POSTs carry the Origin a browser sends, and each
user keeps its own cookies (a cookie jar would not send Secure cookies over loopback HTTP).
"""

from __future__ import annotations

import asyncio
import http.cookies
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

import httpx

READER, SEARCHER, SURVEY = "page", "search", "survey"
FRIENDLY_503 = "Please try again soon"
# While a request is refused (503) or not answered, a person waits and tries again.
RETRY_PAUSE = 0.5
REQUEST_TIMEOUT = 30


@dataclass
class Sample:
    kind: str
    status: int | str  # an HTTP status, or "conn" when no answer came
    started: float
    ended: float

    @property
    def ok(self) -> bool:
        return isinstance(self.status, int) and self.status < 400

    @property
    def ms(self) -> float:
        return (self.ended - self.started) * 1000


@dataclass
class Tally:
    """What the users of one run saw."""

    samples: list[Sample] = field(default_factory=list)
    friendly_503: int = 0
    unfriendly: list[str] = field(default_factory=list)  # 500 pages and tracebacks, one line each
    journeys_started: int = 0
    taken: list[int] = field(default_factory=list)  # every invitation a user opened
    confirmed: dict[int, float] = field(default_factory=dict)  # invitation id -> when confirmed
    abandoned: dict[str, int] = field(default_factory=dict)  # why a journey stopped unconfirmed
    double_submits: int = 0
    pool_exhausted: bool = False

    def abandon(self, reason: str) -> None:
        self.abandoned[reason] = self.abandoned.get(reason, 0) + 1


@dataclass
class Plan:
    base_url: str
    pages: list[str]
    search: dict[str, list[str]]  # language -> search path and words: [path, word, word, ...]
    pool: list[dict]  # {"invitation", "token", "language"}, taken from the end
    users: int = 50
    shares: tuple[float, float, float] = (0.7, 0.1, 0.2)  # readers, searchers, survey takers
    unhappy_share: float = 0.5  # journeys whose answers call for follow-ups
    double_submit_share: float = 0.1  # journeys that send their answers twice at once
    seed: int = 7


class _FormReader(HTMLParser):
    """The fields of the page's POST form: radio groups with their values, text boxes, the
    CSRF token."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.in_form = False
        self.radios: dict[str, list[str]] = {}
        self.texts: list[str] = []
        self.hidden: dict[str, str] = {}
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form" and (attributes.get("method") or "").lower() == "post":
            self.in_form = True
        elif tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"])
        if not self.in_form:
            return
        name = attributes.get("name")
        if tag == "input" and name:
            kind = (attributes.get("type") or "text").lower()
            if kind == "radio":
                self.radios.setdefault(name, []).append(attributes.get("value") or "")
            elif kind == "hidden":
                self.hidden[name] = attributes.get("value") or ""
            elif kind in ("text", "tel"):
                self.texts.append(name)
        elif tag == "textarea" and name:
            self.texts.append(name)

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False


def read_form(html: str) -> _FormReader:
    reader = _FormReader()
    reader.feed(html)
    return reader


AGREEMENT_KEYS = {
    "preferences_considered",
    "own_responsibilities",
    "medicine_purpose",
    "follow_up_appointments",
    "who_to_call",
}


def answers_for(form: _FormReader, *, unhappy: bool, rng: random.Random) -> dict[str, str]:
    """Valid answers to the step in ``form``: pleased ones, or ones that open follow-ups
    (worst answers, low rating, detractor, a word from the list, a call-back request)."""
    data = dict(form.hidden)
    for name, values in form.radios.items():
        key = name.split("-", 1)[-1]
        if key in AGREEMENT_KEYS:
            choice = "1" if unhappy else rng.choice(["3", "4"])
        elif key == "problem_after_move":
            choice = "yes" if unhappy else "no"
        elif key == "overall_rating":
            choice = "3" if unhappy else str(rng.randint(8, 10))
        elif key == "recommend":
            choice = "2" if unhappy else str(rng.randint(9, 10))
        elif key == "call_back":
            choice = "yes" if unhappy else "no"
        else:
            choice = values[len(values) // 2]
        if choice not in values:
            choice = values[len(values) // 2]
        data[name] = choice
    for name in form.texts:
        key = name.split("-", 1)[-1]
        if key == "website":
            continue  # the honeypot stays empty
        if key == "call_back_phone":
            data[name] = "555-201-0123" if unhappy else ""
        elif key == "problem_details":
            data[name] = "The walker came late and I was in pain for two days."
        elif key == "went_well":
            data[name] = "The nurses were kind and explained the plan."
        elif key == "could_be_better":
            data[name] = "Tell us earlier when the transport will come."
    return data


class User:
    """One virtual user: its own cookies, its own role."""

    def __init__(self, *, client: httpx.AsyncClient, plan: Plan, tally: Tally, rng: random.Random) -> None:
        self.client, self.plan, self.tally, self.rng = client, plan, tally, rng
        self.cookies: dict[str, str] = {}
        host = urlsplit(plan.base_url).netloc
        self.origin = f"https://{host}"

    async def request(self, method: str, path: str, *, kind: str, data: dict | None = None):
        headers = {"X-Forwarded-Proto": "https"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        if method == "POST":
            headers["Origin"] = self.origin
            headers["Referer"] = self.origin + path
        started = time.monotonic()
        try:
            answer = await self.client.request(method, self.plan.base_url + path, headers=headers, data=data)
        except httpx.HTTPError:
            self.tally.samples.append(Sample(kind, "conn", started, time.monotonic()))
            return None
        self.tally.samples.append(Sample(kind, answer.status_code, started, time.monotonic()))
        self._keep_cookies(answer)
        self._judge(answer, path)
        return answer

    def _keep_cookies(self, answer: httpx.Response) -> None:
        for header in answer.headers.get_list("set-cookie"):
            jar = http.cookies.SimpleCookie()
            jar.load(header)
            for name, morsel in jar.items():
                expired = morsel["max-age"] == "0" or "1970" in morsel["expires"]
                if expired or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value

    def _judge(self, answer: httpx.Response, path: str) -> None:
        status = answer.status_code
        if status < 500 and "Traceback" not in answer.text:
            return
        if status == 503 and FRIENDLY_503 in answer.text and answer.headers.get("retry-after"):
            self.tally.friendly_503 += 1
            return
        self.tally.unfriendly.append(f"{status} {path.split('?')[0][:60]} {answer.text[:80]!r}")

    # Readers and searchers ------------------------------------------------------------------

    async def read(self) -> None:
        path = self.rng.choice(self.plan.pages)
        for _hop in range(3):
            answer = await self.request("GET", path, kind=READER)
            if answer is None or answer.status_code not in (301, 302):
                return
            path = _path(answer.headers["location"])

    async def search(self) -> None:
        language = "es" if self.rng.random() < 0.3 else "en"
        search_path, *words = self.plan.search[language]
        query = self.rng.choice(words)
        if self.rng.random() < 0.25:
            query = f"{query} {self.rng.choice(words)}"
        answer = await self.search_for(search_path, query)
        if answer is not None and answer.status_code in (301, 302):
            await self.request("GET", _path(answer.headers["location"]), kind=SEARCHER)

    async def search_for(self, path: str, query: str):
        return await self.request("GET", f"{path}?{httpx.QueryParams({'q': query})}", kind=SEARCHER)

    # Survey takers --------------------------------------------------------------------------

    async def _until_answered(self, method: str, path: str, *, data=None, give_up: float):
        """The request, sent again after a pause while the site answers 503 or not at all."""
        while True:
            answer = await self.request(method, path, kind=SURVEY, data=data)
            if answer is not None and answer.status_code != 503:
                return answer
            if time.monotonic() >= give_up:
                return None
            await asyncio.sleep(RETRY_PAUSE)

    async def journey(
        self, invitation: dict, *, give_up: float, hold: Callable[[], Awaitable] | None = None
    ) -> None:
        """Open the emailed link and answer every step, then send and see the thank-you page.
        With ``hold``, the answers are sent only once ``hold()`` has returned (a person who
        stopped on the check page, and sends at a chosen moment)."""
        self.cookies = {}  # a new person, a new browser
        self.tally.journeys_started += 1
        self.tally.taken.append(invitation["invitation"])
        unhappy = self.rng.random() < self.plan.unhappy_share
        double = self.rng.random() < self.plan.double_submit_share
        path = f"/s/{invitation['token']}/"
        for _step in range(25):
            answer = await self._until_answered("GET", path, give_up=give_up)
            if answer is None:
                self.tally.abandon("site did not come back in time")
                return
            if answer.status_code in (301, 302):
                path = _path(answer.headers["location"])
                continue
            if answer.status_code != 200:
                self.tally.abandon(f"GET answered {answer.status_code}")
                return
            if "/thank-you/" in path or "/gracias/" in path:  # English or Spanish address
                self.tally.confirmed[invitation["invitation"]] = time.monotonic()
                return
            form = read_form(answer.text)
            if "csrfmiddlewaretoken" not in form.hidden:
                start = next(
                    (link for link in form.links if link.endswith(("/continue/", "/continuar/"))), None
                )
                if start is None:
                    self.tally.abandon("a page without a form or a way on")
                    return
                path = start
                continue
            data = answers_for(form, unhappy=unhappy, rng=self.rng)
            check_page = path.endswith(("/step/check/", "/paso/revisar/"))
            if hold is not None and check_page:
                await hold()
            if double and check_page:
                self.tally.double_submits += 1
                sent = await asyncio.gather(
                    self._until_answered("POST", path, data=data, give_up=give_up),
                    self._until_answered("POST", path, data=data, give_up=give_up),
                )
                answer = next((one for one in sent if one is not None and one.status_code == 302), sent[0])
            else:
                answer = await self._until_answered("POST", path, data=data, give_up=give_up)
            if answer is None:
                self.tally.abandon("site did not come back in time")
                return
            if answer.status_code != 302:
                self.tally.abandon(f"POST answered {answer.status_code}")
                return
            path = _path(answer.headers["location"])
        self.tally.abandon("more steps than the survey has")


async def held_journeys(
    plan: Plan, *, tally: Tally, holds: list[Callable[[], Awaitable]], give_up: float
) -> None:
    """Beside the load, one survey taker per ``hold``: each answers every step of a survey
    straight away and sends its answers once its ``hold()`` returns (so a run can have
    surveys sent at chosen moments, such as during an outage, however slow the site is)."""
    async with httpx.AsyncClient(timeout=httpx.Timeout(REQUEST_TIMEOUT), follow_redirects=False) as client:

        async def one(number: int, hold: Callable[[], Awaitable]) -> None:
            if not plan.pool:
                tally.pool_exhausted = True
                return
            user = User(client=client, plan=plan, tally=tally, rng=random.Random(plan.seed * 1000 + number))  # noqa: S311
            await user.journey(plan.pool.pop(), give_up=give_up, hold=hold)

        await asyncio.gather(*(one(number, hold) for number, hold in enumerate(holds)))


def _path(location: str) -> str:
    parts = urlsplit(location)
    return parts.path + (f"?{parts.query}" if parts.query else "")


async def run_load(plan: Plan, *, seconds: float, grace: float = 20, tally: Tally | None = None) -> Tally:
    """``plan.users`` users for ``seconds``; survey takers finish the journey they are on
    (within ``grace`` more seconds). Returns what they saw."""
    tally = tally or Tally()
    rng = random.Random(plan.seed)  # noqa: S311 - load shape, not security
    readers = round(plan.users * plan.shares[0])
    searchers = round(plan.users * plan.shares[1])
    roles = [READER] * readers + [SEARCHER] * searchers + [SURVEY] * (plan.users - readers - searchers)
    limits = httpx.Limits(max_connections=plan.users + 10, max_keepalive_connections=plan.users + 10)
    timeout = httpx.Timeout(REQUEST_TIMEOUT)
    end = time.monotonic() + seconds
    give_up = end + grace

    async with httpx.AsyncClient(limits=limits, timeout=timeout, follow_redirects=False) as client:

        async def live(role: str, number: int) -> None:
            user = User(client=client, plan=plan, tally=tally, rng=random.Random(rng.random()))  # noqa: S311
            while time.monotonic() < end:
                if role == READER:
                    await user.read()
                elif role == SEARCHER:
                    await user.search()
                elif plan.pool:
                    await user.journey(plan.pool.pop(), give_up=give_up)
                else:
                    tally.pool_exhausted = True
                    return

        await asyncio.gather(*(live(role, number) for number, role in enumerate(roles)))
    return tally


def percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]
