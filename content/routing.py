"""Serving public pages without walking the page tree each time.

Wagtail finds a page by reading each level of the tree from the URL (a query per level,
and one more per level for its specific type), checks the view restrictions of every
ancestor, and the page then reads its related pages, breadcrumbs, translations and codes.
None of that changes until something is published, so:

- **Routes**: once Wagtail has served a public page at a path (one with no view
  restriction), the path's page id and type are kept in the default cache, with the rest of
  the path for a page with sub-routes (a survey's steps). The next request for that path
  fetches the page in one query and hands it (its sub-route resolved again, which takes no
  query) to Wagtail's own serve view through ``request._wagtail_route_for_request``,
  Wagtail's per-request route cache; every ``before_serve_page`` hook runs as usual. A page
  type that asks for it (``route_keeps_page``: a survey's page, read by every step) is kept
  whole beside its route, so its requests read it from the cache instead of the database.
- **Context**: each page's derived context (and its links to its translations) is kept the
  same way.

Everything is keyed by a *generation* number that any publish, unpublish, move or delete,
and any change to sites, view restrictions, conditions or glossary terms, moves on
(``generation_bump``, from content.context_processors.public_caches_clear): nothing cached
before such a change is read again. Keys also hold the host and the language.
"""

from __future__ import annotations

import time

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.http import Http404
from django.utils import translation
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import PageViewRestriction, Site
from wagtail.url_routing import RouteResult

GENERATION_KEY = "content:generation"
SECONDS = 24 * 60 * 60


def generation(request=None) -> int:
    """The current generation (read once per request when ``request`` is given)."""
    if request is not None:
        if not hasattr(request, "_portal_generation"):
            request._portal_generation = generation()
        return request._portal_generation
    value = cache.get(GENERATION_KEY)
    if value is None:
        # Any value will do, as long as it differs from every earlier one.
        value = time.time_ns()
        cache.add(GENERATION_KEY, value, None)
        value = cache.get(GENERATION_KEY, value)
    return value


def generation_bump() -> None:
    cache.set(GENERATION_KEY, time.time_ns(), None)


# Changed whenever the shape of anything kept here changes, so that a new release never
# reads what an older one kept (every migrate also starts a new generation).
FORMAT = "4"


def _key(kind: str, *parts, request=None) -> str:
    return ":".join(["content", FORMAT, kind, str(generation(request)), *map(str, parts)])


def cached(kind: str, parts: tuple, build, *, request=None):
    """``build()``, kept until the next generation, per host and language."""
    host = request.get_host() if request is not None else ""
    key = _key(kind, host, translation.get_language(), *parts, request=request)
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, SECONDS)
    return value


class RouteCacheMiddleware:
    """Hands Wagtail's serve view the page it routed to last time for the same path (see the
    module's docstring); remembers the route of each public page it serves. A page with
    sub-routes (a survey's steps) keeps its page, and its sub-route is resolved again from
    the rest of the path, which takes no query."""

    methods = ("GET", "HEAD", "POST")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        self._remember(request, response)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        from wagtail.views import serve  # needs loaded models, and page models import this module

        if view_func is not serve or request.method not in self.methods or not view_args:
            return None
        request._portal_route_key = _key(
            "route", request.get_host(), translation.get_language(), view_args[0], request=request
        )
        entry = cache.get(request._portal_route_key)
        if not isinstance(entry, tuple) or len(entry) != 4:
            return None
        page_id, content_type_id, rest, kept = entry
        # A kept page comes out of the cache as this request's own copy.
        page = kept if kept is not None else _page(page_id, content_type_id)
        # The page must be the one at this path (a database restored under a cache that
        # outlived it could give its id to another page).
        if page is None or not _at_path(page, view_args[0], rest):
            return None
        page._portal_unrestricted = True
        route = _route(page, request, rest)
        if route is None:
            return None
        request._wagtail_route_for_request = route
        request._portal_route_hit = True
        return None

    def _remember(self, request, response) -> None:
        key = getattr(request, "_portal_route_key", None)
        route = getattr(request, "_wagtail_route_for_request", None)
        if key is None or route is None or getattr(request, "_portal_route_hit", False):
            return
        page = route[0]
        if response.status_code >= 400 or not isinstance(page, RouteCached) or not page.live:
            return
        site = Site.find_for_request(request)
        components = [part for part in request.resolver_match.args[0].split("/") if part]
        own = page.depth - site.root_page.depth if site else len(components)
        rest = tuple(components[own:])
        if (rest or route[1] or route[2]) and not isinstance(page, RoutablePageMixin):
            return  # a plain page served with arguments: nothing to keep
        if page.get_view_restrictions().exists():
            return
        # Kept as the database gives it, not as this request has used it.
        kept = _page(page.pk, page.content_type_id) if page.route_keeps_page else None
        cache.set(key, (page.pk, page.content_type_id, rest, kept), SECONDS)


def _at_path(page, path: str, rest) -> bool:
    """Whether ``page`` is the page this path names (before its sub-route ``rest``)."""
    components = [part for part in path.split("/") if part]
    own = components[: len(components) - len(rest)] if rest else components
    if list(rest) != components[len(own) :]:
        return False
    if not own:  # the site's home page (or its translation): the top of its tree
        return page.url_path.strip("/").count("/") == 0
    return page.url_path.endswith("/" + "/".join(own) + "/")


def _route(page, request, rest: tuple):
    """The route to ``page`` (resolving its sub-route from ``rest``), or None to let Wagtail
    route the request itself."""
    if not isinstance(page, RoutablePageMixin):
        return RouteResult(page, [], {})
    try:
        return page.route(request, list(rest))
    except Http404:
        return None


def _page(page_id: int, content_type_id: int):
    try:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
    except ContentType.DoesNotExist:
        return None
    if model is None or not issubclass(model, RouteCached):
        return None
    # No ORDER BY (pages sort by path by default): the id picks one row.
    pages = model.objects.live().select_related(*model.route_related).defer(*model.route_deferred)
    found = pages.filter(pk=page_id).order_by()[:1]
    return next(iter(found), None)


class RouteCached:
    """Page types whose routes are kept (see RouteCacheMiddleware): plain pages without
    sub-routes. A page handed over from the cache had no view restriction when its route
    was kept, and any change to restrictions starts a new generation.

    ``route_related`` names the related rows fetched with the page in that one query,
    ``route_deferred`` the columns of those rows that serving the page never reads (read on
    first use if it does). With ``route_keeps_page`` the page and those rows are kept in the
    cache with the route, until the next generation, rather than read on every request:
    only for pages whose serving reads nothing that can change without a new generation."""

    route_related: tuple[str, ...] = ("locale",)
    route_deferred: tuple[str, ...] = ()
    route_keeps_page: bool = False

    def get_view_restrictions(self):
        if getattr(self, "_portal_unrestricted", False):
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()
