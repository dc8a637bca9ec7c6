"""The surveys the portal ships with, in English and Spanish, as version snapshots.

Each template is written once, with every piece of wording given in both languages, and
then rendered into one snapshot per language in the format documented in
surveys.definition. The two snapshots of a template are identical apart from the human
text: same steps, keys, types, option codes and values, conditions and limits.

The wording is original and in plain language (short sentences, "you"). The care-move
survey is often answered on a phone by a family member for the patient, so it speaks to
"you (or the person you care for)" and reminds people where to turn for urgent help.

SURVEY_TEMPLATES   {template slug: {"en": snapshot, "es": snapshot}}
template_snapshot  a deep copy of one of them, safe to change and save
"""

from __future__ import annotations

import copy
from typing import Any, NamedTuple

from surveys.definition import (
    AGREEMENT,
    CALLBACK,
    EQUALS,
    LONG_TEXT,
    NOT_APPLICABLE,
    NPS,
    RATING,
    YES_NO,
    scale_options,
)

LANGUAGES = ("en", "es")


class _Text(NamedTuple):
    """One piece of wording in each language the templates ship in."""

    en: str
    es: str


# --- options -----------------------------------------------------------------------------
# The labels are written here for both languages rather than taken from gettext, so the
# Spanish templates do not depend on the catalogue. Codes and values must stay exactly
# those of agreement_options(4, not_applicable=True) and yes_no_options() in
# surveys.definition, so answers, scoring and conditions read the same either way.
_AGREEMENT_4_WITH_NA = [
    {"code": "1", "label": _Text("Strongly disagree", "Totalmente en desacuerdo"), "value": 1.0},
    {"code": "2", "label": _Text("Disagree", "En desacuerdo"), "value": 2.0},
    {"code": "3", "label": _Text("Agree", "De acuerdo"), "value": 3.0},
    {"code": "4", "label": _Text("Strongly agree", "Totalmente de acuerdo"), "value": 4.0},
    {"code": NOT_APPLICABLE, "label": _Text("Not applicable", "No corresponde"), "value": None},
]

_YES_NO = [
    {"code": "yes", "label": _Text("Yes", "Sí"), "value": 1.0},
    {"code": "no", "label": _Text("No", "No"), "value": 0.0},
]

# Numbers only, so the same in every language.
_SCALE_0_TO_10 = scale_options()

_PICK_A_NUMBER = _Text("Choose a number from 0 to 10.", "Elija un número del 0 al 10.")


# --- question builders -------------------------------------------------------------------
def _question(
    key: str,
    kind: str,
    text: _Text,
    *,
    help_text: _Text | str = "",
    required: bool = False,
    scored: bool = False,
    options: list[dict] | None = None,
    show_if: dict | None = None,
    **type_fields: Any,
) -> dict:
    """A question with the fields every type has, plus the fields of its own type."""
    return {
        "key": key,
        "type": kind,
        "text": text,
        "help_text": help_text,
        "required": required,
        "scored": scored,
        "reverse_scored": False,
        "options": options or [],
        "show_if": show_if,
        **type_fields,
    }


def _agreement(key: str, text: _Text, help_text: _Text | str = "") -> dict:
    """A scored 4-point agreement statement that can be answered "Not applicable"."""
    return _question(key, AGREEMENT, text, help_text=help_text, scored=True, options=_AGREEMENT_4_WITH_NA)


def _scale(key: str, kind: str, text: _Text, *, low: _Text, high: _Text, help_text: _Text | str = "") -> dict:
    """A scored 0 to 10 question (rating or likelihood to recommend)."""
    return _question(
        key,
        kind,
        text,
        help_text=help_text,
        scored=True,
        options=_SCALE_0_TO_10,
        low_label=low,
        high_label=high,
    )


def _long_text(
    key: str, text: _Text, *, max_length: int, help_text: _Text | str = "", show_if: dict | None = None
) -> dict:
    """An optional free-text answer."""
    return _question(key, LONG_TEXT, text, help_text=help_text, show_if=show_if, max_length=max_length)


# --- care-move ---------------------------------------------------------------------------
# For the patient or a family member, after a move from the hospital to a skilled nursing
# facility, inpatient rehab, home health care or hospice. Nothing is required.
_CARE_MOVE = {
    "title": _Text("Your move to a new care setting", "Su traslado a un nuevo lugar de cuidado"),
    "introduction": _Text(
        "You (or the person you care for) left the hospital for a new place of care. "
        "Please tell us how the move went, so we can make it better for others. "
        "It takes about 3 minutes. You can skip any question you would rather not answer.",
        "Usted (o la persona que usted cuida) salió del hospital a un nuevo lugar de cuidado. "
        "Cuéntenos cómo fue el traslado para que podamos mejorarlo para otras personas. "
        "Le tomará unos 3 minutos. Puede dejar en blanco cualquier pregunta que prefiera no "
        "contestar.",
    ),
    "privacy_notice": _Text(
        "Only our care team's liaisons (the staff who help plan moves) and their managers see "
        "your answers. We use them to make moves between places of care better. Staff at your "
        "new place of care will not see your name with your answers. You can skip any question. "
        "Your answers will not change your care in any way.",
        "Solo ven sus respuestas las personas de nuestro equipo de atención médica que ayudan a planear "
        "los traslados y sus supervisores. Las usamos para mejorar los traslados entre lugares de "
        "cuidado. El personal de su nuevo lugar de cuidado no verá su nombre junto a sus "
        "respuestas. Puede dejar en blanco cualquier pregunta. Sus respuestas no cambiarán en nada "
        "la atención que usted recibe.",
    ),
    "thank_you": _Text(
        "Thank you for taking the time to answer. Your answers help us make the next move easier "
        "for someone else. If you have a health concern now, call your doctor or your new place "
        "of care. In an emergency, call 911.",
        "Gracias por tomarse el tiempo de responder. Sus respuestas nos ayudan a que el próximo "
        "traslado sea más fácil para otra persona. Si ahora tiene alguna preocupación sobre su "
        "salud, llame a su médico o a su nuevo lugar de cuidado. En caso de emergencia, llame "
        "al 911.",
    ),
    "anonymous": False,
    "steps": [
        {
            "title": _Text("Getting ready to move", "Preparación para el traslado"),
            "questions": [
                _agreement(
                    "preferences_considered",
                    _Text(
                        "When the hospital team planned the move, they listened to what you and "
                        "your family wanted.",
                        "Al planear el traslado, el equipo del hospital escuchó lo que usted y su "
                        "familia querían.",
                    ),
                    _Text(
                        "Think about the days just before you left the hospital.",
                        "Piense en los días justo antes de salir del hospital.",
                    ),
                ),
                _agreement(
                    "own_responsibilities",
                    _Text(
                        "You knew what you or your family would need to do to care for your "
                        "health after the move.",
                        "Usted sabía lo que usted o su familia tendrían que hacer para cuidar su "
                        "salud después del traslado.",
                    ),
                    _Text(
                        "For example: what to eat, how active to be, or which warning signs to watch for.",
                        "Por ejemplo: qué comer, cuánta actividad hacer o qué señales de alarma vigilar.",
                    ),
                ),
                _agreement(
                    "medicine_purpose",
                    _Text(
                        "You knew what each of your medicines is for.",
                        "Usted sabía para qué sirve cada uno de sus medicamentos.",
                    ),
                    _Text(
                        "Count new medicines and any that were changed. Choose “Not applicable” "
                        "if you had no medicines.",
                        "Incluya los medicamentos nuevos y los que le cambiaron. Elija “No "
                        "corresponde” si no tenía medicamentos.",
                    ),
                ),
            ],
        },
        {
            "title": _Text("After the move", "Después del traslado"),
            "questions": [
                _agreement(
                    "follow_up_appointments",
                    _Text(
                        "You knew which follow-up appointments you had after the move.",
                        "Usted sabía qué citas de seguimiento tenía después del traslado.",
                    ),
                    _Text(
                        "For example, visits with your doctor, a specialist, or for tests.",
                        "Por ejemplo, citas con su médico, con un especialista o para hacerse pruebas.",
                    ),
                ),
                _agreement(
                    "who_to_call",
                    _Text(
                        "You knew who to call with a question or a problem.",
                        "Usted sabía a quién llamar si tenía una pregunta o un problema.",
                    ),
                    _Text(
                        "For example, a nurse, your doctor, or someone at your new place of care.",
                        "Por ejemplo, una enfermera, su médico o alguien de su nuevo lugar de cuidado.",
                    ),
                ),
                _question(
                    "problem_after_move",
                    YES_NO,
                    _Text(
                        "Did any problem happen in the first days after the move?",
                        "¿Hubo algún problema en los primeros días después del traslado?",
                    ),
                    help_text=_Text(
                        "For example, a medicine or equipment was missing, or a visit did not happen.",
                        "Por ejemplo, faltaba un medicamento o un equipo médico, o una visita no se hizo.",
                    ),
                    options=_YES_NO,
                ),
            ],
        },
        {
            # A condition may only name a question from an earlier step, so the details of a
            # problem open this step rather than following the yes/no question directly.
            "title": _Text("Your thoughts on the move", "Su opinión sobre el traslado"),
            "questions": [
                _long_text(
                    "problem_details",
                    _Text(
                        "You said there was a problem after the move. What happened?",
                        "Usted nos dijo que hubo un problema después del traslado. ¿Qué pasó?",
                    ),
                    max_length=1000,
                    help_text=_Text(
                        "Tell us in your own words. If the problem is still going on, call your "
                        "doctor or your new place of care.",
                        "Cuéntenos con sus propias palabras. Si el problema continúa, llame a su "
                        "médico o a su nuevo lugar de cuidado.",
                    ),
                    show_if={"key": "problem_after_move", "operator": EQUALS, "value": "yes"},
                ),
                _scale(
                    "overall_rating",
                    RATING,
                    _Text(
                        "Overall, how would you rate the move from the hospital to your new place of care?",
                        "En general, ¿cómo calificaría el traslado del hospital a su nuevo lugar "
                        "de atención?",
                    ),
                    low=_Text("Very poor", "Muy malo"),
                    high=_Text("Excellent", "Excelente"),
                    help_text=_PICK_A_NUMBER,
                ),
                _scale(
                    "recommend",
                    NPS,
                    _Text(
                        "If a friend or family member needed a move like this, how likely are you "
                        "to recommend our care team?",
                        "Si un amigo o familiar necesitara un traslado como este, ¿qué tan "
                        "probable es que le recomiende nuestro equipo de atención médica?",
                    ),
                    low=_Text("Not at all likely", "Nada probable"),
                    high=_Text("Very likely", "Muy probable"),
                    help_text=_PICK_A_NUMBER,
                ),
                _long_text(
                    "went_well",
                    _Text("What went well?", "¿Qué salió bien?"),
                    max_length=1000,
                    help_text=_Text(
                        "Tell us about anything that made the move easier.",
                        "Cuéntenos qué hizo más fácil el traslado.",
                    ),
                ),
                _long_text(
                    "could_be_better",
                    _Text("What could be better?", "¿Qué se podría mejorar?"),
                    max_length=1000,
                    help_text=_Text(
                        "Tell us what would have made the move easier.",
                        "Cuéntenos qué habría hecho más fácil el traslado.",
                    ),
                ),
            ],
        },
        {
            "title": _Text("Talk to us", "Hable con nosotros"),
            "questions": [
                _question(
                    "call_back",
                    CALLBACK,
                    _Text(
                        "Would you like a call from our care team?",
                        "¿Desea recibir una llamada de nuestro equipo de atención médica?",
                    ),
                    help_text=_Text(
                        "If you need help right away, do not wait for our call. Call your doctor, "
                        "or call 911 in an emergency.",
                        "Si necesita ayuda de inmediato, no espere nuestra llamada. Llame a su "
                        "médico o, en caso de emergencia, llame al 911.",
                    ),
                    purpose=_Text(
                        "A member of the care team will call you within 2 business days to talk "
                        "about your move. Only say yes if you want a call.",
                        "Una persona del equipo de atención médica le llamará dentro de 2 días hábiles "
                        "para hablar sobre su traslado. Responda que sí solo si desea recibir una "
                        "llamada.",
                    ),
                ),
            ],
        },
    ],
}


# --- page-feedback -----------------------------------------------------------------------
# Asked at the foot of an education page. It does not ask who is answering.
_PAGE_FEEDBACK = {
    "title": _Text("Was this page helpful?", "¿Le fue útil esta página?"),
    "introduction": _Text(
        "Tell us if this page helped you. It takes less than a minute.",
        "Díganos si esta página le sirvió. Le tomará menos de un minuto.",
    ),
    "privacy_notice": _Text(
        "We use your answers only to make our pages better. This form does not ask for your "
        "name. Please do not include personal or medical details.",
        "Usamos sus respuestas solo para mejorar nuestras páginas. Este formulario no le pide su "
        "nombre. Por favor, no incluya información personal ni médica.",
    ),
    "thank_you": _Text(
        "Thank you. Your answer helps us make our pages clearer. If you have a question about "
        "your health, call your doctor or care team.",
        "Gracias. Su respuesta nos ayuda a que nuestras páginas sean más claras. Si tiene una "
        "pregunta sobre su salud, llame a su médico o a su equipo de atención médica.",
    ),
    "anonymous": True,
    "steps": [
        {
            "title": _Text("Your feedback", "Su opinión"),
            "questions": [
                _question(
                    "helpful",
                    YES_NO,
                    _Text("Was this page helpful?", "¿Le fue útil esta página?"),
                    required=True,
                    scored=True,
                    options=_YES_NO,
                ),
                _long_text(
                    "comment",
                    _Text("What would make this page better?", "¿Cómo podríamos mejorar esta página?"),
                    max_length=500,
                    help_text=_Text(
                        "Please do not include personal or medical details. We cannot reply here.",
                        "Por favor, no incluya información personal ni médica. No podemos "
                        "responder por este medio.",
                    ),
                ),
            ],
        },
    ],
}


# --- rendering ---------------------------------------------------------------------------
def _in_language(value: Any, language: str) -> Any:
    """A fresh copy of a template with every _Text replaced by its wording in ``language``."""
    if isinstance(value, _Text):
        return getattr(value, language)
    if isinstance(value, dict):
        return {key: _in_language(item, language) for key, item in value.items()}
    if isinstance(value, list):
        return [_in_language(item, language) for item in value]
    return value


def _snapshot(template: dict, language: str) -> dict:
    return {**_in_language(template, language), "language": language}


SURVEY_TEMPLATES: dict[str, dict[str, dict]] = {
    slug: {language: _snapshot(template, language) for language in LANGUAGES}
    for slug, template in (("care-move", _CARE_MOVE), ("page-feedback", _PAGE_FEEDBACK))
}


def template_snapshot(slug: str, language: str) -> dict:
    """A deep copy of a shipped survey in ``language`` ("en" or "es"), safe to change."""
    try:
        snapshot = SURVEY_TEMPLATES[slug][language]
    except KeyError:
        raise KeyError(f"No survey template {slug!r} in language {language!r}.") from None
    return copy.deepcopy(snapshot)
