"""Survey fixtures: a three-step survey with a conditional question, on a public page, and
the same survey on a page that invites people moving to a nursing or rehabilitation facility."""

import copy

import pytest

from surveys.models import PUBLIC
from surveys.services import survey_create_from_snapshot, survey_page_ensure
from tests.surveys.factories import rule_page_ensure, three_step_snapshot


@pytest.fixture
def snapshot():
    return copy.deepcopy(three_step_snapshot())


@pytest.fixture
def survey(home_page, snapshot):
    return survey_create_from_snapshot(snapshot=snapshot, locale=home_page.locale)


@pytest.fixture
def survey_page(home_page, survey):
    return survey_page_ensure(
        parent=home_page, slug="your-move", title="Your move", survey=survey, access=PUBLIC
    )


@pytest.fixture
def rule_page(home_page, survey):
    return rule_page_ensure(parent=home_page, survey=survey)
