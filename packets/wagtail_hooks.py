from django.db.models import OuterRef, Q
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from packets import services  # noqa: F401 - registers the packet audit log actions
from packets.admin_views import PERMISSION
from packets.models import Packet, PacketMessage
from packets.transition_admin import PacketColumn, packet_url
from transitions.hooks import (
    TRANSITION_BUTTONS,
    TRANSITION_CONTACTS_ERASED,
    TRANSITION_LIST_COLUMNS,
    TRANSITION_LIST_QUERYSET,
    TRANSITION_RETENTION_BLOCKERS,
)


@hooks.register("register_admin_urls")
def packet_admin_urls():
    from packets import admin_views

    return [path("packets/", include((admin_views.urlpatterns, admin_views.app_name)))]


@hooks.register(TRANSITION_LIST_QUERYSET)
def transitions_with_their_packet(queryset):
    return queryset.select_related("packet")


@hooks.register(TRANSITION_LIST_COLUMNS)
def packet_column(request):
    if not request.user.has_perm(PERMISSION):
        return []
    return [PacketColumn("packet", label=_("Education packet"))]


@hooks.register(TRANSITION_BUTTONS)
def packet_button(request, transition):
    if not request.user.has_perm(PERMISSION):
        return []
    return [(_("Education packet"), packet_url(transition), "doc-full-inverse")]


@hooks.register(TRANSITION_RETENTION_BLOCKERS)
def packet_still_to_send():
    """A packet email waiting to go, or being sent now."""
    return [
        Packet.objects.filter(transition=OuterRef("pk")).filter(
            Q(status=Packet.SCHEDULED) | Q(message__state=PacketMessage.CLAIMED)
        )
    ]


@hooks.register(TRANSITION_CONTACTS_ERASED)
def packet_copies_erase(transition_ids):
    # A mail server's refusal may quote the address.
    Packet.objects.filter(transition__in=transition_ids).exclude(last_error="").update(last_error="")
    PacketMessage.objects.filter(packet__transition__in=transition_ids).exclude(error="").update(error="")


from packets import reports  # noqa: E402, F401 - registers the content report's hooks
