"""'Was this page helpful?' at the end of every education page, cached pages included."""

import pytest
from django.core.cache import cache, caches

from demo.survey_templates import template_snapshot
from surveys.models import Answer, Response, SurveySettings
from surveys.services import survey_create_from_snapshot


@pytest.fixture
def feedback_survey(home_page):
    survey = survey_create_from_snapshot(
        snapshot=template_snapshot("page-feedback", "en"), locale=home_page.locale
    )
    settings = SurveySettings.load()
    settings.page_feedback_survey = survey
    settings.save()
    return survey


def feedback_action(page):
    return f"/feedback/page/{page.pk}/"


def test_every_education_page_asks_and_carries_no_csrf_token(client, library, feedback_survey):
    body = client.get(library["copd"].url).content.decode()
    assert 'id="page-feedback"' in body
    assert f'action="{feedback_action(library["copd"])}"' in body
    assert "csrfmiddlewaretoken" not in body


@pytest.mark.both_databases
def test_feedback_is_stored_against_the_page_from_a_cached_page(client, library, feedback_survey):
    page = library["copd"]
    client.get(page.url)
    client.get(page.url)  # served from the page cache
    response = client.post(
        feedback_action(page), {"feedback-helpful": "no", "feedback-comment": "Say more about inhalers."}
    )
    assert response.status_code == 302 and response.url == page.url
    stored = Response.objects.get()
    assert stored.page_id == page.pk and stored.version == feedback_survey.current_version
    assert stored.invitation is None and stored.score == 0
    assert Answer.objects.get(key="comment").text == "Say more about inhalers."
    thanks = client.get(page.url).content.decode()  # the message cookie bypasses the cache
    assert "Thank you for your feedback" in thanks


def test_a_missing_answer_is_explained_and_the_comment_kept(client, library, feedback_survey):
    response = client.post(feedback_action(library["copd"]), {"feedback-comment": "Too long."})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Please check your answers" in body and 'href="#id_feedback-helpful_0"' in body
    assert "Too long." in body
    assert not Response.objects.exists()


def test_the_honeypot_and_the_rate_limit_keep_robots_out(client, library, feedback_survey, settings):
    from surveys.models import HeldSubmission

    page = library["copd"]
    client.post(feedback_action(page), {"feedback-helpful": "yes", "feedback-website": "spam"})
    assert not Response.objects.exists()
    held = HeldSubmission.objects.get()  # kept for a manager to release or delete
    assert held.page_feedback and held.answers == {"helpful": "yes"} and held.page_id == page.pk
    cache.clear()
    settings.PAGE_FEEDBACK_PER_HOUR = 2
    codes = [client.post(feedback_action(page), {"feedback-helpful": "yes"}).status_code for _ in range(3)]
    assert codes == [302, 302, 429]
    assert Response.objects.count() == 2


@pytest.mark.parametrize("trap", ["\x00", "spam\x00", " "])
def test_anything_in_the_trap_holds_the_answers_and_is_never_an_error(client, library, feedback_survey, trap):
    from surveys.models import HeldSubmission

    response = client.post(
        feedback_action(library["copd"]), {"feedback-helpful": "yes", "feedback-website": trap}
    )
    assert response.status_code == 302
    assert not Response.objects.exists() and HeldSubmission.objects.count() == 1


def test_no_form_when_switched_off_and_unknown_pages_are_not_found(client, library, feedback_survey):
    assert client.get(feedback_action(library["copd"])).status_code == 405
    assert client.post("/feedback/page/999999/", {"feedback-helpful": "yes"}).status_code == 404
    settings = SurveySettings.load()
    settings.page_feedback_survey = None
    settings.save()
    assert 'id="page-feedback"' not in client.get(library["copd"].url).content.decode()
    assert client.post(feedback_action(library["copd"]), {"feedback-helpful": "yes"}).status_code == 404


def test_publishing_a_new_feedback_version_reaches_cached_pages(client, library, feedback_survey):
    page = library["copd"]
    client.get(page.url)
    steps = feedback_survey.steps.raw_data
    steps[0]["value"]["questions"][0]["value"]["text"] = "Did this page answer your question?"
    feedback_survey.steps = steps
    feedback_survey.save_revision().publish()
    assert "Did this page answer your question?" in client.get(page.url).content.decode()
    caches["pages"].clear()
