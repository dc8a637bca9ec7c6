"""Reads for packets: which packet a link or a session opens and its pages in order (in a
fixed number of queries whatever the number of pages), a transition's packet for the
liaison's page, and the figures of the packets-and-feedback report."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Avg, Count, F, OuterRef, Q, QuerySet, Subquery, Sum, TextField, Value
from django.db.models.functions import Coalesce
from wagtail.models import ModelLogEntry, Page

from content.selectors import education_pages
from packets.models import Packet, PacketItem, PacketMessage
from surveys.models import Answer, token_hash
from transitions.providers.choices_selectors import choice_share_latest
from transitions.selectors import transitions_for_user

# The session key that holds the packet a reader opened with their link.
SESSION_PACKET = "packet_id"
MAX_TOKEN_LENGTH = 100


def packet_for_token(*, token: str) -> Packet | None:
    """The packet an emailed token belongs to, whatever its state (the caller checks
    ``usable``); None for an unknown token."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    return Packet.objects.filter(tokens__token_hash=token_hash(token)).first()


def packet_with_transition(*, packet_id: int) -> Packet | None:
    """The packet with this id, with its transition; None if it is gone."""
    return Packet.objects.select_related("transition").filter(pk=packet_id).first()


def packet_for_session(request) -> Packet | None:
    """The packet this browser opened with its link, with its transition; None when it
    opened none (or the packet is gone). The caller checks ``usable``."""
    packet_id = request.session.get(SESSION_PACKET)
    if not isinstance(packet_id, int):
        return None
    return packet_with_transition(packet_id=packet_id)


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


def packet_choices(*, packet: Packet) -> dict | None:
    """The choice list last shared with the patient, as the frozen copy it was shared as
    (never the directory's data of today); None when none was shared."""
    share = choice_share_latest(transition=packet.transition)
    return share.snapshot if share is not None else None


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


# --- the liaison's side: a transition's packet in the admin -------------------------------


def packet_transitions_for_user(*, user):
    """The care transitions whose packet a user may open (those they may see), each with the
    receiving facility the packet page names."""
    return transitions_for_user(user=user).select_related("receiving_facility")


def packet_for_transition(*, transition) -> Packet | None:
    """The transition's packet, if one was ever prepared."""
    return Packet.objects.filter(transition=transition).first()


def packet_log_entries(*, packet: Packet) -> QuerySet[ModelLogEntry]:
    """The packet's audit trail, oldest first."""
    return ModelLogEntry.objects.for_instance(packet).select_related("user").order_by("timestamp", "pk")


def packet_timeline_items(*, packet: Packet) -> list[PacketItem]:
    """Every page of the packet in its order, live or not, as its timeline lists them."""
    return list(packet.items.select_related("page").order_by("position", "pk"))


def packet_page_ids(*, packet: Packet) -> list[int]:
    """The ids of the packet's pages, in the liaison's order."""
    return list(packet.items.order_by("position", "pk").values_list("page_id", flat=True))


def pages_by_id(*, page_ids: list[int]) -> dict[int, Page]:
    """The pages with these ids (each with its locale), keyed by id; unknown ids left out."""
    return Page.objects.select_related("locale").in_bulk(page_ids)


def transitions_with_packet(queryset):
    """The transitions list's rows, each with its packet (one query for the whole list)."""
    return queryset.select_related("packet")


def packets_still_to_send():
    """A subquery on the outer transition: its packet email waiting to go, or being sent now."""
    return Packet.objects.filter(transition=OuterRef("pk")).filter(
        Q(status=Packet.SCHEDULED) | Q(message__state=PacketMessage.CLAIMED)
    )


# --- the packets-and-feedback report ----------------------------------------------------------

# The page feedback survey's questions (demo.survey_templates, "page-feedback"): a scored
# yes/no (value 1 for yes, 0 for no) and an optional comment.
HELPFUL_KEY = "helpful"
COMMENT_KEY = "comment"


def _per_page(queryset, group: str, aggregate):
    """``aggregate`` over the rows of ``queryset`` that belong to the outer page."""
    return Subquery(queryset.order_by().values(group).annotate(result=aggregate).values("result")[:1])


def education_pages_with_packet_figures():
    """Both education page types, in every language, each with its packet and feedback
    figures (one query, whatever the number of pages)."""
    items = PacketItem.objects.filter(page=OuterRef("pk"))
    sent = Q(packet__status=Packet.SENT) | Q(packet__sent_at__isnull=False)
    answers = Answer.objects.filter(response__page=OuterRef("pk"))
    helpful = answers.filter(key=HELPFUL_KEY, value__isnull=False)
    comments = answers.filter(key=COMMENT_KEY).exclude(text="")
    return education_pages().annotate(
        times_sent=Coalesce(_per_page(items.filter(sent), "page", Count("pk")), 0),
        times_opened=Coalesce(_per_page(items.filter(opened_count__gt=0), "page", Count("pk")), 0),
        total_opens=Coalesce(_per_page(items, "page", Sum("opened_count")), 0),
        helpful_answers=Coalesce(_per_page(helpful, "response__page", Count("pk")), 0),
        helpful_rate=_per_page(helpful, "response__page", Avg("value") * 100.0),
        comments=Coalesce(_per_page(comments, "response__page", Count("pk")), 0),
    )


def page_comments(*, page):
    """The page's feedback comments, newest first, each with its date, language and whether
    the same reader found the page helpful."""
    helpful = Answer.objects.filter(response=OuterRef("response"), key=HELPFUL_KEY).values("code")[:1]
    return (
        Answer.objects.filter(response__page=page, key=COMMENT_KEY)
        .exclude(text="")
        .annotate(
            submitted_at=F("response__submitted_at"),
            language=F("response__language"),
            helpful=Subquery(helpful),
        )
        .values("pk", "text", "submitted_at", "language", "helpful")
        .order_by("-submitted_at", "-pk")
    )
