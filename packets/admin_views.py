"""The education packet of one care transition, in the admin: choose its pages, email it,
print it at the bedside, withdraw its link, and see what was opened.

Every view starts from ``transitions_for_user`` (a 404 outside the user's scope) and needs
the permission to change care transitions (a plain 403 page that says so). Changes go
through ``packets.services``, which writes the audit log.
"""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.views import View

from content.selectors import condition_names
from packets.forms import PacketPagesForm, language_name, other_page_choices, packet_rows
from packets.handout import handout_pdf
from packets.models import Packet, PacketSettings
from packets.selectors import packet_for_transition, packet_page_ids, packet_transitions_for_user, pages_by_id
from packets.services import (
    PacketError,
    contact_problem,
    packet_printed,
    packet_save,
    packet_send,
    packet_withdraw,
)
from packets.suggestions import condition_keys
from surveys.scheduling import next_in_window

PERMISSION = "transitions.change_caretransition"
SAVE, SEND, PRINT = "save", "send", "print"
WITHDRAWABLE = (Packet.SCHEDULED, Packet.SENT)
NOTICES = {
    "saved": _("The pages are saved."),
    "sent": _("The packet will be emailed."),
    "withdrawn": _("The link is withdrawn: it no longer opens the packet, and an unsent email is not sent."),
}


class _TransitionPacket(View):
    """Loads the transition (in the user's scope) and its packet, if it has one."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(PERMISSION):
            return TemplateResponse(request, "packets/admin/forbidden.html", {}, status=403)
        self.transition = get_object_or_404(
            packet_transitions_for_user(user=request.user), pk=kwargs["transition_id"]
        )
        self.packet = packet_for_transition(transition=self.transition)
        return super().dispatch(request, *args, **kwargs)

    def packet_url(self, done: str = "") -> str:
        url = reverse("packets_admin:packet", args=[self.transition.pk])
        return f"{url}?done={done}" if done else url


class PacketView(_TransitionPacket):
    template_name = "packets/admin/packet.html"

    def get(self, request, *args, **kwargs):
        return self.render(notice=NOTICES.get(request.GET.get("done", ""), ""))

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        if action not in (SAVE, SEND, PRINT):
            action = SAVE
        form = self.get_form(data=request.POST)
        if not form.is_valid():
            return self.render(form=form)
        try:
            packet = self.save_pages(form.chosen_page_ids())
        except PacketError as problem:
            return self.render(form=form, problems=[str(problem)])
        if action == PRINT:
            return self.print_response(packet)
        if action == SEND:
            try:
                packet_send(packet=packet, user=request.user)
            except PacketError as refused:
                return self.render(problems=[str(refused)], notice=NOTICES["saved"])
            return redirect(self.packet_url("sent"))
        return redirect(self.packet_url("saved"))

    def get_form(self, data=None) -> PacketPagesForm:
        rows = packet_rows(transition=self.transition, packet=self.packet)
        shown = {row.page.translation_key for row in rows}
        return PacketPagesForm(
            data,
            rows=rows,
            other_choices=other_page_choices(language=self.transition.language, exclude_keys=shown),
        )

    def save_pages(self, page_ids: list[int]) -> Packet:
        """Keep the chosen pages; nothing is written (or logged) when they did not change, so
        a second click of the same button changes nothing."""
        if self.packet is not None:
            current = packet_page_ids(packet=self.packet)
            if current and current == page_ids:
                return self.packet
        found = pages_by_id(page_ids=page_ids)
        pages = [found[pk] for pk in page_ids if pk in found]
        self.packet = packet_save(transition=self.transition, pages=pages, user=self.request.user)
        return self.packet

    def print_response(self, packet: Packet) -> HttpResponse:
        """The combined handout as a PDF download, recorded in the audit log."""
        pdf = handout_pdf(packet=packet)
        packet_printed(packet=packet, user=self.request.user)
        name = slugify(self.transition.external_reference) or str(packet.pk)
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="education-packet-{name}.pdf"'
        add_never_cache_headers(response)
        return response

    def render(self, *, form=None, problems=(), notice="", status=200):
        if form is None:
            form = self.get_form()
        problem_list = [{"message": message, "anchor": "packet-actions"} for message in problems]
        for name, errors in form.errors.items():
            anchor = f"id_{name}_0" if name == "pages" else f"id_{name}"
            problem_list += [{"message": error, "anchor": anchor} for error in errors]
        context = {
            "transition": self.transition,
            "packet": self.packet,
            "form": form,
            "rows": form.rows,
            "problems": problem_list,
            "notice": notice,
            "language": language_name(self.transition.language),
            "condition_codes": self.transition.condition_code_list(),
            "condition_names": condition_names(translation_keys=condition_keys(transition=self.transition)),
            "contact_problem": contact_problem(self.transition),
            "can_withdraw": self.packet is not None and self.packet.status in WITHDRAWABLE,
            "withdrawn": self.packet is not None and self.packet.status == Packet.WITHDRAWN,
            "time_format": "Y-m-d H:i",
            **self.sending_times(),
        }
        return TemplateResponse(self.request, self.template_name, context, status=status)

    def sending_times(self) -> dict:
        """When an email asked for now would go, and when a waiting one goes."""
        now = timezone.now()
        window = PacketSettings.load()
        would_go = next_in_window(now, start=window.send_from, end=window.send_until)
        due = (
            self.packet.due_at if self.packet is not None and self.packet.status == Packet.SCHEDULED else None
        )
        return {
            "window": window,
            "would_go_now": would_go <= now,
            "would_go_at": would_go,
            "due_now": due is not None and due <= now,
            "due_at": due,
        }


class WithdrawView(_TransitionPacket):
    """A confirmation step, then the link stops working and an unsent email is not sent."""

    template_name = "packets/admin/withdraw.html"

    def get(self, request, *args, **kwargs):
        if self.packet is None:
            raise Http404
        if self.packet.status not in WITHDRAWABLE:
            return redirect(self.packet_url())
        return TemplateResponse(
            request, self.template_name, {"transition": self.transition, "packet": self.packet}
        )

    def post(self, request, *args, **kwargs):
        if self.packet is None:
            raise Http404
        if self.packet.status in WITHDRAWABLE:
            packet_withdraw(packet=self.packet, user=request.user)
            return redirect(self.packet_url("withdrawn"))
        return redirect(self.packet_url())


app_name = "packets_admin"
urlpatterns = [
    path("transitions/<int:transition_id>/", PacketView.as_view(), name="packet"),
    path("transitions/<int:transition_id>/withdraw/", WithdrawView.as_view(), name="withdraw"),
]
