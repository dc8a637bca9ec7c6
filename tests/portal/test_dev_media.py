"""With DEBUG on (the development URLconf), MEDIA_ROOT serves images but never a document:
documents go only through Wagtail's document view, which checks collection privacy and
sends a sandboxed attachment."""

import importlib

import pytest
from django.core.files.base import ContentFile
from django.urls import clear_url_caches
from wagtail.documents import get_document_model

import portal.urls

pytestmark = pytest.mark.django_db

PAGE = b"<!doctype html><title>x</title><script>alert(document.cookie)</script>"


@pytest.fixture
def dev_urls(settings, tmp_path):
    """portal.urls as `make run` builds it (DEBUG on), with its own MEDIA_ROOT."""
    settings.MEDIA_ROOT = tmp_path
    settings.DEBUG = True
    importlib.reload(portal.urls)
    clear_url_caches()
    yield tmp_path
    settings.DEBUG = False
    importlib.reload(portal.urls)
    clear_url_caches()


@pytest.mark.parametrize(
    "path",
    [
        "/media/documents/discharge-letter.txt",
        "/media/images/../documents/discharge-letter.txt",
        "/media/./documents/discharge-letter.txt",
        "/media//documents/discharge-letter.txt",
    ],
)
def test_a_document_file_is_not_served_from_media_in_development(client, dev_urls, path):
    (dev_urls / "documents").mkdir()
    (dev_urls / "documents" / "discharge-letter.txt").write_bytes(PAGE)
    response = client.get(path)
    assert response.status_code == 404
    assert b"<script>" not in b"".join(getattr(response, "streaming_content", [response.content]))


def test_images_are_still_served_from_media_in_development(client, dev_urls):
    (dev_urls / "images").mkdir()
    (dev_urls / "images" / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    response = client.get("/media/images/photo.png")
    assert response.status_code == 200


def test_a_document_s_own_address_is_the_sandboxed_view(client, dev_urls):
    document = get_document_model().objects.create(
        title="Letter", file=ContentFile(b"Plain words.", "letter.txt")
    )
    assert document.url.startswith("/documents/")
    response = client.get(document.url)
    assert response.status_code == 200
    assert "sandbox" in response["Content-Security-Policy"]
    assert response["Content-Disposition"].startswith("attachment")
