"""Demo surveys: the shipped templates in English and Spanish, a page to answer the
move survey on, the page feedback form switched on, the facilities with their liaisons,
a year of made-up answers to review, and the education packets those patients were given.
Safe to run again."""

from __future__ import annotations

import datetime as dt
import random
from itertools import cycle

from wagtail.models import Locale

from content.models import CareSettingPage, HomePage
from content.services import page_translation_publish
from demo.responses import REFERENCE_PREFIX, care_move_pages, responses_generate
from demo.survey_templates import template_snapshot
from feedback.figures import day_start
from surveys.models import PUBLIC, Response, Survey, SurveyPage, SurveySettings
from surveys.models.responses import PACKET_OPENED, PACKET_SENT
from surveys.services import survey_create_from_snapshot, survey_page_ensure, survey_translation_publish
from transitions.models import Facility

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
    survey has answers already, and the packets behind them (see demo_packets_seed);
    returns how many responses were made."""
    pages = care_move_pages()
    if not pages:
        return 0
    made = 0
    if not Response.objects.filter(page__in=list(pages.values())).exists():
        made = responses_generate(count=DEMO_RESPONSES, months=12)
    demo_packets_seed()
    return made


PRINTED_SHARE = 0.4  # of the packets given before the answer: printed at the bedside, not emailed


def demo_packets_seed(*, seed: int = 11) -> int:
    """Education packets for the generated responses that say one was sent, printed or
    opened, chosen as a liaison would (the suggested pages, through packet_save), then
    marked as emailed, printed or opened before the patient answered, so each packet agrees
    with the response's packet status. Transitions that have a packet already are left
    alone, so running it again does nothing; returns how many packets were made."""
    from packets.models import Packet, PacketItem, PacketSettings
    from packets.services import PacketError, packet_save
    from packets.suggestions import packet_suggestions

    responses = list(
        Response.objects.filter(
            packet_status__in=[PACKET_SENT, PACKET_OPENED],
            transition__external_reference__startswith=REFERENCE_PREFIX,
            transition__packet__isnull=True,
        )
        .select_related("transition__liaison")
        .order_by("transition__external_reference")
    )
    if not responses:
        return 0
    rng = random.Random(seed)  # noqa: S311 - made-up data, reproducible on purpose
    link_days = PacketSettings.load().link_days
    suggested: dict[tuple, list] = {}
    packets, opened_items = [], []
    for response in responses:
        transition = response.transition
        # Made-up transitions differ only in these, so their suggestions are worked out once.
        key = (transition.destination_kind, transition.language, transition.condition_codes)
        if key not in suggested:
            suggested[key] = [suggestion.page for suggestion in packet_suggestions(transition=transition)]
        if not suggested[key]:
            continue
        try:
            packet = packet_save(transition=transition, pages=suggested[key], user=transition.liaison)
        except PacketError:
            continue
        # Given in the afternoon of the day of the move, and in any case before the answer.
        given = min(
            day_start(transition.transition_date) + dt.timedelta(hours=15, minutes=rng.randint(0, 59)),
            response.submitted_at - dt.timedelta(hours=1),
        )
        if response.packet_status == PACKET_SENT and rng.random() < PRINTED_SHARE:
            packet.last_printed_at = given
        else:
            packet.status, packet.sent_at = Packet.SENT, given
            packet.expires_at = given + dt.timedelta(days=link_days)
        if response.packet_status == PACKET_OPENED:
            packet.opened_at = given + (response.submitted_at - given) * rng.uniform(0.05, 0.9)
            items = list(packet.items.all())
            for item in rng.sample(items, k=rng.randint(1, len(items))):
                item.opened_count = rng.choice([1, 1, 1, 2, 3])
                item.first_opened_at = packet.opened_at
                opened_items.append(item)
        packets.append(packet)
    Packet.objects.bulk_update(packets, ["status", "sent_at", "expires_at", "last_printed_at", "opened_at"])
    PacketItem.objects.bulk_update(opened_items, ["opened_count", "first_opened_at"])
    return len(packets)
