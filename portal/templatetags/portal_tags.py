from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language

register = template.Library()

NATIVE_NAMES = {"en": "English", "es": "Español"}


@register.simple_tag(takes_context=True)
def language_links(context) -> list[dict]:
    """Links to the current page in each language (plain links, so pages stay cacheable)."""
    request = context.get("request")
    path = request.path if request is not None else "/"
    current = get_language()
    links = []
    for code, _name in settings.LANGUAGES:
        links.append(
            {
                "code": code,
                "name": NATIVE_NAMES.get(code, code),
                "url": translate_url(path, code),
                "current": code == current,
            }
        )
    return links
