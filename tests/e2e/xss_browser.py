"""Looking for script that ran, or markup that could run, on a page in a real browser.

The payloads of tests/xss_corpus.py set a detector when they run (a dialog, ``window.__xss``
or ``document.title = 'XSS'``). A payload blocked by the Content-Security-Policy is still
an escaping failure, so the violation reports count too (see ``watched_page``), and so does
dangerous markup that made it into the page but needs a click to run (a ``javascript:``
link, an event handler attribute, a ``<base>`` or a refresh ``<meta>``).
"""

from __future__ import annotations

from playwright.sync_api import Browser, Page

from tests.e2e.review_helpers import DESKTOP_VIEWPORT, problems_seen, watched_page
from tests.xss_corpus import TEMPLATE_MARKER

_FINDINGS = """
(marker) => {
  const found = [];
  if (typeof window.__xss !== "undefined") found.push("window.__xss was set");
  if (document.title === "XSS") found.push("document.title was set to 'XSS'");
  if (document.documentElement.textContent.includes(marker)) found.push("a value was rendered as a template");
  // Browsers ignore these inside URLs, so "java\\tscript:" is a javascript: URL.
  const ignored = /[\\u0000-\\u0020\\u007f-\\u00a0\\u200b-\\u200f\\u2028\\u2029\\u202a-\\u202e\\ufeff]/g;
  const scriptUrl = /^(javascript|vbscript|livescript):/i;
  const urlAttributes = new Set([
    "href", "src", "action", "formaction", "data", "xlink:href", "srcset", "poster", "background",
    "ping", "codebase", "cite", "longdesc", "values", "from", "to", "by",
  ]);
  const safeImage = /^data:image\\/(png|gif|jpe?g|webp|avif|svg\\+xml)[;,]/i;
  const describe = (element) => element.outerHTML.slice(0, 160);
  for (const element of document.querySelectorAll("*")) {
    const tag = element.localName;
    if (["base", "embed", "object", "frame", "frameset", "applet"].includes(tag)) {
      found.push(`a <${tag}> element: ${describe(element)}`);
    }
    if (tag === "meta" && /refresh/i.test(element.getAttribute("http-equiv") || "")) {
      found.push(`a refresh <meta>: ${describe(element)}`);
    }
    if (tag === "script") {
      const type = (element.getAttribute("type") || "").trim().toLowerCase();
      if (element.hasAttribute("src")) {
        if (new URL(element.getAttribute("src"), document.baseURI).origin !== location.origin) {
          found.push(`a script from elsewhere: ${describe(element)}`);
        }
      } else if (!["application/json", "application/ld+json"].includes(type) && !element.nonce) {
        found.push(`an inline script: ${describe(element)}`);
      }
    }
    if (tag === "style" && /expression\\s*\\(|javascript:/i.test(element.textContent)) {
      found.push(`a style element with script: ${describe(element)}`);
    }
    for (const attribute of element.attributes) {
      const name = attribute.name.toLowerCase();
      const value = attribute.value.replace(ignored, "");
      if (name.startsWith("on")) found.push(`an ${name} handler: ${describe(element)}`);
      if (name === "srcdoc") found.push(`a srcdoc frame: ${describe(element)}`);
      if (["action", "formaction"].includes(name) && value && !scriptUrl.test(value)) {
        let target = "a bad URL";
        try {
          target = new URL(attribute.value, document.baseURI).origin;
        } catch (error) {}
        if (target !== location.origin) found.push(`a form sent elsewhere: ${describe(element)}`);
      }
      if (urlAttributes.has(name) && scriptUrl.test(value)) {
        found.push(`a script URL in ${name}: ${describe(element)}`);
      }
      if (urlAttributes.has(name) && /^data:/i.test(value) && !(tag === "img" && safeImage.test(value))) {
        found.push(`a data: URL in ${name}: ${describe(element)}`);
      }
      const styleScript = /expression\\s*\\(|javascript:|behavior\\s*:|-moz-binding/i;
      if (name === "style" && styleScript.test(attribute.value)) {
        found.push(`a style attribute with script: ${describe(element)}`);
      }
    }
  }
  return [...new Set(found)];
}
"""

_MISSING = """
(texts) => {
  const fold = (text) => text.replace(/\\s+/g, " ").trim();
  const shown = fold(document.body.innerText + " " + [...document.querySelectorAll("input, textarea")]
    .map((field) => field.value).join(" "));
  return texts.filter((text) => !shown.includes(fold(text)));
}
"""


def xss_page(browser: Browser, *, viewport: dict | None = None) -> Page:
    """A page that records dialogs, script errors, console errors and CSP violations (the
    console messages and the ``securitypolicyviolation`` events). Close it with
    ``page.context.close()``."""
    return watched_page(browser, viewport=viewport or DESKTOP_VIEWPORT)


def xss_findings(page: Page, *, expected_console: tuple[str, ...] = ()) -> list[str]:
    """Everything on the page now that shows a payload ran or could run, plus every dialog,
    script error, console error and CSP violation since the last call (then forgotten)."""
    console_csp = [f"console: {report}" for report in page.csp_violations]
    seen = problems_seen(page, expected_console=expected_console)  # forgets page.csp_violations too
    found = [f"{kind}: {report}" for kind, reports in seen.items() for report in reports]
    return found + console_csp + page.evaluate(_FINDINGS, TEMPLATE_MARKER)


def xss_not_shown(page: Page, texts) -> list[str]:
    """Those of ``texts`` the page does not show as text (or hold in a form field), with
    runs of whitespace counted as one space."""
    return page.evaluate(_MISSING, [str(text) for text in texts])
