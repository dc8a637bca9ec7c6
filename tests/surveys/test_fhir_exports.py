"""What a FHIR server needs from the portal's exports: one canonical per survey version and
language, de-identified responses that still answer what their Questionnaire requires, narrative
on every resource and a fullUrl on every Bundle entry."""

import re
from xml.etree import ElementTree

import pytest

from surveys.fhir import questionnaire_response_problems
from tests.surveys.fhir_samples import bundle, fhir_samples

pytestmark = pytest.mark.both_databases

XHTML = "{http://www.w3.org/1999/xhtml}"


@pytest.fixture
def samples(home_page, survey):
    return fhir_samples(home_page=home_page, survey=survey)


def canonical(questionnaire: dict) -> str:
    return f"{questionnaire['url']}|{questionnaire['version']}"


def responses(bundle: dict) -> list[dict]:
    return [entry["resource"] for entry in bundle["entry"]]


def items(resource: dict) -> dict[str, dict]:
    found = {}
    for item in resource.get("item") or []:
        found[item["linkId"]] = item
        found |= items(item)
    return found


def test_the_english_and_spanish_questionnaires_of_a_survey_are_two_canonicals(samples):
    english, spanish = samples["questionnaire-en.json"], samples["questionnaire-es.json"]
    assert english["version"] == spanish["version"] == "1"  # each language numbers its own
    assert canonical(english) != canonical(spanish)
    for name in ("bundle-identified.json", "bundle-deidentified.json"):
        cited = [(resource["language"], resource["questionnaire"]) for resource in responses(samples[name])]
        assert cited == [("en", canonical(english)), ("es", canonical(spanish)), ("en", canonical(english))]


def test_every_exported_response_answers_its_questionnaire_validly(samples):
    questionnaires = {
        canonical(samples[f"questionnaire-{language}.json"]): language for language in ("en", "es")
    }
    for name in ("bundle-identified.json", "bundle-deidentified.json"):
        for resource in responses(samples[name]):
            questionnaire = samples[f"questionnaire-{questionnaires[resource['questionnaire']]}.json"]
            assert questionnaire_response_problems(questionnaire, resource) == [], name


def test_a_deidentified_call_back_keeps_its_consent_with_the_phone_masked(samples):
    first = responses(samples["bundle-deidentified.json"])[0]
    answered = items(first)
    masked = [
        {
            "extension": [
                {"url": "http://hl7.org/fhir/StructureDefinition/data-absent-reason", "valueCode": "masked"}
            ]
        }
    ]
    assert answered["call_back-consent"]["answer"] == [{"valueBoolean": True}]
    assert answered["call_back-phone"]["answer"] == masked
    assert answered["problem_details"]["answer"] == masked  # required once "problem" is yes
    assert "555 201" not in str(first) and "bill" not in str(first)


def narrative_root(resource: dict) -> ElementTree.Element:
    assert resource["text"]["status"] == "generated"
    root = ElementTree.fromstring(resource["text"]["div"])  # well-formed XHTML, entities escaped
    assert root.tag == XHTML + "div"
    assert root.get("lang") == resource["language"]
    return root


def test_every_resource_has_narrative_in_its_language(samples):
    spanish = narrative_root(samples["questionnaire-es.json"])
    assert "Su traslado" in "".join(spanish.itertext())
    identified = responses(samples["bundle-identified.json"])
    text = "".join(narrative_root(identified[0]).itertext())
    assert 'The <b>bill</b> & "forms" came late' in text and "555 201 0123" in text
    deidentified = responses(samples["bundle-deidentified.json"])
    for resource in deidentified:
        text = "".join(narrative_root(resource).itertext())
        assert "bill" not in text and "555 201" not in text and "HYPERLINK" not in text
    assert "Withheld for privacy" in "".join(narrative_root(deidentified[0]).itertext())
    assert "Omitida por privacidad" in "".join(narrative_root(deidentified[1]).itertext())


def test_every_bundle_entry_has_a_uuid_full_url_stable_across_exports(samples):
    for name in ("bundle-identified.json", "bundle-deidentified.json"):
        urls = [entry["fullUrl"] for entry in samples[name]["entry"]]
        assert all(
            re.fullmatch(r"urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}", url)
            for url in urls
        )
        assert len(set(urls)) == len(urls) == 3
        assert [entry["fullUrl"] for entry in bundle(deidentified="deidentified" in name)["entry"]] == urls
    identified = {entry["fullUrl"] for entry in samples["bundle-identified.json"]["entry"]}
    assert identified.isdisjoint(entry["fullUrl"] for entry in samples["bundle-deidentified.json"]["entry"])
