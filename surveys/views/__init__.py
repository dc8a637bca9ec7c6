"""The patient-facing survey: invitation links, the step-by-step wizard, the thank-you page,
"Was this page helpful?" and the stop-emails link.

Split by what each part does: ``attempt`` (whose attempt a request is, and where its draft
is kept), ``storage`` (the wizard's storage in a SurveyDraft row), ``wizard`` (the steps and
"check your answers"), ``survey_page`` (the survey page's routes), ``links`` (the links in a
patient's emails) and ``page_feedback``. The names other code imports are here.
"""

from surveys.views.attempt import ATTEMPT_FIELD, DRAFT_COOKIE, Attempt, attempt_field_value
from surveys.views.links import invitation_link, opt_out
from surveys.views.page_feedback import page_feedback
from surveys.views.storage import DraftStorage
from surveys.views.survey_page import survey_start, survey_thank_you, survey_wizard
from surveys.views.wizard import CHECK_STEP, SurveyWizard, _answer_labels, _answer_text

__all__ = [
    "ATTEMPT_FIELD",
    "CHECK_STEP",
    "DRAFT_COOKIE",
    "Attempt",
    "DraftStorage",
    "SurveyWizard",
    "_answer_labels",
    "_answer_text",
    "attempt_field_value",
    "invitation_link",
    "opt_out",
    "page_feedback",
    "survey_start",
    "survey_thank_you",
    "survey_wizard",
]
