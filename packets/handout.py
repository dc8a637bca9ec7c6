"""The combined handout: every page of a packet in one document, with a cover, as HTML for
the browser's print and as a PDF (WeasyPrint) to download or print at the bedside.

Each page's body is rendered by its blocks' own templates, as on the education page, with
its headings moved one level down so that the handout's outline reads: the cover (h1), each
page (h2), each page's sections (h3). The PDF is built from files on disk only: its
stylesheet (a small one made for paper, built from static/scss/handout.scss) and any image
stored on this server; anything remote is left out, so no request leaves the machine.
"""

from __future__ import annotations

import functools
import mimetypes
import re
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from packets.models import Packet
from packets.selectors import HandoutPage, handout_pages, packet_choices
from portal.selectors import liaison_contact, organization_for
from surveys.sending import greeting_name

# The PDF's stylesheet, as built by `npm run build` (see package.json, "build:css").
HANDOUT_STYLESHEET = "css/handout.css"
_HEADING_TAG = re.compile(r"<(/?)h([1-5])(?=[\s>])", re.IGNORECASE)
_LABELLED_BY = re.compile(r'aria-labelledby="([^"]*)"')


def handout_html(*, packet: Packet, request=None, for_pdf: bool = False, language: str | None = None) -> str:
    """The handout as HTML: a page of the site (for the browser's print) or, ``for_pdf``, a
    document of its own. In ``language`` (by default the packet's)."""
    with translation.override(language or packet.language):
        context = handout_context(packet=packet, request=request)
        template = "packets/handout.html" if for_pdf else "packets/print.html"
        return render_to_string(template, context, request=None if for_pdf else request)


def handout_context(*, packet: Packet, request=None) -> dict:
    """What the handout shows: who it is for, from whom (the organization and the
    responsible liaison), each page in full, and the choice list last shared."""
    pages = handout_pages(packet=packet)
    organization = organization_for(language=translation.get_language())
    return {
        "packet": packet,
        "organization": organization,
        "handout_nav": {"organization": organization},
        "liaison": liaison_contact(user=packet.transition.liaison),
        "name": greeting_name(packet.transition),
        "sections": [_section(page, number, request=request) for number, page in enumerate(pages, start=1)],
        "choices": packet_choices(packet=packet),
        "stylesheet": static(HANDOUT_STYLESHEET),
    }


def _section(handout_page: HandoutPage, number: int, *, request) -> dict:
    page = handout_page.page
    anchor = f"packet-page-{number}"
    context = {"request": request, "page": page}
    # The blocks' own words ("In short", "Call 911") in the page's language, as on the page.
    with translation.override(handout_page.language):
        body = "".join(child.render(context) for child in page.body)
    return {
        "anchor": anchor,
        "page": page,
        "language": handout_page.language,
        "fallback": handout_page.fallback,
        "body": _fitted_into_handout(body, title_id=f"{anchor}-title"),
    }


def _fitted_into_handout(html: str, *, title_id: str) -> SafeString:
    """A page's rendered blocks (already safe) made part of the handout: every h1–h5 one
    level lower, and every named region ("In short", "When to get help") named after its
    page too, since each page of the handout has regions of the same names."""
    html = _HEADING_TAG.sub(lambda tag: f"<{tag[1]}h{int(tag[2]) + 1}", html)
    html = _LABELLED_BY.sub(lambda names: f'aria-labelledby="{names[1]} {title_id}"', html)
    return mark_safe(html)  # the block templates' own output: only tag names and ids changed


def handout_pdf(*, packet: Packet) -> bytes:
    """The handout as a PDF/UA-1 document: a text layer, a tagged structure, its title and
    language, XMP metadata naming it PDF/UA, and links that screen readers can announce."""
    from weasyprint import HTML  # loading WeasyPrint takes most of a second: only when a PDF is asked for

    html = handout_html(packet=packet, for_pdf=True)
    base_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + "/"
    document = HTML(string=html, base_url=base_url, url_fetcher=_fetcher_class()(base_url=base_url))
    return document.write_pdf(pdf_variant="pdf/ua-1", finisher=readable_link_annotations)


def readable_link_annotations(document, pdf) -> None:
    """Give every link annotation the words a reader hears for it: the link's accessible
    name (aria-label, its text, or its title), where WeasyPrint puts the bare target
    ("packet-page-1", a URL).

    A WeasyPrint finisher: it runs after the links are laid out, before the file is written.
    """
    import pydyf  # WeasyPrint's PDF writer, loaded with it

    for page in document.pages:
        for _kind, _target, _rectangle, box in page.links:
            annotation = getattr(box, "link_annotation", None)
            element = getattr(box, "element", None)
            if annotation is None or element is None:
                continue
            words = element.get("aria-label") or "".join(element.itertext()) or element.get("title") or ""
            text = " ".join(words.split())
            if text:
                annotation["Contents"] = pydyf.String(text)


@functools.cache
def _fetcher_class():
    """WeasyPrint's fetcher, made to read local files only (imported on first use: loading
    WeasyPrint takes most of a second)."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse  # as above: WeasyPrint loads slowly

    class LocalFilesFetcher(URLFetcher):
        """Gives WeasyPrint this site's static and media files from disk and refuses
        everything else (a refused image is left out of the PDF, with a warning in the log)."""

        def __init__(self, *, base_url: str, **kwargs):
            super().__init__(**kwargs)
            self.static_prefix = urljoin(base_url, settings.STATIC_URL)
            self.media_prefix = urljoin(base_url, settings.MEDIA_URL)

        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            path = local_file(url, static_prefix=self.static_prefix, media_prefix=self.media_prefix)
            if path is None:
                raise ValueError(
                    f"Only this server's own files go into a handout, not {urlsplit(url).netloc}"
                )
            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": content_type})

    return LocalFilesFetcher


def local_file(url: str, *, static_prefix: str, media_prefix: str) -> Path | None:
    """The file on disk behind one of this site's static or media URLs; None otherwise."""
    address = urlsplit(url)
    url = address._replace(query="", fragment="").geturl()
    try:
        if url.startswith(static_prefix):
            name = unquote(url[len(static_prefix) :])
            found = finders.find(name) or _storage_path(staticfiles_storage, name)
        elif url.startswith(media_prefix):
            found = _storage_path(default_storage, unquote(url[len(media_prefix) :]))
        else:
            return None
    except SuspiciousFileOperation:
        return None
    path = Path(found) if found else None
    return path if path is not None and path.is_file() else None


def _storage_path(storage, name: str) -> str | None:
    """The local path of ``name`` in ``storage``; None for storage that is not on this disk."""
    try:
        return storage.path(name)
    except NotImplementedError:
        return None
