from django.http import Http404
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.http import require_GET

from content.selectors import language_name, public_page


@require_GET
def untranslated(request, page_id: int):
    """Says, in the reader's language, that a page has no translation yet, and links to it."""
    original = public_page(page_id=page_id)
    if original is None:
        raise Http404
    return render(
        request,
        "content/untranslated.html",
        {"original": original.specific, "language_name": language_name(translation.get_language())},
    )
