"""The cross-site scripting corpus (tests/xss_corpus.py) in a real browser.

Every payload is typed into every free-text field a patient, a liaison or an editor can
fill, then every page that shows the field is opened in Chromium: no dialog, no detector
set, no dangerous markup in the page and no Content-Security-Policy violation (a payload
the policy blocked was still not escaped). The emails are opened too, as a mail program
without any policy would show them. First, the corpus is shown to be live: each payload,
put unescaped where it is meant to run, sets the detector.
"""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from urllib.parse import unquote, urlencode

import pytest
from django.template import engines
from django.urls import reverse
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query, SearchPromotion

from content.search import MAX_QUERY_LENGTH, clean_query
from feedback.models import FollowUp
from packets.models import Packet, PacketToken
from packets.services import packet_save
from surveys import definition as d
from surveys.models import Answer, Invitation, token_hash
from surveys.sending import greeting_name
from tests.e2e.review_helpers import reviewer
from tests.e2e.survey_helpers import save_button, sign_in
from tests.e2e.xss_browser import xss_findings, xss_not_shown, xss_page
from tests.e2e.xss_data import (
    PHONE,
    SCRIPT_LINKS,
    TITLE_WORDS,
    choice_questions,
    discharges_csv,
    full_body_texts,
    nth,
    patient_texts,
    texts,
    xss_emails,
    xss_feedback_area,
    xss_library,
    xss_page_comments,
    xss_survey_page,
    xss_survey_snapshot,
    xss_transition,
)
from tests.xss_corpus import (
    CLICK,
    DJANGO_TEMPLATE,
    DQ_ATTRIBUTE,
    HIDDEN_CHARACTERS,
    INERT,
    NFKC,
    PAYLOADS,
    SCRIPT,
    SQ_ATTRIBUTE,
    TEXTAREA,
    TITLE,
    UNQUOTED_ATTRIBUTE,
    URL,
    URL_DECODED,
    Payload,
    fitting,
)
from transitions.csv_import import shown
from transitions.models import CareTransition, Facility


def django_db(test):
    """A test against the live server: its data committed, so the server sees it."""
    return pytest.mark.django_db(transaction=True)(pytest.mark.usefixtures("migrated_data")(test))


# Payloads that are plain text wherever they land: nothing to detect, by design.
TEXT_ONLY = {"client template", "template literal", "homoglyph script"}
RAW_SITE = "http://unescaped.test/"


# --- the corpus is live ------------------------------------------------------------------------

_INTERACT = """() => {
  for (const element of document.body.querySelectorAll("*")) {
    element.dispatchEvent(new MouseEvent("mouseover", {bubbles: true}));
  }
  for (const element of document.body.querySelectorAll("a, button")) {
    element.dispatchEvent(new MouseEvent("click", {bubbles: true, cancelable: true}));
  }
}"""


def _between_tags(text: str) -> str:
    # A quoted attribute after it, as real pages have, closes an unclosed one.
    return f'<p>{text}</p><span title="tail">tail</span>'


def unescaped_document(payload: Payload) -> str:
    """A page holding ``payload`` unescaped, where it is meant to run."""
    text, context = payload.text, payload.context
    head, body = "<title>Raw</title>", ""
    if context == DQ_ATTRIBUTE:
        body = f'<input value="{text}">'
    elif context == SQ_ATTRIBUTE:
        body = f"<input value='{text}'>"
    elif context == UNQUOTED_ATTRIBUTE:
        body = f"<input value={text}>"
    elif context == TEXTAREA:
        body = f"<textarea>{text}</textarea>"
    elif context == TITLE:
        head = f"<title>{text}</title>"
    elif context == SCRIPT:
        body = f'<script type="application/json">{{"name": "{text}"}}</script>'
    elif context == URL or (context == INERT and not text.startswith("<")):
        body = f'<a href="{text}">Open</a>'
    elif context == NFKC:
        body = _between_tags(unicodedata.normalize("NFKC", text))
    elif context == HIDDEN_CHARACTERS:
        body = _between_tags(text.replace("\u200b", "").replace("\u200d", ""))
    elif context == URL_DECODED:
        body = _between_tags(unquote(text))
    elif context == DJANGO_TEMPLATE:
        body = _between_tags(engines["django"].from_string(text).render({}))
    else:
        body = _between_tags(text)
    return f"<!doctype html><html lang=en><head>{head}</head><body>{body}</body></html>"


def _serve_unescaped(page, document: str) -> None:
    """Answer RAW_SITE, a made-up site, with ``document`` and anything under it with a 404,
    from the browser itself (nothing leaves the machine, and no policy applies): relative
    URLs such as src=x resolve as they would on a real page."""
    page.unroute(f"{RAW_SITE}**")
    page.route(
        f"{RAW_SITE}**",
        lambda route: route.fulfill(
            status=200 if route.request.url == RAW_SITE else 404,
            body=document if route.request.url == RAW_SITE else "",
            content_type="text/html; charset=utf-8",
        ),
    )


def test_every_payload_runs_or_is_reported_when_it_is_not_escaped(browser):
    """The detectors and the markup check are live: a page that does not escape the corpus
    is caught for every payload (those in TEXT_ONLY aside, which cannot do anything)."""
    page = xss_page(browser)
    missed, caught_text_only = [], []
    try:
        for payload in PAYLOADS:
            _serve_unescaped(page, unescaped_document(payload))
            page.goto(RAW_SITE)
            if payload.context in (CLICK, URL, HIDDEN_CHARACTERS):
                page.evaluate(_INTERACT)
                page.wait_for_load_state()
            found = xss_findings(page)
            if payload.name in TEXT_ONLY:
                if found:
                    caught_text_only.append(payload.name)
                continue
            if payload.context != INERT:
                # Not just dangerous markup: the payload itself ran.
                found = [
                    f for f in found if f.startswith(("dialog", "window.__xss", "document.title", "a value"))
                ]
            if not found:
                missed.append(f"{payload.name} ({payload.context}): {payload.text!r}")
    finally:
        page.context.close()
    assert len(PAYLOADS) >= 50
    assert missed == [], "these payloads did nothing when unescaped:\n" + "\n".join(missed)
    assert caught_text_only == [], f"these are not plain text after all: {caught_text_only}"


# --- the portal escapes it everywhere ---------------------------------------------------------


class Visits:
    """Pages opened in one browser page, and everything found wrong on each."""

    def __init__(self, page, base_url: str):
        self.page, self.base_url, self.failures = page, base_url, {}

    def open(self, url: str, *, status: int = 200) -> None:
        response = self.page.goto(self.base_url + url)
        assert response.status == status, f"{url} answered {response.status}"

    def check(self, name: str, shown=(), *, expected_console: tuple[str, ...] = ()) -> None:
        """Nothing ran or could run on the page now open, and each of ``shown`` is on it as text."""
        if found := xss_findings(self.page, expected_console=expected_console):
            self.failures[name] = found
        if missing := xss_not_shown(self.page, shown):
            self.failures[name + " (not shown as text)"] = missing

    def listed(self, name: str, url: str, shown, *, rows: int, per_page: int) -> None:
        """Check every page of the list at ``url`` (``rows`` long); each of ``shown`` is on
        one of them."""
        missing = {str(text) for text in shown}
        for number in range(1, (rows - 1) // per_page + 2):
            self.open(f"{url}?p={number}")
            missing &= set(xss_not_shown(self.page, missing))
            self.check(f"{name}, page {number}")
        if missing:
            self.failures[name + " (not shown as text on any page)"] = sorted(missing)

    def assert_clean(self) -> None:
        assert not self.failures, "\n\n".join(
            f"== {name} ==\n" + "\n".join(str(item) for item in found)
            for name, found in self.failures.items()
        )


def _tick(page, name: str, value: str) -> None:
    """Click the label of the radio button or tick box ``name`` = ``value`` (the inputs are
    drawn as tiles, the input itself off-screen)."""
    box = page.locator(f"input[name='{name}'][value='{value}']")
    page.locator(f"label[for='{box.get_attribute('id')}']").click()


@django_db
def test_a_patient_typing_the_corpus_into_the_wizard_sees_it_as_text_and_nothing_runs(
    browser, live_server, home_page
):
    survey_page = xss_survey_page(home_page=home_page)
    wording = xss_survey_snapshot()
    step_one, step_two = wording["steps"]
    typed = patient_texts()
    choices = choice_questions()
    labels = [label for options in choices.values() for _code, label in options]
    bad_phone = fitting(d.PHONE_MAX)[0].text
    page = xss_page(browser)
    visits = Visits(page, live_server.url)
    try:
        visits.open(survey_page.url)
        intro = [wording["title"], wording["introduction"], wording["privacy_notice"], *texts(1000)[:2]]
        visits.check("survey front page", intro)
        # The editor's javascript:, data: and vbscript: links lost their address.
        assert page.locator("main a", has_text="Read the leaflet").evaluate_all(
            "links => links.map((link) => link.getAttribute('href'))"
        ) == [None] * len(SCRIPT_LINKS)
        page.locator("main a.usa-button--big").click()

        page.wait_for_url("**/step/1/")
        overall = step_one["questions"][0]
        visits.check(
            "step 1",
            [step_one["title"], overall["text"], overall["help_text"], overall["low_label"], *labels],
        )
        _tick(page, "1-overall", "2")
        for key, options in choices.items():
            for code, _label in options:
                _tick(page, f"1-{key}", code)
        page.locator("#id_1-details_1").fill(typed["details_1"])
        save_button(page).click()

        page.wait_for_url("**/step/2/")
        call_back = step_two["questions"][-1]
        visits.check(
            "step 2",
            [
                step_two["title"],
                call_back["purpose"],
                *(question["text"] for question in step_two["questions"]),
            ],
        )
        page.locator("#id_2-details_2").fill(typed.get("details_2", ""))
        page.locator("#id_2-details_3").fill(typed.get("details_3", ""))
        page.locator("#id_2-short").fill(typed["short"])
        _tick(page, "2-call_back", "yes")
        page.locator("#id_2-call_back_phone").fill(bad_phone)
        with page.expect_navigation():
            save_button(page).click()
        assert page.locator("#id_2-call_back_phone_error").is_visible()
        visits.check("step 2 sent back with the phone number's error", [bad_phone, typed["short"]])

        page.locator("#id_2-call_back_phone").fill(PHONE)
        save_button(page).click()
        page.wait_for_url("**/step/check/")
        visits.check("check your answers", [*typed.values(), *labels, step_one["title"], step_two["title"]])

        save_button(page).click()
        page.wait_for_url("**/thank-you/")
        visits.check("thank-you page", [wording["thank_you"]])
    finally:
        page.context.close()
    visits.assert_clean()

    # What was typed is stored as typed (the browser sends line breaks as CR LF).
    stored = dict(Answer.objects.filter(response__page=survey_page).values_list("key", "text"))
    assert {key: stored[key].replace("\r\n", "\n") for key in typed} == typed
    ticked = Answer.objects.filter(response__page=survey_page, key__in=choices).values_list("code", flat=True)
    assert sorted(code for codes in ticked for code in codes.split()) == sorted(
        code for options in choices.values() for code, _label in options
    )


PACKET_TOKEN = "an-xss-token-0123456789abcdefghijklmnopqrstuvwxyz"


def _packet_for(*, pages, index: int) -> CareTransition:
    """A sent packet of ``pages`` for a patient (and family member) named with payloads,
    opened with PACKET_TOKEN; returns its transition."""
    facility = Facility.objects.create(name=nth(150, index), kind="hospital")
    liaison = reviewer("Liaison")
    facility.liaisons.add(liaison)
    transition = xss_transition(
        facility=facility, index=index, liaison=liaison, respondent=CareTransition.PROXY
    )
    packet = packet_save(transition=transition, pages=pages, user=liaison)
    now = timezone.now()
    PacketToken.objects.create(packet=packet, token_hash=token_hash(PACKET_TOKEN))
    Packet.objects.filter(pk=packet.pk).update(
        status=Packet.SENT, sent_at=now, expires_at=now + dt.timedelta(days=90)
    )
    return transition


def _json_ld_name(page) -> str:
    return page.evaluate(
        """() => JSON.parse(document.querySelector('script[type="application/ld+json"]').textContent).name"""
    )


@django_db
def test_text_from_editors_and_visitors_on_public_pages_is_shown_as_text_and_nothing_runs(
    browser, live_server, home_page
):
    library = xss_library(home_page=home_page)
    full, articles = library["full"], library["articles"]
    comments = xss_page_comments(page=full, locale=home_page.locale)
    SearchPromotion.objects.create(
        query=Query.get(TITLE_WORDS.lower()), page=full, sort_order=0, description=nth(250, 21)
    )
    transition = _packet_for(pages=[full, *articles[:3]], index=30)
    body = full_body_texts()
    page = xss_page(browser)
    visits = Visits(page, live_server.url)
    try:
        visits.open("/")
        visits.check("home page", [texts(1000)[0]])
        visits.open(library["topics"].url)
        visits.check(
            "health topics A to Z",
            [
                texts(1000)[1],
                *(article.az_name for article in articles),  # the name each is listed under
                *(article.summary for article in articles),
            ],
        )
        visits.open(library["care_settings"].url)
        visits.check("care settings", [texts(1000)[2]])

        visits.open(full.url)
        visits.check("the article carrying the corpus", [full.title, full.summary, *body])
        assert _json_ld_name(page) == full.title
        # The editor's javascript:, data: and vbscript: links lost their address.
        assert page.locator("main a", has_text="Read the leaflet").evaluate_all(
            "links => links.map((link) => link.getAttribute('href'))"
        ) == [None] * len(SCRIPT_LINKS)
        for article in articles:
            visits.open(article.url)
            visits.check(f"article {article.slug}", [article.title, article.summary, article.reviewer])
            assert _json_ld_name(page) == article.title, article.slug

        # "Was this page helpful?", answered in the browser with a comment.
        visits.open(articles[0].url)
        feedback = page.locator("#page-feedback")
        feedback.get_by_role("group", name="Was this page helpful?").get_by_text("No", exact=True).click()
        feedback.get_by_label("What would make this page better?").fill(comments[0])
        feedback.get_by_role("button", name="Send feedback").click()
        page.wait_for_url(live_server.url + articles[0].url)
        visits.check("article after sending feedback", ["Thank you for your feedback."])
        sent = Answer.objects.get(response__page=articles[0], key="comment").text
        assert sent.replace("\r\n", "\n") == comments[0]

        # A Spanish reader of a page with no Spanish version is offered the English one.
        visits.open(f"/es/untranslated/{full.pk}/")
        visits.check("the page is not translated (Spanish)", [full.title])

        # Suggestions as the reader types: page titles put into the box's list by script.
        visits.open("/")
        box = page.get_by_label("Search for a health topic or a place of care")
        box.press_sequentially(TITLE_WORDS)
        options = page.locator(f"datalist#{box.get_attribute('list')} option")
        options.first.wait_for(state="attached")
        titles = {article.title for article in (full, *articles)}
        suggested = options.evaluate_all("options => options.map((option) => option.value)")
        assert suggested and set(suggested) <= titles, suggested
        visits.check("home page with search suggestions")

        # The search box: its words come back in the box and on the results page.
        queries = texts(MAX_QUERY_LENGTH, separator=" ")
        visits.open("/")
        page.get_by_label("Search for a health topic or a place of care").fill(queries[0])
        page.keyboard.press("Enter")
        page.wait_for_url("**/search/?q=**")
        # The query is shown as cleaned: control and invisible formatting characters dropped.
        visits.check("search results for the first query, typed", [clean_query(queries[0])])
        for number, query in enumerate(queries[1:], start=2):
            visits.open("/search/?" + urlencode({"q": query}))
            visits.check(f"search results for query {number}", [clean_query(query)])
        summaries = {article.title: article.summary for article in (full, *articles)}
        searches = (
            TITLE_WORDS,
            f"{TITLE_WORDS} lt gt amp quot x27 27",
            # Punctuation the search engine would read as its own syntax (column: "phrase" *).
            f'{TITLE_WORDS}: "{PAYLOADS[0].text}" NOT AND*',
        )
        for number, words in enumerate(searches, start=1):
            for result_page in (1, 2):
                visits.open("/search/?" + urlencode({"q": words, "page": result_page}))
                found = page.locator(".portal-search__result h2").all_inner_texts()
                assert found, f"nothing found for {words!r}"
                visits.check(
                    f"search results {number}, page {result_page}",
                    [*found, *(summaries[title] for title in found if title in summaries)],
                )

        # The patient's education packet, from the emailed link, and its printable handout.
        visits.open(f"/p/{PACKET_TOKEN}/")
        visits.check(
            "education packet",
            [transition.proxy_name, *(item.title for item in (full, *articles[:3])), articles[0].summary],
        )
        visits.open("/packet/print/")
        visits.check("education packet, printable handout", [transition.proxy_name, full.title, *body])
    finally:
        page.context.close()

    # The same text where it is edited: glossary, conditions and promoted results are kept
    # by the site's administrators (no role is given them).
    page = _sign_in(browser, live_server.url, reviewer("Content editor", is_superuser=True))
    visits.page = page
    try:
        visits.open(reverse("packet_reports:pages"))
        visits.check("report: education pages, packets and feedback", [full.title])
        visits.open(reverse("packet_reports:page_comments", args=[full.pk]))
        visits.check("report: comments on a page", comments)
        visits.open(reverse("content_reports:readability"))
        visits.check("report: readability", [full.title])
        glossary = library["glossary"]
        visits.listed(
            "glossary",
            reverse("wagtailsnippets_content_glossaryterm:list"),
            [term.term for term in glossary],
            rows=len(glossary),
            per_page=20,
        )
        visits.open(reverse("wagtailsnippets_content_condition:list"))
        visits.check("conditions", [condition.name for condition in library["conditions"]])
        visits.open(reverse("wagtailsearchpromotions:index"))
        visits.check("promoted search results", [TITLE_WORDS.lower()])
        visits.open(reverse("wagtailadmin_explore", args=[library["topics"].pk]))
        visits.check("the page explorer", [article.title for article in articles])
        visits.open(reverse("wagtailadmin_pages:edit", args=[full.pk]))
        visits.check("the page editor", [full.title, full.summary])
    finally:
        page.context.close()
    visits.assert_clean()


def _sign_in(browser, base_url: str, user):
    page = xss_page(browser)
    sign_in(page, base_url, user)
    xss_findings(page)  # the sign-in pages are checked elsewhere
    return page


@django_db
def test_text_from_patients_and_staff_on_the_feedback_pages_is_shown_as_text_and_nothing_runs(
    browser, live_server, home_page
):
    area = xss_feedback_area(home_page=home_page)
    full, followup, transitions = area["full"], area["followup"], area["transitions"]
    wording = xss_survey_snapshot()
    everything = [
        *patient_texts().values(),
        *(label for options in choice_questions().values() for _c, label in options),
    ]
    references = [transition.external_reference for transition in transitions]
    last_note = texts(2000)[-1]  # a follow-up shows its latest note
    names = [transition.patient_first_name for transition in transitions]
    facility_names = [facility.name for facility in area["facilities"]]
    liaison_names = [liaison.get_full_name() for liaison in area["liaisons"]]
    page = _sign_in(browser, live_server.url, area["manager"])
    visits = Visits(page, live_server.url)
    try:
        visits.open(reverse("review:dashboard"))
        visits.check("dashboard", [*facility_names, *liaison_names])
        # The charts' figures travel as JSON in the page, names and all, and parse back.
        chart_labels = page.evaluate(
            """() => JSON.stringify(JSON.parse(document.getElementById("review-chart-data").textContent))"""
        )
        assert [
            name for name in facility_names if json.dumps(name, ensure_ascii=False)[1:-1] not in chart_labels
        ] == []
        visits.listed("responses", reverse("review:responses"), references, rows=len(references), per_page=50)
        visits.open(reverse("review:response", args=[full.pk]))
        visits.check(
            "the response holding the corpus",
            [*everything, wording["title"], *(step["title"] for step in wording["steps"]), last_note],
        )
        visits.open(reverse("review:response", args=[area["responses"][0].pk]))
        visits.check("a response holding one payload", [PAYLOADS[0].text])
        visits.open(reverse("review:followups"))
        visits.check("follow-up queue", [facility_names[0], liaison_names[0]])
        visits.open(reverse("review:followup", args=[followup.pk]))
        visits.check("a follow-up and its note", [last_note])

        visits.listed(
            "invitation log",
            reverse("invitation_log:index"),
            references,
            rows=Invitation.objects.count(),
            per_page=50,
        )
        visits.open(reverse("invitation_log:transition", args=[transitions[0].pk]))
        visits.check("a transition's timeline", [references[0]])
        visits.listed(
            "care transitions",
            reverse("caretransition:index"),
            [*references, *names],
            rows=len(references),
            per_page=20,
        )
        visits.open(reverse("caretransition:edit", args=[transitions[1].pk]))
        visits.check("a care transition's form", [references[1], names[1], transitions[1].proxy_name])
        visits.open(reverse("caretransition:inspect", args=[transitions[1].pk]))
        visits.check("a care transition's details", [references[1], names[1], transitions[1].proxy_name])
        visits.open(reverse("packets_admin:packet", args=[transitions[1].pk]))
        visits.check("a care transition's education packet", [references[1]])

        # A liaison enters a transition in the admin: a payload as the condition codes comes
        # back in the error message, the others in the form.
        visits.open(reverse("caretransition:add"))
        new = {
            "reference": nth(58, 40) + " #new",
            "name": nth(60, 41),
            "proxy": nth(80, 42),
            "codes": nth(200, 43),
        }
        page.locator("#id_external_reference").fill(new["reference"])
        page.locator("#id_patient_first_name").fill(new["name"])
        page.locator("#id_respondent").select_option(CareTransition.PROXY)
        page.locator("#id_proxy_name").fill(new["proxy"])
        page.locator("#id_discharging_facility").select_option(str(area["facilities"][0].pk))
        page.locator("#id_destination_kind").select_option("snf")
        page.locator("#id_transition_date").fill(dt.date.today().isoformat())
        page.locator("#id_condition_codes").fill(new["codes"])
        # Enter sends the form (the date picker left open covers the Create button).
        with page.expect_navigation():
            page.locator("#id_condition_codes").press("Enter")
        assert page.locator("#id_condition_codes").get_attribute("aria-invalid") == "true"
        visits.check(
            "a new care transition sent back with an error", [new["reference"], new["name"], new["proxy"]]
        )
        assert not CareTransition.objects.filter(external_reference=new["reference"]).exists()
        page.locator("#id_condition_codes").fill("I50.9")
        page.locator("#id_condition_codes").press("Enter")
        page.wait_for_url("**" + reverse("caretransition:index"))
        visits.check("care transitions after adding one", [])
        assert (
            CareTransition.objects.get(external_reference=new["reference"]).patient_first_name == new["name"]
        )

        # A spreadsheet of discharges, checked and imported; its cells come back in the
        # preview's problems (with the facilities the liaison could have meant).
        spreadsheet, valid = discharges_csv(facility=area["facilities"][0])
        visits.open(reverse("transition_import:upload"))
        page.get_by_label("CSV file").set_input_files(
            files=[{"name": "discharges.csv", "mimeType": "text/csv", "buffer": spreadsheet}]
        )
        with page.expect_navigation():
            page.get_by_role("button", name="Check the file").click()
        visits.check("import: the file checked", [shown(nth(150, 1))])
        page.get_by_label("Import the valid rows and give me the others back as a CSV").check()
        with page.expect_navigation():
            page.get_by_role("button", name="Import").click()
        visits.check("import: the result")
        imported = CareTransition.objects.filter(external_reference__contains=" #csv")
        assert sorted(imported.values_list("external_reference", flat=True)) == sorted(valid)

        # A note typed into the follow-up form.
        note = texts(1900)[0]  # the browser sends line breaks as CR LF, counted in the limit
        visits.open(reverse("review:followup", args=[followup.pk]))
        page.get_by_label("New status").select_option(FollowUp.RESOLVED)
        page.get_by_label("What was done").fill(note)
        page.get_by_role("button", name="Save").click()
        page.wait_for_url("**" + reverse("review:followups"))
        visits.open(reverse("review:followup", args=[followup.pk]))
        visits.check("a follow-up closed with a note", [note])
    finally:
        page.context.close()

    # The emails, as a mail program that shows HTML (and has no Content-Security-Policy)
    # would show them.
    patient = xss_transition(
        facility=area["facilities"][0], index=len(transitions), liaison=area["liaisons"][0]
    )
    emails = xss_emails(
        survey_page=area["page"], transition=patient, packet_pages=[home_page], user=area["manager"]
    )
    assert len(emails) == 2, [email.subject for email in emails]
    page = xss_page(browser)
    visits.page = page
    try:
        for email in emails:
            html = email.alternatives[0][0]
            _serve_unescaped(page, html)
            page.goto(RAW_SITE)
            expected = [greeting_name(patient)]
            if email.extra_headers["Message-ID"].startswith("<invitation-"):
                expected.append(area["page"].invitation_message)  # the editor's own wording
            visits.check(f"email: {email.subject}", expected)
            assert greeting_name(patient) in email.body
    finally:
        page.context.close()
    visits.assert_clean()
