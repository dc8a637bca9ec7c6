"""HL7 Infobutton-style lookup: a condition code in, matching education pages out.

GET /api/education/?mainSearchCriteria.v.c=I50.9&mainSearchCriteria.v.cs=2.16.840.1.113883.6.90
    &informationRecipient.languageCode.c=es&knowledgeResponseType=text/xml
Answers JSON (default) or an Atom feed; pages in the requested language, else English.
"""

from __future__ import annotations

from xml.etree import ElementTree as ET

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from content.models.snippets import CODE_PATTERNS, CODE_SYSTEM_OIDS
from content.selectors import education_for_codes

MAX_CODES = 10
RESPONSE_TYPES = {"application/json", "text/xml", "application/atom+xml"}
ATOM = "http://www.w3.org/2005/Atom"


class BadLookup(ValueError):
    """A parameter the caller must fix; its message is shown to them."""


def _parse(request) -> tuple[str, list[str], str, str]:
    codes = [c.strip().upper() for c in request.GET.getlist("mainSearchCriteria.v.c") if c.strip()]
    system_oid = (request.GET.get("mainSearchCriteria.v.cs") or "").strip()
    language = (request.GET.get("informationRecipient.languageCode.c") or "en").strip().lower()
    response_type = (request.GET.get("knowledgeResponseType") or "application/json").strip().lower()
    if not codes:
        raise BadLookup("mainSearchCriteria.v.c is required: give an ICD-10-CM or SNOMED CT code.")
    if len(codes) > MAX_CODES:
        raise BadLookup(f"Give at most {MAX_CODES} codes in mainSearchCriteria.v.c.")
    system = CODE_SYSTEM_OIDS.get(system_oid)
    if system is None:
        raise BadLookup(
            "mainSearchCriteria.v.cs must be 2.16.840.1.113883.6.90 (ICD-10-CM) "
            "or 2.16.840.1.113883.6.96 (SNOMED CT)."
        )
    bad = [code for code in codes if not CODE_PATTERNS[system].match(code)]
    if bad:
        raise BadLookup(f"Not a valid code for that code system: {bad[0][:20]}")
    language = language.split("-")[0]
    if language not in dict(settings.LANGUAGES):
        raise BadLookup("informationRecipient.languageCode.c must be en or es.")
    if response_type not in RESPONSE_TYPES:
        raise BadLookup("knowledgeResponseType must be application/json or text/xml.")
    return system, codes, language, response_type


def _entries(request, found) -> list[dict]:
    return [
        {
            "title": page.title,
            "summary": page.summary,
            "lang": page.locale.language_code,
            "fallback": fallback,
            "link": request.build_absolute_uri(page.get_url(request)),
            "id": f"urn:portal:page:{page.id}",
            "updated": (page.last_published_at or timezone.now()).isoformat(),
            "lastReviewed": page.last_reviewed.isoformat() if page.last_reviewed else None,
        }
        for page, fallback in found
    ]


def _atom(request, entries, codes) -> HttpResponse:
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    ET.SubElement(feed, f"{{{ATOM}}}title").text = "Education for " + ", ".join(codes)
    ET.SubElement(feed, f"{{{ATOM}}}id").text = request.build_absolute_uri()
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = timezone.now().isoformat()
    for entry in entries:
        node = ET.SubElement(feed, f"{{{ATOM}}}entry")
        node.set("{http://www.w3.org/XML/1998/namespace}lang", entry["lang"])
        ET.SubElement(node, f"{{{ATOM}}}title").text = entry["title"]
        ET.SubElement(node, f"{{{ATOM}}}id").text = entry["id"]
        ET.SubElement(node, f"{{{ATOM}}}updated").text = entry["updated"]
        ET.SubElement(node, f"{{{ATOM}}}summary").text = entry["summary"]
        ET.SubElement(
            node, f"{{{ATOM}}}link", {"href": entry["link"], "rel": "alternate", "hreflang": entry["lang"]}
        )
    body = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    return HttpResponse(body, content_type="application/atom+xml; charset=utf-8")


@require_GET
def education_lookup(request):
    try:
        system, codes, language, response_type = _parse(request)
    except BadLookup as problem:
        return JsonResponse({"error": str(problem)}, status=400)
    entries = _entries(request, education_for_codes(system=system, codes=codes, language=language))
    if response_type != "application/json":
        return _atom(request, entries, codes)
    return JsonResponse({"feed": {"title": "Education for " + ", ".join(codes), "entry": entries}})
