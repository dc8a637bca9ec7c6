"""The Infobutton lookup: codes to pages, language fallback, and clear 400s."""

import pytest

from tests.content.infobutton_fixtures import ICD10, SNOMED, URL

pytestmark = pytest.mark.django_db


def lookup(client, **params):
    query = {
        "mainSearchCriteria.v.c": params.pop("code", "I50.9"),
        "mainSearchCriteria.v.cs": params.pop("system", ICD10),
        "knowledgeResponseType": "application/json",
        **{k.replace("__", "."): v for k, v in params.items()},
    }
    return client.get(URL, query)


def entries_of(response) -> list[tuple[str, str]]:
    return [(e["title"]["_value"], e["lang"]["_value"]) for e in response.json()["feed"]["entry"]]


def test_icd10_code_finds_the_english_page(client, library):
    response = lookup(client)
    assert response.status_code == 200
    assert entries_of(response) == [("Living with heart failure", "en")]
    assert response.json()["feed"]["entry"][0]["link"][0]["href"].endswith(library["heart"].url)


def test_snomed_code_finds_the_same_page(client, library):
    assert entries_of(lookup(client, code="84114007", system=SNOMED)) == [("Living with heart failure", "en")]


def test_spanish_is_returned_where_translated_and_english_is_the_fallback(client, library):
    spanish = lookup(client, informationRecipient__languageCode__c="es")
    assert entries_of(spanish) == [("Vivir con insuficiencia cardíaca", "es")]
    assert spanish["Content-Language"] == "es"
    copd = lookup(client, code="J44.9", informationRecipient__languageCode__c="es")
    assert entries_of(copd) == [("Living with COPD", "en")]
    assert copd["Content-Language"] == "en"


def test_unknown_code_returns_an_empty_list(client, library):
    response = lookup(client, code="Z99.89")
    assert response.status_code == 200
    assert response.json()["feed"]["entry"] == []


@pytest.mark.parametrize(
    ("params", "fragment"),
    [
        ({"code": ""}, "mainSearchCriteria.v.c (an ICD-10-CM or SNOMED CT code) or mainSearchCriteria.v.dn"),
        ({"system": "1.2.3"}, "mainSearchCriteria.v.cs must be"),
        ({"code": "not-a-code"}, "Not a valid code"),
        ({"code": "12345", "system": ICD10}, "Not a valid code"),
        ({"code": "I50.9'; DROP TABLE wagtailcore_page;--"}, "Not a valid code"),
        ({"knowledgeResponseType": "text/html"}, "knowledgeResponseType must be"),
    ],
)
def test_malformed_parameters_get_a_400_with_a_clear_message(client, library, params, fragment):
    response = lookup(client, **params)
    assert response.status_code == 400
    body = response.json()["error"] if response["Content-Type"].startswith("application/json") else ""
    assert fragment in (body or response.content.decode())
