"""The Infobutton lookup: codes to pages, language fallback, and clear 400s."""

from xml.etree import ElementTree as ET

import pytest

pytestmark = pytest.mark.django_db

ICD10 = "2.16.840.1.113883.6.90"
SNOMED = "2.16.840.1.113883.6.96"
URL = "/api/education/"


def lookup(client, **params):
    query = {
        "mainSearchCriteria.v.c": params.pop("code", "I50.9"),
        "mainSearchCriteria.v.cs": params.pop("system", ICD10),
        **{k.replace("__", "."): v for k, v in params.items()},
    }
    return client.get(URL, query)


def test_icd10_code_finds_the_english_page(client, library):
    response = lookup(client)
    assert response.status_code == 200
    entries = response.json()["feed"]["entry"]
    assert [e["title"] for e in entries] == ["Living with heart failure"]
    assert entries[0]["lang"] == "en"
    assert entries[0]["link"].endswith(library["heart"].url)


def test_snomed_code_finds_the_same_page(client, library):
    entries = lookup(client, code="84114007", system=SNOMED).json()["feed"]["entry"]
    assert [e["title"] for e in entries] == ["Living with heart failure"]


def test_spanish_is_returned_where_translated_and_english_is_the_fallback(client, library):
    spanish = lookup(client, informationRecipient__languageCode__c="es").json()["feed"]["entry"]
    assert [(e["title"], e["lang"], e["fallback"]) for e in spanish] == [
        ("Vivir con insuficiencia cardíaca", "es", False)
    ]
    copd = lookup(client, code="J44.9", informationRecipient__languageCode__c="es").json()["feed"]["entry"]
    assert [(e["title"], e["lang"], e["fallback"]) for e in copd] == [("Living with COPD", "en", True)]


def test_unknown_code_returns_an_empty_list(client, library):
    response = lookup(client, code="Z99.89")
    assert response.status_code == 200
    assert response.json()["feed"]["entry"] == []


def test_atom_xml_when_asked(client, library):
    response = lookup(client, knowledgeResponseType="text/xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    titles = [e.text for e in feed.iter("{http://www.w3.org/2005/Atom}title")]
    assert "Living with heart failure" in titles


@pytest.mark.parametrize(
    ("params", "fragment"),
    [
        ({"code": ""}, "mainSearchCriteria.v.c is required"),
        ({"system": "1.2.3"}, "mainSearchCriteria.v.cs must be"),
        ({"code": "not-a-code"}, "Not a valid code"),
        ({"code": "12345", "system": ICD10}, "Not a valid code"),
        ({"code": "I50.9'; DROP TABLE wagtailcore_page;--"}, "Not a valid code"),
        ({"informationRecipient__languageCode__c": "fr"}, "must be en or es"),
        ({"knowledgeResponseType": "text/html"}, "knowledgeResponseType must be"),
    ],
)
def test_malformed_parameters_get_a_400_with_a_clear_message(client, library, params, fragment):
    response = lookup(client, **params)
    assert response.status_code == 400
    assert fragment in response.json()["error"]
