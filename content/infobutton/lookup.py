"""From criteria to education pages: codes first, then display names.

A display name is what an EHR shows beside the code ("Heart failure, unspecified",
"Insuficiencia cardíaca"), so it matches when a condition's name, in either language, appears
in it as whole words; a name such as "COPD (chronic obstructive pulmonary disease)" offers
both of its forms. Glossary words match the same way and lead to the conditions of the pages
that explain them, found through Wagtail's reference index. A criterion's display name is
only consulted when its codes found nothing, as a code is the more precise question.
"""

from __future__ import annotations

import re
import unicodedata

from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page, ReferenceIndex

from content.infobutton.request import Criterion
from content.models import ArticlePage, CareSettingPage, Condition, ConditionCode, GlossaryTerm
from content.selectors import education_for_conditions

MIN_NAME_LENGTH = 3


def education_for_criteria(*, criteria: tuple[Criterion, ...], language: str) -> list[tuple[object, bool]]:
    """Live pages for these criteria in ``language`` where translated: (page, is_fallback)."""
    keys: set = set()
    unmatched_names: list[str] = []
    for criterion in criteria:
        found = _condition_keys_for_codes(criterion) if criterion.codes else set()
        keys |= found
        if not found:
            unmatched_names += criterion.display_names
    if unmatched_names:
        keys |= condition_keys_for_display_names(names=unmatched_names)
    if not keys:
        return []
    return education_for_conditions(condition_keys=list(keys), language=language)


def _condition_keys_for_codes(criterion: Criterion) -> set:
    rows = ConditionCode.objects.filter(system=criterion.system, code__in=criterion.codes)
    return set(rows.values_list("condition__translation_key", flat=True))


def condition_keys_for_display_names(*, names: list[str]) -> set:
    """Translation keys of the conditions that these display names name, directly or through
    a glossary word explained on a page about the condition."""
    wanted = [_folded(name) for name in names]
    keys = {
        key
        for name, key in Condition.objects.values_list("name", "translation_key")
        if _names_any(wanted, _forms(name))
    }
    term_keys = {
        key
        for term, key in GlossaryTerm.objects.values_list("term", "translation_key")
        if _names_any(wanted, _forms(term))
    }
    if term_keys:
        keys |= _condition_keys_explaining(term_keys)
    return keys


def _condition_keys_explaining(term_keys: set) -> set:
    """Conditions of the pages (any language) whose "Words to know" use these glossary terms."""
    term_ids = GlossaryTerm.objects.filter(translation_key__in=term_keys).values_list("id", flat=True)
    page_ids = ReferenceIndex.objects.filter(
        to_content_type=ContentType.objects.get_for_model(GlossaryTerm),
        to_object_id__in=[str(term_id) for term_id in term_ids],
        base_content_type=ContentType.objects.get_for_model(Page),
    ).values_list("object_id", flat=True)
    ids = [int(page_id) for page_id in page_ids]
    keys: set = set()
    for model in (ArticlePage, CareSettingPage):
        rows = model.objects.filter(id__in=ids, conditions__isnull=False)
        keys |= set(rows.values_list("conditions__translation_key", flat=True))
    return keys


def _forms(name: str) -> list[str]:
    """The ways a name can be said: "COPD (chronic … disease)" is "COPD" and "chronic … disease"."""
    outside = re.sub(r"\([^)]*\)", " ", name)
    inside = re.findall(r"\(([^)]*)\)", name)
    forms = {_folded(form) for form in [name, outside, *inside]}
    return [form for form in forms if len(form) >= MIN_NAME_LENGTH]


def _names_any(wanted: list[str], forms: list[str]) -> bool:
    return any(re.search(rf"(?<!\w){re.escape(form)}(?!\w)", name) for name in wanted for form in forms)


def _folded(text: str) -> str:
    """Lower case, without accents or punctuation: "Cardíaca," and "cardiaca" are one word."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    letters = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(re.sub(r"[^\w]+", " ", letters).split())
