"""Whatever is posted to the survey wizard, in whatever order, no request fails with a server
error, every stored response keeps its version's rules and drafts keep only bounded raw answers.

The properties are checked over the whole database after every generated example, so a
response or draft left behind by any request of any example is checked too.
"""

from __future__ import annotations

import itertools
import json
import re
import string
from urllib.parse import quote, urlencode

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Count
from django.test import Client, override_settings
from django.utils import timezone
from hypothesis import HealthCheck, event, given, note, settings
from hypothesis import strategies as st
from hypothesis.control import currently_in_test_context

from surveys import definition as d
from surveys.models import Response, SurveyDraft
from tests.surveys.factories import three_step_snapshot

ALLOWED_STATUS = {200, 302, 400, 403, 404, 410, 429}
CHECK = "check"
HONEYPOT = "website"
PHONE = "_phone"
MAX_STORED_VALUE = 5000
PHONE_TEXT = re.compile(r"[0-9 ()+.\-]+")
SAFE_MULTIPART_KEY = re.compile(r"[\w\-. ]*", re.ASCII)

SNAPSHOT = three_step_snapshot()
STEP_NAMES = [str(number) for number in range(1, len(SNAPSHOT["steps"]) + 1)]
WIZARD_STEPS = [*STEP_NAMES, CHECK]


def property_settings(examples: int):
    return settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


# Oracles: what the version allows, worked out from the snapshot alone -----------------------


def own_fields(step: dict) -> set[str]:
    """The field names a step may post (without the step prefix), whatever is shown."""
    names: set[str] = set()
    for question in step["questions"]:
        names.update(d.answer_keys(question))
        if question["type"] == d.CALLBACK:
            names.add(question["key"] + PHONE)
    return names


def stored_form(question: dict, row) -> object:
    """An Answer row back in the form ``condition_met`` reads."""
    if question["type"] == d.MULTIPLE_CHOICE:
        return row.code.split(" ")
    if question["type"] in d.TEXT_TYPES:
        return row.text
    return row.code


def answer_problems(question: dict, key: str, row) -> list[str]:
    kind = question["type"]
    codes = [option["code"] for option in question.get("options", [])]
    problems = []
    if kind in d.TEXT_TYPES:
        if row.code or row.value is not None or row.score is not None:
            problems.append(f"{key}: a text answer carries a code or a number")
        if not row.text:
            problems.append(f"{key}: an empty text answer was stored")
        if len(row.text) > int(question["max_length"]):
            problems.append(f"{key}: {len(row.text)} characters, more than {question['max_length']}")
        if "\x00" in row.text:
            problems.append(f"{key}: a NUL character was stored")
    elif kind == d.MULTIPLE_CHOICE:
        chosen = row.code.split(" ")
        if not row.code or any(code not in codes for code in chosen) or len(set(chosen)) != len(chosen):
            problems.append(f"{key}: {row.code!r} is not a set of codes from {codes}")
    elif kind == d.CALLBACK:
        if row.code not in ("yes", "no"):
            problems.append(f"{key}: call-back answer {row.code!r}")
        elif row.code == "yes":
            digits = re.findall(r"[0-9]", row.text)
            if not PHONE_TEXT.fullmatch(row.text) or not 7 <= len(digits) <= 15:
                problems.append(f"{key}: call-back phone {row.text!r}")
        elif row.text:
            problems.append(f"{key}: a phone was kept without consent")
    else:
        if row.code not in codes:
            problems.append(f"{key}: {row.code!r} is not one of {codes}")
        else:
            option = next(option for option in question["options"] if option["code"] == row.code)
            if row.value != option["value"]:
                problems.append(f"{key}: value {row.value!r} for code {row.code!r}")
        if row.text:
            problems.append(f"{key}: a coded answer carries text")
    return problems


def response_problems(response: Response) -> list[str]:
    snapshot = response.version.definition
    index = d.question_index(snapshot)
    rows = {row.key: row for row in response.answers.all()}
    problems = []
    for key, row in rows.items():
        if key not in index:
            problems.append(f"{key}: not an answer key of version {response.version.number}")
        else:
            problems.extend(answer_problems(index[key], key, row))
    so_far: dict[str, object] = {}
    for step in snapshot["steps"]:
        this_step = {}
        for question in step["questions"]:
            keys = d.answer_keys(question)
            if d.condition_met(question.get("show_if"), so_far):
                missing = [key for key in keys if key not in rows]
                if question["required"] and missing:
                    problems.append(f"{question['key']}: required and shown, but {missing} not answered")
            else:
                hidden = [key for key in keys if key in rows]
                if hidden:
                    problems.append(f"{question['key']}: answered {hidden} though not shown")
            this_step.update({key: stored_form(question, rows[key]) for key in keys if key in rows})
        so_far.update(this_step)
    return problems


def draft_problems(draft: SurveyDraft) -> list[str]:
    data = draft.data or {}
    steps = {name: own_fields(step) for name, step in zip(STEP_NAMES, draft.version.steps, strict=False)}
    problems = []
    if data.get("step") not in (None, CHECK, *steps):
        problems.append(f"current step {data.get('step')!r:.80} is not a step")
    for name, values in (data.get("step_data") or {}).items():
        if name not in steps:
            problems.append(f"answers stored under step {name!r:.80}")
            continue
        allowed = {f"{name}-{field}" for field in steps[name]}
        for key, kept in values.items():
            if key not in allowed:
                problems.append(f"step {name}: foreign key {key!r:.80} stored")
            if not isinstance(kept, list) or not all(isinstance(value, str) for value in kept):
                problems.append(f"step {name}: {key!r:.80} stored as {type(kept).__name__}")
            elif any(len(value) > MAX_STORED_VALUE for value in kept):
                problems.append(f"step {name}: {key!r:.80} holds {max(map(len, kept))} characters")
    return problems


def assert_everything_stored_is_valid() -> None:
    problems = []
    responses = Response.objects.select_related("version").prefetch_related("answers")
    for response in responses:
        problems.extend(f"response {response.pk}: {problem}" for problem in response_problems(response))
    doubled = Response.objects.values("submission_key").annotate(n=Count("id")).filter(n__gt=1)
    problems.extend(f"{row['n']} responses for draft {row['submission_key']}" for row in doubled)
    drafts = {draft.pk: draft for draft in SurveyDraft.objects.select_related("version")}
    for response in responses:
        draft = drafts.get(response.submission_key)
        if draft is None or draft.submitted_at is None or draft.data:
            problems.append(f"response {response.pk}: its draft is missing, unsubmitted or not emptied")
        elif draft.version_id != response.version_id:
            problems.append(f"response {response.pk}: answers version {response.version_id}, draft another")
    for draft in drafts.values():
        problems.extend(f"draft {draft.pk}: {problem}" for problem in draft_problems(draft))
    assert not problems, "\n".join(problems)


# Requests --------------------------------------------------------------------------------

_addresses = itertools.count(1)


def fresh_client() -> Client:
    """A new browser (no session) from its own address, so rate limits never carry over."""
    n = next(_addresses)
    return Client(REMOTE_ADDR=f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}")


def step_url(page, name: str) -> str:
    return f"{page.url}step/{quote(name, safe='')}/"


ENCODINGS = [
    "urlencoded",
    "urlencoded",
    "multipart",
    "multipart",
    "json",
    "latin-1",
    "utf-16",
    "bogus-charset",
    "bad-bytes",
    "broken-multipart",
    "multipart-no-boundary",
]
FORM = "application/x-www-form-urlencoded"
# Bodies sent byte for byte, whatever their declared charset.
RAW_BODIES = {
    "latin-1": lambda pairs: (
        urlencode(pairs, encoding="latin-1", errors="replace").encode(),
        f"{FORM}; charset=latin-1",
    ),
    "utf-16": lambda pairs: (urlencode(pairs).encode("utf-16"), f"{FORM}; charset=utf-16"),
    "bogus-charset": lambda pairs: (urlencode(pairs).encode(), f"{FORM}; charset=no-such-charset"),
    "bad-bytes": lambda pairs: (urlencode(pairs).encode() + b"&1-comment=\xff\xfe\x00&\xc3\x28=%ff%fe", FORM),
    "broken-multipart": lambda pairs: (urlencode(pairs).encode(), "multipart/form-data; boundary=--cut--"),
    "multipart-no-boundary": lambda pairs: (urlencode(pairs).encode(), "multipart/form-data"),
}


def send(client: Client, method: str, url: str, pairs=(), *, encoding: str = "urlencoded", files=()):
    """GET, or POST the pairs in one of several body encodings, some of them broken on purpose."""
    pairs = list(pairs)
    if method == "get":
        response = client.get(url)
    elif encoding == "multipart" and all(
        SAFE_MULTIPART_KEY.fullmatch(key) for key, _value in [*pairs, *files]
    ):
        data: dict[str, list] = {}
        for key, value in pairs:
            data.setdefault(key, []).append(value)
        for key, content in files:
            data.setdefault(key, []).append(SimpleUploadedFile("answers.txt", content, "text/plain"))
        response = client.post(url, data)
    elif encoding == "json":
        response = client.post(url, json.dumps(dict(pairs)), content_type="application/json")
    elif encoding in RAW_BODIES:
        body, content_type = RAW_BODIES[encoding](pairs)
        response = client.generic("POST", url, body, content_type=content_type)
    else:
        response = client.post(url, urlencode(pairs), content_type=FORM)
    if currently_in_test_context():
        note(f"{method.upper()} {url} [{len(pairs)} fields, {encoding}] -> {response.status_code}")
    assert response.status_code < 500
    assert response.status_code in ALLOWED_STATUS, (method, url, response.status_code)
    return response


# Strategies ------------------------------------------------------------------------------

VALID_PHONES = st.from_regex(r"\A\(?\+?[0-9]{3}\)?[ .\-]?[0-9]{3}[ .\-]?[0-9]{1,9}\Z")
INVALID_PHONES = st.one_of(
    st.text("0123456789", min_size=0, max_size=6),
    st.text("0123456789", min_size=16, max_size=29),
    st.text("0123456789 -", min_size=31, max_size=60),
    st.sampled_from(
        [
            "555-CALL-NOW",
            "٥٥٥٢٠١٠١٢٣",
            "５５５２０１０１２３",
            "555 201 0123\x00",
            "5552010123\n1",
            "tel:5552010123",
        ]
    ),
    st.builds(
        lambda a, b: a + b, st.text("0123456789", min_size=7, max_size=10), st.text(min_size=1, max_size=4)
    ),
)
NEAR_CODES = st.sampled_from(
    [
        "",
        " ",
        " 3",
        "3 ",
        "03",
        "3.0",
        "-1",
        "11",
        "10.5",
        "NA",
        "Na",
        "YES",
        "yes ",
        "Yes",
        "true",
        "null",
        "None",
        "0x3",
        "٣",
        "３",
        "1\x00",
        "\x00",
        "on",
        "[]",
        "{}",
        "1e1",
        "nan",
        "Infinity",
    ]
)
NUMBERS = st.one_of(st.integers().map(str), st.floats().map(repr), st.integers(-1, 12).map(str))
JSON_TEXT = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=8,
).map(json.dumps)
CONTROL_TEXT = st.text(st.characters(categories=["Cc", "Cf", "Zl", "Zp", "Co"]), min_size=1, max_size=20)
HUGE_TEXT = st.builds(
    lambda piece, size: (piece * (size // len(piece) + 1))[:size],
    st.text(min_size=1, max_size=4),
    st.integers(MAX_STORED_VALUE - 10, 100_000),
)
HOSTILE_VALUES = st.one_of(
    NEAR_CODES,
    NUMBERS,
    JSON_TEXT,
    CONTROL_TEXT,
    HUGE_TEXT,
    st.text(max_size=40),
    INVALID_PHONES,
    VALID_PHONES,
)
SMALL_HOSTILE_VALUES = st.one_of(NEAR_CODES, NUMBERS, JSON_TEXT, CONTROL_TEXT, st.text(max_size=20))


def answer_text(limit: int) -> st.SearchStrategy[str]:
    letters = st.characters(categories=["L", "N", "P", "Zs"], exclude_characters="\x00")
    return st.builds(
        lambda head, tail: (head + tail)[:limit], st.sampled_from("abcxyzé"), st.text(letters, max_size=60)
    )


def valid_fields(question: dict) -> dict[str, st.SearchStrategy]:
    """A valid value for each field of the question, the phone apart."""
    kind = question["type"]
    codes = [option["code"] for option in question.get("options", [])]
    if kind in d.TEXT_TYPES:
        return {question["key"]: answer_text(int(question["max_length"]))}
    if kind == d.MATRIX:
        return {statement["key"]: st.sampled_from(codes) for statement in question["statements"]}
    if kind == d.CALLBACK:
        return {question["key"]: st.sampled_from(["yes", "no", ""])}
    return {question["key"]: st.sampled_from(codes)}


STEP_QUESTIONS = dict(zip(STEP_NAMES, (step["questions"] for step in SNAPSHOT["steps"]), strict=True))
FIELDS = {name: sorted(own_fields(step)) for name, step in zip(STEP_NAMES, SNAPSHOT["steps"], strict=True)}
ALL_PREFIXED = sorted(f"{name}-{field}" for name, fields in FIELDS.items() for field in fields)


@st.composite
def valid_answers(draw, step: str) -> list[tuple[str, str]]:
    """Answers a careful person would give on the step (optional questions sometimes left out)."""
    pairs = []
    for question in STEP_QUESTIONS[step]:
        for field, strategy in valid_fields(question).items():
            if question["required"] or draw(st.booleans()):
                value = draw(strategy)
                pairs.append((f"{step}-{field}", value))
                if question["type"] == d.CALLBACK and value == "yes":
                    pairs.append((f"{step}-{field}{PHONE}", draw(VALID_PHONES)))
    return pairs


@st.composite
def hostile_answers(draw, step: str) -> list[tuple[str, str]]:
    """The step's fields valid, wrong, repeated, missing or misnamed, plus whatever else."""
    pairs = []
    own = FIELDS.get(step, [])
    valid = {}
    if step in STEP_QUESTIONS:
        valid = dict(draw(valid_answers(step)))
    for field in own:
        key = f"{step}-{field}"
        how = draw(st.sampled_from(["valid", "valid", "hostile", "missing", "repeated", "misnamed"]))
        if how == "valid" and key in valid:
            pairs.append((key, valid[key]))
        elif how == "hostile":
            pairs.append((key, draw(HOSTILE_VALUES)))
        elif how == "repeated":
            pairs.extend(
                (key, value)
                for value in draw(st.lists(SMALL_HOSTILE_VALUES | NEAR_CODES, min_size=2, max_size=40))
            )
        elif how == "misnamed":
            prefix = draw(
                st.sampled_from([*WIZARD_STEPS, "survey", "", "0", f"{step}-{step}"]).filter(
                    lambda p: p != step
                )
            )
            pairs.append(
                (f"{prefix}-{field}" if prefix else field, valid.get(key) or draw(SMALL_HOSTILE_VALUES))
            )
        elif field.endswith(PHONE) and draw(st.booleans()):
            pairs.append((key, draw(VALID_PHONES | INVALID_PHONES)))
    unknown_keys = st.one_of(
        st.text(max_size=30),
        st.sampled_from([*ALL_PREFIXED, "survey-current_step", "csrfmiddlewaretoken", "survey-step", "step"]),
        st.builds(
            lambda prefix, name: f"{prefix}-{name}",
            st.sampled_from([*WIZARD_STEPS, step]),
            st.text(max_size=12),
        ),
    )
    pairs.extend(draw(st.lists(st.tuples(unknown_keys, SMALL_HOSTILE_VALUES), max_size=4)))
    management = draw(st.sampled_from(["none", "same", "other", "random"]))
    if management != "none":
        value = {"same": step, "other": draw(st.sampled_from(WIZARD_STEPS))}.get(management) or draw(
            st.text(max_size=20)
        )
        pairs.append(("survey-current_step", value))
    if draw(st.integers(0, 3)) == 0:
        goto = st.one_of(st.sampled_from([*WIZARD_STEPS, "0", "99", "done", "", "../"]), st.text(max_size=20))
        pairs.append(("wizard_goto_step", draw(goto)))
    if draw(st.integers(0, 9)) == 0:
        pairs.append((f"{step}-{HONEYPOT}", draw(st.text(min_size=1, max_size=10))))
    return draw(st.permutations(pairs))


ODD_STEP_NAMES = st.one_of(
    st.sampled_from(
        [
            "0",
            "99",
            "4",
            "done",
            "Check",
            "CHECK",
            "..",
            ".",
            "-1",
            "1_",
            "step",
            "continue",
            "01",
            "thank-you",
            "٣",
            "１",
            "check-",
            "_",
            "-",
        ]
    ),
    st.text(st.characters(categories=["L", "Nd"]) | st.sampled_from("-_"), min_size=1, max_size=12),
    st.text(max_size=30),
)
RAW_SUBPATHS = st.sampled_from(
    [
        "step/../",
        "step/./",
        "step/1/../check/",
        "step//",
        "step/1/2/",
        "step/%00/",
        "step/%2e%2e/",
        "step/%2F/",
        "step/check%00/",
        "step/1%20/",
        "step/",
        "continue/",
        "thank-you/",
        "",
        "step/1/?change=1",
        "step/check/../1/",
    ]
)


@st.composite
def any_url(draw, page) -> str:
    kind = draw(st.sampled_from(["step", "step", "odd", "raw"]))
    if kind == "step":
        return step_url(page, draw(st.sampled_from(WIZARD_STEPS)))
    if kind == "odd":
        return step_url(page, draw(ODD_STEP_NAMES))
    return page.url + draw(RAW_SUBPATHS)


def step_of(page, url: str) -> str | None:
    for name in WIZARD_STEPS:
        if url == step_url(page, name):
            return name
    return None


# Properties ------------------------------------------------------------------------------


@property_settings(examples=70)
@given(data=st.data())
def test_any_request_after_some_answers_is_handled(survey_page, data):
    """Answer some steps properly, then send anything to any wizard URL, then submit."""
    client = fresh_client()
    if data.draw(st.integers(0, 4), label="made-up session") == 0:
        client.cookies["sessionid"] = data.draw(st.text(string.ascii_letters + string.digits, max_size=40))
    for step in data.draw(st.lists(st.sampled_from(STEP_NAMES), max_size=3), label="answered first"):
        send(client, "post", step_url(survey_page, step), data.draw(valid_answers(step)))
    url = data.draw(any_url(survey_page), label="url")
    method = data.draw(st.sampled_from(["post", "post", "post", "get"]), label="method")
    step = step_of(survey_page, url) or data.draw(st.sampled_from(WIZARD_STEPS), label="field prefix")
    pairs = data.draw(hostile_answers(step), label="posted")
    files = data.draw(
        st.lists(st.tuples(st.sampled_from(ALL_PREFIXED), st.binary(max_size=64)), max_size=2), label="files"
    )
    send(
        client,
        method,
        url,
        pairs,
        encoding=data.draw(st.sampled_from(ENCODINGS), label="encoding"),
        files=files,
    )
    if data.draw(st.booleans(), label="then submit"):
        send(client, "post", step_url(survey_page, CHECK))
    assert_everything_stored_is_valid()


@property_settings(examples=50)
@given(data=st.data())
def test_steps_in_any_order_then_check_store_only_valid_responses(survey_page, data):
    """Steps visited, answered, gone back from and re-answered in any order, then submitted."""
    client = fresh_client()
    plan = [("answer", step) for step in data.draw(st.permutations(STEP_NAMES), label="order")]
    extra = st.tuples(
        st.sampled_from(["answer", "hostile", "hostile", "back", "view", "change"]),
        st.sampled_from(WIZARD_STEPS),
    )
    for action in data.draw(st.lists(extra, max_size=4), label="extra actions"):
        plan.insert(data.draw(st.integers(0, len(plan)), label="at"), action)
    for action, step in plan:
        url = step_url(survey_page, step)
        if action == "view":
            send(client, "get", url)
        elif action == "change":
            send(client, "get", url + "?change=1")
        else:
            pairs = data.draw(
                valid_answers(step) if action != "hostile" and step != CHECK else hostile_answers(step)
            )
            if action == "back":
                pairs.append(("wizard_goto_step", data.draw(st.sampled_from([*WIZARD_STEPS, "0", "99", ""]))))
            send(client, "post", url, pairs)
    before = Response.objects.count()
    final = send(client, "post", step_url(survey_page, CHECK))
    event("stored a response" if Response.objects.count() > before else f"no response ({final.status_code})")
    send(client, "post", step_url(survey_page, CHECK))  # a second click on Send
    assert_everything_stored_is_valid()


@property_settings(examples=40)
@given(data=st.data())
def test_odd_step_names_in_the_url_are_not_errors(survey_page, data):
    client = fresh_client()
    if data.draw(st.booleans(), label="answered step 1 first"):
        send(client, "post", step_url(survey_page, "1"), data.draw(valid_answers("1")))
    url = data.draw(
        st.one_of(
            ODD_STEP_NAMES.map(lambda name: step_url(survey_page, name)),
            RAW_SUBPATHS.map(survey_page.url.__add__),
        ),
        label="url",
    )
    send(client, "get", url)
    pairs = data.draw(hostile_answers(data.draw(st.sampled_from(WIZARD_STEPS), label="field prefix")))
    send(client, "post", url, pairs)
    assert_everything_stored_is_valid()


# Examples --------------------------------------------------------------------------------

STEP1 = {"preferences": "3", "problem": "yes"}
STEP2 = {
    "overall": "8",
    "problem_details": "The ambulance was late.",
    "call_back": "yes",
    "call_back_phone": "555 201 0123",
}
STEP3 = {"understood_medicines": "4", "understood_contacts": "5", "comment": "Thanks"}


def prefixed(step: str, answers: dict) -> dict:
    return {f"{step}-{key}": value for key, value in answers.items()}


@pytest.mark.parametrize(
    "subpath", ["step/1/", "step/2/", "step/3/", "step/check/", "continue/", "thank-you/", ""]
)
def test_a_post_with_no_data_at_all_is_not_an_error(survey_page, subpath):
    client = fresh_client()
    response = client.post(survey_page.url + subpath)
    assert response.status_code in ALLOWED_STATUS
    empty = client.post(survey_page.url + subpath, "", content_type="application/x-www-form-urlencoded")
    assert empty.status_code in ALLOWED_STATUS
    assert not Response.objects.exists() and not SurveyDraft.objects.exists()


def test_a_one_megabyte_answer_is_refused_and_never_kept_whole(survey_page):
    client = fresh_client()
    send(client, "post", step_url(survey_page, "1"), prefixed("1", STEP1).items())
    huge = prefixed("2", {**STEP2, "problem_details": "x" * 1_000_000}).items()
    refused = send(client, "post", step_url(survey_page, "2"), huge)
    assert refused.status_code == 200 and "Please shorten your answer" in refused.content.decode()
    back = send(client, "post", step_url(survey_page, "2"), [*huge, ("wizard_goto_step", "1")])
    assert back.status_code == 302 and back.url.endswith("/step/1/")
    (draft,) = SurveyDraft.objects.all()
    assert len(draft.data["step_data"]["2"]["2-problem_details"][0]) == MAX_STORED_VALUE
    submit = send(client, "post", step_url(survey_page, CHECK))
    assert submit.status_code == 302 and submit.url.endswith("/step/2/")
    assert not Response.objects.exists()
    assert_everything_stored_is_valid()


def test_check_before_any_answer_goes_to_the_first_step(survey_page):
    client = fresh_client()
    everything = {**prefixed("1", STEP1), **prefixed("2", STEP2), **prefixed("3", STEP3)}
    response = send(client, "post", step_url(survey_page, CHECK), everything.items())
    assert response.status_code == 302 and response.url.endswith("/step/1/")
    assert not Response.objects.exists() and not SurveyDraft.objects.exists()


def test_a_walk_full_of_foreign_fields_stores_one_clean_response(survey_page):
    client = fresh_client()
    junk = [
        ("survey-current_step", "99"),
        ("wizard_goto_steps", "1"),
        ("1-comment", "posted with the wrong step prefix"),
        ("comment", "no prefix"),
        ("1-overall\x00", "\x00"),
        ("", ""),
    ]
    for step, answers in (("1", STEP1), ("2", STEP2), ("3", STEP3)):
        pairs = [*prefixed(step, answers).items(), *junk, (f"{step}-{HONEYPOT}", "")]
        assert send(client, "post", step_url(survey_page, step), pairs).status_code == 302
    (draft,) = SurveyDraft.objects.all()
    assert draft_problems(draft) == []
    assert send(client, "post", step_url(survey_page, CHECK), junk).url.endswith("/thank-you/")
    assert send(client, "post", step_url(survey_page, CHECK), junk).url.endswith("/thank-you/")
    response = Response.objects.get()
    assert response.answers.get(key="comment").text == "Thanks"
    assert_everything_stored_is_valid()


def test_too_many_fields_is_a_bad_request(survey_page):
    client = fresh_client()
    pairs = [("1-preferences", "3")] * 10_001
    assert send(client, "post", step_url(survey_page, "1"), pairs).status_code == 400
    assert not SurveyDraft.objects.exists()


def walk_to_check(client: Client, page) -> None:
    for step, answers in (("1", STEP1), ("2", STEP2), ("3", STEP3)):
        assert send(client, "post", step_url(page, step), prefixed(step, answers).items()).status_code == 302


def test_answers_are_kept_when_sending_is_refused_for_too_many_submissions(survey_page):
    """The "too many surveys" page says the answers are saved: they must still be there."""
    first, second = Client(REMOTE_ADDR="192.0.2.7"), Client(REMOTE_ADDR="192.0.2.7")
    with override_settings(SURVEY_PUBLIC_SUBMISSIONS_PER_HOUR=1):
        walk_to_check(first, survey_page)
        assert send(first, "post", step_url(survey_page, CHECK)).url.endswith("/thank-you/")
        walk_to_check(second, survey_page)
        refused = send(second, "post", step_url(survey_page, CHECK))
    assert refused.status_code == 429 and "Your answers are saved" in refused.content.decode()
    assert Response.objects.count() == 1
    kept = SurveyDraft.objects.get(submitted_at__isnull=True)
    assert set(kept.data["step_data"]) == {"1", "2", "3"}
    again = send(second, "get", step_url(survey_page, CHECK))
    assert again.status_code == 200 and "The ambulance was late." in again.content.decode()
    assert_everything_stored_is_valid()


def test_the_checker_reports_every_broken_rule(survey_page):
    """The helper the properties rely on is not vacuous: it finds each kind of broken rule."""
    version = survey_page.survey.current_version
    draft = SurveyDraft.objects.create(
        version=version,
        expires_at=timezone.now(),
        data={"step": "7", "step_data": {"1": {"1-website": ["x"], "1-problem": ["y" * 5001]}, "x": {}}},
    )
    response = Response.objects.create(version=version, submission_key=draft.pk, language="en")
    rows = {
        "nope": {"code": "1"},
        "preferences": {"code": "7"},
        "problem": {"code": "no", "value": 0.0},
        "problem_details": {"text": "hidden"},
        "call_back": {"code": "yes", "text": "123"},
        "understood_medicines": {"code": "4", "value": 1.0},
        "comment": {"text": "c" * 201},
    }
    for key, fields in rows.items():
        response.answers.create(key=key, **fields)
    found = "\n".join(response_problems(response) + draft_problems(draft))
    for expected in (
        "nope: not an answer key",
        "preferences: '7' is not one of",
        "problem_details: answered",
        "call_back: call-back phone '123'",
        "understood_medicines: value 1.0",
        "overall: required and shown",
        "understood: required and shown, but ['understood_contacts']",
        "comment: 201 characters",
        "current step '7'",
        "foreign key '1-website'",
        "'1-problem' holds 5001 characters",
        "answers stored under step 'x'",
    ):
        assert expected in found
    with pytest.raises(AssertionError, match="not emptied"):
        assert_everything_stored_is_valid()
