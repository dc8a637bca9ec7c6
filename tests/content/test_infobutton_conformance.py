"""The Infobutton endpoint answers requests written the way MedlinePlus Connect's
documentation and EHR clients send them.

One row per request: formats (Atom by default, Connect's JSON, JSONP), languages (ISO 639-1
and -2, regions, unknown ones), code systems, ICD-10-CM with and without the dot, display
names (condition names and glossary words, both languages), indexed and repeated criteria,
HEAD and errors. Each row checks the status, the content type and the shape that a Connect
client reads; the rows that rest on database lookups also run on PostgreSQL. The last test
checks every MUST of RFC 4287 for the feed and its entries.
"""

import json
import re
from urllib.parse import urlencode

import pytest
from defusedxml import ElementTree as SafeET

from tests.content.infobutton_fixtures import (  # noqa: F401 - named_library is a fixture
    ATOM,
    COPD,
    HEART,
    HEART_ES,
    ICD10,
    SNOMED,
    URL,
    named_library,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("named_library")]

C, CS, DN = "mainSearchCriteria.v.c", "mainSearchCriteria.v.cs", "mainSearchCriteria.v.dn"
LANG, TYPE = "informationRecipient.languageCode.c", "knowledgeResponseType"
JSON, JSONP = "application/json", "application/javascript"
ATOM_TYPE, XML_ERROR = "application/atom+xml", "application/xml"
FALLBACK = "not available; this is in English"


def icd(code, **more):
    return [(C, code), (CS, ICD10), *more.items()]


def row(name, query, status, content_type, *, titles=None, error=None, db=False, method="get", **checks):
    """A request and what a Connect client must find in the answer."""
    expect = {"status": status, "content_type": content_type, "titles": titles, "error": error, **checks}
    marks = [pytest.mark.both_databases] if db else []
    return pytest.param(method, query, expect, id=name, marks=marks)


ROWS = [
    # Formats: Atom unless told otherwise, as Connect does.
    row("default-is-atom", icd("I50.9"), 200, ATOM_TYPE, titles=[HEART]),
    row("text-xml", icd("I50.9", **{TYPE: "text/xml"}), 200, ATOM_TYPE, titles=[HEART]),
    row("atom-xml", icd("I50.9", **{TYPE: "application/atom+xml"}), 200, ATOM_TYPE, titles=[HEART]),
    row("json", icd("I50.9", **{TYPE: JSON}), 200, JSON, titles=[HEART]),
    row("json-upper-case", icd("I50.9", **{TYPE: "APPLICATION/JSON"}), 200, JSON, titles=[HEART]),
    row("jsonp", icd("I50.9", **{TYPE: JSONP, "callback": "showEducation"}), 200, JSONP, titles=[HEART]),
    row(
        "jsonp-dotted-callback",
        icd("J44.9", **{TYPE: JSONP, "callback": "ehr.panel.show"}),
        200,
        JSONP,
        titles=[COPD],
    ),
    row("jsonp-without-callback", icd("I50.9", **{TYPE: JSONP}), 400, JSON, error="callback"),
    row(
        "jsonp-callback-code",
        icd("I50.9", **{TYPE: JSONP, "callback": "alert(1)//"}),
        400,
        JSON,
        error="callback",
    ),
    row(
        "jsonp-callback-markup",
        icd("I50.9", **{TYPE: JSONP, "callback": "<script>"}),
        400,
        JSON,
        error="callback",
    ),
    row(
        "html-is-refused-in-xml",
        icd("I50.9", **{TYPE: "text/html"}),
        400,
        XML_ERROR,
        error="knowledgeResponseType",
    ),
    # Languages: ISO 639-1 and -2, with regions, any case; others fall back to English.
    row("es", icd("I50.9", **{LANG: "es"}), 200, ATOM_TYPE, titles=[HEART_ES], content_language="es"),
    row(
        "spa", icd("I50.9", **{LANG: "spa", TYPE: JSON}), 200, JSON, titles=[HEART_ES], content_language="es"
    ),
    row("es-MX", icd("I50.9", **{LANG: "es-MX"}), 200, ATOM_TYPE, titles=[HEART_ES], content_language="es"),
    row("ES_mx", icd("I50.9", **{LANG: "ES_mx", TYPE: JSON}), 200, JSON, titles=[HEART_ES]),
    row("eng", icd("I50.9", **{LANG: "eng"}), 200, ATOM_TYPE, titles=[HEART], content_language="en"),
    row(
        "en-US", icd("I50.9", **{LANG: "en-US", TYPE: JSON}), 200, JSON, titles=[HEART], content_language="en"
    ),
    row("fr-falls-back", icd("I50.9", **{LANG: "fr"}), 200, ATOM_TYPE, titles=[HEART], subtitle=FALLBACK),
    row(
        "fra-falls-back-json",
        icd("I50.9", **{LANG: "fra", TYPE: JSON}),
        200,
        JSON,
        titles=[HEART],
        subtitle=FALLBACK,
    ),
    row(
        "es-untranslated-page",
        icd("J44.9", **{LANG: "es"}),
        200,
        ATOM_TYPE,
        titles=[COPD],
        content_language="en",
    ),
    row(
        "es-mixed-content",
        [(C, "I50.9"), (C, "J44.9"), (CS, ICD10), (LANG, "es")],
        200,
        ATOM_TYPE,
        titles=[COPD, HEART_ES],
        content_language="en, es",
        db=True,
    ),
    # Code systems.
    row("snomed", [(C, "84114007"), (CS, SNOMED)], 200, ATOM_TYPE, titles=[HEART], db=True),
    row("snomed-json", [(C, "13645005"), (CS, SNOMED), (TYPE, JSON)], 200, JSON, titles=[COPD], db=True),
    row("icd9-refused", [(C, "428.0"), (CS, "2.16.840.1.113883.6.103")], 400, XML_ERROR, error="v.cs"),
    row("code-without-system", [(C, "I50.9"), (TYPE, JSON)], 400, JSON, error="v.cs"),
    # ICD-10-CM with or without the dot, any case.
    row("undotted", icd("I509"), 200, ATOM_TYPE, titles=[HEART], db=True),
    row("undotted-lower", icd("i509", **{TYPE: JSON}), 200, JSON, titles=[HEART], db=True),
    row("dotted-lower", icd("i50.9"), 200, ATOM_TYPE, titles=[HEART], db=True),
    row("undotted-copd", icd("J449", **{TYPE: JSON}), 200, JSON, titles=[COPD], db=True),
    row("padded", icd(" I50.9 "), 200, ATOM_TYPE, titles=[HEART]),
    row("five-characters-undotted", icd("I5020"), 200, ATOM_TYPE, titles=[HEART], db=True),
    row("category-only", icd("I50", **{TYPE: JSON}), 200, JSON, titles=[]),
    row("unknown-code", icd("Z99.89"), 200, ATOM_TYPE, titles=[]),
    # Display names: condition names and glossary words, in either language.
    row("dn-alone", [(DN, "Heart failure")], 200, ATOM_TYPE, titles=[HEART], db=True),
    row(
        "dn-ehr-wording",
        [(DN, "Heart failure, unspecified"), (TYPE, JSON)],
        200,
        JSON,
        titles=[HEART],
        db=True,
    ),
    row(
        "dn-spanish-no-accent",
        [(DN, "insuficiencia cardiaca"), (LANG, "es")],
        200,
        ATOM_TYPE,
        titles=[HEART_ES],
        db=True,
    ),
    row("dn-spanish-for-english", [(DN, "Insuficiencia cardíaca")], 200, ATOM_TYPE, titles=[HEART], db=True),
    row(
        "dn-parenthesised-form",
        [(DN, "Enfermedad pulmonar obstructiva crónica")],
        200,
        ATOM_TYPE,
        titles=[COPD],
        db=True,
    ),
    row("dn-glossary-word", [(DN, "Inhaler"), (TYPE, JSON)], 200, JSON, titles=[COPD], db=True),
    row("dn-glossary-spanish", [(DN, "inhalador"), (LANG, "es")], 200, ATOM_TYPE, titles=[COPD], db=True),
    row("dn-unknown", [(DN, "Broken arm")], 200, ATOM_TYPE, titles=[]),
    row(
        "dn-when-code-finds-nothing",
        icd("Z99.89", **{DN: "Heart failure"}),
        200,
        ATOM_TYPE,
        titles=[HEART],
        db=True,
    ),
    row(
        "dn-ignored-when-code-found",
        icd("J44.9", **{DN: "Heart failure"}),
        200,
        ATOM_TYPE,
        titles=[COPD],
        db=True,
    ),
    # Indexed criteria.
    row("indexed-only", [(C + "1", "I50.9"), (CS + "1", ICD10)], 200, ATOM_TYPE, titles=[HEART], db=True),
    row(
        "plain-and-indexed-systems",
        [(C, "I50.9"), (CS, ICD10), (C + "1", "13645005"), (CS + "1", SNOMED), (TYPE, JSON)],
        200,
        JSON,
        titles=[COPD, HEART],
        db=True,
    ),
    row("indexed-without-system", [(C + "1", "I50.9"), (CS, ICD10)], 400, XML_ERROR, error="v.cs1"),
    row("indexed-display-name", [(DN + "1", "COPD")], 200, ATOM_TYPE, titles=[COPD], db=True),
    row("gap-in-indexes", [(C + "2", "J449"), (CS + "2", ICD10)], 200, ATOM_TYPE, titles=[COPD], db=True),
    # Repeats.
    row(
        "repeated-codes",
        [(C, "I50.9"), (C, "J44.9"), (CS, ICD10)],
        200,
        ATOM_TYPE,
        titles=[COPD, HEART],
        db=True,
    ),
    row("same-code-twice", [(C, "I50.9"), (C, "I509"), (CS, ICD10)], 200, ATOM_TYPE, titles=[HEART], db=True),
    row(
        "too-many-codes",
        [*[(C, f"I50.{n}") for n in range(11)], (CS, ICD10)],
        400,
        XML_ERROR,
        error="at most",
    ),
    # Errors, in the format asked for.
    row("nothing-asked", [], 400, XML_ERROR, error="mainSearchCriteria.v.c"),
    row("nothing-asked-json", [(TYPE, JSON)], 400, JSON, error="mainSearchCriteria.v.c"),
    row("bad-code-json", icd("not-a-code", **{TYPE: JSON}), 400, JSON, error="Not a valid code"),
    row("injection", icd("I50.9'; DROP TABLE wagtailcore_page;--"), 400, XML_ERROR, error="Not a valid code"),
    row(
        "bad-code-jsonp",
        icd("12345", **{TYPE: JSONP, "callback": "cb"}),
        400,
        JSONP,
        error="Not a valid code",
    ),
    # HEAD and other methods.
    row("head", icd("I50.9"), 200, ATOM_TYPE, method="head"),
    row("head-json", icd("I50.9", **{TYPE: JSON}), 200, JSON, method="head"),
    row("post-refused", icd("I50.9"), 405, None, method="post"),
]


def parsed(response) -> dict:
    """What a Connect client reads from the answer, whichever format it came in."""
    text = response.content.decode()
    if response["Content-Type"].startswith(JSONP):
        match = re.fullmatch(r"/\*\*/([\w$.]+)\((.*)\);", text, re.DOTALL)
        assert match, text
        return {"callback": match.group(1), **_from_json(json.loads(match.group(2)))}
    if response["Content-Type"].startswith(JSON):
        return _from_json(json.loads(text))
    root = SafeET.fromstring(response.content)
    if root.tag == "error":
        return {"error": root.findtext("message")}
    return {
        "titles": [entry.findtext(f"{ATOM}title") for entry in root.iter(f"{ATOM}entry")],
        "links": [entry.find(f"{ATOM}link").get("href") for entry in root.iter(f"{ATOM}entry")],
        "subtitle": root.findtext(f"{ATOM}subtitle") or "",
    }


def _from_json(data: dict) -> dict:
    if "error" in data:
        return {"error": data["error"]}
    feed = data["feed"]
    # The shape Connect clients are written against: `_value` wrappers and link arrays.
    assert {"title", "id", "updated", "author", "link", "category", "entry"} <= feed.keys()
    return {
        "titles": [entry["title"]["_value"] for entry in feed["entry"]],
        "links": [entry["link"][0]["href"] for entry in feed["entry"]],
        "subtitle": feed.get("subtitle", {}).get("_value", ""),
    }


@pytest.mark.parametrize(("method", "query", "expect"), ROWS)
def test_connect_style_request(client, method, query, expect):
    response = getattr(client, method)(_address(query)) if method != "post" else client.post(URL, dict(query))
    assert response.status_code == expect["status"]
    if method == "post":
        assert not response.has_header("Access-Control-Allow-Origin")
        return
    assert response["Content-Type"].startswith(expect["content_type"])
    assert response["Access-Control-Allow-Origin"] == "*"
    if method == "head":
        get = client.get(_address(query))
        assert response.content == b""
        assert response["Content-Length"] == get["Content-Length"] != "0"
        return
    answer = parsed(response)
    if expect["error"]:
        assert expect["error"] in answer["error"]
        return
    assert sorted(answer["titles"]) == expect["titles"]
    assert all(link.startswith("http://testserver/") for link in answer["links"])
    if "content_language" in expect:
        assert response["Content-Language"] == expect["content_language"]
    assert (expect.get("subtitle", "\0") in answer["subtitle"]) == ("subtitle" in expect)


def _address(query) -> str:
    return f"{URL}?{urlencode(query)}"


RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def one(parent, name: str):
    """RFC 4287's "exactly one": the element, after checking there is no second."""
    found = parent.findall(f"{ATOM}{name}")
    assert len(found) == 1, f"{parent.tag} has {len(found)} atom:{name}"
    return found[0]


def assert_iri(value: str) -> None:
    assert re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:\S+$", value), value


@pytest.mark.both_databases
def test_the_atom_feed_meets_every_must_of_rfc_4287(client):
    query = [
        (C, "I509"),
        (CS, ICD10),
        (C + "1", "13645005"),
        (CS + "1", SNOMED),
        (DN + "1", "COPD"),
        (LANG, "es"),
    ]
    response = client.get(_address(query))
    feed = SafeET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    assert feed.get(XML_LANG) == "es"
    # §4.1.1: exactly one id, title, updated; an author (no entry carries its own).
    assert_iri(one(feed, "id").text)
    assert one(feed, "title").text == "Información para pacientes sobre I50.9, 13645005, COPD"
    assert one(feed, "title").get("type") in (None, "text")
    assert RFC3339.match(one(feed, "updated").text)
    author = one(feed, "author")
    assert one(author, "name").text
    assert_iri(one(author, "uri").text)
    # §4.1.1: SHOULD have one rel="self"; no two alternate links with the same type and hreflang.
    links = feed.findall(f"{ATOM}link")
    assert [link.get("href") for link in links if link.get("rel") == "self"] == [
        f"http://testserver{_address(query)}"
    ]
    alternates = [
        (link.get("type"), link.get("hreflang")) for link in links if link.get("rel") in (None, "alternate")
    ]
    assert len(alternates) == len(set(alternates))
    # §4.2.2: every category has a term; these echo the request.
    categories = [(c.get("scheme"), c.get("term")) for c in feed.findall(f"{ATOM}category")]
    assert all(term for _scheme, term in categories)
    assert {
        (C, "I50.9"),
        (CS, ICD10),
        (C + "1", "13645005"),
        (CS + "1", SNOMED),
        (DN + "1", "COPD"),
        (LANG, "es"),
    } <= set(categories)
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 2
    ids = []
    for entry in entries:
        # §4.1.2: exactly one id, title, updated; a content or an alternate link; ≤ 1 summary.
        ids.append(one(entry, "id").text)
        assert_iri(ids[-1])
        assert one(entry, "title").text
        assert RFC3339.match(one(entry, "updated").text)
        assert len(entry.findall(f"{ATOM}summary")) <= 1
        alternate = [link for link in entry.findall(f"{ATOM}link") if link.get("rel") in (None, "alternate")]
        assert alternate or entry.find(f"{ATOM}content") is not None
        assert all(link.get("href", "").startswith("http://testserver/") for link in alternate)
        assert entry.get(XML_LANG) == alternate[0].get("hreflang")
    # §4.1.1: entries with the same id are the same entry; ours are distinct pages.
    assert len(ids) == len(set(ids))
    assert response["Content-Language"] == "en, es"
