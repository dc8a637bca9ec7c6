"""Demo surveys: the shipped templates in English and Spanish, a page to answer the
move survey on, the page feedback form switched on, the facilities with their liaisons,
and a year of made-up answers to review. Safe to run again."""

from __future__ import annotations

import datetime as dt
from itertools import cycle

from wagtail.models import Locale

from content.models import CareSettingPage, HomePage
from content.services import page_translation_publish
from surveys.demo.responses import care_move_pages, responses_generate
from surveys.demo.templates import template_snapshot
from surveys.models import PUBLIC, Facility, Response, Survey, SurveyPage, SurveySettings
from surveys.services import survey_create_from_snapshot, survey_page_ensure, survey_translation_publish

MOVE_PAGE = {
    "en": ("your-move", "Tell us about your move"),
    "es": ("su-traslado", "Cuéntenos sobre su traslado"),
}


def shipped_survey_ensure(*, slug: str, user=None) -> Survey:
    """The English survey built from a shipped template, with its Spanish translation.
    An existing one (found by its English title) is left as the managers edited it."""
    english = template_snapshot(slug, "en")
    locale = Locale.objects.get(language_code="en")
    survey = Survey.objects.filter(locale=locale, title=english["title"]).first()
    if survey is None:
        survey = survey_create_from_snapshot(snapshot=english, locale=locale, user=user)
    if survey.get_translation_or_none(Locale.objects.get(language_code="es")) is None:
        survey_translation_publish(
            survey=survey, snapshot=template_snapshot(slug, "es"), language_code="es", user=user
        )
    return survey


def surveys_seed(*, home: HomePage, user=None, liaisons=()) -> dict:
    move = shipped_survey_ensure(slug="care-move", user=user)
    feedback = shipped_survey_ensure(slug="page-feedback", user=user)
    settings = SurveySettings.load()
    if settings.page_feedback_survey_id is None:
        settings.page_feedback_survey = feedback
        settings.save()

    slug, title = MOVE_PAGE["en"]
    page = SurveyPage.objects.child_of(home).filter(slug=slug).first()
    if page is None:
        page = survey_page_ensure(parent=home, slug=slug, title=title, survey=move, access=PUBLIC)
        page.invite_destination_kinds = ["snf", "irf", "home_health", "hospice", "ltach"]
        # The demo sends at any hour, so trying it in the evening works; a real survey page
        # keeps the default 09:00–19:00 window.
        page.send_from, page.send_until = dt.time(0, 0), dt.time(23, 59)
        page.suggested_pages.set(CareSettingPage.objects.filter(locale=home.locale))
        page.save_revision().publish()
    if page.get_translation_or_none(Locale.objects.get(language_code="es")) is None:
        slug_es, title_es = MOVE_PAGE["es"]
        spanish = page_translation_publish(
            page=page,
            language_code="es",
            slug=slug_es,
            fields={
                "title": title_es,
                "survey": move.get_translation(Locale.objects.get(language_code="es")),
            },
            body=None,
        )
        spanish.suggested_pages.set(CareSettingPage.objects.filter(locale=spanish.locale))
        spanish.save_revision().publish()
    facilities_seed(liaisons=liaisons)
    return {"move_survey": move, "feedback_survey": feedback, "move_page": page}


DEMO_FACILITIES = [
    ("Riverside General Hospital", "hospital"),
    ("St. Anne's Community Hospital", "hospital"),
    ("Maple Grove Skilled Nursing", "snf"),
    ("Lakeside Rehabilitation Hospital", "irf"),
    ("Hometown Home Health", "home_health"),
    ("Evergreen Hospice", "hospice"),
]


def facilities_seed(*, liaisons=()) -> list[Facility]:
    """Demo facilities; each demo liaison works at one hospital, in order (the first at
    Riverside General, the second at St. Anne's), so a liaison sees only their own."""
    facilities = []
    for name, kind in DEMO_FACILITIES:
        facility, _created = Facility.objects.get_or_create(name=name, defaults={"kind": kind})
        facilities.append(facility)
    hospitals = [facility for facility in facilities if facility.kind == "hospital"]
    for hospital, liaison in zip(cycle(hospitals), liaisons):
        hospital.liaisons.add(liaison)
    return facilities


DEMO_RESPONSES = 300


def demo_responses_seed() -> int:
    """A year of made-up answers to the move survey, with their follow-ups, unless the
    survey has answers already; returns how many were made."""
    pages = care_move_pages()
    if not pages or Response.objects.filter(page__in=list(pages.values())).exists():
        return 0
    return responses_generate(count=DEMO_RESPONSES, months=12)
