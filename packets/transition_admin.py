"""What packets add to the care transitions admin: a column with each transition's packet
and a button to it (registered in packets.wagtail_hooks through transitions.hooks)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column

from packets.models import Packet


def packet_url(transition) -> str:
    return reverse("packets_admin:packet", args=[transition.pk])


class PacketColumn(Column):
    """The education packet's state, linking to the packet page (the packet comes with the
    row: ``select_related("packet")``, so no query per row)."""

    cell_template_name = "packets/admin/packet_cell.html"

    def get_value(self, instance):
        try:
            packet = instance.packet
        except Packet.DoesNotExist:
            return _("Prepare")
        if packet.status == Packet.SENT and packet.opened_at:
            return _("Opened")
        return packet.get_status_display()

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["url"] = packet_url(instance)
        return context
