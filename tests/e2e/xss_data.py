"""The XSS corpus (tests/xss_corpus.py) typed into every free-text field of the portal through
the project's own services and form classes, so the same validation runs as when a patient,
a liaison or an editor types it. Many payloads share one record wherever a page lists many,
so a handful of page loads covers the whole corpus.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid

from django.utils import timezone

from content.blocks import TextBlock
from content.models import ArticlePage, GlossaryTerm, HomePage
from content.services import condition_upsert, education_page_publish, index_pages_ensure
from feedback.admin_review import FollowUpStatusForm
from feedback.followups import followup_status_change, followups_open
from feedback.models import FollowUp
from surveys import definition as d
from surveys.forms import PHONE_SUFFIX, step_form_class, stored_answers
from surveys.models import PUBLIC, Invitation, Response, SurveyPage
from surveys.services import (
    _response_store,
    invitation_create,
    page_feedback_submit,
    survey_create_from_snapshot,
    survey_page_ensure,
    transition_save,
)
from tests.e2e.review_helpers import reviewer
from tests.library import body, page_fields
from tests.surveys.factories import snapshot_question
from tests.xss_corpus import PAYLOADS, fitting, packed
from transitions.models import CareTransition, Facility

PHONE = "555-201-0123"
# Words every page title below starts with, so one search finds them all.
TITLE_WORDS = "Care note"


def texts(limit: int, *, separator: str = "\n") -> list[str]:
    """The whole corpus in texts of at most ``limit`` characters."""
    return packed(limit, separator=separator)


def nth(limit: int, index: int) -> str:
    """A payload that fits in ``limit`` characters, going round the corpus."""
    fits = fitting(limit)
    return fits[index % len(fits)].text


# --- rich text, as the editor's Draftail field sends it ---------------------------------------

SCRIPT_LINKS = (
    "javascript:void(window.__xss=1)",
    " JaVaScRiPt:alert(1)",
    "java\tscript:confirm(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
)


def rich_text_from_editor(*, paragraphs: list[str], links: tuple[str, ...] = ()) -> str:
    """The HTML Wagtail stores for a rich text field whose editor typed ``paragraphs`` and
    linked one word of each of the last paragraphs to ``links`` (as Draftail sends it)."""
    blocks, entities = [], {}
    for index, text in enumerate(paragraphs):
        blocks.append(
            {
                "key": f"b{index}",
                "type": "unstyled",
                "text": text,
                "depth": 0,
                "inlineStyleRanges": [],
                "entityRanges": [],
                "data": {},
            }
        )
    for index, url in enumerate(links):
        entities[str(index)] = {"type": "LINK", "mutability": "MUTABLE", "data": {"url": url}}
        text = f"Read the leaflet {index}"
        blocks.append(
            {
                "key": f"l{index}",
                "type": "unstyled",
                "text": text,
                "depth": 0,
                "inlineStyleRanges": [],
                "entityRanges": [{"offset": 0, "length": len(text), "key": index}],
                "data": {},
            }
        )
    contentstate = json.dumps({"blocks": blocks, "entityMap": entities})
    return TextBlock().value_from_datadict({"body": contentstate}, {}, "body").source


# --- the survey: wording by a manager, answers by patients ------------------------------------


def _question(key, kind, text, help_text="", **extra) -> dict:
    """An optional question: the payloads are answers, and a patient may leave any out."""
    return snapshot_question(key, kind, text, help_text, **{"required": False, **extra})


MAX_OPTIONS = 20


def choice_questions() -> dict[str, list[tuple[str, str]]]:
    """Multiple-choice questions (key → their options' codes and labels) whose answers are
    the payloads that fit an answer's label, at most MAX_OPTIONS to a question."""
    options = [(f"c{index}", payload.text) for index, payload in enumerate(fitting(200))]
    return {
        f"channels_{number}": options[start : start + MAX_OPTIONS]
        for number, start in enumerate(range(0, len(options), MAX_OPTIONS), start=1)
    }


def xss_survey_snapshot() -> dict:
    """A two-step survey whose every piece of wording is a payload: a rating, a multiple
    choice whose answers are the corpus, three long texts, a short text and a call-back."""
    long_text = {"max_length": d.LONG_TEXT_MAX}
    return {
        "title": nth(120, 0),
        "introduction": texts(600)[0],
        "privacy_notice": texts(800)[1],
        "thank_you": texts(600)[2],
        "anonymous": False,
        "language": "en",
        "steps": [
            {
                "title": nth(120, 1),
                "questions": [
                    _question(
                        "overall",
                        d.RATING,
                        nth(300, 2),
                        nth(300, 3),
                        required=True,
                        scored=True,
                        options=d.scale_options(),
                        low_label=nth(60, 4),
                        high_label=nth(60, 5),
                    ),
                    *(
                        _question(
                            key,
                            d.MULTIPLE_CHOICE,
                            nth(300, 6 + number),
                            options=[
                                {"code": code, "label": label, "value": float(index)}
                                for index, (code, label) in enumerate(options)
                            ],
                        )
                        for number, (key, options) in enumerate(choice_questions().items())
                    ),
                    _question("details_1", d.LONG_TEXT, nth(300, 27), nth(300, 28), **long_text),
                ],
            },
            {
                "title": nth(120, 9),
                "questions": [
                    _question("details_2", d.LONG_TEXT, nth(300, 10), **long_text),
                    _question("details_3", d.LONG_TEXT, nth(300, 11), **long_text),
                    _question("short", d.SHORT_TEXT, nth(300, 12), max_length=d.SHORT_TEXT_MAX),
                    _question("call_back", d.CALLBACK, nth(300, 13), purpose=texts(400)[3]),
                ],
            },
        ],
    }


def xss_survey_page(*, home_page, slug: str = "xss-survey", access: str = PUBLIC) -> SurveyPage:
    """The survey above on a page of its own, whose introduction (rich text) is payloads."""
    survey = survey_create_from_snapshot(snapshot=xss_survey_snapshot(), locale=home_page.locale)
    page = survey_page_ensure(parent=home_page, slug=slug, title=nth(200, 14), survey=survey, access=access)
    page.intro = rich_text_from_editor(paragraphs=texts(1000)[:2], links=SCRIPT_LINKS)
    page.save_revision().publish()
    return SurveyPage.objects.get(pk=page.pk)


def patient_texts() -> dict[str, str]:
    """The whole corpus as one patient's free-text answers (three long texts and a short)."""
    # Browsers send each line break as two characters (CR LF), and the limit counts them.
    long_texts = texts(d.LONG_TEXT_MAX - 100)
    assert len(long_texts) <= 3, "the corpus outgrew the survey's three long-text answers"
    answers = {f"details_{index}": text for index, text in enumerate(long_texts, start=1)}
    answers["short"] = texts(d.SHORT_TEXT_MAX, separator=" ")[0]  # a one-line box
    return answers


def answers_through_forms(*, version, given: dict[str, object]) -> dict[str, object]:
    """``given`` (field name → what was typed or ticked) through each wizard step's form, as
    the wizard validates it; returns the answers in their stored form."""
    answers: dict[str, object] = {}
    for number, step in enumerate(version.definition["steps"], start=1):
        form_class = step_form_class(step["questions"])
        data = {}
        for name, value in given.items():
            if name in form_class.base_fields:
                data[f"{number}-{name}"] = value
        form = form_class(data=_query_dict(data), prefix=str(number))
        assert form.is_valid(), form.errors
        answers.update(stored_answers(step["questions"], form.cleaned_data))
    return answers


def _query_dict(data: dict):
    from django.http import QueryDict

    query = QueryDict(mutable=True)
    for name, value in data.items():
        if isinstance(value, list):
            query.setlist(name, value)
        else:
            query[name] = value
    return query


# --- care transitions, responses and follow-ups ------------------------------------------------


def xss_transition(*, facility, index: int, liaison=None, **fields) -> CareTransition:
    """A transition whose reference, first name and family member's name are payloads,
    saved by the service (which runs the model's checks)."""
    values = {
        "external_reference": f"{nth(58, index)} #{index}",
        "patient_first_name": nth(60, index),
        "email": f"xss{index}@example.org",
        "language": "en",
        "respondent": CareTransition.PROXY if index % 2 else CareTransition.PATIENT,
        "proxy_name": nth(80, index + 1),
        "discharging_facility": facility,
        "destination_kind": "snf",
        "transition_date": dt.date.today() - dt.timedelta(days=3),
        "condition_codes": "I50.9",
        "liaison": liaison,
        **fields,
    }
    return transition_save(transition=CareTransition(**values))


def response_for(*, page: SurveyPage, transition: CareTransition, answers: dict, when=None) -> Response:
    """``transition``'s invitation to ``page``, answered with ``answers``."""
    invitation, _token = invitation_create(page=page, language=transition.language)
    Invitation.objects.filter(pk=invitation.pk).update(
        transition=transition, sent_at=when or timezone.now(), status=Invitation.COMPLETED
    )
    invitation.refresh_from_db()
    response = _response_store(
        version=page.survey.current_version,
        answers=answers,
        page=page,
        language=transition.language,
        submission_key=uuid.uuid4(),
        invitation=invitation,
        submitted_at=when,
    )
    Invitation.objects.filter(pk=invitation.pk).update(responded_at=response.submitted_at)
    return response


def notes_through_forms(*, followup: FollowUp, notes: list[str], user) -> None:
    """Each note saved with a change of status, through the follow-up form and service."""
    for index, note in enumerate(notes):
        status = FollowUp.IN_PROGRESS if index % 2 == 0 else FollowUp.OPEN
        followup.refresh_from_db()
        form = FollowUpStatusForm(data={"status": status, "note": note}, followup=followup)
        assert form.is_valid(), form.errors
        followup_status_change(followup=followup, status=status, note=form.cleaned_data["note"], user=user)


def xss_feedback_area(*, home_page) -> dict:
    """Facilities and liaisons named with payloads; one transition per payload that fits a
    first name, each answered with one payload; one response holding the whole corpus, with
    follow-ups whose notes hold it too."""
    page = xss_survey_page(home_page=home_page, slug="xss-move", access="invitation")
    version = page.survey.current_version
    manager = reviewer("Liaison manager", first_name="Max", last_name="Manager")
    facilities = [
        Facility.objects.create(name=name, kind="hospital") for name in texts(150, separator=" ")[:6]
    ]
    liaisons = []
    for index, facility in enumerate(facilities):
        liaison = reviewer("Liaison", first_name=nth(150, index), last_name=nth(150, index + 20))
        facility.liaisons.add(liaison)
        liaisons.append(liaison)

    transitions, responses = [], []
    for index in range(len(fitting(58))):
        which = index % len(facilities)
        transition = xss_transition(facility=facilities[which], index=index, liaison=liaisons[which])
        payload = PAYLOADS[index].text
        given = {"overall": "9", "details_1": payload}
        if len(payload) <= d.SHORT_TEXT_MAX:
            given["short"] = payload
        answers = answers_through_forms(version=version, given=given)
        responses.append(response_for(page=page, transition=transition, answers=answers))
        transitions.append(transition)

    everything = answers_through_forms(
        version=version,
        given={
            "overall": "2",
            **{key: [code for code, _label in options] for key, options in choice_questions().items()},
            **patient_texts(),
            "call_back": "yes",
            "call_back" + PHONE_SUFFIX: PHONE,
        },
    )
    # The whole corpus in one response, on a transition of its own.
    whole = xss_transition(facility=facilities[0], index=len(transitions), liaison=liaisons[0])
    full = response_for(page=page, transition=whole, answers=everything)
    transitions.append(whole)
    followups_open(response_id=full.pk)
    followup = FollowUp.objects.filter(response=full).order_by("pk").first()
    notes_through_forms(followup=followup, notes=texts(2000), user=manager)
    return {
        "page": page,
        "manager": manager,
        "facilities": facilities,
        "liaisons": liaisons,
        "transitions": transitions,
        "responses": responses,
        "full": full,
        "followup": followup,
    }


def xss_emails(*, survey_page: SurveyPage, transition: CareTransition, packet_pages: list, user) -> list:
    """The survey invitation (in the editor's own wording, made of payloads) and the
    education packet email to ``transition``, each sent by its sweep; returns them."""
    from django.core import mail

    from packets.sending import packets_sweep
    from packets.services import packet_save, packet_send
    from surveys.sending import invitations_sweep

    survey_page.invite_destination_kinds = [transition.destination_kind]
    survey_page.invitation_subject = nth(120, 22)
    survey_page.invitation_message = texts(800)[0]
    survey_page.save_revision().publish()
    transition_save(transition=transition)  # schedules its invitation by the page's rule
    invitation = Invitation.objects.get(transition=transition, page=survey_page)
    invitations_sweep(invitation_ids=[invitation.pk], ignore_window=True)
    packet = packet_send(packet=packet_save(transition=transition, pages=packet_pages, user=user), user=user)
    packets_sweep(now=max(timezone.now(), packet.due_at), packet_ids=[packet.pk])
    return [email for email in mail.outbox if email.to == [transition.email]]


def discharges_csv(*, facility: Facility) -> tuple[bytes, list[str]]:
    """A spreadsheet of discharges as a liaison would upload it, a payload in every text
    cell; every other row names a facility that does not exist, and some have a payload as
    their language or condition codes. Returns the file and the references of the rows
    without a problem."""
    import csv
    import io

    stream = io.StringIO()
    columns = [
        "external_reference",
        "patient_first_name",
        "email",
        "language",
        "respondent",
        "proxy_name",
        "discharging_facility",
        "destination_kind",
        "transition_date",
        "condition_codes",
    ]
    writer = csv.DictWriter(stream, fieldnames=columns)
    writer.writeheader()
    valid = []
    for index, payload in enumerate(fitting(58)):
        reference = f"{payload.text} #csv{index}"
        row = {
            "external_reference": reference,
            "patient_first_name": nth(60, index + 1),
            "email": f"csv{index}@example.org",
            "language": nth(60, index) if index % 3 == 1 else "en",
            "respondent": "proxy",
            "proxy_name": nth(80, index + 2),
            "discharging_facility": facility.name if index % 2 == 0 else nth(150, index),
            "destination_kind": "snf",
            "transition_date": dt.date.today().isoformat(),
            "condition_codes": nth(200, index) if index % 4 == 2 else "I50.9",
        }
        writer.writerow(row)
        if index % 2 == 0 and index % 3 != 1 and index % 4 != 2:
            valid.append(reference)
    return stream.getvalue().encode("utf-8"), valid


# --- education content written by editors ---------------------------------------------------


def _glossary_terms(locale) -> list[GlossaryTerm]:
    definitions = texts(400)
    return [
        GlossaryTerm.objects.create(
            term=payload.text, definition=definitions[index % len(definitions)], locale=locale
        )
        for index, payload in enumerate(fitting(80))
    ]


def _full_body(*, glossary: list[GlossaryTerm]) -> list:
    """Every block an editor can add, its every text field holding payloads."""
    short = [payload.text for payload in fitting(200)]
    steps = [payload.text for payload in fitting(250)]
    faq_answers = texts(1500)
    return [
        ("in_short", {"items": short[:5]}),
        ("text", rich_text_from_editor(paragraphs=texts(2000), links=SCRIPT_LINKS)),
        ("care_card", {"urgency": "emergency", "symptoms": short}),
        ("warning", {"heading": nth(120, 15), "text": texts(600)[0]}),
        ("do_dont", {"dos": short, "donts": list(reversed(short))}),
        ("steps", {"heading": nth(120, 16), "steps": steps}),
        ("checklist", {"heading": nth(120, 17), "items": short}),
        ("questions", {"heading": nth(120, 18), "questions": steps}),
        (
            "faq",
            {
                "items": [
                    {"question": short[index % len(short)], "answer": answer}
                    for index, answer in enumerate(faq_answers)
                ]
            },
        ),
        ("glossary", {"terms": glossary}),
    ]


def full_body_texts() -> list[str]:
    """The texts of the article carrying the whole corpus, as its readers see them."""
    return [
        *(payload.text for payload in fitting(250)),
        *texts(2000),
        *texts(1500),
        *texts(600)[:1],
        *texts(400),
        *(nth(120, index) for index in (15, 16, 17, 18)),
        *(payload.text for payload in fitting(80)),
    ]


def xss_library(*, home_page: HomePage) -> dict:
    """Home and index pages with payload introductions, conditions and glossary terms named
    with payloads, one article per handful of payloads (in its title and summary) and one
    article carrying the whole corpus in every block of its body."""
    HomePage.objects.filter(pk=home_page.pk).update(intro=texts(1000)[0])
    home_page.refresh_from_db()
    home_page.save_revision().publish()
    topics, care_settings = index_pages_ensure(home=home_page)
    for index, index_page in enumerate((topics, care_settings)):
        index_page.intro = texts(1000)[index + 1]
        index_page.save_revision().publish()
    conditions = [
        condition_upsert(name=payload.text, icd10=[f"I50.{index % 10}"], snomed=[])
        for index, payload in enumerate(fitting(120)[:12])
    ]
    glossary = _glossary_terms(home_page.locale)
    summaries = texts(600)
    articles = []
    for index, title in enumerate(texts(240, separator=" ")):
        articles.append(
            education_page_publish(
                parent=topics,
                model=ArticlePage,
                slug=f"care-note-{index}",
                fields=page_fields(
                    f"{TITLE_WORDS} {index} {title}",
                    summaries[index % len(summaries)],
                    reviewer=nth(100, index),
                ),
                body=body(),
                conditions=conditions[index % len(conditions) : index % len(conditions) + 1],
            )
        )
    full = education_page_publish(
        parent=topics,
        model=ArticlePage,
        slug="everything",
        fields=page_fields(f"{TITLE_WORDS} {nth(200, 19)}", texts(600)[1], reviewer=nth(100, 20)),
        body=_full_body(glossary=glossary),
        conditions=conditions,
    )
    return {
        "home": home_page,
        "topics": topics,
        "care_settings": care_settings,
        "articles": articles,
        "full": full,
        "conditions": conditions,
        "glossary": glossary,
    }


def xss_page_comments(*, page, locale) -> list[str]:
    """The corpus as "Was this page helpful?" comments on ``page``, each through the
    feedback form class and service; returns the comments."""
    from tests.e2e.survey_helpers import page_feedback_enable

    survey = page_feedback_enable(locale=locale)
    version = survey.current_version
    questions = [question for step in version.definition["steps"] for question in step["questions"]]
    limit = next(question["max_length"] for question in questions if question["key"] == "comment")
    comments = texts(limit)
    for comment in comments:
        form = step_form_class(questions)(
            data=_query_dict({"feedback-helpful": "no", "feedback-comment": comment}), prefix="feedback"
        )
        assert form.is_valid(), form.errors
        page_feedback_submit(
            version=version, page=page, answers=stored_answers(questions, form.cleaned_data), language="en"
        )
    return comments
