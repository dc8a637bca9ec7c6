"""The library of tests/library.py, with what display-name lookups need: Spanish condition
names and a glossary word ("Inhaler" / "Inhalador") explained on the COPD page."""

import pytest

from content.models import ArticlePage, GlossaryTerm
from content.services import education_page_publish, locale_ensure
from tests.library import body, page_fields

ICD10 = "2.16.840.1.113883.6.90"
SNOMED = "2.16.840.1.113883.6.96"
URL = "/api/education/"
ATOM = "{http://www.w3.org/2005/Atom}"
HEART = "Living with heart failure"
HEART_ES = "Vivir con insuficiencia cardíaca"
COPD = "Living with COPD"


@pytest.fixture
def named_library(library):
    spanish = locale_ensure(language_code="es")
    for condition, name in [
        (library["conditions"]["heart"], "Insuficiencia cardíaca"),
        (library["conditions"]["copd"], "EPOC (enfermedad pulmonar obstructiva crónica)"),
    ]:
        translated = condition.copy_for_translation(spanish)
        translated.name = name
        translated.save()
    inhaler = GlossaryTerm.objects.create(
        term="Inhaler",
        definition="A small device that sends medicine into your lungs.",
        locale=library["copd"].locale,
    )
    inhalador = inhaler.copy_for_translation(spanish)
    inhalador.term = "Inhalador"
    inhalador.definition = "Aparato pequeño que lleva la medicina a los pulmones."
    inhalador.save()
    education_page_publish(
        parent=library["topics"],
        model=ArticlePage,
        slug="copd",
        fields=page_fields(COPD, "Breathe easier with a daily plan."),
        body=[*body(text="COPD makes it hard to breathe out."), ("glossary", {"terms": [inhaler]})],
        conditions=[library["conditions"]["copd"]],
    )
    return library
