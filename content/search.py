"""Site search: bounded, filtered, highlighted, with promoted results and suggestions."""

from __future__ import annotations

import hashlib
import re

from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from content.routing import cached
from content.selectors import (
    SEARCH_KINDS,
    SEARCH_WORD,
    conditions_in_language,
    education_search,
    education_suggestions,
    search_promotions,
)

MAX_QUERY_LENGTH = 200
RESULTS_PER_PAGE = 10
SUGGESTIONS = 8


def clean_query(raw: str | None) -> str:
    """At most 200 characters, control characters (NUL included) dropped, whitespace folded;
    empty when it holds no word at all."""
    printable = "".join(ch for ch in (raw or "")[:MAX_QUERY_LENGTH] if ch.isprintable() or ch.isspace())
    query = " ".join(printable.split())
    return query if SEARCH_WORD.search(query) else ""


def highlight(text: str, query: str) -> str:
    """``text`` escaped, with the words of ``query`` wrapped in <mark>."""
    words = sorted({w.lower() for w in SEARCH_WORD.findall(query)}, key=len, reverse=True)
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


@require_GET
def search_view(request):
    query = clean_query(request.GET.get("q"))
    kind = request.GET.get("type", "")
    kind = kind if kind in SEARCH_KINDS else ""
    try:
        condition_id = int(request.GET.get("condition") or 0) or None
    except ValueError:
        condition_id = None
    language = translation.get_language()
    results, promoted = [], []
    if query:

        def find() -> tuple[list, list]:
            picks = search_promotions(query=query, language=language)
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
            lambda: conditions_in_language(language=language),
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
    found = education_suggestions(query=query, language=translation.get_language(), limit=SUGGESTIONS)
    response = JsonResponse({"suggestions": [{"title": p.title, "url": p.url} for p in found]})
    response["Cache-Control"] = "public, max-age=300"
    return response
