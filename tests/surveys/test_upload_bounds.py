"""Uploads are read only within documented bounds: a file nested too deep, with too many
parts or columns, or too large gets a clear error on its form field, quickly, and never a
server error (surveys.fhir.MAX_JSON_DEPTH / MAX_JSON_PARTS; the transitions CSV's bounds are
tested with the transitions)."""

import json
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from surveys import fhir
from surveys.models import Survey

pytestmark = pytest.mark.django_db

# A refusal must not hold a worker: generous for a loaded test machine, far below what
# these files cost before they were bounded (seconds, then a server error).
QUICK_SECONDS = 2.0


def nested_items(depth: int) -> dict:
    item = {"linkId": "deepest", "type": "string", "text": "Anything else?"}
    for level in range(depth):
        item = {"linkId": f"g{level}", "type": "group", "text": "Group", "item": [item]}
    return {"resourceType": "Questionnaire", "status": "draft", "title": "Deep", "item": [item]}


def many_questions(count: int) -> dict:
    options = [{"valueCoding": {"code": str(n), "display": f"Option {n}"}} for n in range(5)]
    items = [
        {"linkId": f"q{n}", "type": "choice", "text": f"Question {n}?", "answerOption": options}
        for n in range(count)
    ]
    return {"resourceType": "Questionnaire", "status": "draft", "title": "Wide", "item": items}


def post_questionnaire(client, manager, home_page, content: bytes):
    client.force_login(manager)
    upload = SimpleUploadedFile("q.json", content, content_type="application/json")
    started = time.perf_counter()
    response = client.post(
        reverse("survey_admin:fhir_import"), {"questionnaire": upload, "locale": home_page.locale.pk}
    )
    return response, time.perf_counter() - started


@pytest.mark.parametrize(
    "content, says",
    [
        pytest.param(b"[" * 100_000 + b"]" * 100_000, "nests more than 32 levels", id="100000-nested-arrays"),
        pytest.param(
            json.dumps(nested_items(400)).encode(), "nests more than 32 levels", id="items-400-deep"
        ),
        pytest.param(
            json.dumps(many_questions(1000)).encode(), "more than 20,000 parts", id="1000-questions"
        ),
        pytest.param(
            b'{"resourceType": "Questionnaire", "text": "' + b"x" * (2 * 1024 * 1024) + b'"}',
            "too large",
            id="over-2-MB",
        ),
    ],
)
def test_a_questionnaire_beyond_the_bounds_is_refused_on_its_field_quickly(
    client, manager, home_page, content, says
):
    response, seconds = post_questionnaire(client, manager, home_page, content)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["questionnaire"]
    assert says in " ".join(errors["questionnaire"])
    assert seconds < QUICK_SECONDS
    assert not Survey.objects.exists()


def test_a_questionnaire_within_the_bounds_still_imports(client, manager, home_page, survey):
    client.force_login(manager)
    exported = client.get(reverse("survey_admin:fhir_export", args=[survey.current_version.pk])).content
    assert fhir.json_shape_problem(exported.decode()) is None
    response, _seconds = post_questionnaire(client, manager, home_page, exported)
    assert response.status_code == 302
    assert Survey.objects.count() == 2


def test_already_parsed_json_is_held_to_the_same_bounds():
    deep = nested_items(400)
    with pytest.raises(fhir.QuestionnaireImportError, match="nests more than"):
        fhir.snapshot_from_questionnaire(deep)
    with pytest.raises(fhir.QuestionnaireImportError, match="more than 20,000 parts"):
        fhir.snapshot_from_questionnaire(many_questions(1000))
