"""Whatever a visitor sends to a public form, no request fails with a server error, an
invalid submission stores nothing, a valid one stores exactly one thing, and a form shown
again keeps what was typed.

The public survey page's own hostile walks are in tests/surveys/test_wizard_properties.py;
this file adds the emailed-invitation path of the same wizard and every other form anyone
can reach without an account: "Was this page helpful?", search, the Infobutton lookup, the
packet links, both "stop these emails" confirmations, the staff sign-in and its code step.
Everything must hold on PostgreSQL too, which refuses a NUL character in any text it stores.
"""

from __future__ import annotations

import itertools
import json
from urllib.parse import quote, urlencode
from xml.etree import ElementTree as ET

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time
from django.contrib.auth import SESSION_KEY
from django.core import signing
from django.test import Client
from django.urls import reverse
from django.utils.html import escape
from django.utils.http import url_has_allowed_host_and_scheme
from hypothesis import given, note
from hypothesis import strategies as st
from hypothesis.control import currently_in_test_context

from content.search import MAX_QUERY_LENGTH, clean_query
from demo.survey_templates import template_snapshot
from packets.models import PacketItem
from packets.sending import OPT_OUT_SALT as PACKET_OPT_OUT_SALT
from surveys.models import (
    INVITATION_ONLY,
    Answer,
    HeldSubmission,
    Invitation,
    Response,
    SurveyDraft,
    SurveySettings,
)
from surveys.sending import OPT_OUT_SALT as SURVEY_OPT_OUT_SALT
from surveys.services import invitation_create, survey_create_from_snapshot, survey_page_ensure
from tests.factories import STAFF_PASSWORD
from tests.packets.conftest import hospital, liaison, packet, transition  # noqa: F401 - fixtures
from tests.surveys.conftest import snapshot, survey  # noqa: F401 - fixtures
from tests.surveys.test_wizard_properties import (
    CHECK,
    HONEYPOT,
    PHONE,
    STEP_NAMES,
    WIZARD_STEPS,
    assert_everything_stored_is_valid,
    hostile_answers,
    property_settings,
    send,
    step_url,
    valid_answers,
)
from transitions.models import EmailOptOut

# Strategies ------------------------------------------------------------------------------

ODD_TEXT = st.sampled_from(
    [
        "\x00",
        "a\x00b",
        "\u202eevil\u202c",  # right-to-left override
        "\u200b\u200c\u200d\ufeff",  # zero-width characters and a byte-order mark
        "مرحبا بالعالم",
        "שלום",
        "<script>alert(1)</script>",
        '"><img src=x onerror=alert(1)>',
        "'; DROP TABLE surveys_response; --",
        "%00",
        "%s%s%n",
        "{{ request }}",
        "\r\n\r\n",
        "\t",
        " ",
        "",
        "null",
        "[]",
        "{}",
        '=HYPERLINK("http://x")',
    ]
)
NUMBER_TEXT = st.one_of(
    st.integers().map(str),
    st.integers(min_value=10**18, max_value=10**60).map(str),
    st.integers(max_value=-1).map(str),
    st.floats().map(repr),
    st.sampled_from(["1e309", "-0", "0x10", "١٢", "１２", "NaN", "Infinity"]),
)
HUGE_TEXT = st.builds(
    lambda piece, size: (piece * (size // len(piece) + 1))[:size],
    st.text(min_size=1, max_size=3),
    st.integers(1_000, 60_000),
)
HOSTILE_TEXT = st.one_of(st.text(max_size=40), ODD_TEXT, NUMBER_TEXT, HUGE_TEXT)
SHORT_HOSTILE = st.one_of(st.text(max_size=20), ODD_TEXT, NUMBER_TEXT)

_addresses = itertools.count(1)


def fresh_client() -> Client:
    """A new browser from its own address, so per-address limits never carry over."""
    n = next(_addresses)
    return Client(REMOTE_ADDR=f"172.{16 + n // 65536 % 16}.{n // 256 % 256}.{n % 256}")


def stored_counts() -> tuple[int, int, int]:
    return Response.objects.count(), Answer.objects.count(), SurveyDraft.objects.count()


@st.composite
def field_pairs(draw, fields: dict[str, st.SearchStrategy], *, unknown: bool = True) -> list[tuple[str, str]]:
    """Each field valid, hostile, missing or repeated, plus unknown keys, in any order."""
    pairs = []
    for name, valid in fields.items():
        how = draw(st.sampled_from(["valid", "valid", "hostile", "missing", "repeated"]))
        if how == "valid":
            pairs.append((name, draw(valid)))
        elif how == "hostile":
            pairs.append((name, draw(HOSTILE_TEXT)))
        elif how == "repeated":
            pairs.extend((name, draw(valid | SHORT_HOSTILE)) for _ in range(draw(st.integers(2, 5))))
    if unknown:
        keys = st.one_of(
            st.text(max_size=20), st.sampled_from([f"{name}\x00" for name in fields] + ["", "_"])
        )
        pairs.extend(draw(st.lists(st.tuples(keys, SHORT_HOSTILE), max_size=3)))
    return draw(st.permutations(pairs))


def posted(client: Client, url: str, pairs, **extra):
    response = client.post(url, urlencode(pairs), content_type="application/x-www-form-urlencoded", **extra)
    if currently_in_test_context():
        note(f"POST {url} {len(pairs)} fields -> {response.status_code}")
    assert response.status_code < 500
    return response


def fetched(client: Client, url: str, params=(), **extra):
    response = client.get(f"{url}?{urlencode(list(params))}" if params else url, **extra)
    if currently_in_test_context():
        note(f"GET {url} -> {response.status_code}")
    assert response.status_code < 500
    return response


def form_errors(response) -> dict:
    """The errors of the form a page was drawn with (templates may pass other, empty forms)."""
    for context in response.context or []:
        for layer in context.dicts:
            form = layer.get("form")
            if form is not None and getattr(form, "errors", None):
                return form.errors
    return {}


def shows(html: str, typed: str) -> bool:
    """Whether the page holds the typed text as a form field would draw it (escaped)."""
    return escape(typed) in html


# The survey wizard, reached through an emailed invitation ----------------------------------


@pytest.fixture
def invited_page(home_page, survey):  # noqa: F811 - the fixture imported above
    return survey_page_ensure(
        parent=home_page, slug="your-move", title="Your move", survey=survey, access=INVITATION_ONLY
    )


def invited_client(page) -> tuple[Client, Invitation]:
    invitation, token = invitation_create(page=page, language="en")
    client = fresh_client()
    opened = client.get(f"/s/{token}/")
    assert opened.status_code == 302 and token not in opened.url
    return client, invitation


@property_settings(examples=12)
@given(data=st.data())
def test_an_invited_person_posting_anything_stores_at_most_one_valid_response(invited_page, data):
    """Some steps answered, then anything posted to any step, then Send clicked twice."""
    client, invitation = invited_client(invited_page)
    for step in STEP_NAMES[: data.draw(st.integers(0, len(STEP_NAMES)), label="steps answered first")]:
        send(client, "post", step_url(invited_page, step), data.draw(valid_answers(step)))
    step = data.draw(st.sampled_from(WIZARD_STEPS), label="step")
    before = stored_counts()
    response = send(client, "post", step_url(invited_page, step), data.draw(hostile_answers(step)))
    if response.status_code == 200:  # shown again with its errors: nothing new is stored
        assert stored_counts()[:2] == before[:2]
    for _click in range(2):
        send(client, "post", step_url(invited_page, CHECK))
    assert Response.objects.filter(invitation=invitation).count() <= 1
    invitation.refresh_from_db()
    assert (invitation.responded_at is not None) == Response.objects.filter(invitation=invitation).exists()
    assert_everything_stored_is_valid()


@property_settings(examples=6)
@given(data=st.data())
def test_an_invited_person_answering_properly_stores_exactly_one_response(invited_page, data):
    client, invitation = invited_client(invited_page)
    for step in STEP_NAMES:
        assert (
            send(client, "post", step_url(invited_page, step), data.draw(valid_answers(step))).status_code
            == 302
        )
    for _click in range(data.draw(st.integers(1, 3), label="clicks on Send")):
        send(client, "post", step_url(invited_page, CHECK))
    (response,) = Response.objects.filter(invitation=invitation)
    assert response.answers.exists()
    assert_everything_stored_is_valid()


COMMENT_LIMIT = 200


@property_settings(examples=20)
@given(comment=HOSTILE_TEXT, statement=SHORT_HOSTILE)
def test_a_refused_step_is_shown_again_with_what_was_typed(invited_page, comment, statement):
    """The last step with a missing or wrong agreement answer: the comment comes back as typed."""
    client, _invitation = invited_client(invited_page)
    pairs = [("3-understood_medicines", statement), ("3-comment", comment)]
    before = stored_counts()
    response = send(client, "post", step_url(invited_page, "3"), pairs)
    assert response.status_code == 200
    html = response.content.decode()
    assert shows(html, comment)
    assert 'aria-invalid="true"' in html or "usa-error-message" in html
    if "\x00" in comment:
        assert "comment" in form_errors(response)
    elif len(comment.strip()) > COMMENT_LIMIT:
        assert "Please shorten your answer" in html
    assert stored_counts() == before


@property_settings(examples=12)
@given(phone=HOSTILE_TEXT)
def test_a_refused_phone_number_is_shown_again_as_typed(invited_page, phone):
    client, invitation = invited_client(invited_page)
    send(client, "post", step_url(invited_page, "1"), [("1-preferences", "3"), ("1-problem", "no")])
    pairs = [("2-overall", "8"), ("2-call_back", "yes"), (f"2-call_back{PHONE}", phone)]
    response = send(client, "post", step_url(invited_page, "2"), pairs)
    if response.status_code == 302:  # a phone number after all: kept for the call-back
        draft = SurveyDraft.objects.get(invitation=invitation)
        assert draft.data["step_data"]["2"][f"2-call_back{PHONE}"] == [phone.replace("\x00", "")]
        return
    assert response.status_code == 200
    assert shows(response.content.decode(), phone)
    assert f"call_back{PHONE}" in form_errors(response)
    assert "2" not in (SurveyDraft.objects.get(invitation=invitation).data.get("step_data") or {})


# "Was this page helpful?" ------------------------------------------------------------------

FEEDBACK = template_snapshot("page-feedback", "en")["steps"][0]["questions"]
HELPFUL_CODES = [option["code"] for option in FEEDBACK[0]["options"]]
FEEDBACK_LIMIT = int(FEEDBACK[1]["max_length"])


@pytest.fixture
def feedback_page(library):
    survey_ = survey_create_from_snapshot(
        snapshot=template_snapshot("page-feedback", "en"), locale=library["copd"].locale
    )
    survey_settings = SurveySettings.load()
    survey_settings.page_feedback_survey = survey_
    survey_settings.save()
    return library["copd"]


def feedback_valid(pairs: list[tuple[str, str]]) -> bool:
    """What the form must accept, worked out from the posted pairs alone."""
    last = {}
    for key, value in pairs:
        last[key] = value
    helpful = last.get("feedback-helpful")
    comment = last.get("feedback-comment", "")
    return helpful in HELPFUL_CODES and "\x00" not in comment and len(comment.strip()) <= FEEDBACK_LIMIT


@property_settings(examples=40)
@given(data=st.data())
def test_page_feedback_stores_one_response_when_valid_and_nothing_otherwise(feedback_page, data):
    fields = {
        "feedback-helpful": st.sampled_from(HELPFUL_CODES),
        # Text a browser can send: UTF-8 has no lone surrogates (the form post cannot encode one).
        "feedback-comment": st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=80),
    }
    pairs = data.draw(field_pairs(fields), label="posted")
    if data.draw(st.integers(0, 6), label="robot") == 0:
        pairs.append((f"feedback-{HONEYPOT}", data.draw(st.text(min_size=1, max_size=8))))
    if data.draw(st.integers(0, 6), label="a comment that stands out") == 0:
        pairs = [pair for pair in pairs if pair[0] != "feedback-comment"]
        pairs.append(("feedback-comment", data.draw(HOSTILE_TEXT)))
    before = stored_counts()
    held_before = HeldSubmission.objects.count()
    url = f"/feedback/page/{feedback_page.pk}/"
    response = posted(fresh_client(), url, pairs)
    honeypot = bool(dict(pairs).get(f"feedback-{HONEYPOT}"))  # the last value posted counts
    if feedback_valid(pairs) and honeypot:
        # A filled trap holds the answers for a manager: never dropped, never in the figures.
        assert response.status_code == 302 and response.url == feedback_page.url
        assert stored_counts() == before
        assert HeldSubmission.objects.count() == held_before + 1
    elif feedback_valid(pairs):
        assert response.status_code == 302 and response.url == feedback_page.url
        assert Response.objects.count() == before[0] + 1
        assert HeldSubmission.objects.count() == held_before
        stored = Response.objects.latest("pk")
        assert stored.page_id == feedback_page.pk
        comment = [value for key, value in pairs if key == "feedback-comment"][-1:] or [""]
        if comment[0].strip():
            assert stored.answers.get(key="comment").text == comment[0].strip()
    else:
        assert response.status_code == 200
        assert stored_counts() == before
        assert HeldSubmission.objects.count() == held_before
        typed = [value for key, value in pairs if key == "feedback-comment"]
        if typed:
            assert shows(response.content.decode(), typed[-1])


@pytest.mark.parametrize("page_id", ["0", "99999999999999999999", "9223372036854775808", "-1"])
def test_page_feedback_for_an_impossible_page_is_not_found(feedback_page, page_id):
    response = fresh_client().post(f"/feedback/page/{page_id}/", {"feedback-helpful": "yes"})
    assert response.status_code == 404
    assert not Response.objects.exists()


# Search ------------------------------------------------------------------------------------

SEARCH_KEYS = ["q", "type", "condition", "page"]


@property_settings(examples=30)
@given(data=st.data())
def test_search_answers_anything_and_keeps_the_words_in_the_box(library, data):
    fields = {
        "q": st.one_of(st.sampled_from(["heart", "COPD breathe", "hospice"]), st.text(max_size=30)),
        "type": st.sampled_from(["", "condition", "setting"]),
        "condition": st.integers(-5, 10**6).map(str),
        "page": st.integers(-3, 10**9).map(str),
    }
    pairs = data.draw(field_pairs(fields), label="query")
    path = data.draw(st.sampled_from(["/search/", "/es/search/"]), label="path")
    response = fetched(fresh_client(), path, pairs)
    assert response.status_code == 200
    typed = [value for key, value in pairs if key == "q"]
    query = clean_query(typed[-1] if typed else "")
    html = response.content.decode()
    assert f'name="q" type="search" value="{escape(query)}"' in html
    if typed and len(typed[-1]) > MAX_QUERY_LENGTH:
        assert response.context["raw_query_too_long"]
    suggestions = fetched(fresh_client(), "/search/suggest/", [pair for pair in pairs if pair[0] == "q"])
    assert suggestions.status_code == 200
    assert isinstance(json.loads(suggestions.content)["suggestions"], list)


@pytest.mark.parametrize(
    "raw",
    [
        "q=%00%00heart",
        "q=%ff%fe%fd",
        "q=heart&condition=99999999999999999999999999",
        "q=heart&condition=-99999999999999999999999999",
        "q=heart&condition=9223372036854775808",
        "q=heart&page=99999999999999999999999999",
        "q=heart&page=-1",
        "q=heart&type=condition&type=setting&q=copd",
        "q=" + "%E2%80%AE" * 300,
        "q=" + "a%20" * 5000,
        "q=heart&&&&=&==",
    ],
)
def test_search_with_broken_query_strings_is_answered(library, raw):
    response = fresh_client().generic("GET", f"/search/?{raw}")
    assert response.status_code == 200
    suggest = fresh_client().generic("GET", f"/search/suggest/?{raw}")
    assert suggest.status_code == 200


# The Infobutton lookup ---------------------------------------------------------------------

CODE = "mainSearchCriteria.v.c"
SYSTEM = "mainSearchCriteria.v.cs"
LANGUAGE = "informationRecipient.languageCode.c"
RESPONSE_TYPE = "knowledgeResponseType"
ICD10 = "2.16.840.1.113883.6.90"


@property_settings(examples=40)
@given(data=st.data())
def test_the_infobutton_lookup_answers_json_or_atom_or_a_plain_400(library, data):
    fields = {
        CODE: st.sampled_from(["I50.9", "i50.9", " J44.9 ", "84114007", "Z99", "I50.20"]),
        SYSTEM: st.sampled_from([ICD10, "2.16.840.1.113883.6.96", ""]),
        LANGUAGE: st.sampled_from(["en", "es", "ES-mx", "fr"]),
        RESPONSE_TYPE: st.sampled_from(["application/json", "text/xml", "application/atom+xml"]),
    }
    pairs = data.draw(field_pairs(fields), label="parameters")
    response = fetched(fresh_client(), "/api/education/", pairs)
    assert response.status_code in (200, 400)
    if response.status_code == 400 and response["Content-Type"].startswith("application/json"):
        assert json.loads(response.content)["error"]
    elif response.status_code == 400:
        assert ET.fromstring(response.content).findtext("message")
    elif response["Content-Type"].startswith("application/json"):
        assert isinstance(json.loads(response.content)["feed"]["entry"], list)
    else:
        assert ET.fromstring(response.content).tag.endswith("feed")


def test_the_infobutton_lookup_finds_the_page_for_a_valid_code(library):
    response = fresh_client().get(
        "/api/education/", {CODE: "I50.9", SYSTEM: ICD10, RESPONSE_TYPE: "application/json"}
    )
    assert response.status_code == 200
    titles = [entry["title"]["_value"] for entry in response.json()["feed"]["entry"]]
    assert titles == ["Living with heart failure"]


# Education packets: the emailed link, the packet's pages, "stop these emails" ---------------

TOKEN = "a-known-packet-token-for-the-property-tests-0123456789"
TOKENS = st.one_of(
    st.just(TOKEN),
    st.text(min_size=1, max_size=120),
    ODD_TEXT.filter(bool),
    st.text("abcdefghijklmnopqrstuvwxyz0123456789-_", min_size=40, max_size=50),
)


@pytest.fixture
def sent_packet(packet):  # noqa: F811 - the fixture imported above
    from tests.packets.test_public import sent

    sent(packet, token=TOKEN)
    return packet


def path_piece(text: str) -> str:
    return quote(text, safe="") or "_"


@property_settings(examples=25)
@given(data=st.data())
def test_packet_links_and_pages_answer_anything_and_count_only_real_openings(sent_packet, data):
    client = fresh_client()
    token = data.draw(TOKENS, label="token")
    link = fetched(client, f"/p/{path_piece(token)}/")
    assert link.status_code == (302 if token == TOKEN else 404)
    own_items = list(PacketItem.objects.filter(packet=sent_packet).values_list("pk", flat=True))
    item_id = data.draw(
        st.one_of(st.sampled_from(own_items), st.integers(0, 10**30))
        if own_items
        else st.integers(0, 10**30),
        label="item",
    )
    opened_before = dict(PacketItem.objects.values_list("pk", "opened_count"))
    item = fetched(client, f"/packet/page/{item_id}/")
    for path in ("/packet/", "/packet/print/"):
        assert fetched(client, path).status_code in (200, 404)
    opened_after = dict(PacketItem.objects.values_list("pk", "opened_count"))
    counted = {pk for pk in opened_after if opened_after[pk] != opened_before[pk]}
    if token == TOKEN and item_id in own_items:
        assert item.status_code == 302 and counted == {item_id}
    else:
        assert item.status_code == 404 and counted == set()


@property_settings(examples=25)
@given(data=st.data())
def test_stop_links_stop_emails_only_when_signed_by_us_and_posted(sent_packet, invited_page, data):
    invitation, _new = Invitation.objects.get_or_create(
        page=invited_page,
        transition=sent_packet.transition,
        defaults={"language": "es", "expires_at": sent_packet.expires_at},
    )
    EmailOptOut.objects.all().delete()
    kind = data.draw(st.sampled_from(["packet", "survey"]), label="which email")
    real = signing.dumps(
        sent_packet.pk if kind == "packet" else invitation.pk,
        salt=PACKET_OPT_OUT_SALT if kind == "packet" else SURVEY_OPT_OUT_SALT,
        compress=True,
    )
    signed = data.draw(
        st.one_of(
            st.just(real),
            st.just(real[:-1] + ("A" if real[-1] != "A" else "B")),  # a forged signature
            st.just(signing.dumps(10**20, salt=SURVEY_OPT_OUT_SALT)),  # signed by us, no such row
            TOKENS,
        ),
        label="signed",
    )
    base = "/stop/packet/" if kind == "packet" else "/stop/"
    method = data.draw(st.sampled_from(["get", "post"]), label="method")
    pairs = data.draw(st.lists(st.tuples(st.text(max_size=10), SHORT_HOSTILE), max_size=3), label="fields")
    client = fresh_client()
    url = f"{base}{path_piece(signed)}/"
    response = posted(client, url, pairs) if method == "post" else fetched(client, url, pairs)
    genuine = signed == real
    if not genuine:
        assert response.status_code == 404
    else:
        assert response.status_code == 200
    stopped = EmailOptOut.objects.count()
    assert stopped == (1 if genuine and method == "post" else 0)


# Staff sign-in and its second step ---------------------------------------------------------


def login_url() -> str:
    return reverse("account_login")


@property_settings(examples=25)
@given(data=st.data())
def test_the_staff_sign_in_never_signs_anyone_in_on_a_password_alone(manager, data):
    fields = {
        "login": st.sampled_from([manager.email, manager.email.upper(), "nobody@example.org"]),
        "password": st.sampled_from([STAFF_PASSWORD, "wrong-password-123"]),
        "remember": st.sampled_from(["on", ""]),
    }
    pairs = data.draw(field_pairs(fields), label="posted")
    client = fresh_client()
    response = posted(client, login_url(), pairs)
    assert SESSION_KEY not in client.session
    assert response.status_code in (200, 302, 429)
    typed = [value for key, value in pairs if key == "login"]
    if response.status_code == 200 and typed and "\x00" not in typed[-1]:
        assert shows(response.content.decode(), typed[-1].strip()) or shows(
            response.content.decode(), typed[-1]
        )
    if response.status_code == 302:
        assert response["Location"] == reverse("mfa_authenticate")


def current_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))


@property_settings(examples=20)
@given(data=st.data())
def test_the_second_step_refuses_every_code_but_the_right_one(manager, data):
    client = fresh_client()
    assert (
        posted(client, login_url(), [("login", manager.email), ("password", STAFF_PASSWORD)]).status_code
        == 302
    )
    right = current_code(manager.totp_secret)
    fields = {"code": st.one_of(st.text("0123456789", min_size=6, max_size=6).filter(lambda c: c != right))}
    pairs = data.draw(field_pairs(fields), label="posted")
    response = posted(client, reverse("mfa_authenticate"), pairs)
    assert SESSION_KEY not in client.session
    assert response.status_code in (200, 302, 429)
    if response.status_code == 200:
        assert form_errors(response)


@pytest.mark.parametrize("pairs", [[], [("credential", "{}")], [("Code", "123456")]])
def test_a_code_step_posted_without_the_code_field_asks_for_the_code_again(manager, pairs):
    """allauth reads such a POST as a security-key answer and drew a page with no field."""
    client = fresh_client()
    assert (
        posted(client, login_url(), [("login", manager.email), ("password", STAFF_PASSWORD)]).status_code
        == 302
    )
    response = posted(client, reverse("mfa_authenticate"), pairs)
    assert response.status_code == 200
    assert "code" in form_errors(response)
    assert 'name="code"' in response.content.decode()
    assert SESSION_KEY not in client.session


# The language switch -------------------------------------------------------------------------


@property_settings(examples=30)
@given(
    language=st.one_of(st.sampled_from(["en", "es", "ES", "fr", ""]), SHORT_HOSTILE),
    next_url=st.one_of(
        st.sampled_from(
            [
                "/search/?q=heart",
                "javascript:alert(1)",
                "//evil.example/",
                "https://evil.example/",
                "/\\evil.example",
                "\x00/",
                "/es/",
            ]
        ),
        SHORT_HOSTILE,
    ),
)
def test_the_language_switch_never_sends_anyone_off_the_site(home_page, language, next_url):
    response = posted(fresh_client(), "/i18n/setlang/", [("language", language), ("next", next_url)])
    assert response.status_code in (200, 302, 204)
    location = response.get("Location", "/")
    assert url_has_allowed_host_and_scheme(location, allowed_hosts={"testserver"}), location
