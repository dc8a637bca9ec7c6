from surveys.models.access import SurveyAccess
from surveys.models.definitions import Survey, SurveyVersion
from surveys.models.invitations import Invitation, InvitationMessage, InvitationToken, token_hash
from surveys.models.pages import INVITATION_ONLY, PUBLIC, SurveyPage
from surveys.models.responses import Answer, HeldSubmission, Response, SurveyDraft
from surveys.models.settings import SurveySettings

__all__ = [
    "INVITATION_ONLY",
    "PUBLIC",
    "Answer",
    "HeldSubmission",
    "Invitation",
    "InvitationMessage",
    "InvitationToken",
    "Response",
    "Survey",
    "SurveyAccess",
    "SurveyDraft",
    "SurveyPage",
    "SurveySettings",
    "SurveyVersion",
    "token_hash",
]
