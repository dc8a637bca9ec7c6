from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from packets import admin_views
from packets.admin_views import PERMISSION
from packets.selectors import packets_still_to_send, transitions_with_packet
from packets.services import packet_errors_erase  # importing it registers the packet audit log actions
from packets.timeline import packet_section
from packets.transition_admin import PacketColumn, packet_url
from transitions.hooks import (
    TRANSITION_BUTTONS,
    TRANSITION_CONTACTS_ERASED,
    TRANSITION_LIST_COLUMNS,
    TRANSITION_LIST_QUERYSET,
    TRANSITION_RETENTION_BLOCKERS,
    TRANSITION_TIMELINE_SECTIONS,
)


@hooks.register("register_admin_urls")
def packet_admin_urls():
    return [path("packets/", include((admin_views.urlpatterns, admin_views.app_name)))]


@hooks.register(TRANSITION_LIST_QUERYSET)
def transitions_with_their_packet(queryset):
    return transitions_with_packet(queryset)


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
    return [packets_still_to_send()]


@hooks.register(TRANSITION_CONTACTS_ERASED)
def packet_copies_erase(transition_ids):
    packet_errors_erase(transition_ids=transition_ids)


@hooks.register(TRANSITION_TIMELINE_SECTIONS, order=200)
def packet_on_the_timeline(request, transition):
    """The education packet's steps and pages, after the invitations."""
    return [packet_section(transition=transition, can_prepare=request.user.has_perm(PERMISSION))]


from packets import reports  # noqa: E402, F401 - registers the content report's hooks
