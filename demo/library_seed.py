"""The demo education library: original sample pages, glossary and conditions, in English
and Spanish, read from demo/library/ (demo.loader) and built through the same services
editors' work goes through."""

from __future__ import annotations

from django.db import transaction
from wagtail.contrib.search_promotions.models import Query, SearchPromotion

from content.models import ArticlePage, CareSettingPage, Condition, GlossaryTerm, HomePage
from content.readability import text_from_html
from content.selectors import glossary_terms_in
from content.services import (
    condition_upsert,
    education_page_publish,
    index_pages_ensure,
    locale_ensure,
    page_translation_publish,
)
from demo.loader import Library, library_load

HOME_ES = {
    "title": "Cuidado después del hospital",
    "intro": (
        "Información clara y confiable para usted y su familia sobre su salud y su próximo lugar de cuidado."
    ),
}
INDEX_ES = {
    "health-topics": (
        "temas-de-salud",
        "Temas de salud de la A a la Z",
        "Busque una enfermedad por su nombre.",
    ),
    "care-settings": ("lugares-de-cuidado", "Lugares de cuidado", "Sepa qué pasa en cada lugar de cuidado."),
}
# Common words → the page for that condition or kind of care setting.
PROMOTIONS = {
    "chf": "heart-failure",
    "heart": "heart-failure",
    "rehab": "irf",
    "hospice": "hospice",
    "nursing home": "snf",
    "snf": "snf",
}
FEATURED = ("heart-failure", "snf")


def _glossary(library: Library) -> dict[str, tuple[GlossaryTerm, GlossaryTerm]]:
    en, es = locale_ensure(language_code="en"), locale_ensure(language_code="es")
    terms = {}
    for item in library.glossary:
        term, _created = GlossaryTerm.objects.update_or_create(
            term=item["term"], locale=en, defaults={"definition": item["definition"]}
        )
        spanish = term.get_translation_or_none(es) or term.copy_for_translation(es)
        spanish.term, spanish.definition = item["term_es"], item["definition_es"]
        spanish.save()
        terms[item["term"]] = (term, spanish)
    return terms


def _conditions(library: Library) -> dict[str, Condition]:
    es = locale_ensure(language_code="es")
    found = {}
    for item in library.conditions:
        condition = condition_upsert(name=item["name"], icd10=item["icd10"], snomed=item["snomed"])
        spanish = condition.get_translation_or_none(es) or condition.copy_for_translation(es)
        spanish.name = item["name_es"]
        spanish.save()
        found[item["slug"]] = condition
    return found


def _with_glossary(body: list, terms: list) -> list:
    """The body plus a "Words to know" block for every glossary term its text uses."""
    text = "\n".join(_strings(body))
    used = sorted(glossary_terms_in(text=text, terms=terms), key=lambda term: term.term)
    return [*body, ("glossary", {"terms": used})] if used else list(body)


def _strings(value):
    if isinstance(value, str):
        yield text_from_html(value)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


def _fields(item: dict, *, extra: dict | None = None) -> dict:
    """A page's own fields. No review fields: the demo pages were never reviewed by the
    organization's clinicians, and say so until a reviewer approves them."""
    return {
        "title": item["title"],
        "az_name": item.get("az_name", ""),
        "summary": item["summary"],
        "audience": item.get("audience", "patients"),
        **(extra or {}),
    }


@transaction.atomic
def library_seed(*, home: HomePage, owner=None) -> dict:
    """Create or refresh every demo page; safe to run again."""
    library = library_load()
    glossary = _glossary(library)
    conditions = _conditions(library)
    topics, care = index_pages_ensure(home=home)
    home_es = page_translation_publish(
        page=home, language_code="es", slug="inicio", fields=HOME_ES, body=None
    )
    for index in (topics, care):
        slug, title, intro = INDEX_ES[index.slug]
        page_translation_publish(
            page=index, language_code="es", slug=slug, fields={"title": title, "intro": intro}, body=None
        )

    pages, by_topic = {}, {}
    sources = (
        (library.condition_pages, topics, ArticlePage, lambda item: {}),
        (library.care_setting_pages, care, CareSettingPage, lambda item: {"care_setting_kind": item["kind"]}),
    )
    for items, parent, model, extra in sources:
        for item in items:
            english_terms = [pair[0] for pair in glossary.values()]
            spanish_terms = [pair[1] for pair in glossary.values()]
            page = education_page_publish(
                parent=parent,
                model=model,
                slug=item["slug"],
                fields=_fields(item, extra=extra(item)),
                body=_with_glossary(item["body"], english_terms),
                conditions=[conditions[item["condition"]]] if item.get("condition") else (),
            )
            if owner is not None and page.owner_id != owner.id:
                type(page).objects.filter(id=page.id).update(owner=owner)
            pages[item["slug"]] = page
            by_topic[item.get("kind") or item["condition"]] = page
            spanish = item.get("es")
            if spanish:
                pages[spanish["slug"]] = page_translation_publish(
                    page=page,
                    language_code="es",
                    slug=spanish["slug"],
                    fields={
                        "title": spanish["title"],
                        "az_name": spanish.get("az_name", ""),
                        "summary": spanish["summary"],
                    },
                    body=_with_glossary(spanish["body"], spanish_terms),
                )

    home.featured_pages.set(
        [p for slug, p in pages.items() if slug in ("heart-failure", "skilled-nursing-facility")]
    )
    home.save_revision().publish()
    for query_string, slug in PROMOTIONS.items():
        if slug in pages:
            query = Query.get(query_string)
            SearchPromotion.objects.get_or_create(query=query, page=pages[slug], defaults={"sort_order": 0})
    return {"home_es": home_es, "topics": topics, "care_settings": care, "pages": pages}
