"""Cross-site scripting payloads, written for the portal's own tests.

Every payload that could run sets a detector when it does: it calls ``alert()``,
``confirm()`` or ``prompt()`` (a dialog), sets ``window.__xss`` or sets ``document.title``
to ``XSS``. ``context`` says where the payload runs when it is *not* escaped, which is how
the corpus checks itself (tests/e2e/test_xss_corpus.py puts each one, raw, into that
context in a real browser and expects the detector, or the markup check, to fire):

- ``html``: between tags (``<p>HERE</p>``);
- ``click``: between tags, and runs when its link, button or form is used;
- ``dq_attribute`` / ``sq_attribute`` / ``unquoted_attribute``: inside an attribute value
  quoted with ``"``, with ``'`` or not at all;
- ``textarea`` / ``title``: inside those elements (raw text);
- ``script``: inside a JSON value in a ``<script>`` element;
- ``url``: as the whole ``href`` of a link;
- ``nfkc``: between tags once folded to Unicode NFKC (full-width brackets);
- ``hidden_characters``: between tags once zero-width characters are dropped;
- ``url_decoded``: between tags once percent-decoded;
- ``django_template``: when rendered as a Django template instead of shown;
- ``inert``: runs nowhere in a current browser (legacy or client-template tricks), kept
  because a filter that lets it through would let through its live cousins; between tags
  the markup check still reports the dangerous element or attribute it carries.
"""

from __future__ import annotations

from dataclasses import dataclass

HTML = "html"
CLICK = "click"
DQ_ATTRIBUTE = "dq_attribute"
SQ_ATTRIBUTE = "sq_attribute"
UNQUOTED_ATTRIBUTE = "unquoted_attribute"
TEXTAREA = "textarea"
TITLE = "title"
SCRIPT = "script"
URL = "url"
NFKC = "nfkc"
HIDDEN_CHARACTERS = "hidden_characters"
URL_DECODED = "url_decoded"
DJANGO_TEMPLATE = "django_template"
INERT = "inert"

# Text a Django template would print if a value were rendered as a template.
TEMPLATE_MARKER = "XSS-TEMPLATE-RAN"


@dataclass(frozen=True)
class Payload:
    name: str
    text: str
    context: str

    def __str__(self) -> str:
        return self.text


PAYLOADS: tuple[Payload, ...] = (
    # --- script elements -------------------------------------------------------------------
    Payload("script", "<script>window.__xss=1</script>", HTML),
    Payload("script upper case alert", "<SCRIPT>alert(1)</SCRIPT>", HTML),
    Payload("script setting the title", "<script>document.title='XSS'</script>", HTML),
    Payload(
        "script with a data: source", '<script src="data:text/javascript,window.__xss=1"></script>', HTML
    ),
    Payload("module script", '<script type="module">window.__xss=1</script>', HTML),
    Payload("mixed-case handler", "<img src=x oNeRrOr=window.__xss=1>", HTML),
    Payload("doubled angle bracket", "<<script>window.__xss=1//<</script>", HTML),
    Payload("svg script", "<svg><script>window.__xss=1</script></svg>", HTML),
    # --- event handlers on many elements ----------------------------------------------------
    Payload("img onerror", "<img src=x onerror=window.__xss=1>", HTML),
    Payload("img onerror alert quoted", '<img src="x" onerror="alert(1)">', HTML),
    Payload("svg onload with slash", "<svg/onload=window.__xss=1>", HTML),
    Payload("body onload", "<body onload=window.__xss=1>", HTML),
    Payload("input autofocus onfocus", "<input autofocus onfocus=window.__xss=1>", HTML),
    Payload("details ontoggle", "<details open ontoggle=window.__xss=1>", HTML),
    Payload("audio onerror", "<audio src=x onerror=window.__xss=1>", HTML),
    Payload("video source onerror", "<video><source src=x onerror=window.__xss=1></video>", HTML),
    Payload("iframe onload", "<iframe onload=window.__xss=1></iframe>", HTML),
    Payload("style onload", "<style onload=window.__xss=1></style>", HTML),
    Payload("link onerror", "<link rel=stylesheet href=x onerror=window.__xss=1>", HTML),
    Payload("select autofocus onfocus confirm", "<select autofocus onfocus=confirm(1)></select>", HTML),
    Payload("div onmouseover", "<div onmouseover=window.__xss=1>Hover here</div>", CLICK),
    Payload("a onclick prompt", "<a href=#top onclick=prompt(1)>Read more</a>", CLICK),
    Payload(
        "button formaction",
        "<form><button formaction=javascript:void(window.__xss=1)>Send</button></form>",
        CLICK,
    ),
    Payload("img entity in handler", "<img src=x onerror=&#119;indow.__xss=1>", HTML),
    Payload("img unicode escape in handler", "<img src=x onerror=\\u0061lert(1)>", HTML),
    # --- javascript:, data: and vbscript: URLs ---------------------------------------------
    Payload("javascript url", "javascript:void(window.__xss=1)", URL),
    Payload("javascript url mixed case", "JaVaScRiPt:alert(1)", URL),
    Payload("javascript url with tab and newline", "\tjava\nscript:alert(1)", URL),
    Payload("javascript url entity encoded", "&#106;avascript:prompt(1)", URL),
    Payload("link to javascript", '<a href="javascript:void(window.__xss=1)">Open the leaflet</a>', CLICK),
    Payload(
        "form action javascript",
        '<form action="javascript:void(window.__xss=1)"><button>Go</button></form>',
        CLICK,
    ),
    Payload(
        "data: html iframe",
        "<iframe src=\"data:text/html,<script>parent.postMessage('xss','*');alert(1)</script>\"></iframe>",
        HTML,
    ),
    Payload("link to data: html", '<a href="data:text/html,<script>alert(1)</script>">Open</a>', INERT),
    Payload("vbscript url", "vbscript:msgbox(1)", INERT),
    Payload("link to vbscript", '<a href="vbscript:msgbox(1)">Open</a>', INERT),
    # --- SVG ---------------------------------------------------------------------------------
    Payload("svg animate onbegin", "<svg><animate onbegin=window.__xss=1 attributeName=x dur=1s>", HTML),
    Payload(
        "svg animate to javascript href",
        '<svg><a><animate attributeName=href values="javascript:void(window.__xss=1)"/>'
        "<text y=20>Tap</text></a></svg>",
        CLICK,
    ),
    Payload(
        "svg use with data: href",
        "<svg><use href=\"data:image/svg+xml,<svg id='x' xmlns='http://www.w3.org/2000/svg'>"
        "<image href='1' onerror='window.__xss=1'/></svg>#x\"></use></svg>",
        INERT,
    ),
    Payload(
        "svg xlink javascript",
        '<svg><a xlink:href="javascript:void(window.__xss=1)"><text y=20>Tap</text></a></svg>',
        CLICK,
    ),
    # --- broken and nested markup ---------------------------------------------------------
    Payload("close a double-quoted attribute", '"><script>window.__xss=1</script>', DQ_ATTRIBUTE),
    Payload("close a single-quoted attribute", "'><img src=x onerror=window.__xss=1>", SQ_ATTRIBUTE),
    Payload("new attribute in double quotes", '" autofocus onfocus="window.__xss=1', DQ_ATTRIBUTE),
    Payload("new attribute in single quotes", "' autofocus onfocus='window.__xss=1", SQ_ATTRIBUTE),
    Payload("backtick attribute break", "x` autofocus onfocus=window.__xss=1 x=`", UNQUOTED_ATTRIBUTE),
    Payload("backtick quoted handler", "<img src=`x` onerror=`window.__xss=1`>", INERT),
    Payload("unclosed attribute", '<img src=x onerror=window.__xss=1 alt="', HTML),
    Payload("close a textarea", "</textarea><script>window.__xss=1</script>", TEXTAREA),
    Payload("close the title", "</title><img src=x onerror=window.__xss=1>", TITLE),
    Payload("comment trick", '<!--<img src="--><img src=x onerror=window.__xss=1>', HTML),
    Payload("CDATA", "<![CDATA[<]]><script>window.__xss=1</script>", HTML),
    Payload("noscript mutation", '<noscript><p title="</noscript><img src=x onerror=window.__xss=1>">', HTML),
    Payload(
        "svg paragraph style mutation",
        '<svg></p><style><a id="</style><img src=1 onerror=window.__xss=1>">',
        HTML,
    ),
    # --- template-ish ----------------------------------------------------------------------------
    Payload("django template tag", "{% filter upper %}xss-template-ran{% endfilter %}", DJANGO_TEMPLATE),
    Payload(
        "django template safe filter",
        "{{ '<img src=x onerror=window.__xss=1>'|safe }}",
        DJANGO_TEMPLATE,
    ),
    Payload("client template", "{{constructor.constructor('window.__xss=1')()}}", INERT),
    Payload("template literal", "${window.__xss=1}", INERT),
    # --- Unicode tricks ------------------------------------------------------------------------
    Payload("full-width brackets", "\uff1cscript\uff1ewindow.__xss=1\uff1c/script\uff1e", NFKC),
    Payload("full-width img", "\uff1cimg src=x onerror=window.__xss=1\uff1e", NFKC),
    Payload("zero-width in the tag name", "<scr\u200bipt>window.__xss=1</scr\u200bipt>", HIDDEN_CHARACTERS),
    Payload(
        "zero-width joiner in javascript:",
        '<a href="java\u200dscript:confirm(1)">Open</a>',
        HIDDEN_CHARACTERS,
    ),
    Payload("right-to-left override", "\u202e<img src=x onerror=window.__xss=1>\u202c", HTML),
    Payload("byte order mark before the tag", "\ufeff<svg onload=window.__xss=1>", HTML),
    Payload("homoglyph script", "<\u0455cript>window.__xss=1</\u0455cript>", INERT),
    Payload("percent-encoded script", "%3Cscript%3Ewindow.__xss=1%3C%2Fscript%3E", URL_DECODED),
    # --- CSS ---------------------------------------------------------------------------------
    Payload("css expression", '<div style="width:expression(window.__xss=1)">Wide</div>', INERT),
    Payload(
        "css url javascript", '<div style="background:url(javascript:void(window.__xss=1))">Back</div>', INERT
    ),
    Payload("css import javascript", "<style>@import 'javascript:void(window.__xss=1)';</style>", INERT),
    # --- meta refresh, base, iframe srcdoc, form action ----------------------------------
    Payload(
        "meta refresh to javascript",
        '<meta http-equiv="refresh" content="0;url=javascript:void(window.__xss=1)">',
        INERT,
    ),
    Payload(
        "meta refresh to data:",
        '<meta http-equiv=refresh content="0;url=data:text/html,<script>alert(1)</script>">',
        INERT,
    ),
    Payload("base href", '<base href="https://attacker.invalid/">', INERT),
    Payload("iframe srcdoc", '<iframe srcdoc="<script>parent.window.__xss=1</script>"></iframe>', HTML),
    Payload(
        "iframe srcdoc entities",
        '<iframe srcdoc="&lt;img src=x onerror=parent.window.__xss=1&gt;"></iframe>',
        HTML,
    ),
    Payload(
        "form to another site",
        '<form action="https://attacker.invalid/"><input name=q><button>Search</button></form>',
        INERT,
    ),
    Payload("object data javascript", '<object data="javascript:void(window.__xss=1)"></object>', INERT),
    Payload("embed javascript", '<embed src="javascript:void(window.__xss=1)">', INERT),
    # --- breaking out of JSON in a script element -----------------------------------------
    Payload("close the script", "</script><script>window.__xss=1</script>", SCRIPT),
    Payload("close the JSON and the script", '"}</script><img src=x onerror=window.__xss=1>', SCRIPT),
    Payload("line separator then close the script", "\u2028</script><svg onload=window.__xss=1>", SCRIPT),
    Payload("upper-case script close", "</SCRIPT ><script>window.__xss=1</script>", SCRIPT),
)


def fitting(limit: int) -> list[Payload]:
    """The payloads that fit in a field of ``limit`` characters."""
    return [payload for payload in PAYLOADS if len(payload.text) <= limit]


def packed(limit: int, *, separator: str = "\n", payloads=PAYLOADS) -> list[str]:
    """Every payload, packed in order into as few texts of at most ``limit`` characters as
    possible (for free-text fields that hold many)."""
    texts: list[str] = []
    current = ""
    for payload in payloads:
        candidate = f"{current}{separator}{payload.text}" if current else payload.text
        if len(candidate) <= limit:
            current = candidate
            continue
        if current:
            texts.append(current)
        if len(payload.text) > limit:
            raise ValueError(f"{payload.name!r} is longer than {limit} characters")
        current = payload.text
    if current:
        texts.append(current)
    return texts
