"""Reads for education content: what each page shows, in a fixed number of queries."""

from __future__ import annotations

import json
import re
import string

from django.conf import settings
from django.db.models import F, TextField, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import translation
from wagtail.models import Locale, Page

from content.models.pages import ArticlePage, CareSettingIndexPage, CareSettingPage, ConditionIndexPage
from content.models.snippets import ConditionCode, GlossaryTerm


def _live_in_locale(queryset, locale):
    return queryset.live().public().filter(locale=locale)


def home_page_context(*, page) -> dict:
    """Index pages, the A–Z of conditions, care settings and featured pages under ``page``."""
    children = {type(child): child for child in page.get_children().live().specific()}
    condition_index = children.get(ConditionIndexPage)
    care_index = children.get(CareSettingIndexPage)
    language = page.locale.language_code
    conditions = (
        az_sorted(
            _live_in_locale(ArticlePage.objects.child_of(condition_index), page.locale_id), language=language
        )
        if condition_index
        else []
    )
    care_settings = (
        az_sorted(
            _live_in_locale(CareSettingPage.objects.child_of(care_index), page.locale_id), language=language
        )
        if care_index
        else []
    )
    featured = list(page.featured_pages.live().public().specific())
    return {
        "search_url": reverse("search"),
        "autocomplete_url": reverse("search_suggest"),
        "condition_index": condition_index,
        "care_setting_index": care_index,
        "conditions": conditions,
        "care_settings": care_settings,
        "featured": featured,
    }


def index_page_context(*, page) -> dict:
    """The live pages below an index page, grouped by the letter of their A to Z name (in the
    page's language and alphabet), and an A to Z bar."""
    model = ArticlePage if isinstance(page, ConditionIndexPage) else CareSettingPage
    language = page.locale.language_code
    pages = az_sorted(_live_in_locale(model.objects.child_of(page), page.locale_id), language=language)
    groups: dict[str, list] = {}
    for child in pages:
        groups.setdefault(az_letter(child.az_label, language=language), []).append(child)
    alphabet = az_alphabet(language=language)
    return {
        # Names that start with a digit or symbol ("#") come after Z.
        "letters": [
            {"letter": letter, "pages": groups[letter]} for letter in [*alphabet, "#"] if letter in groups
        ],
        "alphabet": [{"letter": letter, "has_pages": letter in groups} for letter in alphabet],
    }


# Spanish orders ñ as a letter of its own, after n; every other accent is folded away.
_ALPHABETS = {"es": [*string.ascii_uppercase[:14], "Ñ", *string.ascii_uppercase[14:]]}


def az_alphabet(*, language: str) -> list[str]:
    """The letters of the A to Z bar in ``language``."""
    return _ALPHABETS.get(language, list(string.ascii_uppercase))


def _az_fold(name: str, *, language: str) -> str:
    """``name`` in upper case with accents removed (but ñ kept where the alphabet has it)."""
    import unicodedata

    keep = set(az_alphabet(language=language))
    folded = []
    for char in name.strip().upper():
        if char not in keep:
            char = unicodedata.normalize("NFKD", char)[:1]
        folded.append(char)
    return "".join(folded)


def az_letter(name: str, *, language: str) -> str:
    """The letter ``name`` is listed under: "Úlceras" under U, "Ñame" under Ñ in Spanish."""
    first = _az_fold(name, language=language)[:1]
    return first if first in az_alphabet(language=language) else "#"


def az_sort_key(name: str, *, language: str) -> tuple:
    """Sorts names in ``language``'s alphabetical order, ignoring case and accents."""
    order = {letter: index for index, letter in enumerate(az_alphabet(language=language))}
    folded = _az_fold(name, language=language)
    return tuple((order.get(char, -1 if not char.isalnum() else len(order)), char) for char in folded)


def az_sorted(pages, *, language: str) -> list:
    """Education pages in A to Z order of the name people look for."""
    return sorted(pages, key=lambda page: az_sort_key(page.az_label, language=language))


def education_page_context(*, page, request) -> dict:
    """Everything an education page shows besides its own fields, in a fixed number of queries
    (URLs come from the site root paths Wagtail caches on the request), kept in the cache
    until the next publish."""
    from content.routing import cached, generation

    def build() -> dict:
        return {
            "related_pages": related_pages(page=page, request=request),
            "json_ld": medical_web_page_json_ld(page=page, request=request),
            "breadcrumbs": breadcrumbs(page=page, request=request),
            "page_full_url": request.build_absolute_uri(page.get_url(request)),
        }

    # Kept until anything is next published (see content.routing).
    derived = cached("page-context", (page.pk,), build, request=request)
    return derived | {"is_sample": page.sample_content, "cache_generation": generation(request)}


def related_pages(*, page, request) -> list[dict]:
    """Live related pages with their summaries, in one query whatever their types."""
    related = (
        page.related_pages.live()
        .public()
        .annotate(
            summary=Coalesce(
                F("articlepage__summary"), F("caresettingpage__summary"), Value(""), output_field=TextField()
            )
        )
        .order_by("title")
    )
    return [{"title": p.title, "url": p.get_url(request), "summary": p.summary} for p in related]


def breadcrumbs(*, page, request) -> list[dict]:
    ancestors = page.get_ancestors().filter(depth__gt=1)
    return [{"title": p.title, "url": p.get_url(request)} for p in ancestors] + [
        {"title": page.title, "url": page.get_url(request)}
    ]


def medical_web_page_json_ld(*, page, request) -> str:
    """schema.org MedicalWebPage, escaped for a <script type="application/ld+json"> element."""
    audience_types = {"patients": "Patient", "families": "Patient", "professionals": "MedicalAudience"}
    about: dict[int, dict] = {}
    codes = (
        ConditionCode.objects.filter(condition_id__in=page.conditions.values("id"))
        .select_related("condition")
        .order_by("condition__name", "sort_order")
    )
    for code in codes:
        entry = about.setdefault(
            code.condition_id, {"@type": "MedicalCondition", "name": code.condition.name, "code": []}
        )
        entry["code"].append(
            {
                "@type": "MedicalCode",
                "codeValue": code.code,
                "codingSystem": "ICD-10-CM" if code.system == "icd10cm" else "SNOMED CT",
            }
        )
    data = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "name": page.title,
        "description": page.summary,
        "url": request.build_absolute_uri(page.get_url(request)),
        "inLanguage": page.locale.language_code,
        "audience": {"@type": audience_types.get(page.audience, "Patient")},
        "lastReviewed": page.last_reviewed.isoformat() if page.last_reviewed else None,
        "reviewedBy": page.reviewer or None,
        "about": list(about.values()),
    }
    if getattr(page, "care_setting_kind", None):
        data["specialty"] = page.get_care_setting_kind_display()
    text = json.dumps({k: v for k, v in data.items() if v not in (None, [])}, ensure_ascii=False)
    # Nothing inside may close the script element or open markup.
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def glossary_terms_in(*, text: str, terms):
    """The glossary terms (objects or strings) that appear in ``text`` as whole words."""
    lowered = text.lower()
    return [term for term in terms if re.search(rf"\b{re.escape(str(term).lower())}\b", lowered)]


def glossary_terms_undefined(*, page, text: str) -> list[str]:
    """Glossary terms that appear in ``text`` but have no definition block on the page."""
    defined = set()
    for block in page.body:
        if block.block_type == "glossary":
            defined.update(term.term.lower() for term in block.value["terms"] if term)
    locale_id = page.locale_id or Locale.get_default().id
    terms = GlossaryTerm.objects.filter(locale_id=locale_id).values_list("term", flat=True)
    return sorted(term for term in glossary_terms_in(text=text, terms=terms) if term.lower() not in defined)


def translations_by_language(*, page) -> dict[str, Page]:
    """Live translations of ``page`` (itself included), keyed by language code."""
    return {
        p.locale.language_code: p
        for p in page.get_translations(inclusive=True).live().select_related("locale")
    }


def language_name(code: str) -> str:
    with translation.override(code):
        return translation.get_language_info(code)["name_local"] if code in dict(settings.LANGUAGES) else code
