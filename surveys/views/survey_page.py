"""The survey page's own routes (see SurveyPage's RoutablePageMixin paths): its front page, the
wizard's steps and the thank-you page."""

from __future__ import annotations

from django.shortcuts import redirect

from surveys import definition, selectors
from surveys.forms import CheckAnswersForm
from surveys.models import SurveyPage
from surveys.views.attempt import (
    SESSION_INVITATIONS,
    Attempt,
    attempt_for,
    session_map,
    submitted_here,
    subpage_url,
)
from surveys.views.rendering import never_cached_page
from surveys.views.wizard import CHECK_STEP, SurveyWizard

_wizard_view = SurveyWizard.as_view(form_list=[(CHECK_STEP, CheckAnswersForm)], url_name="survey-step")


def survey_wizard(request, *, page: SurveyPage, step: str | None):
    attempt = attempt_for(request, page)
    if not isinstance(attempt, Attempt):
        return attempt
    return _wizard_view(request, step=step, attempt=attempt)


def survey_start(request, *, page: SurveyPage):
    """The survey's front page: why we ask, the privacy notice, and Start (or Continue)."""
    attempt = attempt_for(request, page)
    if not isinstance(attempt, Attempt):
        return attempt
    definition_ = attempt.version.definition
    context = {
        "page": page,
        "self": page,
        "survey": definition_,
        "has_draft": attempt.draft is not None and bool(attempt.draft.data.get("step_data")),
        "start_url": subpage_url(page, "resume"),
        "question_count": sum(len(definition.answer_keys(q)) for q in definition.questions(definition_)),
    }
    return never_cached_page(request, "surveys/survey_page.html", context)


def survey_thank_you(request, *, page: SurveyPage):
    group = str(page.translation_key)
    invitation_id = session_map(request, SESSION_INVITATIONS).get(group)
    invitation = (
        selectors.invitation_by_id(invitation_id=invitation_id) if invitation_id is not None else None
    )
    answered = submitted_here(request, group) or (
        invitation is not None and invitation.responded_at is not None
    )
    if not answered:
        return redirect(page.url)
    version = page.survey.current_version
    suggestions = selectors.thank_you_suggestions(page=page, invitation=invitation)
    context = {
        "page": page,
        "self": page,
        "survey": version.definition if version else {},
        "suggestions": suggestions,
    }
    return never_cached_page(request, "surveys/thank_you.html", context)
