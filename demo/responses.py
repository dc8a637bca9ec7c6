"""Made-up but realistic answers to the care-move survey, for the demo and for benchmarks.

``responses_generate`` records care transitions from the active hospitals (those with
liaisons, when some have), the invitation each one was sent, and for the answered ones a
response stored exactly as the wizard stores it (``services.answer_rows`` on the live
version of the person's language), with the follow-ups the rules open. As the sweeps do,
invitations are made on the survey page in the site's language, in the person's language;
the response is on the page in that language.

Most people are content; some had a poor move (worst answers, low rating, would not
recommend), a few ask for a call or write about a fall, pain or their medication. About
4 in 10 invitations are answered, as in real surveys.

Each response records where the patient's education packet stood (none, sent or printed,
opened online), drawn apart from the answers: the generated data carries no effect of the
packet, so the dashboard's split by packet shows only what chance gives. Most transitions
carry one ICD-10-CM code of a condition the demo library covers.

Nothing generated is ever due: no sweep emails a made-up person, and no follow-up email
is sent. The same seed (and ``now``) gives the same data, apart from submission keys.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from dataclasses import dataclass, field
from statistics import fmean

from django.conf import settings
from django.db import transaction
from django.db.models import F, OuterRef, Subquery
from django.db.models.functions import Length
from django.utils import timezone

from demo.survey_templates import template_snapshot
from feedback.figures import figures_rebuild, local_day
from feedback.followup_rules import followup_reasons, followup_schedule, highest
from feedback.models import FollowUp, FollowUpReason, FollowUpRules
from surveys import definition
from surveys.forms import PHONE_SUFFIX
from surveys.models import Answer, Invitation, Response, Survey, SurveyPage, SurveyVersion
from surveys.models.responses import PACKET_NONE, PACKET_OPENED, PACKET_SENT
from surveys.services import answer_rows
from transitions.models import CareTransition, EmailOptOut, Facility
from transitions.optouts import email_hash

REFERENCE_PREFIX = "GEN-"
LANGUAGE_SHARES = {"en": 0.8, "es": 0.2}
# Moves by destination, and the share of invitations answered for each (families of
# hospice patients answer least).
DESTINATIONS = {"snf": 0.35, "home_health": 0.28, "irf": 0.16, "hospice": 0.12, "ltach": 0.09}
RESPONSE_RATES = {"snf": 0.42, "home_health": 0.38, "irf": 0.47, "hospice": 0.30, "ltach": 0.40}
PROXY_SHARE = 0.3  # answered by a family member or carer
# Where the education packet stood when the patient answered; drawn independently of the
# answers (no made-up effect of the packet).
PACKET_SHARES = {PACKET_NONE: 0.3, PACKET_SENT: 0.4, PACKET_OPENED: 0.3}
# One main condition per transition (the demo library's conditions), or none entered.
CONDITION_CODES = {"I50.9": 22, "J44.9": 18, "I63.9": 12, "E11.9": 16, "Z96.641": 12, "J18.9": 10, "": 10}
RECENT_BUSIER = 0.6  # the newest month sees this much more than the oldest

POSITIVE, MIXED, POOR = "positive", "mixed", "poor"
MOODS = {POSITIVE: 0.74, MIXED: 0.15, POOR: 0.11}
# 0 to 10 answers (rating, likelihood to recommend): value → weight.
SCALE_WEIGHTS = {
    POSITIVE: {10: 40, 9: 32, 8: 20, 7: 8},
    MIXED: {9: 8, 8: 36, 7: 40, 6: 10, 5: 6},
    POOR: {0: 8, 1: 6, 2: 10, 3: 14, 4: 16, 5: 22, 6: 24},
}
# Other ordered answers: weights from the best answer down (from the worst up when poor),
# then the weight of each remaining answer.
RANKED_WEIGHTS = {POSITIVE: ([63, 35, 1.6], 0.4), MIXED: ([20, 54, 23], 3), POOR: ([40, 38, 19], 3)}
NOT_APPLICABLE_SHARE = 0.04
SKIP_SHARE = 0.03  # optional questions left blank
PROBLEM_SHARE = {POSITIVE: 0.05, MIXED: 0.3, POOR: 0.65}  # "did any problem happen?" → yes
CALL_BACK_SHARE = {POSITIVE: 0.01, MIXED: 0.06, POOR: 0.25}
# Free text: how often each mood writes in each box (other boxes: ``comment``).
TEXT_SHARE = {
    "problem_details": {POSITIVE: 0.85, MIXED: 0.85, POOR: 0.85},
    "went_well": {POSITIVE: 0.3, MIXED: 0.2, POOR: 0.05},
    "could_be_better": {POSITIVE: 0.1, MIXED: 0.4, POOR: 0.55},
    "comment": {POSITIVE: 0.1, MIXED: 0.2, POOR: 0.3},
}
TEXTS = {
    "problem_details": {
        "en": [
            "Her pain medicine was not at the nursing home when we arrived, so she was in pain all night.",
            "He had a fall on the second day because the walker we were promised never came.",
            "The medication list from the hospital did not match what the pharmacy sent.",
            "The home health nurse did not come on the day we were told. We waited all day.",
            "The oxygen was delivered a day late.",
            "Nobody at the new place knew about his diet, so the first meals were not right for him.",
            "The follow-up appointment was booked for a day the clinic is closed.",
            "The transport came two hours early and Mom was not ready.",
            "The rehab team did not have the surgeon's instructions for the first two days.",
            "The hospice paperwork arrived after she did, so we answered every question again.",
        ],
        "es": [
            "Mi mamá tuvo una caída el primer día porque no había andador.",
            "Tenía mucho dolor y la medicina para el dolor no llegó hasta el día siguiente.",
            "La enfermera de salud en el hogar no vino el día que nos dijeron.",
            "El oxígeno llegó un día tarde.",
            "Nadie en el nuevo lugar sabía de su dieta.",
            "No nos dieron las fechas de las citas de seguimiento.",
            "Los papeles del hospicio llegaron después que ella.",
            "El transporte llegó muy temprano y no estábamos listos.",
        ],
    },
    "went_well": {
        "en": [
            "The social worker explained every step and called us back the same day.",
            "The nurses at the new place were expecting us and had everything ready.",
            "Everyone was kind and patient with my father.",
            "We got a clear list of his appointments.",
            "The discharge nurse went over the list of medicines with us twice.",
            "The move was quick and well organized.",
            "They found a rehab bed close to home.",
            "Staff spoke to us in plain words and answered all our questions.",
        ],
        "es": [
            "La trabajadora social nos explicó cada paso.",
            "Todos fueron muy amables y pacientes con mi papá.",
            "En el nuevo lugar ya nos esperaban y todo estaba listo.",
            "Nos explicaron las citas con claridad.",
            "El traslado fue rápido y bien organizado.",
            "Nos hablaron en español y entendimos todo.",
        ],
    },
    "could_be_better": {
        "en": [
            "Tell families the day before what time the transport will come.",
            "Give us the list of medicines on paper, not only in the portal.",
            "One phone number to call with questions would help a lot.",
            "We needed more time to choose the nursing home.",
            "Show us how to use the equipment before we leave the hospital.",
            "Make sure the home health agency has the orders before the discharge.",
            "Nobody asked about her pain after the move.",
        ],
        "es": [
            "Avisar a la familia el día anterior a qué hora llega el transporte.",
            "Darnos la lista de medicamentos en papel.",
            "Tener un solo número de teléfono para hacer preguntas.",
            "Más tiempo para elegir el centro de enfermería.",
            "Que alguien hable español cuando llaman a la casa.",
            "Nadie le preguntó por el dolor después del traslado.",
        ],
    },
}
TEXTS["comment"] = {
    language: TEXTS["went_well"][language] + TEXTS["could_be_better"][language] for language in ("en", "es")
}
# fmt: off
FIRST_NAMES = {
    "en": ["James", "Mary", "Robert", "Patricia", "John", "Linda", "Michael", "Barbara", "William",
           "Elizabeth", "David", "Susan", "Richard", "Jessica", "Joseph", "Karen", "Thomas", "Nancy",
           "Charles", "Betty", "Daniel", "Margaret", "Donald", "Dorothy", "George", "Ruth"],
    "es": ["José", "María", "Juan", "Guadalupe", "Luis", "Rosa", "Carlos", "Carmen", "Jorge", "Ana",
           "Miguel", "Teresa", "Francisco", "Elena", "Manuel", "Lucía", "Antonio", "Isabel"],
}
# fmt: on
PROXIES = {
    "en": ["daughter", "son", "wife", "husband", "niece", "neighbor"],
    "es": ["hija", "hijo", "esposa", "esposo", "sobrina", "vecina"],
}
AREA_CODES = ["212", "305", "312", "404", "512", "617", "713", "718", "773", "915"]
RESOLUTION_NOTES = {
    FollowUp.RESOLVED: [
        "Called the family; the pharmacy delivered the missing medicine the same day.",
        "Spoke with the charge nurse at the receiving facility; equipment delivered.",
        "Called back as asked and went over the follow-up appointments.",
        "Sent the updated medicine list to the receiving facility and the family.",
        "Arranged a home health visit for the next morning.",
    ],
    FollowUp.NO_ACTION: [
        "Called twice, no answer; left a voicemail with our number.",
        "Read the comment: no concern about care. Thanked the family.",
        "Already handled by the receiving facility before we called.",
    ],
}


@dataclass
class _Setting:
    """Everything the generator reads once: pages, versions, facilities and the rules."""

    rng: random.Random
    now: dt.datetime
    months: int
    invitation_page: SurveyPage  # the page the sweeps invite from (the site's language)
    pages: dict[str, SurveyPage]  # the page each language answers on
    versions: dict[str, SurveyVersion]
    hospitals: list[Facility]
    hospital_weights: list[float]
    liaisons: dict[int, list[int]]  # facility id → its liaisons' ids
    receiving: dict[str, list[Facility]]  # destination kind → facilities of that kind
    destinations: dict[str, float]
    rules: FollowUpRules
    next_number: int
    emailed: set[int] = field(default_factory=set)  # users with an email address
    # Packets and conditions are drawn from their own stream, so adding them left every
    # other generated value as it was for the same seed.
    extra_rng: random.Random = field(default_factory=random.Random)


@dataclass
class _Move:
    """One generated transition, its invitation and, when answered, the answers."""

    transition: CareTransition
    invitation: Invitation
    answers: dict[str, object] | None = None
    packet_status: str = ""
    response: Response | None = None
    rows: list[Answer] = field(default_factory=list)


def care_move_pages() -> dict[str, SurveyPage]:
    """The live pages of the shipped care-move survey, by language (none before the demo
    surveys are seeded)."""
    title = template_snapshot("care-move", settings.LANGUAGE_CODE)["title"]
    survey = Survey.objects.filter(locale__language_code=settings.LANGUAGE_CODE, title=title).first()
    if survey is None:
        return {}
    pages = SurveyPage.objects.live().filter(survey__translation_key=survey.translation_key)
    return {page.locale.language_code: page for page in pages.select_related("locale", "survey")}


def generated_responses_count() -> int:
    """How many responses this generator has stored so far."""
    return Response.objects.filter(transition__external_reference__startswith=REFERENCE_PREFIX).count()


def responses_generate(
    *,
    count: int,
    seed: int = 7,
    months: int = 12,
    now: dt.datetime | None = None,
    batch: int = 5000,
    followups: bool = True,
) -> int:
    """Store ``count`` answered care transitions (and the unanswered ones around them)
    submitted over the last ``months`` months, in batches of ``batch``; returns ``count``.
    Needs the demo surveys and at least one facility (see demo.surveys_seed)."""
    setting = _setting(seed=seed, months=months, now=now or timezone.now())
    done, days = 0, set()
    while done < count:
        size = min(batch, count - done)
        moves = []
        for _ in range(size):
            moves.extend(_moves(setting))
        responses = [move for move in moves if move.answers is not None]
        with transaction.atomic():
            _store(setting, moves, batch=batch)
            if followups:
                _followups_store(setting, [move.response for move in responses], batch=batch)
        days.update(local_day(move.response.submitted_at) for move in responses)
        done += size
    # The dashboard reads daily sums: the days these responses fall on are summed again.
    figures_rebuild(days=days)
    # Fresh planner statistics: after a bulk load PostgreSQL otherwise plans for nearly empty
    # tables until autovacuum gets round to them (a dashboard took 3 s instead of 0.2, and
    # an export sorted every remaining response for each batch).
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            # Also marks the figures' pages all-visible, so the dashboard reads their index
            # alone at once rather than after autovacuum's next visit.
            cursor.execute("VACUUM (ANALYZE) surveys_dailyfigures")
        cursor.execute("ANALYZE")
    return count


def _setting(*, seed: int, months: int, now: dt.datetime) -> _Setting:
    pages = care_move_pages()
    versions = {
        language: page.survey.current_version
        for language, page in pages.items()
        if page.survey.live and page.survey.current_version_id
    }
    if settings.LANGUAGE_CODE not in versions:
        raise ValueError("The care-move survey is not published: seed the demo surveys first.")
    facilities = list(Facility.objects.filter(active=True).prefetch_related("liaisons").order_by("pk"))
    hospitals = [facility for facility in facilities if facility.kind == "hospital"] or facilities
    # Hospitals where liaisons work, when there are any, so every move has someone to follow it up.
    hospitals = [facility for facility in hospitals if facility.liaisons.all()] or hospitals
    if not hospitals:
        raise ValueError("There is no active facility to discharge patients from.")
    rng = random.Random(seed)  # noqa: S311 - made-up data, reproducible on purpose
    invitation_page = pages[settings.LANGUAGE_CODE]
    kinds = set(invitation_page.invite_destination_kinds or DESTINATIONS)
    last = (
        CareTransition.objects.filter(external_reference__startswith=REFERENCE_PREFIX)
        .order_by(Length("external_reference").desc(), "-external_reference")
        .values_list("external_reference", flat=True)
        .first()
    )
    liaisons = {facility.pk: [user.pk for user in facility.liaisons.all()] for facility in hospitals}
    return _Setting(
        rng=rng,
        now=now,
        months=months,
        invitation_page=invitation_page,
        pages={language: pages[language] for language in versions},
        versions=versions,
        hospitals=hospitals,
        hospital_weights=[rng.uniform(0.6, 1.4) for _ in hospitals],
        liaisons=liaisons,
        receiving={
            kind: [facility for facility in facilities if facility.kind == kind] for kind in DESTINATIONS
        },
        destinations={kind: share for kind, share in DESTINATIONS.items() if kind in kinds} or DESTINATIONS,
        rules=FollowUpRules.load(),
        next_number=int(last.removeprefix(REFERENCE_PREFIX)) + 1 if last else 1,
        emailed={user.pk for facility in hospitals for user in facility.liaisons.all() if user.email},
        extra_rng=random.Random(f"packets-{seed}"),  # noqa: S311 - made-up data, reproducible on purpose
    )


def _pick(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _moves(setting: _Setting) -> list[_Move]:
    """One answered move and the unanswered ones that go with it at its destination's rate."""
    rng = setting.rng
    destination = _pick(rng, setting.destinations)
    answered = _move(setting, destination=destination, answered=True)
    unanswered_per_answer = (1 - RESPONSE_RATES[destination]) / RESPONSE_RATES[destination]
    unanswered = int(unanswered_per_answer) + (rng.random() < unanswered_per_answer % 1)
    return [answered, *(_move(setting, destination=destination, answered=False) for _ in range(unanswered))]


def _move(setting: _Setting, *, destination: str, answered: bool) -> _Move:
    rng, page = setting.rng, setting.invitation_page
    language = _pick(rng, {code: share for code, share in LANGUAGE_SHARES.items() if code in setting.pages})
    sent_at = _sent_at(setting)
    transition = _transition(setting, destination=destination, language=language, sent_at=sent_at)
    expires_at = sent_at + dt.timedelta(days=page.expire_after_days)
    invitation = Invitation(
        page=page,
        language=language,
        status=Invitation.SENT,
        sent_at=sent_at,
        last_sent_at=sent_at,
        expires_at=expires_at,
    )
    move = _Move(transition=transition, invitation=invitation)
    if answered:
        responded_at = _responded_at(setting, sent_at)
        invitation.status, invitation.responded_at, invitation.closed_at = (
            Invitation.COMPLETED,
            responded_at,
            responded_at,
        )
        invitation.started_at = max(
            responded_at - dt.timedelta(minutes=rng.randint(3, 15)), sent_at + dt.timedelta(minutes=1)
        )
        invitation.opened_at = max(invitation.started_at - dt.timedelta(minutes=rng.randint(0, 2)), sent_at)
        move.answers = _answers(rng, setting.versions[language].definition, language, _mood(setting, sent_at))
        move.packet_status = _pick(setting.extra_rng, PACKET_SHARES)
    else:
        if rng.random() < 0.3:
            invitation.opened_at = min(sent_at + dt.timedelta(hours=rng.uniform(0.1, 72)), setting.now)
        if rng.random() < 0.03:
            closed_at = min(sent_at + dt.timedelta(hours=rng.uniform(1, 200)), setting.now)
            invitation.status, invitation.closed_at = Invitation.OPTED_OUT, closed_at
        elif expires_at <= setting.now:
            invitation.status, invitation.closed_at = Invitation.EXPIRED, expires_at
    _reminders(invitation, page, now=setting.now)
    return move


def _sent_at(setting: _Setting) -> dt.datetime:
    """A morning in the last ``months`` months (more often in recent ones), at least an
    hour ago."""
    rng, span = setting.rng, setting.months * 30.44
    while True:
        age = rng.uniform(0, span)
        if rng.random() * (1 + RECENT_BUSIER) <= 1 + RECENT_BUSIER * (1 - age / span):
            break
    day = timezone.localtime(setting.now).date() - dt.timedelta(days=int(age))
    morning = dt.time(9, rng.randint(0, 59), rng.randint(0, 59))
    sent_at = dt.datetime.combine(day, morning, tzinfo=timezone.get_default_timezone())
    while sent_at > setting.now - dt.timedelta(hours=1):
        sent_at -= dt.timedelta(days=1)
    return sent_at


def _responded_at(setting: _Setting, sent_at: dt.datetime) -> dt.datetime:
    """Most answer the first email within a day; others after a reminder. Never after
    ``now`` or after the link expired."""
    rng, page = setting.rng, setting.invitation_page
    every = page.reminder_every_days
    wave = _pick(rng, {0: 70, 1: 20, 2: 10})
    wave = min(wave, page.reminder_count)
    if wave == 0:
        delay = dt.timedelta(hours=rng.expovariate(1 / 10))
    else:
        delay = dt.timedelta(days=wave * every, hours=rng.expovariate(1 / 14))
    delay = min(delay, dt.timedelta(days=page.expire_after_days, minutes=-30))
    return min(
        sent_at + delay + dt.timedelta(minutes=rng.randint(5, 30)), setting.now - dt.timedelta(minutes=5)
    )


def _reminders(invitation: Invitation, page: SurveyPage, *, now: dt.datetime) -> None:
    """The reminders sent before the invitation was answered, closed or now."""
    end = invitation.closed_at or now
    sent = invitation.sent_at
    for number in range(1, page.reminder_count + 1):
        at = sent + dt.timedelta(days=number * page.reminder_every_days)
        if at >= min(end, invitation.expires_at):
            break
        invitation.reminders_sent, invitation.last_sent_at = number, at


def _mood(setting: _Setting, sent_at: dt.datetime) -> str:
    """How the move went; moves have got a little better over the year."""
    age = (setting.now - sent_at).days / (setting.months * 30.44)
    poor = MOODS[POOR] + 0.04 * (age - 0.5)
    return _pick(setting.rng, {POSITIVE: 1 - poor - MOODS[MIXED], MIXED: MOODS[MIXED], POOR: poor})


def _transition(
    setting: _Setting, *, destination: str, language: str, sent_at: dt.datetime
) -> CareTransition:
    rng = setting.rng
    number = setting.next_number
    setting.next_number += 1
    hospital = rng.choices(setting.hospitals, weights=setting.hospital_weights)[0]
    liaisons = setting.liaisons.get(hospital.pk) or [None]
    receiving = setting.receiving.get(destination) or [None]
    first_name = rng.choice(FIRST_NAMES[language])
    proxy = rng.random() < PROXY_SHARE
    return CareTransition(
        external_reference=f"{REFERENCE_PREFIX}{number:06d}",
        patient_first_name=first_name,
        email=f"{first_name.lower()}.{number}@example.org",
        phone=_phone(rng) if rng.random() < 0.5 else "",
        language=language,
        respondent=CareTransition.PROXY if proxy else CareTransition.PATIENT,
        proxy_name=f"{rng.choice(FIRST_NAMES[language])} ({rng.choice(PROXIES[language])})" if proxy else "",
        discharging_facility=hospital,
        destination_kind=destination,
        receiving_facility=rng.choice(receiving) if rng.random() < 0.7 else None,
        transition_date=timezone.localtime(sent_at).date()
        - dt.timedelta(days=setting.invitation_page.send_after_days),
        liaison_id=rng.choice(liaisons),
        condition_codes=_pick(setting.extra_rng, CONDITION_CODES),
    )


def _phone(rng: random.Random) -> str:
    """A number in the 555-0100 to 555-0199 range, which is never a real line."""
    return f"({rng.choice(AREA_CODES)}) 555-01{rng.randint(0, 99):02d}"


def _answers(rng: random.Random, snapshot: dict, language: str, mood: str) -> dict[str, object]:
    """The wizard's answers dict for one person: questions in order, each asked only if its
    condition is met, required ones always answered."""
    answers: dict[str, object] = {}
    for question in definition.questions(snapshot):
        if not definition.condition_met(question.get("show_if"), answers):
            continue
        for key in definition.answer_keys(question):
            given = _answer(rng, question, key, language, mood)
            if given is not None:
                answers[key] = given
        if question["type"] == definition.CALLBACK and answers.get(question["key"]) == "yes":
            answers[question["key"] + PHONE_SUFFIX] = _phone(rng)
    return answers


def _answer(rng: random.Random, question: dict, key: str, language: str, mood: str):
    """One answer in its stored form, or None when left blank (never for a required one)."""
    kind, required = question["type"], question.get("required")
    if kind in definition.TEXT_TYPES:
        shares = TEXT_SHARE.get(key, TEXT_SHARE["comment"])
        if not required and rng.random() >= shares[mood]:
            return None
        text = rng.choice(TEXTS.get(key, TEXTS["comment"])[language])
        return text[: int(question.get("max_length") or definition.LONG_TEXT_MAX)]
    if kind == definition.CALLBACK:
        if rng.random() < CALL_BACK_SHARE[mood]:
            return "yes"
        return "no" if required or rng.random() < 0.7 else None
    if not required and rng.random() < SKIP_SHARE:
        return None
    options = question.get("options", [])
    codes = [option["code"] for option in options]
    if kind == definition.MULTIPLE_CHOICE:
        return sorted(rng.sample(codes, k=min(len(codes), rng.choice([1, 1, 2]))))
    if kind == definition.YES_NO and not question.get("scored"):
        # In the shipped surveys an unscored yes/no asks whether something went wrong.
        return "yes" if rng.random() < PROBLEM_SHARE[mood] else "no"
    valued = [option for option in options if option["value"] is not None]
    if not valued:
        return rng.choice(codes)
    if len(valued) < len(options) and rng.random() < NOT_APPLICABLE_SHARE:
        return rng.choice([option["code"] for option in options if option["value"] is None])
    if kind in (definition.RATING, definition.NPS) and {option["value"] for option in valued} == set(
        map(float, range(11))
    ):
        return str(_pick(rng, SCALE_WEIGHTS[mood]))

    def goodness(option: dict) -> float:
        score = definition.option_score(question, option["value"])
        return option["value"] if score is None else score

    best_first = sorted(valued, key=goodness, reverse=True)
    head, rest = RANKED_WEIGHTS[mood]
    weights = (head + [rest] * len(best_first))[: len(best_first)]
    if mood == POOR:
        weights.reverse()
    return rng.choices(best_first, weights=weights)[0]["code"]


def _store(setting: _Setting, moves: list[_Move], *, batch: int) -> None:
    """Insert the moves' transitions, invitations, responses and answers, a statement per
    batch of rows each; then date the rows whose creation time Django sets itself."""
    page = setting.invitation_page
    transitions = CareTransition.objects.bulk_create([move.transition for move in moves], batch_size=batch)
    for move, saved in zip(moves, transitions, strict=True):
        move.invitation.transition = saved
    invitations = Invitation.objects.bulk_create([move.invitation for move in moves], batch_size=batch)
    answered = [move for move in moves if move.answers is not None]
    responses = []
    for move in answered:
        language = move.transition.language
        move.response = Response(
            version=setting.versions[language],
            page_id=setting.pages[language].pk,
            invitation=move.invitation,
            submission_key=uuid.uuid4(),
            language=language,
            submitted_at=move.invitation.responded_at,
            followups_checked_at=move.invitation.responded_at,  # this generator opens them itself
        )
        _copy_transition(move.response, move.transition, packet_status=move.packet_status)
        move.rows = answer_rows(setting.versions[language].definition, move.answers)
        scores = [row.score for row in move.rows if row.score is not None]
        move.response.score = round(fmean(scores), 2) if scores else None
        responses.append(move.response)
    Response.objects.bulk_create(responses, batch_size=batch)
    rows = []
    for move in answered:
        for row in move.rows:
            row.response = move.response
        rows.extend(move.rows)
    Answer.objects.bulk_create(rows, batch_size=batch)
    opted_out = [move.transition.email for move in moves if move.invitation.status == Invitation.OPTED_OUT]
    EmailOptOut.objects.bulk_create(
        [EmailOptOut(email_hash=email_hash(email)) for email in opted_out], ignore_conflicts=True
    )
    # Recorded on the day of the move, as a liaison would (not when this ran).
    invitation_ids = [invitation.pk for invitation in invitations]
    Invitation.objects.filter(pk__in=invitation_ids).update(
        created_at=F("sent_at") - dt.timedelta(days=page.send_after_days)
    )
    recorded = Subquery(Invitation.objects.filter(transition=OuterRef("pk")).values("created_at")[:1])
    CareTransition.objects.filter(pk__in=[t.pk for t in transitions]).update(
        created_at=recorded, updated_at=recorded
    )


def _copy_transition(response: Response, transition: CareTransition, *, packet_status: str) -> None:
    """What Response.copy_transition copies, with the packet status given rather than read
    from the database (one query per response otherwise)."""
    response.transition = transition
    response.facility_id = transition.discharging_facility_id
    response.receiving_facility_id = transition.receiving_facility_id
    response.destination_kind = transition.destination_kind
    response.liaison_id = transition.liaison_id
    response.packet_status = packet_status


def _followups_store(setting: _Setting, responses: list[Response], *, batch: int) -> None:
    """The case the rules open for each of these responses, with its reasons, owned by the
    transition's liaison (or, without one, a manager), in a realistic state for its age.
    No email is sent."""
    rng, now, rules = setting.rng, setting.now, setting.rules
    versions = {version.pk: version for version in setting.versions.values()}
    liaisons = {response.pk: response.transition.liaison_id for response in responses}
    fallback = _fallback_owner()
    stored = (
        Response.objects.filter(pk__in=list(liaisons))
        .only("pk", "version_id", "submitted_at")
        .prefetch_related("answers")
        .order_by("pk")
    )
    cases, reasons_of = [], []
    for response in stored:
        response.version = versions[response.version_id]
        reasons = followup_reasons(response=response, rules=rules)
        assignee = liaisons[response.pk] or fallback
        if not reasons or assignee is None:
            continue
        severity = highest(reason.severity for reason in reasons)
        due, escalate = followup_schedule(submitted_at=response.submitted_at, severity=severity, rules=rules)
        followup = FollowUp(
            response_id=response.pk,
            severity=severity,
            assigned_to_id=assignee,
            routed_to=FollowUp.LIAISON if liaisons[response.pk] else FollowUp.MANAGER,
            due_at=due,
            escalate_at=escalate,
            notified_at=response.submitted_at + dt.timedelta(minutes=1)
            if assignee in setting.emailed
            else None,
        )
        _followup_progress(rng, followup, opened_at=response.submitted_at, now=now)
        cases.append(followup)
        reasons_of.append(reasons)
    FollowUp.objects.bulk_create(cases, batch_size=batch)
    FollowUpReason.objects.bulk_create(
        [
            FollowUpReason(
                followup_id=case.pk, kind=reason.kind, severity=reason.severity, detail=reason.detail
            )
            for case, reasons in zip(cases, reasons_of, strict=True)
            for reason in reasons
        ],
        batch_size=batch,
    )
    opened = Subquery(Response.objects.filter(pk=OuterRef("response_id")).values("submitted_at")[:1])
    FollowUp.objects.filter(pk__in=[followup.pk for followup in cases]).update(opened_at=opened)


def _fallback_owner() -> int | None:
    """Whom a case without a liaison goes to: a manager, else a superuser (as in
    feedback.followup_owners, without counting open cases for each)."""
    from django.contrib.auth import get_user_model

    from portal.roles import MANAGER

    users = get_user_model().objects.filter(is_active=True).order_by("pk")
    return (
        users.filter(groups__name=MANAGER).values_list("pk", flat=True).first()
        or users.filter(is_superuser=True).values_list("pk", flat=True).first()
    )


def _followup_progress(rng: random.Random, followup: FollowUp, *, opened_at: dt.datetime, now) -> None:
    """Older follow-ups mostly closed with a note, recent ones open or in progress; one still
    open after its due time was escalated by the sweep soon after."""
    overdue_days = (now - followup.due_at).total_seconds() / 86400
    closed_share = 0.25 if overdue_days < 0 else min(0.97, 0.55 + 0.03 * overdue_days)
    if rng.random() < closed_share:
        status = FollowUp.RESOLVED if rng.random() < 0.78 else FollowUp.NO_ACTION
        late = rng.random() < 0.12
        start, end = (
            (followup.due_at, followup.due_at + dt.timedelta(days=5))
            if late
            else (opened_at, followup.due_at)
        )
        closed_at = min(start + (end - start) * rng.random() + dt.timedelta(hours=1), now)
        followup.status, followup.closed_at = status, closed_at
        followup.resolution_note = rng.choice(RESOLUTION_NOTES[status])
        if closed_at > followup.escalate_at:
            followup.escalated_at = followup.escalate_at + dt.timedelta(minutes=rng.randint(1, 30))
    else:
        followup.status = FollowUp.IN_PROGRESS if rng.random() < 0.5 else FollowUp.OPEN
        if now > followup.escalate_at:
            followup.escalated_at = min(followup.escalate_at + dt.timedelta(minutes=rng.randint(1, 30)), now)
