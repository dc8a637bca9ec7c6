from django.http import Http404
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.http import require_GET
from wagtail.models import Page

from content.selectors import language_name


@require_GET
def untranslated(request, page_id: int):
    """Says, in the reader's language, that a page has no translation yet, and links to it."""
    original = Page.objects.live().public().filter(id=page_id).first()
    if original is None:
        raise Http404
    return render(
        request,
        "content/untranslated.html",
        {"original": original.specific, "language_name": language_name(translation.get_language())},
    )
