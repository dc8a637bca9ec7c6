"""The Infobutton endpoint: a drop-in for the MedlinePlus Connect links EHRs are set up with.

GET /api/education/?mainSearchCriteria.v.c=I50.9&mainSearchCriteria.v.cs=2.16.840.1.113883.6.90
    &informationRecipient.languageCode.c=es&knowledgeResponseType=application/json
Atom XML unless JSON or JSONP is asked for; pages in the requested language, else English.
The parts live in ``content.infobutton``; this view only reads, looks up and answers.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.http import HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from content.infobutton.feed import (
    Entry,
    Feed,
    error_xml,
    feed_json,
    feed_xml,
    json_bytes,
    jsonp_bytes,
    rfc3339,
)
from content.infobutton.lookup import education_for_criteria
from content.infobutton.request import JSON, JSONP, BadLookup, LookupRequest, lookup_request_parse

CONTENT_TYPES = {
    "text/xml": "application/atom+xml; charset=utf-8",
    JSON: "application/json; charset=utf-8",
    JSONP: "application/javascript; charset=utf-8",
}


@require_http_methods(["GET", "HEAD"])
def education_lookup(request):
    """Answer a knowledge request in the format it asked for, errors included; HEAD is GET
    without the body, and any origin may read it (a browser-based EHR panel calls it)."""
    try:
        lookup = lookup_request_parse(params=request.GET)
    except BadLookup as problem:
        response = _error(problem)
    else:
        found = education_for_criteria(criteria=lookup.criteria, language=lookup.language)
        response = _feed_response(request, lookup, found)
    # HEAD gets GET's headers; the server (gunicorn, runserver) leaves out the body.
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _feed_response(request, lookup: LookupRequest, found) -> HttpResponse:
    with translation.override(lookup.language):
        feed = _feed(request, lookup, found)
    if lookup.response_type == JSON:
        body = json_bytes(feed_json(feed))
    elif lookup.response_type == JSONP:
        body = jsonp_bytes(feed_json(feed), callback=lookup.callback)
    else:
        body = feed_xml(feed)
    response = HttpResponse(body, content_type=CONTENT_TYPES[lookup.response_type])
    # The languages of the content returned: Spanish pages, English fallbacks, or both.
    languages = dict.fromkeys(entry.language for entry in feed.entries) or {lookup.language: None}
    response["Content-Language"] = ", ".join(languages)
    return response


def _feed(request, lookup: LookupRequest, found) -> Feed:
    subjects = [subject for c in lookup.criteria for subject in (*c.codes, *c.display_names)]
    entries = tuple(_entry(request, page) for page, _fallback in found)
    subtitle = ""
    if lookup.language_fallback:
        subtitle = _(
            "Education in the requested language (%(language)s) is not available; this is in English."
        ) % {"language": lookup.requested_language}
    return Feed(
        id=request.build_absolute_uri(),
        title=_("Patient education for %(subjects)s") % {"subjects": ", ".join(subjects)},
        subtitle=subtitle,
        language=lookup.language,
        author_name=settings.WAGTAIL_SITE_NAME,
        author_uri=request.build_absolute_uri("/"),
        # The feed changed when its newest page did (all UTC, so the strings sort as times).
        updated=max((entry.updated for entry in entries), default=rfc3339(None)),
        categories=lookup.echo,
        entries=entries,
    )


def _entry(request, page) -> Entry:
    return Entry(
        # Permanent and distinct per language version, whatever the page's address becomes.
        id=uuid.uuid5(page.translation_key, page.locale.language_code).urn,
        title=page.title,
        link=request.build_absolute_uri(page.get_url(request)),
        language=page.locale.language_code,
        summary=page.summary,
        updated=rfc3339(page.last_published_at),
    )


def _error(problem: BadLookup) -> HttpResponse:
    message = {"error": str(problem)}
    if problem.response_type == JSON:
        body = json_bytes(message)
    elif problem.response_type == JSONP:
        body = jsonp_bytes(message, callback=problem.callback)
    else:
        return HttpResponse(
            error_xml(str(problem)), status=400, content_type="application/xml; charset=utf-8"
        )
    return HttpResponse(body, status=400, content_type=CONTENT_TYPES[problem.response_type])
