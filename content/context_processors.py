"""Site-wide facts for the base layout, cached per language until something is published:
navigation links, the organization's name and numbers (header, footer, link problems),
and what the apps above add through the ``NAV_URLS`` hook (the questions of the "Was this
page helpful?" form)."""

from django.conf import settings
from django.core.cache import cache, caches
from django.urls import reverse
from django.utils import translation
from wagtail import hooks

from content.hooks import NAV_URLS
from content.models import CareSettingIndexPage, ConditionIndexPage, HomePage
from content.routing import generation_bump
from content.selectors import site_section_page
from portal.selectors import organization_for

CACHE_KEY = "content:nav_urls:{language}"
CACHE_SECONDS = 60 * 60


def nav_urls(request) -> dict:
    return {"nav_urls": _NavUrls(translation.get_language())}


class _NavUrls(dict):
    """Looked up only when a template reads it."""

    def __init__(self, language: str):
        super().__init__()
        self.language = language
        self.loaded = False

    def _load(self) -> None:
        if not self.loaded:
            self.update(nav_urls_for(self.language))
            self.loaded = True

    def __getitem__(self, key):
        self._load()
        return super().__getitem__(key)

    def get(self, key, default=None):
        self._load()
        return super().get(key, default)

    def __contains__(self, key):
        self._load()
        return super().__contains__(key)


def nav_urls_for(language: str) -> dict:
    key = CACHE_KEY.format(language=language)
    urls = cache.get(key)
    if urls is None:
        urls = _compute(language)
        cache.set(key, urls, CACHE_SECONDS)
    return urls


def _compute(language: str) -> dict:
    with translation.override(language):
        urls = {
            "search": reverse("search"),
            "privacy": reverse("privacy"),
            "organization": organization_for(language=language),
        }
        for name, model in (
            ("home", HomePage),
            ("health_topics", ConditionIndexPage),
            ("care_settings", CareSettingIndexPage),
        ):
            page = site_section_page(model=model, language=language)
            urls[name] = page.url if page else "/"
    for extra in hooks.get_hooks(NAV_URLS):
        urls.update(extra(language=language))
    return urls


def nav_urls_forget(**_kwargs) -> None:
    cache.delete_many([CACHE_KEY.format(language=code) for code, _name in settings.LANGUAGES])


def public_caches_clear(**_kwargs) -> None:
    """Published content changed: forget cached navigation and every cached public page."""
    nav_urls_forget()
    generation_bump()
    caches["pages"].clear()
