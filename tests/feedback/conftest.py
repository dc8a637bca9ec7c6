# Feedback is read from answered surveys: the surveys' fixtures, shared.
import pytest

from tests.feedback.factories import cast  # noqa: F401 - shared fixture: four reviewers
from tests.surveys.conftest import snapshot, survey, survey_page  # noqa: F401 - shared fixtures
from tests.surveys.factories import template_page


@pytest.fixture
def move_page(home_page):
    """An invitation-only page asking the demo's care-move survey."""
    return template_page(parent=home_page)
