"""The survey wizard against its peer: Wagtail's own FormPage with the same fields.

The peer is a ``wagtail.contrib.forms`` form page (bench.models.PeerFormPage, installed only
by the bench settings) with the three questions of the care-move survey's first step: the
same labels, help texts and five choices each. Its POST validates, stores a
FormSubmission and renders the landing page: what Wagtail itself does per form step.

Each wizard request is measured alternating with that peer POST, so both see the same
noise; the target is a ratio of at most 1.0 (no slower than the peer). A person answers
through an invitation link (exchanged for a session, as in real use), so every sample
reads and writes the server-side draft:

- step GET: each of the four steps and the check-your-answers page, drawn again;
- step POST: each step's answers posted again (validated, saved to the draft, redirected);
- final submit: the check page's POST that stores the response and its answers and marks
  its day for the dashboard's daily figures; every sample needs a fresh invitation
  answered up to the check page first (not timed).

Query counts are of one more request after the samples.
"""

from __future__ import annotations

import statistics
import time

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

PEER_SLUG = "bench-peer-form"
ANSWERS = {
    "1": {"preferences_considered": "3", "own_responsibilities": "4", "medicine_purpose": "na"},
    "2": {"follow_up_appointments": "3", "who_to_call": "2", "problem_after_move": "yes"},
    "3": {
        "problem_details": "The walker did not arrive until the third day.",
        "overall_rating": "7",
        "recommend": "8",
        "went_well": "The nurses explained my new medicines.",
        "could_be_better": "Tell us earlier when the transport will come.",
    },
    "4": {"call_back": "no"},
}
STEPS = ["1", "2", "3", "4"]


def survey_page():
    from demo.responses import care_move_pages

    return care_move_pages()["en"]


def first_step_path() -> str:
    """The first step of the care-move survey, as a new visitor opens it."""
    return _step_url(survey_page(), "1")


def peer_page_ensure():
    """The peer FormPage under the home page, with the fields of the survey's first step."""
    from django.utils.text import slugify

    from bench.models import PeerFormField, PeerFormPage
    from content.models import HomePage

    page = PeerFormPage.objects.filter(slug=PEER_SLUG).first()
    if page is not None:
        return page
    version = survey_page().survey.current_version
    first_step = version.definition["steps"][0]
    home = HomePage.objects.filter(locale__language_code="en").first()
    page = home.add_child(instance=PeerFormPage(title="How the move went", slug=PEER_SLUG))
    for position, question in enumerate(first_step["questions"]):
        PeerFormField.objects.create(
            page=page,
            sort_order=position,
            clean_name=slugify(question["key"]).replace("-", "_"),
            label=question["text"][:255],
            help_text=question.get("help_text", ""),
            field_type="radio",
            required=True,
            choices="\n".join(option["label"] for option in question["options"]),
        )
    page.save_revision().publish()
    return PeerFormPage.objects.get(pk=page.pk)


def _peer_data(page) -> dict:
    fields = page.form_fields.all()
    return {field.clean_name: field.choices.splitlines()[2] for field in fields}


def _step_url(page, step: str) -> str:
    return page.url + page.reverse_subpage("step", kwargs={"step": step})


def _posted(step: str) -> dict:
    return {f"{step}-{key}": value for key, value in ANSWERS[step].items()}


def _invited_client(page) -> Client:
    """A browser that opened a fresh invitation link (a session with the invitation)."""
    from surveys.services import invitation_create

    _invitation, token = invitation_create(page=page, language="en")
    client = Client()
    opened = client.get(f"/s/{token}/")
    if opened.status_code != 302:
        raise SystemExit(f"bench: the invitation link answered {opened.status_code}")
    return client


def _answered_to_check(page) -> Client:
    client = _invited_client(page)
    for step in STEPS:
        _expect(client.post(_step_url(page, step), _posted(step)), 302, step)
    return client


def _expect(response, status: int, what: str):
    if response.status_code != status:
        raise SystemExit(f"bench: survey {what} answered {response.status_code}, not {status}")
    return response


def _timed(call) -> float:
    started = time.perf_counter()
    call()
    return (time.perf_counter() - started) * 1000


def _percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure(*, samples: int, warmup: int, submit_samples: int, result_class) -> list:
    """One row per wizard request, each against the peer POST measured beside it."""
    page = survey_page()
    peer = peer_page_ensure()
    peer_client, peer_data = Client(), _peer_data(peer)

    def peer_post():
        _expect(peer_client.post(peer.url, peer_data), 200, "peer form POST")

    client = _answered_to_check(page)
    scenarios = []
    for step in [*STEPS, "check"]:
        url = _step_url(page, step)
        scenarios.append(
            (
                f"survey step {step} GET" if step != "check" else "survey check-answers GET",
                client,
                "get",
                url,
                {},
            )
        )
    for step in STEPS:
        scenarios.append((f"survey step {step} POST", client, "post", _step_url(page, step), _posted(step)))

    rows = []
    for name, who, method, url, data in scenarios:
        status = 200 if method == "get" else 302

        def request(who=who, method=method, url=url, data=data, status=status, name=name):
            _expect(getattr(who, method)(url, data), status, name)

        rows.append(_row(name, request, peer_post, samples=samples, warmup=warmup, result_class=result_class))

    # The final submit: a fresh invitation answered to the check page for every sample.
    check = _step_url(page, "check")
    floor_ms, submit_ms = [], []
    for n in range(warmup + submit_samples + 1):
        ready = _answered_to_check(page)
        if n == warmup + submit_samples:
            with CaptureQueriesContext(connection) as queries:
                _expect(ready.post(check, {}), 302, "final submit")
            break
        peer_ms = _timed(peer_post)
        took = _timed(lambda ready=ready: _expect(ready.post(check, {}), 302, "final submit"))
        if n >= warmup:
            floor_ms.append(peer_ms)
            submit_ms.append(took)
    rows.append(
        _result("survey final submit (stores the response)", submit_ms, floor_ms, len(queries), result_class)
    )
    return rows


def _row(name, request, peer_post, *, samples, warmup, result_class):
    for _ in range(warmup):
        peer_post()
        request()
    peer_ms, scenario_ms = [], []
    for _ in range(samples):
        peer_ms.append(_timed(peer_post))
        scenario_ms.append(_timed(request))
    with CaptureQueriesContext(connection) as queries:
        request()
    return _result(name, scenario_ms, peer_ms, len(queries), result_class)


def _result(name, scenario_ms, peer_ms, queries, result_class):
    median = statistics.median(scenario_ms)
    ratio = median / statistics.median(peer_ms)
    return result_class(
        name=name,
        median_ms=round(median, 3),
        p95_ms=round(_percentile(scenario_ms, 0.95), 3),
        baseline="peer form POST",
        ratio=round(ratio, 2),
        queries=queries,
        target="<= 1.0x peer form POST, queries reported",
        met=ratio <= 1.0,
    )


def peer_line(*, samples: int, warmup: int) -> str:
    """The peer POST itself against the floor (a line for the table's notes, not a target)."""
    peer = peer_page_ensure()
    peer_client, peer_data, client = Client(), _peer_data(peer), Client()

    def peer_post():
        _expect(peer_client.post(peer.url, peer_data), 200, "peer form POST")

    def floor():
        _expect(client.get("/bench/floor/"), 200, "floor")

    for _ in range(warmup):
        floor()
        peer_post()
    floor_ms, peer_ms = [], []
    for _ in range(samples):
        floor_ms.append(_timed(floor))
        peer_ms.append(_timed(peer_post))
    with CaptureQueriesContext(connection) as queries:
        peer_post()
    median = statistics.median(peer_ms)
    return (
        f"peer (Wagtail FormPage POST, the survey rows' baseline): median {median:.2f} ms, "
        f"{median / statistics.median(floor_ms):.2f}x floor, {len(queries)} queries"
    )
