"""What editors put into pages and the media library can never run in a reader's browser:
script links are taken out of rich text however they are written and however the page is
saved, documents download as sandboxed attachments, web-page files (HTML, SVG) are refused
whatever their name says, and oversized uploads are refused with a plain message."""

from __future__ import annotations

import html
import io
import json
import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Collection
from wagtail.test.utils.form_data import nested_form_data, streamfield

from content.models import ArticlePage
from surveys.models import SurveyPage
from tests.factories import StaffUserFactory, activate_totp

pytestmark = pytest.mark.django_db

# Script links as an editor or an import could write them; every one must lose its href.
SCRIPT_LINKS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "   javascript:alert(1)",
    "\tjavascript:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "\x01javascript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "DATA:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "VBScript:msgbox(1)",
]
# The same, written with HTML character references (they only exist in HTML, not in the
# editor's JSON).
ENTITY_LINKS = [
    "&#106;avascript:alert(1)",
    "&#x6A;avascript:alert(1)",
    "&#0000106;avascript:alert(1)",
    "jav&#x09;ascript:alert(1)",
    "jav&#9;ascript:alert(1)",
    "javascript&colon;alert(1)",
    "&#x20;javascript:alert(1)",
]
SAFE_LINKS = ["https://www.cdc.gov/heart-disease/", "mailto:care@example.org", "tel:+15552010123", "/search/"]


URL_ATTRIBUTE = re.compile(
    r"""\b(?:href|src|action|formaction)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I
)


def runnable_urls(markup: str) -> list[str]:
    """Every href, src or action in ``markup`` that a browser would run as script or open as
    an HTML document, after decoding character references and dropping what browsers ignore."""
    found = []
    for match in URL_ATTRIBUTE.finditer(markup):
        value = next(group for group in match.groups() if group is not None)
        url = re.sub(r"[\x00-\x20\x7f]+", "", html.unescape(value)).lower()
        if url.startswith(("javascript:", "data:", "vbscript:")):
            found.append(value)
    return found


def test_the_checker_finds_script_links_however_they_are_written():
    for link in SCRIPT_LINKS:
        assert runnable_urls(f'<a href="{html.escape(link)}">x</a>'), link
    for link in ENTITY_LINKS:
        assert runnable_urls(f'<a href="{link}">x</a>'), link
    assert runnable_urls("<a href='javascript:x'>x</a><img src=javascript:y>") == [
        "javascript:x",
        "javascript:y",
    ]
    assert not runnable_urls("".join(f'<a href="{html.escape(link)}">x</a>' for link in SAFE_LINKS))


# Rich text saved through the Wagtail editor ----------------------------------------------------


def contentstate(text: str, url: str) -> str:
    """A Draftail value, as the editor posts it: one paragraph that is a link."""
    return json.dumps(
        {
            "blocks": [
                {
                    "key": "a1b2c",
                    "type": "unstyled",
                    "depth": 0,
                    "text": text,
                    "inlineStyleRanges": [],
                    "entityRanges": [{"offset": 0, "length": len(text), "key": 0}],
                    "data": {},
                }
            ],
            "entityMap": {"0": {"type": "LINK", "mutability": "MUTABLE", "data": {"url": url}}},
        }
    )


def edit_form(page, links: list[str]) -> dict:
    blocks = [("text", contentstate(f"Read more {n}", url)) for n, url in enumerate(links)]
    blocks.append(("care_card", {"urgency": "emergency", "symptoms": streamfield([("item", "You faint.")])}))
    data = nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "summary": "How to care for your heart at home.",
            "audience": "patients",
            "body": streamfield(blocks),
            "sources": streamfield([]),
            "review_interval_months": "12",
            "readability_reason": "",
        }
    )
    data["action-publish"] = "Publish"
    return data


@pytest.fixture
def editor_client(client):
    editor = StaffUserFactory(role="Content editor")
    activate_totp(editor)
    client.force_login(editor)
    return client


@pytest.fixture
def publisher_client(client):
    """Liaison managers are the clinical reviewers: the only role that publishes pages."""
    manager = StaffUserFactory(role="Liaison manager")
    activate_totp(manager)
    client.force_login(manager)
    return client


def stored_body(page) -> str:
    """The body's rich text exactly as the database and the live revision hold it."""
    stored = ArticlePage.objects.get(pk=page.pk)
    revision = stored.live_revision.content["body"]
    revision = json.loads(revision) if isinstance(revision, str) else revision
    return " ".join(str(block["value"]) for block in [*stored.body.raw_data, *revision])


def test_script_links_posted_from_the_editor_are_stored_and_shown_without_their_href(
    publisher_client, client, library
):
    page = library["heart"]
    response = publisher_client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]), edit_form(page, [*SCRIPT_LINKS, *SAFE_LINKS])
    )
    assert response.status_code == 302, response.context and response.context["form"].errors
    stored = stored_body(page)
    assert not runnable_urls(stored)
    assert "Read more 0" in stored  # the link's words stay, only the address goes
    public = client.get(page.url).content.decode()
    assert "Read more 0" in public
    assert not runnable_urls(public)
    for safe in SAFE_LINKS:
        assert f'href="{safe}"' in public


# Rich text saved in code (imports, scripts, the demo seeding) ---------------------------------


@pytest.mark.parametrize("link", [*[html.escape(link) for link in SCRIPT_LINKS], *ENTITY_LINKS])
def test_script_links_saved_on_the_model_are_stored_and_shown_without_their_href(client, library, link):
    page = ArticlePage.objects.get(pk=library["heart"].pk)
    page.body = [
        ("text", f'<p><a href="{link}">Read more</a> and <a href="https://www.cdc.gov/">the CDC</a>.</p>'),
        ("text", f'<p><a href="{link}" onclick="alert(2)">Twice</a><img src="{link}" alt=""></p>'),
        ("care_card", {"urgency": "emergency", "symptoms": ["You faint."]}),
    ]
    page.save_revision().publish()
    stored_html = stored_body(page)
    assert not runnable_urls(stored_html)
    assert "onclick" not in stored_html
    assert "Read more" in stored_html and 'href="https://www.cdc.gov/"' in stored_html
    public = client.get(page.url).content.decode()
    assert "Read more" in public
    assert not runnable_urls(public)
    assert "alert(2)" not in public


@pytest.mark.parametrize("link", SCRIPT_LINKS)
def test_a_script_address_saved_as_a_source_is_dropped(client, library, link):
    page = ArticlePage.objects.get(pk=library["heart"].pk)
    page.sources = [
        ("source", {"title": "A guideline", "publisher": "", "url": link}),
        ("source", {"title": "The CDC", "publisher": "", "url": "https://www.cdc.gov/"}),
    ]
    page.save_revision().publish()
    stored = ArticlePage.objects.get(pk=page.pk).sources.raw_data
    assert [source["value"]["url"] for source in stored] == ["", "https://www.cdc.gov/"]
    public = client.get(page.url).content.decode()
    assert "A guideline" in public and not runnable_urls(public)


def test_clean_rich_text_is_stored_exactly_as_written(library):
    written = '<h2>Your medicines</h2><p>Take <b>one</b> pill. <a linktype="page" id="3">Home</a>.</p>'
    page = ArticlePage.objects.get(pk=library["heart"].pk)
    page.body = [("text", written), ("care_card", {"urgency": "emergency", "symptoms": ["You faint."]})]
    page.save()
    assert ArticlePage.objects.get(pk=page.pk).body.raw_data[0]["value"] == written


def test_script_links_in_a_survey_page_introduction_are_taken_out(client, home_page):
    from surveys.models import PUBLIC
    from surveys.services import survey_create_from_snapshot, survey_page_ensure
    from tests.surveys.factories import three_step_snapshot

    survey = survey_create_from_snapshot(snapshot=three_step_snapshot(), locale=home_page.locale)
    page = survey_page_ensure(
        parent=home_page, slug="your-move", title="Your move", survey=survey, access=PUBLIC
    )
    page.intro = "".join(
        f'<p><a href="{html.escape(link)}">Why we ask {n}</a></p>' for n, link in enumerate(SCRIPT_LINKS)
    )
    page.save_revision().publish()
    stored = SurveyPage.objects.filter(pk=page.pk).values_list("intro", flat=True).get()
    assert "Why we ask 0" in stored and not runnable_urls(stored)
    public = client.get(page.url).content.decode()
    assert not runnable_urls(public)


# Documents: downloads ------------------------------------------------------------------------

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def document(name: str, content: bytes) -> Document:
    return Document.objects.create(title=name, file=ContentFile(content, name=name))


@pytest.mark.parametrize(
    ("name", "content"),
    [("handout.pdf", PDF), ("notes.txt", b"Weigh yourself each morning.\n"), ("list.csv", b"a,b\r\n1,2\r\n")],
)
def test_a_document_downloads_as_a_sandboxed_attachment(client, home_page, name, content):
    doc = document(name, content)
    response = client.get(doc.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    assert response["Content-Disposition"].startswith("attachment")
    assert doc.filename in response["Content-Disposition"]
    policy = [part.strip() for part in response["Content-Security-Policy"].split(";")]
    assert "default-src 'none'" in policy and "sandbox" in policy
    assert response["X-Content-Type-Options"] == "nosniff"


def test_an_html_file_stored_as_a_document_still_downloads_sandboxed(client, home_page):
    """Whatever got into the library before uploads were checked is never shown as a page."""
    doc = document("old.txt", b"<html><script>alert(1)</script></html>")
    response = client.get(doc.url)
    assert response["Content-Disposition"].startswith("attachment")
    assert "sandbox" in response["Content-Security-Policy"]
    assert not response["Content-Type"].startswith("text/html")


# Documents and images: uploads through the admin ----------------------------------------------

HTML_PAGE = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">'
    b"<script>alert(2)</script></svg>"
)
WEB_FILES = [
    ("page.html", HTML_PAGE),
    ("page.htm", HTML_PAGE),
    ("drawing.svg", SVG),
    ("page.pdf", HTML_PAGE),
    ("page.txt", HTML_PAGE),
    ("page.csv", b"  \r\n<html><body onload=alert(1)>"),
    ("drawing.pdf", SVG),
    ("drawing.txt", SVG),
    ("drawing.docx", SVG),
    ("fake.xlsx", b"<script>alert(1)</script>"),
    ("shouting.txt", b"\xef\xbb\xbf<HTML><SCRIPT>alert(1)</SCRIPT>"),
]


def root_collection() -> Collection:
    return Collection.get_first_root_node()


def document_upload(client, name: str, content: bytes):
    return client.post(
        reverse("wagtaildocs:add"),
        {"title": name, "collection": root_collection().pk, "file": SimpleUploadedFile(name, content)},
    )


def field_errors(response, field: str = "file") -> list[str]:
    assert response.status_code == 200
    return list(response.context["form"].errors.get(field, []))


@pytest.mark.parametrize(("name", "content"), WEB_FILES)
def test_web_page_files_are_refused_as_documents_with_a_message_next_to_the_field(
    editor_client, home_page, name, content
):
    errors = field_errors(document_upload(editor_client, name, content))
    assert errors and all("Traceback" not in error for error in errors)
    multiple = editor_client.post(
        reverse("wagtaildocs:add_multiple"),
        {"collection": root_collection().pk, "files[]": SimpleUploadedFile(name, content)},
    )
    assert multiple.status_code == 200 and multiple.json()["success"] is False
    assert multiple.json()["error_message"]
    assert not Document.objects.exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("handout.pdf", PDF),
        ("notes.txt", "Pese cada mañana. Less than 3 < 5.\n".encode()),
        ("notes-1252.txt", "Pese cada mañana.\n".encode("cp1252")),
        ("list.csv", b"question,answer\r\n<3 days,yes\r\n"),
    ],
)
def test_real_documents_are_accepted(editor_client, home_page, name, content):
    response = document_upload(editor_client, name, content)
    assert response.status_code == 302, response.context and response.context["form"].errors
    assert Document.objects.get().title == name


def png(size: tuple[int, int] = (4, 4), *, padding: int = 0) -> bytes:
    out = io.BytesIO()
    PILImage.new("RGB", size, "white").save(out, "PNG")
    return out.getvalue() + b"\x00" * padding


def image_upload(client, name: str, content: bytes):
    return client.post(
        reverse("wagtailimages:add"),
        {"title": name, "collection": root_collection().pk, "file": SimpleUploadedFile(name, content)},
    )


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("drawing.svg", SVG),
        ("page.html", HTML_PAGE),
        ("drawing.png", SVG),
        ("page.png", HTML_PAGE),
        ("page.jpg", HTML_PAGE),
        ("drawing.gif", SVG),
        ("drawing.webp", b"RIFF\x00\x00\x00\x00WEBP" + SVG),
    ],
)
def test_web_page_files_are_refused_as_images_with_a_message_next_to_the_field(
    editor_client, home_page, name, content
):
    errors = field_errors(image_upload(editor_client, name, content))
    assert errors
    multiple = editor_client.post(
        reverse("wagtailimages:add_multiple"),
        {"collection": root_collection().pk, "files[]": SimpleUploadedFile(name, content)},
    )
    assert multiple.status_code == 200 and multiple.json()["success"] is False
    assert not Image.objects.exists()


def test_a_real_image_is_accepted(editor_client, home_page):
    response = image_upload(editor_client, "scale.png", png())
    assert response.status_code == 302
    assert Image.objects.get().title == "scale.png"


# Sizes ----------------------------------------------------------------------------------------


def test_an_oversized_document_is_refused_with_the_limit(editor_client, home_page, settings):
    content = PDF + b"0" * settings.WAGTAILDOCS_MAX_UPLOAD_SIZE
    errors = field_errors(document_upload(editor_client, "big.pdf", content))
    assert any("too big" in error and "10.0" in error for error in errors), errors
    assert not Document.objects.exists()


def test_an_oversized_image_is_refused_with_the_limit(editor_client, home_page, settings):
    content = png(padding=settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE)
    errors = field_errors(image_upload(editor_client, "big.png", content))
    assert any("too big" in error for error in errors)
    assert not Image.objects.exists()


def test_a_form_post_over_the_memory_limit_is_a_plain_bad_request(client, library, settings):
    from demo.survey_templates import template_snapshot
    from surveys.models import Response, SurveySettings
    from surveys.services import survey_create_from_snapshot

    survey_settings = SurveySettings.load()
    survey_settings.page_feedback_survey = survey_create_from_snapshot(
        snapshot=template_snapshot("page-feedback", "en"), locale=library["copd"].locale
    )
    survey_settings.save()

    comment = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    response = client.post(
        f"/feedback/page/{library['copd'].pk}/", {"feedback-helpful": "yes", "feedback-comment": comment}
    )
    assert response.status_code == 400
    assert b"Traceback" not in response.content
    assert not Response.objects.exists()
