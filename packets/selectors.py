"""Reads for the patient's side of a packet: which packet a link or a session opens, and its
pages in order, in a fixed number of queries whatever the number of pages."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import F, TextField, Value
from django.db.models.functions import Coalesce
from wagtail.models import Page

from packets.models import Packet, PacketItem
from surveys.models import token_hash

# The session key that holds the packet a reader opened with their link.
SESSION_PACKET = "packet_id"
MAX_TOKEN_LENGTH = 100


def packet_for_token(*, token: str) -> Packet | None:
    """The packet an emailed token belongs to, whatever its state (the caller checks
    ``usable``); None for an unknown token."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    return Packet.objects.filter(tokens__token_hash=token_hash(token)).first()


def packet_for_session(request) -> Packet | None:
    """The packet this browser opened with its link, with its transition; None when it
    opened none (or the packet is gone). The caller checks ``usable``."""
    packet_id = request.session.get(SESSION_PACKET)
    if not isinstance(packet_id, int):
        return None
    return Packet.objects.select_related("transition").filter(pk=packet_id).first()


def packet_items(*, packet: Packet) -> list[PacketItem]:
    """The packet's live pages in the liaison's order, each with its page, its ``summary``
    and its ``language`` (English for a fallback page), in one query."""
    return list(
        PacketItem.objects.filter(packet=packet, page__live=True)
        .select_related("page")
        .annotate(
            summary=Coalesce(
                F("page__articlepage__summary"),
                F("page__caresettingpage__summary"),
                Value(""),
                output_field=TextField(),
            ),
            language=F("page__locale__language_code"),
        )
        .order_by("position", "pk")
    )


def packet_item(*, packet: Packet, item_id: int) -> PacketItem | None:
    """One of the packet's live pages; None for an item of another packet."""
    return (
        PacketItem.objects.filter(packet=packet, pk=item_id, page__live=True).select_related("page").first()
    )


@dataclass
class HandoutPage:
    """One education page of the handout, with everything its section shows."""

    item: PacketItem
    page: Page  # the specific page (ArticlePage, CareSettingPage)
    language: str

    @property
    def fallback(self) -> bool:
        return self.item.fallback


def handout_pages(*, packet: Packet) -> list[HandoutPage]:
    """The packet's pages as their specific types, in order: one query for the items and
    one per page type for the pages."""
    items = packet_items(packet=packet)
    pages = {
        page.pk: page for page in Page.objects.filter(pk__in=[item.page_id for item in items]).specific()
    }
    return [
        HandoutPage(item=item, page=pages[item.page_id], language=item.language)
        for item in items
        if item.page_id in pages
    ]
