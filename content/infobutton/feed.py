"""The knowledge response: one Atom feed (RFC 4287), written as XML or as Connect's JSON.

MedlinePlus Connect answers Atom by default and, for ``application/json``, the same feed
as JSON in which every text value is wrapped as ``{"_value": …}`` and links are arrays of
``{"href", "rel"}``. EHR code reads ``feed.entry[i].title._value`` and
``entry.link[0].href``, so both forms come from one ``Feed`` and cannot drift apart.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from xml.etree import ElementTree as ET

from django.utils import timezone

ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@dataclass(frozen=True)
class Entry:
    id: str
    title: str
    link: str
    language: str
    summary: str
    updated: str


@dataclass(frozen=True)
class Feed:
    id: str
    title: str
    subtitle: str
    language: str
    author_name: str
    author_uri: str
    updated: str
    categories: tuple[tuple[str, str], ...]
    entries: tuple[Entry, ...]


def rfc3339(moment) -> str:
    """A timestamp as Atom's date construct wants it (RFC 3339, with its offset)."""
    return (moment or timezone.now()).astimezone(dt.UTC).replace(microsecond=0).isoformat()


def feed_xml(feed: Feed) -> bytes:
    """``feed`` as an Atom document: author, id, updated and a self link at feed level."""
    ET.register_namespace("", ATOM)
    root = ET.Element(f"{{{ATOM}}}feed", {XML_LANG: feed.language})
    _text(root, "title", feed.title, type="text")
    if feed.subtitle:
        _text(root, "subtitle", feed.subtitle, type="text")
    _text(root, "id", feed.id)
    _text(root, "updated", feed.updated)
    author = ET.SubElement(root, f"{{{ATOM}}}author")
    _text(author, "name", feed.author_name)
    _text(author, "uri", feed.author_uri)
    ET.SubElement(root, f"{{{ATOM}}}link", {"rel": "self", "type": "application/atom+xml", "href": feed.id})
    for scheme, term in feed.categories:
        ET.SubElement(root, f"{{{ATOM}}}category", {"scheme": scheme, "term": term})
    for entry in feed.entries:
        node = ET.SubElement(root, f"{{{ATOM}}}entry", {XML_LANG: entry.language})
        _text(node, "title", entry.title, type="text")
        link = {"rel": "alternate", "type": "text/html", "hreflang": entry.language, "href": entry.link}
        ET.SubElement(node, f"{{{ATOM}}}link", link)
        _text(node, "id", entry.id)
        _text(node, "updated", entry.updated)
        _text(node, "summary", entry.summary, type="text")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _text(parent, name: str, value: str, **attributes) -> None:
    ET.SubElement(parent, f"{{{ATOM}}}{name}", attributes).text = value


def feed_json(feed: Feed) -> dict:
    """``feed`` in MedlinePlus Connect's JSON form of Atom."""
    data = {
        "lang": _value(feed.language),
        "title": _value(feed.title, "text"),
        "id": _value(feed.id),
        "updated": _value(feed.updated),
        "author": {"name": _value(feed.author_name), "uri": _value(feed.author_uri)},
        "link": [{"href": feed.id, "rel": "self", "type": "application/atom+xml"}],
        "category": [{"scheme": scheme, "term": term} for scheme, term in feed.categories],
        "entry": [_entry_json(entry) for entry in feed.entries],
    }
    if feed.subtitle:
        data["subtitle"] = _value(feed.subtitle, "text")
    return {"feed": data}


def _entry_json(entry: Entry) -> dict:
    return {
        "lang": _value(entry.language),
        "title": _value(entry.title, "text"),
        "link": [{"href": entry.link, "rel": "alternate", "type": "text/html", "hreflang": entry.language}],
        "id": _value(entry.id),
        "updated": _value(entry.updated),
        "summary": _value(entry.summary, "text"),
    }


def _value(value: str, kind: str = "") -> dict:
    return {"_value": value, "_type": kind} if kind else {"_value": value}


def json_bytes(data: dict) -> bytes:
    return json.dumps(data, ensure_ascii=False).encode()


def jsonp_bytes(data: dict, *, callback: str) -> bytes:
    """``callback(data);`` — the leading comment keeps a response from starting with attacker
    bytes (the Rosetta Flash defence that JSONP services adopted)."""
    return f"/**/{callback}({json.dumps(data)});".encode()


def error_xml(message: str) -> bytes:
    """An error for a caller that asked for XML (Atom has no error element of its own)."""
    root = ET.Element("error")
    ET.SubElement(root, "message").text = message
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
