"""The patient's path through a survey, with the Django test client."""

import copy
import re
from html.parser import HTMLParser

import pytest

from surveys import definition as d
from surveys.models import Answer, Response, SurveyDraft
from surveys.services import survey_create_from_snapshot, survey_page_ensure
from tests.surveys.factories import snapshot_question, three_step_snapshot


def step_url(page, step):
    return page.url + page.reverse_subpage("step", kwargs={"step": step})


def post_step(client, page, step, data, **extra):
    posted = {f"{step}-{key}": value for key, value in data.items()}
    posted.update(extra)
    return client.post(step_url(page, step), posted)


STEP1 = {"preferences": "3", "problem": "yes"}
STEP2 = {
    "overall": "8",
    "problem_details": "The ambulance was late.",
    "call_back": "yes",
    "call_back_phone": "555 201 0123",
}
STEP3 = {"understood_medicines": "4", "understood_contacts": "5", "comment": "Thanks"}


def answer_all(client, page):
    assert post_step(client, page, "1", STEP1).url.endswith("/step/2/")
    assert post_step(client, page, "2", STEP2).url.endswith("/step/3/")
    assert post_step(client, page, "3", STEP3).url.endswith("/step/check/")


def checked_values(html: str, name: str) -> list[str]:
    return re.findall(rf'name="{re.escape(name)}" value="([^"]*)"[^>]*checked', html)


@pytest.mark.both_databases
def test_a_person_answers_every_step_and_one_response_is_stored(client, survey_page):
    assert client.get(survey_page.url).status_code == 200
    first = client.get(survey_page.url + "continue/")
    assert first.status_code == 302 and first.url.endswith("/step/1/")
    body = client.get(first.url).content.decode()
    assert 'usa-step-indicator__current-step">1<' in body and "of 4" in body
    answer_all(client, survey_page)
    check = client.get(step_url(survey_page, "check")).content.decode()
    assert "The ambulance was late." in check and "555 201 0123" in check
    done = client.post(step_url(survey_page, "check"), {})
    assert done.status_code == 302 and done.url.endswith("/thank-you/")
    assert client.post(step_url(survey_page, "check"), {}).url.endswith("/thank-you/")
    assert Response.objects.count() == 1
    response = Response.objects.get()
    answers = {a.key: a for a in Answer.objects.filter(response=response)}
    assert set(answers) == {
        "preferences",
        "problem",
        "overall",
        "problem_details",
        "call_back",
        "understood_medicines",
        "understood_contacts",
        "comment",
    }
    assert answers["preferences"].score == pytest.approx(200 / 3)
    assert answers["overall"].value == 8 and answers["overall"].score == 80
    assert answers["call_back"].text == "555 201 0123"
    assert answers["problem_details"].text == "The ambulance was late."
    assert answers["problem_details"].score is None
    # Mean of the scored answers: 66.67, 80, 75 and 100.
    assert response.score == pytest.approx((200 / 3 + 80 + 75 + 100) / 4, abs=0.01)
    assert "Thank you for your answers." in client.get(survey_page.url + "thank-you/").content.decode()
    assert SurveyDraft.objects.get().data == {}


def test_a_wrong_answer_shows_its_message_and_keeps_the_others(client, survey_page):
    post_step(client, survey_page, "1", STEP1)
    wrong = {**STEP2, "call_back_phone": "call me maybe"}
    response = post_step(client, survey_page, "2", wrong)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Please check your answers" in body
    assert 'href="#id_2-call_back_phone"' in body
    assert "Enter a phone number using digits" in body
    assert checked_values(body, "2-overall") == ["8"]
    assert "The ambulance was late." in body
    assert 'value="call me maybe"' in body


def test_back_keeps_what_was_typed_on_the_step(client, survey_page):
    post_step(client, survey_page, "1", STEP1)
    back = post_step(client, survey_page, "2", {"overall": "6"}, wizard_goto_step="1")
    assert back.url.endswith("/step/1/")
    assert checked_values(client.get(back.url).content.decode(), "1-preferences") == ["3"]
    assert checked_values(client.get(step_url(survey_page, "2")).content.decode(), "2-overall") == ["6"]


def test_a_question_whose_condition_is_not_met_is_skipped(client, survey_page):
    post_step(client, survey_page, "1", {"preferences": "na", "problem": "no"})
    body = client.get(step_url(survey_page, "2")).content.decode()
    assert "2-problem_details" not in body
    post_step(client, survey_page, "2", {"overall": "3", "problem_details": "ignored"})
    post_step(client, survey_page, "3", {"understood_medicines": "1", "understood_contacts": "2"})
    client.post(step_url(survey_page, "check"), {})
    keys = set(Answer.objects.values_list("key", flat=True))
    assert "problem_details" not in keys
    assert Answer.objects.get(key="preferences").score is None  # "Not applicable" is not scored


def test_a_step_with_no_question_left_is_skipped(client, home_page):
    snapshot = three_step_snapshot()
    snapshot["steps"].insert(
        1,
        {
            "title": "Only after a problem",
            "questions": [
                {
                    **snapshot["steps"][1]["questions"][1],
                    "key": "what_happened",
                    "show_if": {"key": "problem", "operator": d.EQUALS, "value": "yes"},
                }
            ],
        },
    )
    survey = survey_create_from_snapshot(snapshot=snapshot, locale=home_page.locale)
    page = survey_page_ensure(parent=home_page, slug="skip", title="Skip", survey=survey, access="public")
    assert post_step(client, page, "1", {"preferences": "4", "problem": "no"}).url.endswith("/step/3/")
    body = client.get(step_url(page, "3")).content.decode()
    assert "of 4" in body  # steps 1, 3, 4 and the check page
    assert client.get(step_url(page, "2")).url.endswith("/step/3/")  # hidden: to the first open step


def test_change_link_returns_to_the_summary(client, survey_page):
    answer_all(client, survey_page)
    check = client.get(step_url(survey_page, "check")).content.decode()
    assert "/step/2/?change=1#2-overall" in check
    client.get(step_url(survey_page, "2") + "?change=1")
    changed = post_step(client, survey_page, "2", {**STEP2, "overall": "2"})
    assert changed.url.endswith("/step/check/")
    assert "Not answered" not in client.get(changed.url).content.decode()


def test_changing_an_answer_that_reveals_a_question_goes_there_first(client, survey_page):
    post_step(client, survey_page, "1", {"preferences": "2", "problem": "no"})
    post_step(client, survey_page, "2", {"overall": "5"})
    post_step(client, survey_page, "3", STEP3)
    client.get(step_url(survey_page, "1") + "?change=1")
    back_to = post_step(client, survey_page, "1", STEP1)
    assert back_to.url.endswith("/step/2/")  # the new "what went wrong?" is required


def test_the_summary_cannot_be_skipped_to(client, survey_page):
    post_step(client, survey_page, "1", STEP1)
    assert client.get(step_url(survey_page, "check")).url.endswith("/step/2/")
    assert client.post(step_url(survey_page, "check"), {}).status_code == 302
    assert Response.objects.count() == 0


def test_unknown_steps_and_a_missing_management_form_never_fail(client, survey_page):
    for step in ("0", "99", "done", "check", "1;x"):
        assert client.get(step_url(survey_page, step)).status_code in (302, 404)
        assert client.post(step_url(survey_page, step), {"x": "y"}).status_code in (200, 302, 404)


@pytest.mark.both_databases
def test_the_draft_is_kept_in_the_database_not_the_browser(client, survey_page):
    post_step(client, survey_page, "1", STEP1)
    draft = SurveyDraft.objects.get()
    assert draft.data["step_data"]["1"] == {"1-preferences": ["3"], "1-problem": ["yes"]}
    assert "csrfmiddlewaretoken" not in str(draft.data)


def test_only_this_steps_own_fields_are_stored_and_each_is_bounded(client, survey_page):
    post_step(
        client,
        survey_page,
        "1",
        {"preferences": "x" * 100_000, "other": "y"},
        **{"2-overall": "5", "wizard_goto_step": "1"},
    )
    data = SurveyDraft.objects.get().data["step_data"]["1"]
    assert set(data) == {"1-preferences"}
    assert len(data["1-preferences"][0]) == 5000


@pytest.mark.both_databases
def test_a_public_survey_takes_one_response_per_browser_session(client, survey_page):
    answer_all(client, survey_page)
    client.post(step_url(survey_page, "check"), {})
    assert client.get(survey_page.url + "continue/").url.endswith("/thank-you/")
    assert client.get(survey_page.url).url.endswith("/thank-you/")
    assert Response.objects.count() == 1


@pytest.mark.both_databases
def test_a_filled_honeypot_holds_the_answers_apart_and_looks_the_same(client, survey_page):
    from surveys.models import HeldSubmission

    post_step(client, survey_page, "1", STEP1, **{"1-website": "http://spam.example"})
    post_step(client, survey_page, "2", STEP2)
    post_step(client, survey_page, "3", STEP3)
    done = client.post(step_url(survey_page, "check"), {})
    assert done.url.endswith("/thank-you/")
    assert Response.objects.count() == 0
    assert HeldSubmission.objects.get().answers["comment"] == "Thanks"


@pytest.mark.both_databases
def test_public_submissions_are_limited_per_address_and_the_draft_is_kept(client, survey_page, settings):
    from django.core.cache import cache
    from django.test import Client

    cache.clear()
    settings.SURVEY_PUBLIC_SUBMISSIONS_PER_HOUR = 1
    for _attempt in range(2):
        browser = Client()
        answer_all(browser, survey_page)
        last = browser.post(step_url(survey_page, "check"), {})
    assert last.status_code == 429
    assert "Your answers are saved" in last.content.decode()
    assert Response.objects.count() == 1
    assert SurveyDraft.objects.filter(submitted_at__isnull=True).count() == 1


def test_people_with_their_own_invitation_are_never_limited_per_address(survey_page, settings):
    """Many patients of one care home share its address; each has their own link."""
    from django.core.cache import cache
    from django.test import Client

    from surveys.services import invitation_create

    cache.clear()
    settings.SURVEY_PUBLIC_SUBMISSIONS_PER_HOUR = 1
    for _person in range(3):
        _invitation, token = invitation_create(page=survey_page, language="en")
        browser = Client()
        browser.get(f"/s/{token}/")
        answer_all(browser, survey_page)
        assert browser.post(step_url(survey_page, "check"), {}).url.endswith("/thank-you/")
    assert Response.objects.filter(invitation__isnull=False).count() == 3


def test_an_unpublished_survey_is_not_found(client, survey_page):
    survey = survey_page.survey
    survey.live = False
    survey.save()
    assert client.get(survey_page.url).status_code == 404


def test_every_survey_page_is_never_cached(client, survey_page):
    for url in (survey_page.url, step_url(survey_page, "1")):
        response = client.get(url, follow=True)
        assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


@pytest.mark.both_databases
def test_each_step_and_the_submit_take_the_same_queries_whatever_the_number_of_questions(client, home_page):
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    def counted(request) -> int:
        cache.clear()  # the same cache and rate-limit bookkeeping for both sizes
        with CaptureQueriesContext(connection) as queries:
            request()
        return len(queries)

    def survey_with(question_count: int, slug: str) -> list[int]:
        snapshot = copy.deepcopy(three_step_snapshot())
        template = snapshot["steps"][0]["questions"][0]
        snapshot["steps"] = [
            {
                "title": "All",
                "questions": [{**template, "key": f"q{number}"} for number in range(question_count)],
            }
        ]
        survey = survey_create_from_snapshot(snapshot=snapshot, locale=home_page.locale)
        page = survey_page_ensure(parent=home_page, slug=slug, title=slug, survey=survey, access="public")
        browser = Client()
        answers = {f"q{number}": "2" for number in range(question_count)}
        browser.get(page.url)  # process-wide caches (content types) filled before counting
        counts = [
            counted(lambda: browser.get(step_url(page, "1"))),
            counted(lambda: post_step(browser, page, "1", answers)),
            counted(lambda: browser.get(step_url(page, "check"))),
            counted(lambda: browser.post(step_url(page, "check"), {})),
        ]
        assert Answer.objects.filter(response__page=page).count() == question_count
        return counts

    assert survey_with(3, "small") == survey_with(60, "large")


def test_a_nul_character_typed_before_going_back_is_not_an_error(client, survey_page):
    response = post_step(
        client, survey_page, "1", {"preferences": "3\x00", "problem": "y\x00es"}, wizard_goto_step="1"
    )
    assert response.status_code == 302
    assert SurveyDraft.objects.get().data["step_data"]["1"] == {"1-preferences": ["3"], "1-problem": ["yes"]}


def test_line_breaks_count_once_as_in_the_browser(client, survey_page):
    from django.core.exceptions import ValidationError

    from surveys.forms import TextField

    # A browser sends each line break in a text box as CR LF but counts it as one character
    # against the box's maxlength: an answer that fits the box must fit here too.
    field = TextField(max_length=10)
    assert field.clean("12345\r\n6789") == "12345\n6789"  # 10 as the browser counts
    assert field.clean("ab\r\ncd\rgh") == "ab\ncd\ngh"
    with pytest.raises(ValidationError):
        field.clean("12345\r\n67890")


@pytest.mark.both_databases
def test_a_submit_for_a_care_move_copies_it_and_its_packet_status_in_one_more_query(survey_page):
    """The care move is read with the invitation; its packet, at the moment of the submit."""
    import datetime as dt

    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from packets.models import Packet
    from surveys.models import Invitation
    from surveys.models.responses import PACKET_NONE, PACKET_OPENED
    from surveys.services import invitation_create
    from transitions.models import CareTransition, Facility

    hospital = Facility.objects.create(name="General", kind="hospital")

    def submit(*, packet: dict | None, reference: str | None) -> tuple[Response, int]:
        invitation, token = invitation_create(page=survey_page, language="en")
        if reference is not None:
            moved = CareTransition.objects.create(
                external_reference=reference,
                patient_first_name="Ana",
                email=f"{reference}@example.org",
                language="en",
                discharging_facility=hospital,
                destination_kind="snf",
                transition_date=dt.date(2026, 3, 2),
            )
            Invitation.objects.filter(pk=invitation.pk).update(transition=moved)
            if packet is not None:
                Packet.objects.create(transition=moved, language="en", **packet)
        browser = Client()
        browser.get(f"/s/{token}/")
        answer_all(browser, survey_page)
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert browser.post(step_url(survey_page, "check"), {}).url.endswith("/thank-you/")
        return Response.objects.get(invitation=invitation), len(queries)

    now = timezone.now()
    was_opened = {"status": Packet.SENT, "sent_at": now, "opened_at": now}
    opened, with_packet = submit(packet=was_opened, reference="A1")
    without, no_packet = submit(packet=None, reference="A2")
    handed_out, no_move = submit(packet=None, reference=None)
    assert (opened.packet_status, without.packet_status, handed_out.packet_status) == (
        PACKET_OPENED,
        PACKET_NONE,
        "",
    )
    assert opened.transition.external_reference == "A1"
    assert with_packet == no_packet == no_move + 1


def _warm_route(client, url):
    """The first reads create the site's survey settings, which starts a new generation of
    kept routes; by the second the route (and the survey's page) is kept."""
    for _ in range(2):
        client.get(url)


def test_a_step_reads_its_page_survey_and_version_from_the_kept_route(client, survey_page):
    """Once the route is kept, a step reads neither the page nor its survey and version."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    post_step(client, survey_page, "1", STEP1)
    _warm_route(client, step_url(survey_page, "2"))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(step_url(survey_page, "2"))
    assert response.status_code == 200 and "How would you rate the move?" in response.content.decode()
    reading = [
        q["sql"]
        for q in queries
        if any(
            f'"{table}"' in q["sql"]
            for table in ("wagtailcore_page", "surveys_survey", "surveys_surveyversion")
        )
    ]
    assert reading == []


def test_a_survey_unpublished_after_its_route_is_kept_is_not_found_at_once(client, survey_page):
    url = step_url(survey_page, "1")
    _warm_route(client, url)
    assert client.get(url).status_code == 200
    survey_page.survey.unpublish()
    assert client.get(url).status_code == 404
    assert client.get(survey_page.url).status_code == 404


def test_a_new_version_reaches_a_new_visitor_after_the_route_is_kept(client, survey_page, survey):
    from django.test import Client

    url = step_url(survey_page, "1")
    _warm_route(client, url)
    assert "My wishes were taken into account." in client.get(url).content.decode()
    steps = survey.steps.raw_data
    steps[0]["value"]["questions"][0]["value"]["text"] = "The team asked what I wanted."
    survey.steps = steps
    survey.save_revision().publish()
    assert "The team asked what I wanted." in Client().get(url).content.decode()


def test_what_one_request_does_to_a_kept_page_never_reaches_the_next(client, survey_page):
    """Each request gets its own copy of the kept page out of the cache."""
    url = step_url(survey_page, "1")
    _warm_route(client, url)
    first = client.get(url)
    page = first.context["page"]
    page.title = "Changed in one request"
    page.survey.current_version.definition["title"] = "Changed too"
    again = client.get(url)
    assert again.context["page"] is not page
    assert again.context["page"].title == survey_page.title
    assert "Changed" not in again.content.decode()


def every_question_type() -> list[dict]:
    questions = [question for step in three_step_snapshot()["steps"] for question in step["questions"]]
    choices = [{"code": "a", "label": "A", "value": None}, {"code": "b", "label": "B", "value": None}]
    questions += [
        snapshot_question("likely", d.NPS, "Would you recommend us?", options=d.scale_options()),
        snapshot_question("one", d.SINGLE_CHOICE, "Pick one", options=choices),
        snapshot_question("many", d.MULTIPLE_CHOICE, "Pick any", options=choices),
    ]
    assert {question["type"] for question in questions} == set(d.QUESTION_TYPES)
    return questions


def test_each_question_type_names_the_fields_it_makes():
    """render_questions finds a question's fields by name without making them again."""
    from surveys.forms import question_field_names, question_fields

    for question in every_question_type():
        assert question_field_names(question) == list(question_fields(question))


class _Markup(HTMLParser):
    """The ids in a piece of HTML and the ids its aria-describedby and for attributes name."""

    def __init__(self):
        super().__init__()
        self.ids, self.named, self.tags = set(), [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append(tag)
        if "id" in attrs:
            assert attrs["id"] not in self.ids, f"id {attrs['id']} twice"
            self.ids.add(attrs["id"])
        self.named += attrs.get("aria-describedby", "").split()
        if tag == "label" and attrs.get("for"):
            self.named.append(attrs["for"])


@pytest.mark.parametrize("posted", [None, {}], ids=["new", "with-errors"])
def test_every_question_type_is_drawn_with_its_label_hint_and_errors_tied_together(posted):
    """Each question's hint, length limit and error are named by its fieldset or text box
    (so screen readers read them), every label points at a box, and texts are escaped."""
    from django.http import QueryDict

    from surveys.forms import step_form_class

    questions = copy.deepcopy(every_question_type())
    for question in questions:
        question["help_text"] = "Think of <b>the day</b> you left & after."
        question["required"] = question["type"] != d.LONG_TEXT
    form = step_form_class(questions)(data=None if posted is None else QueryDict(), prefix="2")
    html = str(form.render_questions())
    markup = _Markup()
    markup.feed(html)
    assert set(markup.named) <= markup.ids, "a reference to nothing"
    assert "<b>" not in html and "Think of &lt;b&gt;the day&lt;/b&gt; you left &amp; after." in html
    for question in questions:
        assert f"id_2-{question['key']}_helptext" in markup.named
    for key in ("overall", "likely"):
        assert re.search(f'<fieldset class="[^"]* survey-scale" id="2-{key}"', html)
    assert "0 = Very bad" in html and "10 = Very good" in html
    assert "id_2-problem_details_limit" in markup.named and "(optional)" in html
    errors = {name for name in markup.ids if name.endswith("_error")}
    if posted is None:
        assert errors == set() and "usa-form-group--error" not in html
    else:
        assert errors == {f"id_2-{name}_error" for name in form.errors}
        assert errors <= set(markup.named), "an error no box names"
        assert len(errors) >= len(questions) - 2  # all but the optional text and the call-back
