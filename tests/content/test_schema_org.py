"""The JSON-LD every public page emits, checked against schema.org's vocabulary.

No package in the environment ships schema.org's vocabulary (nothing like ``schemaorg`` or
rdflib's schema data is installed, and requirements are not changed here), so the types,
properties and value ranges below are written down from schema.org's own pages:
https://schema.org/MedicalWebPage (and WebPage, CreativeWork, Thing, whose properties it
inherits), /MedicalCondition, /MedicalCode, /Patient, /MedicalAudience, /Person,
/reviewedBy (Person or Organization), /lastReviewed (Date), /specialty (Specialty) and
/MedicalSpecialty's enumeration members. Only what a page could plausibly use is listed:
a property outside the list fails the test until someone checks it against schema.org.
"""

import datetime as dt
import json
import re

import pytest
from wagtail.models import Page

from content.models import ArticlePage
from content.selectors import icd10cm_specialty
from content.services import locale_ensure

pytestmark = pytest.mark.django_db

MEDICAL_SPECIALTIES = {
    "Anesthesia", "Cardiovascular", "CommunityHealth", "Dentistry", "Dermatology", "DietNutrition",
    "Emergency", "Endocrine", "Gastroenterologic", "Genetic", "Geriatric", "Gynecologic",
    "Hematologic", "Infectious", "LaboratoryScience", "Midwifery", "Musculoskeletal", "Neurologic",
    "Nursing", "Obstetric", "Oncologic", "Optometric", "Otolaryngologic", "Pathology", "Pediatric",
    "PharmacySpecialty", "Physiotherapy", "PlasticSurgery", "Podiatric", "PrimaryCare", "Psychiatric",
    "PublicHealth", "Pulmonary", "Radiography", "Renal", "RespiratoryTherapy", "Rheumatologic",
    "SpeechPathology", "Surgical", "Toxicologic", "Urologic",
}  # fmt: skip

THING = {"name", "description", "url", "alternateName", "sameAs", "identifier"}
CREATIVE_WORK = THING | {
    "about", "audience", "inLanguage", "author", "publisher", "dateModified", "datePublished",
    "keywords", "mainEntity", "isPartOf", "license",
}  # fmt: skip
WEB_PAGE = CREATIVE_WORK | {"lastReviewed", "reviewedBy", "specialty", "breadcrumb", "relatedLink"}
# Properties each type may carry (its own and inherited ones).
PROPERTIES = {
    "MedicalWebPage": WEB_PAGE | {"medicalAudience", "aspect"},
    "MedicalCondition": THING | {"code", "associatedAnatomy", "signOrSymptom", "possibleTreatment"},
    "MedicalCode": THING | {"codeValue", "codingSystem"},
    "Patient": THING | {"audienceType", "healthCondition"},
    "MedicalAudience": THING | {"audienceType", "healthCondition"},
    "Person": THING | {"honorificSuffix", "jobTitle"},
    "Organization": THING,
}
# The types a property's value may have (a type of its own, or a subtype).
OBJECT_RANGES = {
    "audience": {"Audience", "MedicalAudience", "Patient", "PeopleAudience"},
    "reviewedBy": {"Person", "Organization"},
    "author": {"Person", "Organization"},
    "publisher": {"Person", "Organization"},
    "about": {"Thing", "MedicalCondition", "MedicalEntity"},
    "mainEntity": {"Thing", "MedicalCondition", "MedicalEntity"},
    "code": {"MedicalCode"},
}
TEXT = {"name", "description", "alternateName", "codeValue", "codingSystem", "audienceType", "jobTitle"}
TEXT |= {"honorificSuffix", "keywords", "aspect"}
URLS = {"url", "sameAs", "license"}
DATES = {"lastReviewed", "dateModified", "datePublished"}


def _values(value):
    return value if isinstance(value, list) else [value]


def _problems(node: dict, *, path: str) -> list[str]:
    kind = node.get("@type")
    if kind not in PROPERTIES:
        return [f"{path}: {kind!r} is not a type listed from schema.org"]
    found = []
    for name, value in node.items():
        where = f"{path}.{name}"
        if name in ("@type", "@context"):
            continue
        if name not in PROPERTIES[kind]:
            found.append(f"{where}: {kind} has no property {name!r}")
            continue
        for one in _values(value):
            found += _value_problems(name, one, where=where)
    return found


def _value_problems(name: str, value, *, where: str) -> list[str]:
    if name in OBJECT_RANGES:
        if not isinstance(value, dict) or value.get("@type") not in OBJECT_RANGES[name]:
            return [f"{where}: expected one of {sorted(OBJECT_RANGES[name])}, got {value!r}"]
        return _problems(value, path=where)
    if name == "specialty":
        member = str(value).removeprefix("https://schema.org/")
        ok = (
            isinstance(value, str)
            and value.startswith("https://schema.org/")
            and member in MEDICAL_SPECIALTIES
        )
        return [] if ok else [f"{where}: {value!r} is not a MedicalSpecialty member"]
    if name == "inLanguage":
        return [] if re.fullmatch(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*", str(value)) else [f"{where}: {value!r}"]
    if name in DATES:
        try:
            dt.date.fromisoformat(value)
        except (TypeError, ValueError):
            return [f"{where}: {value!r} is not an ISO 8601 Date"]
        return []
    if name in URLS:
        return [] if re.match(r"https?://", str(value)) else [f"{where}: {value!r} is not a URL"]
    if name in TEXT:
        return [] if isinstance(value, str) and value.strip() else [f"{where}: {value!r} is not Text"]
    return [f"{where}: no range listed for {name!r}"]


def json_ld_of(client, url: str) -> list[dict]:
    html = client.get(url).content.decode()
    return [
        json.loads(raw)
        for raw in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    ]


def test_every_json_ld_the_pages_emit_uses_schema_org_types_and_properties(client, library):
    checked = 0
    for page in Page.objects.live().filter(depth__gt=1).specific():
        for data in json_ld_of(client, page.url):
            assert data["@context"] == "https://schema.org"
            assert _problems(data, path=page.url) == []
            checked += 1
    assert checked >= 4  # heart failure (both languages), COPD, the nursing facility


def test_a_condition_page_names_its_specialty_from_the_medical_specialty_enumeration(client, library):
    (heart,) = json_ld_of(client, library["heart"].url)
    (copd,) = json_ld_of(client, library["copd"].url)
    assert heart["specialty"] == "https://schema.org/Cardiovascular"
    assert copd["specialty"] == "https://schema.org/Pulmonary"


def test_a_care_setting_page_claims_no_specialty(client, library):
    (nursing,) = json_ld_of(client, library["snf"].url)
    assert "specialty" not in nursing
    assert "Skilled nursing facility" not in json.dumps(nursing)


def test_specialties_follow_the_icd10cm_chapters_and_stroke_is_neurologic():
    assert icd10cm_specialty("I63.9") == "Neurologic"
    assert icd10cm_specialty("E11.65") == "Endocrine"
    assert icd10cm_specialty("Z96.641") == "Musculoskeletal"
    assert icd10cm_specialty("J18.9") == "Pulmonary"
    assert icd10cm_specialty("R53.81") is None


def test_the_reviewer_is_a_person_and_only_a_reviewed_page_names_one(client, library):
    (reviewed,) = json_ld_of(client, library["heart"].url)
    assert reviewed["reviewedBy"] == {"@type": "Person", "name": library["heart"].reviewer}
    ArticlePage.objects.filter(pk=library["copd"].pk).update(last_reviewed=None, reviewer="")
    (unreviewed,) = json_ld_of(client, library["copd"].url)
    assert "reviewedBy" not in unreviewed and "lastReviewed" not in unreviewed


def test_a_spanish_page_names_its_condition_in_spanish(client, library):
    heart = library["conditions"]["heart"]
    spanish = heart.copy_for_translation(locale_ensure(language_code="es"))
    spanish.name = "Insuficiencia cardíaca"
    spanish.save()
    (data,) = json_ld_of(client, library["heart_es"].url)
    assert data["inLanguage"] == "es"
    assert [condition["name"] for condition in data["about"]] == ["Insuficiencia cardíaca"]
    (english,) = json_ld_of(client, library["heart"].url)
    assert [condition["name"] for condition in english["about"]] == ["Heart failure"]
