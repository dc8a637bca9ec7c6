from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from packets import services  # noqa: F401 - registers the packet audit log actions
from packets.admin_views import PERMISSION
from packets.transition_admin import PacketColumn, packet_url
from transitions.hooks import TRANSITION_BUTTONS, TRANSITION_LIST_COLUMNS, TRANSITION_LIST_QUERYSET


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


from packets import reports  # noqa: E402, F401 - registers the content report's hooks
