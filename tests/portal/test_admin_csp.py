"""The admin's pages hold no inline executable scripts, so CSP can forbid them."""

import re

import pytest

pytestmark = pytest.mark.django_db

SCRIPT_TAG = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S | re.I)


def inline_executable_scripts(html: str) -> list[str]:
    found = []
    for match in SCRIPT_TAG.finditer(html):
        attrs, body = match.group("attrs"), match.group("body").strip()
        if "src=" in attrs or not body:
            continue
        if re.search(r'type="(application/json|text/template|text/django-form-template)"', attrs):
            continue
        found.append(match.group(0)[:120])
    return found


def test_page_editor_with_date_widgets_has_no_inline_scripts(client, manager, home_page):
    client.force_login(manager)
    response = client.get(f"/admin/pages/{home_page.id}/edit/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-portal-chooser="initDateTimeChooser"' in html  # the go-live date widget
    assert inline_executable_scripts(html) == []


def test_the_check_itself_spots_an_inline_script():
    assert inline_executable_scripts('<script>alert(1)</script><script src="/x.js"></script>') == [
        "<script>alert(1)</script>"
    ]


def test_survey_and_transition_editors_have_no_inline_scripts(client, manager, home_page):
    from django.urls import reverse

    from surveys.services import survey_create_from_snapshot, survey_page_ensure
    from tests.surveys.factories import three_step_snapshot
    from transitions.models import Facility

    survey = survey_create_from_snapshot(snapshot=three_step_snapshot(), locale=home_page.locale)
    page = survey_page_ensure(parent=home_page, slug="s", title="S", survey=survey, access="public")
    Facility.objects.create(name="North Hospital", kind="hospital")
    client.force_login(manager)
    for url in (
        f"/admin/pages/{page.id}/edit/",
        f"/admin/pages/add/surveys/surveypage/{home_page.id}/",
        reverse("wagtailsnippets_surveys_survey:edit", args=[survey.pk]),
        reverse("wagtailsnippets_surveys_survey:add"),
        reverse("caretransition:add"),
        reverse("facility:add"),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert inline_executable_scripts(response.content.decode()) == [], url
