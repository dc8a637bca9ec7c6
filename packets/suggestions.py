"""Which education pages a patient's packet should hold: the page about the place they are
moving to, and the pages about their conditions (codes entered on the transition, or
conditions picked from the library), each in their language, else in English, marked."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from content.models import CareSettingPage, Condition, ConditionCode
from content.models.snippets import ICD10CM
from content.selectors import education_for_conditions


@dataclass(frozen=True)
class Suggestion:
    page: object
    fallback: bool  # English, because the page has no translation in the patient's language
    reason: str


def packet_suggestions(*, transition) -> list[Suggestion]:
    """The suggested pages for ``transition``: its care setting first, then its conditions'
    pages by title. A page is suggested once, whatever matched it."""
    language = transition.language
    found: list[Suggestion] = []
    setting = _in_language(
        CareSettingPage.objects.live().public().filter(care_setting_kind=transition.destination_kind),
        language,
    )
    if setting is not None:
        page, fallback = setting
        found.append(Suggestion(page=page, fallback=fallback, reason=str(_("Where they are going"))))
    keys = condition_keys(transition=transition)
    if keys:
        for page, fallback in education_for_conditions(condition_keys=keys, language=language):
            found.append(Suggestion(page=page, fallback=fallback, reason=str(_("Their conditions"))))
    seen, unique = set(), []
    for suggestion in found:
        if suggestion.page.translation_key not in seen:
            seen.add(suggestion.page.translation_key)
            unique.append(suggestion)
    return unique


def condition_keys(*, transition) -> list:
    """Translation keys of the conditions the transition names, by code or by choice."""
    codes = transition.condition_code_list()
    picked = Q(pk__in=[]) if transition.pk is None else Q(pk__in=transition.conditions.values("pk"))
    by_code = ConditionCode.objects.filter(system=ICD10CM, code__in=codes).values_list(
        "condition__translation_key", flat=True
    )
    keys = set(by_code) if codes else set()
    keys |= set(Condition.objects.filter(picked).values_list("translation_key", flat=True))
    return sorted(keys, key=str)


def _in_language(pages, language: str):
    """(page, fallback) for the first page of ``pages`` in ``language``, else in English."""
    pages = pages.select_related("locale").order_by("path")
    chosen = pages.filter(locale__language_code=language).first()
    if chosen is not None:
        return chosen, False
    chosen = pages.filter(locale__language_code=settings.LANGUAGE_CODE).first()
    return (chosen, language != settings.LANGUAGE_CODE) if chosen is not None else None


def page_in_language(*, page, language: str):
    """(page, fallback): ``page``'s version in ``language`` where it is live, else English."""
    versions = Page.objects.live().public().filter(translation_key=page.translation_key)
    chosen = _in_language(versions, language)
    return chosen if chosen is not None else (page, page.locale.language_code != language)
