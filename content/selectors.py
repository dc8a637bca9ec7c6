"""Reads for education content: what each page shows, in a fixed number of queries."""

from __future__ import annotations

import json
import logging
import re

from django.conf import settings
from django.db.models import F, TextField, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import translation
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.models import Locale, Page

from content.az import az_alphabet, az_letter, az_sorted
from content.models.pages import ArticlePage, CareSettingIndexPage, CareSettingPage, ConditionIndexPage
from content.models.snippets import Condition, ConditionCode, GlossaryTerm
from content.routing import cached, generation

logger = logging.getLogger(__name__)


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


def education_page_context(*, page, request) -> dict:
    """Everything an education page shows besides its own fields, in a fixed number of queries
    (URLs come from the site root paths Wagtail caches on the request), kept in the cache
    until the next publish."""

    def build() -> dict:
        return {
            "related_pages": related_pages(page=page, request=request),
            "json_ld": medical_web_page_json_ld(page=page, request=request),
            "breadcrumbs": breadcrumbs(page=page, request=request),
            "page_full_url": request.build_absolute_uri(page.get_url(request)),
        }

    # Kept until anything is next published (see content.routing).
    derived = cached("page-context", (page.pk,), build, request=request)
    return derived | {"cache_generation": generation(request)}


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


# schema.org's MedicalSpecialty members (https://schema.org/MedicalSpecialty) that a
# condition's ICD-10-CM code names, by the code's start without its dot, first match wins.
# A code outside these (and every care setting: a place of care is not a specialty) gives none.
ICD10CM_SPECIALTIES = (
    (("I6",), "Neurologic"),  # I60–I69, cerebrovascular disease: stroke
    (("I",), "Cardiovascular"),
    (("J",), "Pulmonary"),
    (("E",), "Endocrine"),
    (("M", "Z471", "Z966"), "Musculoskeletal"),  # with aftercare and joint implants
    (("G",), "Neurologic"),
    (("N17", "N18", "N19"), "Renal"),
    (("C",), "Oncologic"),
    (("F",), "Psychiatric"),
    (("K",), "Gastroenterologic"),
    (("A", "B"), "Infectious"),
    (("L",), "Dermatology"),
    (("D5", "D6", "D7", "D8"), "Hematologic"),
)


def icd10cm_specialty(code: str) -> str | None:
    """The schema.org MedicalSpecialty member an ICD-10-CM code belongs to, if one fits."""
    compact = code.replace(".", "").upper()
    return next((name for starts, name in ICD10CM_SPECIALTIES if compact.startswith(starts)), None)


def _conditions_about(*, page) -> tuple[list[dict], list[str]]:
    """The page's conditions as schema.org MedicalConditions named in the page's language,
    and the specialties their ICD-10-CM codes name, in two queries."""
    codes = list(
        ConditionCode.objects.filter(condition_id__in=page.conditions.values("id"))
        .select_related("condition")
        .order_by("condition__name", "sort_order")
    )
    # A page may point at a condition of another language (a translated copy keeps the
    # source's): it is named by its translation in the page's language where there is one.
    foreign = {code.condition.translation_key for code in codes if code.condition.locale_id != page.locale_id}
    names = dict(
        Condition.objects.filter(translation_key__in=foreign, locale_id=page.locale_id).values_list(
            "translation_key", "name"
        )
        if foreign
        else ()
    )
    about: dict[int, dict] = {}
    specialties: list[str] = []
    for code in codes:
        name = names.get(code.condition.translation_key, code.condition.name)
        entry = about.setdefault(code.condition_id, {"@type": "MedicalCondition", "name": name, "code": []})
        entry["code"].append(
            {
                "@type": "MedicalCode",
                "codeValue": code.code,
                "codingSystem": "ICD-10-CM" if code.system == "icd10cm" else "SNOMED CT",
            }
        )
        specialty = icd10cm_specialty(code.code) if code.system == "icd10cm" else None
        if specialty and specialty not in specialties:
            specialties.append(specialty)
    return list(about.values()), specialties


def medical_web_page_json_ld(*, page, request) -> str:
    """schema.org MedicalWebPage, escaped for a <script type="application/ld+json"> element."""
    audience_types = {"patients": "Patient", "families": "Patient", "professionals": "MedicalAudience"}
    about, specialties = _conditions_about(page=page)
    reviewed = bool(page.last_reviewed and page.reviewer)
    data = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "name": page.title,
        "description": page.summary,
        "url": request.build_absolute_uri(page.get_url(request)),
        "inLanguage": page.locale.language_code,
        "audience": {"@type": audience_types.get(page.audience, "Patient")},
        # Claimed only once a clinical reviewer (a person, see review_stamp) signed the page off.
        "lastReviewed": page.last_reviewed.isoformat() if reviewed else None,
        "reviewedBy": {"@type": "Person", "name": page.reviewer} if reviewed else None,
        "about": about,
        "specialty": [f"https://schema.org/{name}" for name in specialties],
    }
    if len(data["specialty"]) == 1:
        data["specialty"] = data["specialty"][0]
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


def site_section_page(*, model, language: str) -> Page | None:
    """The live page of type ``model`` (the home page, an A to Z index) in ``language``,
    else in English; None when there is none."""
    page = model.objects.live().filter(locale__language_code=language).first()
    if page is None and language != "en":
        page = model.objects.live().filter(locale__language_code="en").first()
    return page


def care_setting_pages_by_kind(*, language: str) -> dict[str, CareSettingPage]:
    """The live public care-setting page for each kind of care, in ``language`` where it is
    translated, else in English. One query."""
    pages = (
        CareSettingPage.objects.live()
        .public()
        .filter(locale__language_code__in={language, settings.LANGUAGE_CODE})
        .select_related("locale")
        .order_by("path")
    )
    found: dict[str, CareSettingPage] = {}
    for page in pages:
        kept = found.get(page.care_setting_kind)
        if kept is None or (page.locale.language_code == language and kept.locale.language_code != language):
            found[page.care_setting_kind] = page
    return found


def public_page(*, page_id: int) -> Page | None:
    """The live page anyone may read with this id; None if there is none."""
    return Page.objects.live().public().filter(id=page_id).first()


def conditions_in_default_language():
    """One entry per condition, by name: the library's conditions in the site's default
    language (English; a condition's codes are shared by its translations)."""
    return Condition.objects.filter(locale__language_code=settings.LANGUAGE_CODE).order_by("name")


def condition_names(*, translation_keys) -> list[str]:
    """The default-language names of these conditions (by translation key), in order."""
    return list(
        conditions_in_default_language()
        .filter(translation_key__in=translation_keys)
        .values_list("name", flat=True)
    )


def conditions_in_language(*, language: str) -> list[Condition]:
    """The conditions in ``language``, by name (the search page's filter)."""
    return list(Condition.objects.filter(locale__language_code=language).order_by("name"))


# --- education pages for admin reports, the Infobutton lookup and search -------------------


def education_pages():
    """Both education page types (articles and care settings), in every language."""
    return Page.objects.type(ArticlePage, CareSettingPage).select_related("locale")


def education_pages_with_figures():
    """Both education page types in one queryset, with their reading and review fields."""
    return education_pages().annotate(
        grade=Coalesce(F("articlepage__readability_grade"), F("caresettingpage__readability_grade")),
        sentence_words=Coalesce(
            F("articlepage__readability_sentence_words"), F("caresettingpage__readability_sentence_words")
        ),
        review_due=Coalesce(F("articlepage__next_review_due"), F("caresettingpage__next_review_due")),
        reviewed=Coalesce(F("articlepage__last_reviewed"), F("caresettingpage__last_reviewed")),
    )


def education_pages_by_grade():
    """Education pages, hardest to read first (pages not measured yet last)."""
    return education_pages_with_figures().order_by(F("grade").desc(nulls_last=True), "title")


def education_pages_review_due(*, by):
    """Education pages whose clinical review is due on or before ``by``, soonest first."""
    return education_pages_with_figures().filter(review_due__lte=by).order_by("review_due", "title")


def education_for_conditions(*, condition_keys, language: str) -> list[tuple[object, bool]]:
    """Live pages about these conditions (translation keys, any language's version):
    (page, is_fallback_to_english), in the reader's language where translated."""
    condition_ids = list(
        Condition.objects.filter(translation_key__in=condition_keys).values_list("id", flat=True)
    )
    if not condition_ids:
        return []
    found = []
    for model in (ArticlePage, CareSettingPage):
        pages = list(
            model.objects.live()
            .public()
            .filter(conditions__in=condition_ids)
            .select_related("locale")
            .distinct()
        )
        keys_seen = {p.translation_key for p in pages}
        # Every language version of the matching pages, in one query.
        versions = (
            model.objects.live().public().filter(translation_key__in=keys_seen).select_related("locale")
        )
        by_key: dict = {}
        for version in versions:
            by_key.setdefault(version.translation_key, {})[version.locale.language_code] = version
        for key in sorted(keys_seen, key=str):
            options = by_key.get(key, {})
            if language in options:
                found.append((options[language], False))
            elif "en" in options:
                found.append((options["en"], True))
    return sorted(found, key=lambda item: item[0].title)


# --- site search ------------------------------------------------------------------------------

SEARCH_KINDS = {"condition": ArticlePage, "setting": CareSettingPage}
SEARCH_WORD = re.compile(r"\w{2,}", re.UNICODE)


def search_terms(query: str) -> str:
    """The words of ``query`` as the search backend gets them: lower case, no punctuation.
    To SQLite's full-text search (the embedded default) ``:``, quotes, ``*`` and upper-case
    ``AND``/``OR``/``NOT`` are query syntax, so a visitor's "heart: diet" found nothing."""
    return " ".join(word.lower() for word in SEARCH_WORD.findall(query))


def _live_pages(language: str):
    # The search index filters on the locale itself, not on a field across the relation.
    locale = Locale.objects.filter(language_code=language).first()
    return Page.objects.live().public().filter(locale=locale)


def _pages_about(condition: Condition) -> list[int]:
    """The ids of the education pages about ``condition`` in any of its languages."""
    keys = list(
        Condition.objects.filter(translation_key=condition.translation_key).values_list("id", flat=True)
    )
    return list(ArticlePage.objects.filter(conditions__in=keys).values_list("id", flat=True)) + list(
        CareSettingPage.objects.filter(conditions__in=keys).values_list("id", flat=True)
    )


def education_search(*, query: str, language: str, kind: str = "", condition_id: int | None = None):
    """Live education pages in ``language`` matching ``query``, best first; none when the
    search backend fails (it must never turn a visitor's words into a 500)."""
    model = SEARCH_KINDS.get(kind)
    pages = _live_pages(language)
    pages = pages.type(model) if model else pages.type(ArticlePage, CareSettingPage)
    if condition_id:
        condition = Condition.objects.filter(id=condition_id).first()
        if condition is None:
            return []
        pages = pages.filter(id__in=_pages_about(condition))
    try:
        return list(pages.specific().search(search_terms(query), operator="or"))
    except Exception:
        logger.warning("search backend failed for a query of %d characters", len(query), exc_info=True)
        return []


def education_suggestions(*, query: str, language: str, limit: int) -> list[Page]:
    """Up to ``limit`` live education pages in ``language`` whose titles start like the
    words of ``query``; none when the search backend fails."""
    pages = _live_pages(language).type(ArticlePage, CareSettingPage)
    try:
        return list(pages.autocomplete(search_terms(query))[:limit])
    except Exception:
        logger.warning("autocomplete failed for a query of %d characters", len(query), exc_info=True)
        return []


def search_promotions(*, query: str, language: str) -> list[Page]:
    """Editors' picks for this exact query (read only: visitors' queries are not stored)."""
    promotions = (
        SearchPromotion.objects.filter(query__query_string__iexact=query.lower())
        .select_related("page")
        .order_by("sort_order")
    )
    return [
        p.page.specific
        for p in promotions
        if p.page and p.page.live and p.page.locale.language_code == language
    ]
