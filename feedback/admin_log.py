"""The invitation log: what happened to each survey invitation in the user's facilities,
with counts and the response rate for the filtered set; and, in development with the file
email backend, the emails written to disk. The timeline of one care transition is
transitions' page (transitions.admin_timeline), kept at its address under the log.

Every list and count goes through ``invitations_for_user``/``transitions_for_user`` (in
``feedback.selectors``), so a liaison sees only their facilities. A page takes the same
number of queries whatever the number of invitations: the counts are one aggregate query,
and each row's timeline is built from the invitation's own columns (and its transition's
education packet, joined in the same query). No email body, address or token is shown in
the log.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404
from django.urls import path, reverse
from django.views.generic import TemplateView
from wagtail.admin.views.generic import BaseListingView

from feedback.listing import ValidFiltersMixin
from feedback.log_filters import COUNTED, InvitationFilterSet
from feedback.selectors import invitation_counts, invitation_log_rows
from feedback.sent_mail import MAX_MAIL_FILES, sent_mail_folder, sent_mail_messages, sent_mail_rows
from packets.timeline import packet_state
from surveys.selectors import invitations_for_user
from surveys.timeline import invitation_timeline
from transitions.admin_timeline import TIME_FORMAT, CanViewTransitions, TransitionTimelineView

PACKET_PERMISSION = "transitions.change_caretransition"
PER_PAGE = 50


class InvitationLogView(CanViewTransitions, ValidFiltersMixin, BaseListingView):
    """The invitations in the user's facilities under the log's filters (a FilterSet on
    Wagtail's listing view, paged with ``?p=``), with the counts of the whole filtered set."""

    template_name = "surveys/admin/invitation_log.html"
    filterset_class = InvitationFilterSet
    paginate_by = PER_PAGE
    paginator_class = Paginator  # Django's: the page numbers shown are elided as before

    def get_base_queryset(self):
        return invitations_for_user(user=self.request.user)

    def get_queryset(self):
        self.invitations = super().get_queryset()  # filtered, for the counts
        return invitation_log_rows(self.invitations)

    def get_context_data(self, **kwargs):
        counts = invitation_counts(self.invitations)
        context = super().get_context_data(**kwargs)
        page = context["page_obj"]
        for invitation in page:
            invitation.packet_label, invitation.packet_tone = packet_state(
                invitation.packet_status, invitation.packet_opened_at
            )
        context.update(
            form=self.filters.form,
            counts=counts,
            counted=[(name, label, counts[name]) for name, label in COUNTED],
            elided_page_range=context["paginator"].get_elided_page_range(page.number),
            rows=[(invitation, invitation_timeline(invitation)) for invitation in page],
            sent_mail_enabled=sent_mail_folder() is not None,
            can_prepare_packets=self.request.user.has_perm(PACKET_PERMISSION),
            time_format=TIME_FORMAT,
        )
        return context


class _SentMail(CanViewTransitions):
    def dispatch(self, request, *args, **kwargs):
        self.folder = sent_mail_folder()
        if self.folder is None:
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class SentMailListView(_SentMail, TemplateView):
    template_name = "surveys/admin/sent_mail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows, more = sent_mail_rows(
            folder=self.folder,
            user=self.request.user,
            url_for=lambda name: reverse("invitation_log:sent_mail_detail", args=[name]),
        )
        context.update(
            rows=rows,
            folder=str(self.folder),
            more=more,
            limit=MAX_MAIL_FILES,
            time_format=TIME_FORMAT,
        )
        return context


class SentMailDetailView(_SentMail, TemplateView):
    template_name = "surveys/admin/sent_mail_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        name = self.kwargs["name"]
        shown = sent_mail_messages(folder=self.folder, name=name, user=self.request.user)
        if not shown:
            raise Http404
        context.update(name=name, mail_messages=shown, time_format=TIME_FORMAT)
        return context


app_name = "invitation_log"
urlpatterns = [
    path("", InvitationLogView.as_view(), name="index"),
    path("transitions/<int:transition_id>/", TransitionTimelineView.as_view(), name="transition"),
    path("sent-mail/", SentMailListView.as_view(), name="sent_mail"),
    path("sent-mail/<str:name>/", SentMailDetailView.as_view(), name="sent_mail_detail"),
]
