"""Find a place of care: the public search of the provider directory and a provider's page.

Both are plain GET pages anyone can read, in the visitor's language, printable as a handout.
They read through the directory's selectors (transitions.providers.search), so the query
count of a search does not grow with the number of providers found.
"""

from __future__ import annotations

import re

from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404, QueryDict
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from content.routing import cached
from content.selectors import care_setting_pages_by_kind
from transitions.models import PROVIDER_KINDS
from transitions.providers.forms import DISTANCES, KIND_NAMES, CareOptionsForm
from transitions.providers.geo import zip_location, zip_normalised
from transitions.providers.search import (
    SORT_DISTANCE,
    ProviderFound,
    provider_data_latest_release_id,
    providers_by_ids,
    providers_measures_load,
    providers_near,
)

# Ten places a page: enough to compare on a phone, and a printed page or two each.
RESULTS_PER_PAGE = 10
FULL_STAR, EMPTY_STAR = "\u2605", "\u2606"


RATINGS_TEMPLATE = "transitions/care_options/ratings.html"
RATINGS_KEPT_SECONDS = 24 * 60 * 60


def provider_shown(found: ProviderFound) -> dict:
    """What the page shows of one provider: the provider, its distance and the number to
    dial (its ratings come from ratings_drawn)."""
    digits = re.sub(r"\D", "", found.facility.phone)
    return {
        "found": found,
        "facility": found.facility,
        "url": reverse("care_option", args=[found.facility.pk]),
        "away": found.distance_words,
        "tel": f"+1{digits}" if len(digits) == 10 else digits,
    }


def _ratings_context(found: ProviderFound) -> dict:
    measures = found.measures_shown()
    for measure in measures:
        stars = measure["stars"]
        measure["stars_drawn"] = "" if stars is None else FULL_STAR * stars + EMPTY_STAR * (5 - stars)
    return {
        "measures": measures,
        "has_data": any(measure["released_on"] for measure in measures),
        "data_as_of": found.data_as_of,
    }


def ratings_drawn(shown: list[dict], *, measures_read: bool = False) -> list[dict]:
    """Each provider's ratings drawn as HTML (``ratings_html``), kept per language until the
    next Medicare file is imported: the same places come up search after search, and drawing
    their ratings is most of a list's cost. Unless ``measures_read``, measures are read only
    for those not kept (two queries, whatever their number)."""
    language = translation.get_language()
    latest = provider_data_latest_release_id()
    keys = {
        item["facility"].pk: f"care-options:ratings:{language}:{item['facility'].pk}:{latest}"
        for item in shown
    }
    kept = cache.get_many(list(keys.values()))
    missing = [item["found"] for item in shown if keys[item["facility"].pk] not in kept]
    if missing and not measures_read:
        providers_measures_load(missing)
    drawn = {}
    for found in missing:
        key = keys[found.facility.pk]
        kept[key] = drawn[key] = render_to_string(RATINGS_TEMPLATE, _ratings_context(found))
    if drawn:
        cache.set_many(drawn, RATINGS_KEPT_SECONDS)
    for item in shown:
        item["ratings_html"] = mark_safe(kept[keys[item["facility"].pk]])  # drawn by our own template
    return shown


def _education_links(request) -> dict[str, dict]:
    """The education page about each kind of care (title and address), kept until anything
    is next published (content.routing)."""

    def build() -> dict[str, dict]:
        pages = care_setting_pages_by_kind(language=translation.get_language())
        return {kind: {"url": page.url, "title": page.title} for kind, page in pages.items()}

    return cached("care-setting-links", (), build, request=request)


def _kind_options(form: CareOptionsForm, *, request) -> list[dict]:
    pages = _education_links(request)
    chosen = form["kind"].value()
    return [
        {"value": kind, "label": KIND_NAMES[kind], "checked": kind == chosen, "page": pages.get(kind)}
        for kind in PROVIDER_KINDS
    ]


@require_GET
def care_options_view(request):
    # A link from an education page names only the kind: the form starts with it chosen.
    asked = "zip_code" in request.GET
    form = (
        CareOptionsForm(request.GET) if asked else CareOptionsForm(initial={"kind": request.GET.get("kind")})
    )
    context = {"form": form, "kinds": _kind_options(form, request=request), "asked": asked}
    if asked and form.is_valid():
        data = form.cleaned_data
        sort = data["sort"] if form.sort_applies() else SORT_DISTANCE
        latitude, longitude = form.origin()
        found = providers_near(
            kind=data["kind"],
            latitude=latitude,
            longitude=longitude,
            radius_miles=data["distance"],
            sort=sort,
            with_measures=False,
        )
        results_page = Paginator(found, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
        larger = [miles for miles in DISTANCES if miles > data["distance"]]
        wider = request.GET.copy()
        wider["distance"] = str(larger[-1]) if larger else ""
        wider.pop("page", None)
        context.update(
            {
                "searched": data,
                "kind_name": KIND_NAMES[data["kind"]],
                "sort_label": form.sort_label(sort),
                "sort_ignored": sort != data["sort"],
                "count": len(found),
                "results_page": results_page,
                "results": ratings_drawn([provider_shown(item) for item in results_page]),
                "wider_query": wider.urlencode() if larger else "",
                "search_query": _search_query(request.GET),
            }
        )
    return render(request, "transitions/care_options/search.html", context)


def _search_query(params: QueryDict) -> str:
    """The search's own fields, to carry to a provider's page and back."""
    kept = QueryDict(mutable=True)
    for name in ("kind", "zip_code", "distance", "sort", "page"):
        if params.get(name):
            kept[name] = params[name]
    return kept.urlencode()


@require_GET
def care_option_view(request, pk: int):
    code = zip_normalised(request.GET.get("zip_code", ""))
    origin = zip_location(code) if code else None
    found = providers_by_ids([pk], origin=origin)
    if not found or found[0].facility.kind not in PROVIDER_KINDS or not found[0].facility.active:
        raise Http404
    kind = found[0].facility.kind
    context = {
        "result": ratings_drawn([provider_shown(found[0])], measures_read=True)[0],
        "kind_name": KIND_NAMES[kind],
        "education_page": _education_links(request).get(kind),
        "search_query": _search_query(request.GET),
    }
    return render(request, "transitions/care_options/provider.html", context)
