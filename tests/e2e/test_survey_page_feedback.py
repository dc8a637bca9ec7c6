""" "Was this page helpful?" at the foot of an education page served from the page cache."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from content.models import ArticlePage
from surveys.models import Answer, Response
from tests.e2e.survey_helpers import page_feedback_enable

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("migrated_data")]

COMMENT = "The words about the water pill were hard to follow."


def test_an_anonymous_visitor_answers_no_with_a_comment_on_a_cached_page(page, live_server, library):
    feedback_survey = page_feedback_enable(locale=library["home"].locale)
    heart = library["heart"]
    url = live_server.url + heart.url

    first = page.goto(url)
    assert first.status == 200
    assert page.context.cookies() == []  # nothing personal, so the page may be shared
    # Change the title behind the cache's back (no publish, so nothing clears the cache):
    # the second visit still shows the first rendering, so it came from the page cache.
    ArticlePage.objects.filter(pk=heart.pk).update(title="Not yet seen by visitors")
    second = page.goto(url)
    assert second.status == 200
    expect(page.get_by_role("heading", level=1)).to_have_text("Living with heart failure")

    feedback = page.locator("#page-feedback")
    helpful = feedback.get_by_role("group", name="Was this page helpful?")
    expect(helpful).to_be_visible()
    helpful.get_by_text("No", exact=True).click()
    feedback.get_by_label("What would make this page better?").fill(COMMENT)
    feedback.get_by_role("button", name="Send feedback").click()

    page.wait_for_url(url)
    expect(page.get_by_text("Thank you for your feedback.")).to_be_visible()
    assert page.csp_violations == []

    response = Response.objects.get()
    assert response.page_id == heart.pk
    assert response.version.survey_id == feedback_survey.pk
    assert response.invitation_id is None
    answers = {answer.key: answer for answer in Answer.objects.filter(response=response)}
    assert answers["helpful"].code == "no"
    assert answers["comment"].text == COMMENT
