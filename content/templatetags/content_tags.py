"""Template tags of the education library: the language switcher's links."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import translation
from wagtail.models import Page

from content.models import HomePage
from content.routing import cached
from content.selectors import site_section_page, translations_by_language

register = template.Library()

NATIVE_NAMES = {"en": "English", "es": "Español"}


@register.simple_tag(takes_context=True)
def language_links(context) -> list[dict]:
    """Links to the current page in each language (plain links, so pages stay cacheable).

    On a Wagtail page the link goes to its translation; where there is none yet (a page
    just written, still in review), to the home page in that language.
    """
    request = context.get("request")
    path = request.path if request is not None else "/"
    current = translation.get_language()
    page = context.get("page")
    translations = None
    if isinstance(page, Page) and page.id:

        def urls() -> dict[str, dict[str, str]]:
            found = {code: p.get_url(request) for code, p in translations_by_language(page=page).items()}
            missing = [code for code, _name in settings.LANGUAGES if code not in found]
            return {"pages": found, "homes": {code: _home_url(code, request) for code in missing}}

        # Kept until anything is next published (see content.routing).
        translations = cached("translations", (page.pk,), urls, request=request)
    links = []
    for code, _name in settings.LANGUAGES:
        if translations is None:
            url = translate_url(path, code)
        elif code in translations["pages"]:
            # A page's sub-URL (a survey step) is kept, so switching language keeps the place.
            # ``page_subpath`` is one path, or a path per language (a survey step's address
            # is in its page's language).
            subpath = context.get("page_subpath", "")
            url = translations["pages"][code] + (
                subpath.get(code, "") if isinstance(subpath, dict) else subpath
            )
        else:
            url = translations["homes"][code]
        links.append(
            {"code": code, "name": NATIVE_NAMES.get(code, code), "url": url, "current": code == current}
        )
    return links


def _home_url(code: str, request) -> str:
    """The live home page in language ``code``, else that language's root address."""
    home = site_section_page(model=HomePage, language=code)
    if home is not None and home.locale.language_code == code:
        return home.get_url(request)
    return translate_url("/", code)
