# Transitions are invited to surveys and answered: the surveys' fixtures, shared.
from tests.surveys.conftest import snapshot, survey, survey_page  # noqa: F401 - shared fixtures
from tests.surveys.review_fixtures import cast  # noqa: F401 - shared fixture: four reviewers
