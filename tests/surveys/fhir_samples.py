"""The FHIR resources the portal writes, built from the survey fixtures so that tests can check
them as a whole: the English and Spanish Questionnaires of one survey, and the responses export
as a Bundle, identified and de-identified, holding answers in both languages (a call-back with
its phone, a required conditional free text, a text that needs escaping)."""

from __future__ import annotations

import datetime as dt
import json
from zoneinfo import ZoneInfo

from feedback.exports import ExportOptions, export_chunks
from surveys.admin_views import questionnaire_for_version
from surveys.models import INVITATION_ONLY, Response, SurveyVersion
from surveys.services import (
    draft_save,
    invitation_create,
    response_submit,
    survey_page_ensure,
    survey_translation_publish,
)
from tests.surveys.factories import scheduled_transition, three_step_snapshot
from transitions.models import Facility

NEW_YORK = ZoneInfo("America/New_York")
# Every answer of the three-step survey: "problem" is yes, so the required free text
# "problem_details" is asked; the call-back is asked for, so its phone is required.
ANSWERS = {
    "preferences": "3",
    "problem": "yes",
    "overall": "8",
    "problem_details": 'The <b>bill</b> & "forms" came late',
    "call_back": "yes",
    "call_back_phone": "555 201 0123",
    "understood_medicines": "4",
    "understood_contacts": "5",
    "comment": '=HYPERLINK("http://x")',
}


def submit(page, answers: dict, *, version, language: str, transition=None) -> Response:
    """A response stored the way the wizard stores it, through an invitation for ``transition``."""
    invitation = None
    if transition is not None:
        invitation, _token = invitation_create(page=page, language=language)
        invitation.transition = transition
        invitation.save()
    draft = draft_save(draft=None, version=version, invitation=invitation, data={})
    response, _created = response_submit(draft=draft, answers=answers, page=page, language=language)
    return response


def answered_survey(*, home_page, survey) -> dict[str, SurveyVersion]:
    """The survey in English and Spanish, each answered: Ana in English and again in Spanish
    (both asking for a call), and someone without an invitation who asks for none."""
    spanish = survey_translation_publish(
        survey=survey, snapshot={**three_step_snapshot("es"), "title": "Su traslado"}, language_code="es"
    )
    page, later_page = (
        survey_page_ensure(parent=home_page, slug=slug, title=slug, survey=survey, access=INVITATION_ONLY)
        for slug in ("move", "a-month-on")  # one invitation per page and transition
    )
    hospital = Facility.objects.create(name="General Hospital", kind="hospital")
    ana = scheduled_transition(hospital, external_reference="ENC-1", phone="555 201 9999")
    versions = {"en": survey.current_version, "es": spanish.current_version}
    submit(page, ANSWERS, version=versions["en"], language="en", transition=ana)
    submit(later_page, ANSWERS, version=versions["es"], language="es", transition=ana)
    quiet = {**ANSWERS, "problem": "no", "problem_details": "", "call_back": "no", "call_back_phone": ""}
    submit(page, quiet, version=versions["en"], language="en")
    Response.objects.update(submitted_at=dt.datetime(2026, 3, 5, 10, 0, tzinfo=NEW_YORK))
    return versions


def bundle(*, deidentified: bool) -> dict:
    """The FHIR export of every response."""
    data = b"".join(
        export_chunks(
            responses=Response.objects.all(),
            versions=list(SurveyVersion.objects.select_related("survey")),
            options=ExportOptions(format="fhir", deidentified=deidentified),
        )
    )
    return json.loads(data)


def fhir_samples(*, home_page, survey) -> dict[str, dict]:
    """Every resource above by a file name: the two Questionnaires and the two Bundles."""
    versions = answered_survey(home_page=home_page, survey=survey)
    samples = {
        f"questionnaire-{language}.json": questionnaire_for_version(
            SurveyVersion.objects.select_related("survey").get(pk=version.pk)
        )
        for language, version in versions.items()
    }
    samples["bundle-identified.json"] = bundle(deidentified=False)
    samples["bundle-deidentified.json"] = bundle(deidentified=True)
    return samples
