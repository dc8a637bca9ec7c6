# Transitions are invited to surveys and answered: the surveys' fixtures, shared.
from tests.surveys.conftest import rule_page, snapshot, survey, survey_page  # noqa: F401 - shared fixtures
