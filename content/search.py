"""Site search: bounded, filtered, highlighted, with promoted results and suggestions."""

from __future__ import annotations

import hashlib
import logging
import re

from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.models import Locale, Page

from content.models import ArticlePage, CareSettingPage, Condition
from content.routing import cached

logger = logging.getLogger(__name__)

MAX_QUERY_LENGTH = 200
RESULTS_PER_PAGE = 10
SUGGESTIONS = 8
KINDS = {"condition": ArticlePage, "setting": CareSettingPage}
_WORD = re.compile(r"\w{2,}", re.UNICODE)


def clean_query(raw: str | None) -> str:
    """At most 200 characters, control characters (NUL included) dropped, whitespace folded;
    empty when it holds no word at all."""
    printable = "".join(ch for ch in (raw or "")[:MAX_QUERY_LENGTH] if ch.isprintable() or ch.isspace())
    query = " ".join(printable.split())
    return query if _WORD.search(query) else ""


def search_terms(query: str) -> str:
    """The words of ``query`` as the search backend gets them: lower case, no punctuation.
    To SQLite's full-text search (the embedded default) ``:``, quotes, ``*`` and upper-case
    ``AND``/``OR``/``NOT`` are query syntax, so a visitor's "heart: diet" found nothing."""
    return " ".join(word.lower() for word in _WORD.findall(query))


def highlight(text: str, query: str) -> str:
    """``text`` escaped, with the words of ``query`` wrapped in <mark>."""
    words = sorted({w.lower() for w in _WORD.findall(query)}, key=len, reverse=True)
    if not words:
        return escape(text)
    # Matched in the text itself and each piece escaped on its own: matching in the escaped
    # text would mark letters inside entities (the "lt" of "&lt;", the "27" of "&#x27;")
    # and show them to the reader as "&lt;".
    pattern = re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)
    pieces, start = [], 0
    for match in pattern.finditer(text):
        pieces += [escape(text[start : match.start()]), f"<mark>{escape(match.group(0))}</mark>"]
        start = match.end()
    pieces.append(escape(text[start:]))
    return mark_safe("".join(pieces))  # every piece is escaped above


def _live_pages(language: str):
    # The search index filters on the locale itself, not on a field across the relation.
    locale = Locale.objects.filter(language_code=language).first()
    return Page.objects.live().public().filter(locale=locale)


def education_search(*, query: str, language: str, kind: str = "", condition_id: int | None = None):
    """Live education pages in ``language`` matching ``query``, best first."""
    model = KINDS.get(kind)
    pages = _live_pages(language)
    pages = pages.type(model) if model else pages.type(ArticlePage, CareSettingPage)
    if condition_id:
        condition = Condition.objects.filter(id=condition_id).first()
        if condition is None:
            return []
        keys = Condition.objects.filter(translation_key=condition.translation_key).values_list(
            "id", flat=True
        )
        page_ids = list(
            ArticlePage.objects.filter(conditions__in=list(keys)).values_list("id", flat=True)
        ) + list(CareSettingPage.objects.filter(conditions__in=list(keys)).values_list("id", flat=True))
        pages = pages.filter(id__in=page_ids)
    try:
        return list(pages.specific().search(search_terms(query), operator="or"))
    except Exception:  # the search backend must never turn a visitor's words into a 500
        logger.warning("search backend failed for a query of %d characters", len(query), exc_info=True)
        return []


def promoted_for(*, query: str, language: str) -> list[Page]:
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


@require_GET
def search_view(request):
    query = clean_query(request.GET.get("q"))
    kind = request.GET.get("type", "")
    kind = kind if kind in KINDS else ""
    try:
        condition_id = int(request.GET.get("condition") or 0) or None
    except ValueError:
        condition_id = None
    language = translation.get_language()
    results, promoted = [], []
    if query:

        def find() -> tuple[list, list]:
            picks = promoted_for(query=query, language=language)
            picked = {p.id for p in picks}
            found = education_search(query=query, language=language, kind=kind, condition_id=condition_id)
            return picks, [p for p in found if p.id not in picked]

        # The same words find the same pages until something is next published (see
        # content.routing); the key holds a digest of the words, never the words themselves.
        digest = hashlib.sha256(query.lower().encode()).hexdigest()[:32]
        promoted, results = cached("search", (digest, kind, condition_id or ""), find, request=request)
    page_number = request.GET.get("page") or 1
    paginator = Paginator(results, RESULTS_PER_PAGE)
    results_page = paginator.get_page(page_number)
    context = {
        "query": query,
        "raw_query_too_long": len(request.GET.get("q") or "") > MAX_QUERY_LENGTH,
        "kind": kind,
        "condition_id": condition_id,
        "conditions": cached(
            "search-conditions",
            (),
            lambda: list(Condition.objects.filter(locale__language_code=language).order_by("name")),
            request=request,
        ),
        "promoted": [{"page": p, "excerpt": highlight(p.summary, query)} for p in promoted],
        "results": [
            {"page": p, "excerpt": highlight(getattr(p, "summary", ""), query)} for p in results_page
        ],
        "results_page": results_page,
        "result_count": paginator.count + len(promoted),
    }
    return render(request, "content/search.html", context)


@require_GET
def autocomplete_view(request):
    """Up to 8 page titles that start like the visitor's words, for the home search box."""
    query = clean_query(request.GET.get("q"))
    if len(query) < 2:
        return JsonResponse({"suggestions": []})
    pages = _live_pages(translation.get_language()).type(ArticlePage, CareSettingPage)
    try:
        found = list(pages.autocomplete(search_terms(query))[:SUGGESTIONS])
    except Exception:
        logger.warning("autocomplete failed for a query of %d characters", len(query), exc_info=True)
        found = []
    response = JsonResponse({"suggestions": [{"title": p.title, "url": p.url} for p in found]})
    response["Cache-Control"] = "public, max-age=300"
    return response
