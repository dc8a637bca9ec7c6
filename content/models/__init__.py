from content.models.pages import (
    ArticlePage,
    CareSettingIndexPage,
    CareSettingPage,
    ConditionIndexPage,
    EducationPage,
    HomePage,
)
from content.models.review import ReviewNotice
from content.models.snippets import Condition, ConditionCode, GlossaryTerm

__all__ = [
    "ArticlePage",
    "CareSettingIndexPage",
    "CareSettingPage",
    "Condition",
    "ConditionCode",
    "ConditionIndexPage",
    "EducationPage",
    "GlossaryTerm",
    "HomePage",
    "ReviewNotice",
]
