from surveys.models.access import SurveyAccess
from surveys.models.definitions import Survey, SurveyVersion
from surveys.models.pages import INVITATION_ONLY, PUBLIC, SurveyPage, SurveyPageSuggestion
from surveys.models.responses import Answer, Invitation, Response, SurveyDraft, token_hash
from surveys.models.settings import SurveySettings

__all__ = [
    "INVITATION_ONLY",
    "PUBLIC",
    "Answer",
    "Invitation",
    "Response",
    "Survey",
    "SurveyAccess",
    "SurveyDraft",
    "SurveyPage",
    "SurveyPageSuggestion",
    "SurveySettings",
    "SurveyVersion",
    "token_hash",
]
