"""Documents in the media library: an upload must hold the kind of file its name says and
never web-page code (HTML, SVG) that a browser would run, and every download is a
sandboxed attachment, so no file from the library can act as a page of the portal.

Wagtail checks a document's extension only; an HTML file renamed .pdf or .txt passes that.
"""

from __future__ import annotations

import os
import re

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from wagtail.documents.forms import BaseDocumentForm
from wagtail.documents.views.serve import serve

# Enough of the start of a file to tell what it is; markup further in is never sniffed
# (downloads carry nosniff) and never rendered (they are attachments in a sandbox).
SNIFF_BYTES = 64 * 1024
ZIP = b"PK\x03\x04"
SIGNATURES = {"pdf": (b"%PDF-",), "docx": (ZIP,), "xlsx": (ZIP,), "odt": (ZIP,)}
TEXT_EXTENSIONS = {"txt", "csv"}
KIND_NAMES = {"pdf": "PDF", "docx": "Word", "xlsx": "Excel", "odt": "OpenDocument"}
MARKUP = re.compile(
    rb"<\s*(?:!doctype|html|head|body|script|svg|iframe|frame|object|embed|math|meta|link|style|"
    rb"img|\?xml|xml|a\s|form|base)\b",
    re.IGNORECASE,
)
DOCUMENT_POLICY = "default-src 'none'; sandbox"

WEB_CODE = _(
    "This file holds web page code (HTML or SVG), which could run in a reader's browser. "
    "Upload a PDF, Word, OpenDocument, Excel, CSV or plain-text file instead."
)
NOT_WHAT_IT_SAYS = _(
    "This is not a real %(kind)s file: what it holds does not match its name. Save it again "
    "as %(kind)s and upload that file."
)
NOT_TEXT = _(
    "This is not a plain-text file: it holds binary data. Save it again as text and upload that file."
)


def document_content_problem(*, head: bytes, extension: str) -> str | None:
    """Why a file that starts with ``head`` cannot be a document with this extension; None
    when it can."""
    extension = extension.lower()
    body = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    if extension in SIGNATURES:
        if not body.startswith(SIGNATURES[extension]):
            if MARKUP.search(head):
                return str(WEB_CODE)
            return str(NOT_WHAT_IT_SAYS % {"kind": KIND_NAMES[extension]})
        return None
    if extension in TEXT_EXTENSIONS and b"\x00" in head:
        return str(NOT_TEXT)
    if MARKUP.search(head):
        return str(WEB_CODE)
    return None


class DocumentForm(BaseDocumentForm):
    """Wagtail's document form (single and multiple upload) with the content checked."""

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if isinstance(upload, UploadedFile):
            upload.seek(0)
            head = upload.read(SNIFF_BYTES)
            upload.seek(0)
            extension = os.path.splitext(upload.name or "")[1].lstrip(".")
            problem = document_content_problem(head=head, extension=extension)
            if problem:
                raise ValidationError(problem, code="document_content")
        return upload


def document_serve(request, document_id, document_filename):
    """Wagtail's document download with a policy that also sandboxes the file, so even a
    file a browser would render is treated as coming from nowhere and runs nothing."""
    response = serve(request, document_id, document_filename)
    if response.status_code == 200:
        response["Content-Security-Policy"] = DOCUMENT_POLICY
        response["X-Content-Type-Options"] = "nosniff"
    return response
