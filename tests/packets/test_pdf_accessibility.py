"""The handout PDF checked with pypdf, a reader independent of WeasyPrint, for what PDF/UA
asks of it: a tagged structure, the document's language and title (shown as the window
title), XMP metadata naming the title and the PDF/UA part, every font embedded, and link
annotations whose /Contents a screen reader can announce."""

import io
import re

import pytest
from pypdf import PdfReader
from pypdf.generic import IndirectObject

from packets import handout
from packets.selectors import handout_pages

pytestmark = pytest.mark.django_db


@pytest.fixture
def pdf(packet) -> PdfReader:
    return PdfReader(io.BytesIO(handout.handout_pdf(packet=packet)))


def _resolved(value):
    return value.get_object() if isinstance(value, IndirectObject) else value


def test_the_handout_is_tagged_with_its_language_and_shows_its_title(pdf, packet):
    catalog = pdf.trailer["/Root"]
    assert "/StructTreeRoot" in catalog
    assert bool(catalog["/MarkInfo"]["/Marked"])
    assert catalog["/Lang"] == packet.language
    assert pdf.metadata.title and pdf.metadata.title.strip()
    assert bool(catalog["/ViewerPreferences"]["/DisplayDocTitle"])


def test_the_handout_has_xmp_metadata_with_its_title_and_the_pdf_ua_part(pdf):
    catalog = pdf.trailer["/Root"]
    stream = _resolved(catalog["/Metadata"])
    assert stream["/Type"] == "/Metadata" and stream["/Subtype"] == "/XML"
    xmp = pdf.xmp_metadata
    assert xmp is not None
    assert xmp.dc_title and pdf.metadata.title in xmp.dc_title.values()
    xml = stream.get_data().decode()
    assert re.search(r"<pdfuaid:part>1</pdfuaid:part>|pdfuaid:part=\"1\"", xml)


def test_every_font_in_the_handout_is_embedded(pdf):
    fonts = {}
    for page in pdf.pages:
        for name, font in (_resolved(page["/Resources"]).get("/Font") or {}).items():
            fonts[name] = _resolved(font)
    assert fonts
    for font in fonts.values():
        descendants = font.get("/DescendantFonts")
        descriptor_owner = _resolved(descendants[0]) if descendants else font
        descriptor = _resolved(descriptor_owner["/FontDescriptor"])
        assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor), font.get("/BaseFont")


def test_link_annotations_are_announced_by_their_text_not_their_target(pdf, packet):
    contents = [
        str(_resolved(annotation)["/Contents"])
        for page in pdf.pages
        for annotation in page.get("/Annots") or []
        if _resolved(annotation)["/Subtype"] == "/Link"
    ]
    titles = {shown.page.title for shown in handout_pages(packet=packet)}
    assert contents and titles
    assert not [text for text in contents if re.fullmatch(r"packet-page-\d+|https?://\S+", text)]
    assert titles <= set(contents)  # the contents list's links, named by the pages they open
