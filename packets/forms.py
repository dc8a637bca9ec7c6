"""The liaison's packet form: the suggested pages and those already in the packet as
checkboxes (in the order they will be kept), and one more page to add from the library."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from content.models import ArticlePage, CareSettingPage
from packets.models import Packet, PacketItem
from packets.suggestions import packet_suggestions


@dataclass
class PageRow:
    """One page the liaison can tick: in the packet already, suggested, or both."""

    page: object
    fallback: bool
    reason: str = ""
    item: PacketItem | None = None
    checked: bool = False


def language_name(code: str) -> str:
    """The language's name in the admin's language ("Spanish" for es in English)."""
    try:
        return get_language_info(code)["name_translated"]
    except KeyError:
        return code


def packet_rows(*, transition, packet: Packet | None) -> list[PageRow]:
    """The packet's pages in their order, then the suggestions not in it yet. Without a
    packet the suggestions start ticked; with one, only its pages do."""
    suggestions = packet_suggestions(transition=transition)
    reasons = {suggestion.page.translation_key: suggestion.reason for suggestion in suggestions}
    rows, seen = [], set()
    if packet is not None:
        items = packet.items.select_related("page", "page__locale").order_by("position", "pk")
        for item in items:
            key = item.page.translation_key
            seen.add(key)
            rows.append(
                PageRow(
                    page=item.page,
                    fallback=item.fallback,
                    reason=reasons.get(key, ""),
                    item=item,
                    checked=True,
                )
            )
    for suggestion in suggestions:
        if suggestion.page.translation_key not in seen:
            seen.add(suggestion.page.translation_key)
            rows.append(
                PageRow(
                    page=suggestion.page,
                    fallback=suggestion.fallback,
                    reason=suggestion.reason,
                    checked=packet is None,
                )
            )
    return rows


def other_page_choices(*, language: str, exclude_keys) -> list:
    """Every other live education page, grouped: those in ``language`` first, then the
    English ones not translated into it. Two queries whatever the library holds."""
    pages = (
        Page.objects.live()
        .public()
        .type(ArticlePage, CareSettingPage)
        .exclude(translation_key__in=list(exclude_keys))
    )
    own = list(
        pages.filter(locale__language_code=language)
        .order_by("title")
        .values_list("pk", "title", "translation_key")
    )
    groups = [(_("In %(language)s") % {"language": language_name(language)}, [(pk, t) for pk, t, _k in own])]
    if language != settings.LANGUAGE_CODE:
        translated = {key for _pk, _t, key in own}
        english = pages.filter(locale__language_code=settings.LANGUAGE_CODE).order_by("title")
        groups.append(
            (
                _("In English: not yet translated into %(language)s") % {"language": language_name(language)},
                [
                    (pk, title)
                    for pk, title, key in english.values_list("pk", "title", "translation_key")
                    if key not in translated
                ],
            )
        )
    return [(label, choices) for label, choices in groups if choices]


class PacketPagesForm(forms.Form):
    pages = forms.TypedMultipleChoiceField(
        label=_("Pages"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Untick a page to take it out of the packet."),
    )
    add_page = forms.TypedChoiceField(
        label=_("Add another page"),
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("Any published education page. It goes at the end of the packet."),
    )

    def __init__(self, *args, rows: list[PageRow], other_choices: list, **kwargs):
        kwargs.setdefault("initial", {"pages": [row.page.pk for row in rows if row.checked]})
        super().__init__(*args, **kwargs)
        self.rows = rows
        self.fields["pages"].choices = [(row.page.pk, row.page.title) for row in rows]
        self.fields["add_page"].choices = [("", _("Choose a page")), *other_choices]
        ticked = {str(value) for value in (self["pages"].value() or [])}
        for row in rows:
            row.checked = str(row.page.pk) in ticked

    def chosen_page_ids(self) -> list[int]:
        """The ticked pages in the order shown, then the added one."""
        ticked = set(self.cleaned_data.get("pages") or [])
        chosen = [row.page.pk for row in self.rows if row.page.pk in ticked]
        added = self.cleaned_data.get("add_page")
        if added and added not in chosen:
            chosen.append(added)
        return chosen
