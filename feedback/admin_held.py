"""Held submissions in the admin: answers from public pages whose spam trap was filled.

A short list for managers, newest first, with Release (the answers become a response and
count from then on) and Delete on each; both go through the services, which log them.
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views import View
from wagtail.admin import messages
from wagtail.admin.views.generic import BaseListingView

from feedback.listing import PreviousNextPagesMixin
from feedback.selectors import held_submission_for_user
from surveys import definition, services
from surveys.selectors import HELD_PERMISSION, held_submissions_for_user
from surveys.views import _answer_labels, _answer_text

PER_PAGE = 50


class _Manager:
    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(HELD_PERMISSION):
            return TemplateResponse(
                request, "surveys/admin/review_forbidden.html", {"permission": HELD_PERMISSION}, status=403
            )
        return super().dispatch(request, *args, **kwargs)


def _answers_shown(held) -> list[tuple[str, str]]:
    """Each answer beside its question's wording, worded as on the patient's check page (the
    same functions), so a manager can judge whether a person wrote it."""
    shown = []
    for question in definition.questions(held.version.definition):
        for key, label in _answer_labels(question):
            if held.answers.get(key) not in (None, "", []):
                shown.append((label, _answer_text(question, key, held.answers)))
    return shown


class HeldListView(_Manager, PreviousNextPagesMixin, BaseListingView):
    """The held submissions, paged by Wagtail's listing view (``?p=``)."""

    template_name = "surveys/admin/held_submissions.html"
    paginate_by = PER_PAGE

    def get_base_queryset(self):
        return held_submissions_for_user(user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(rows=[(held, _answers_shown(held)) for held in context["page_obj"]])
        return context


class HeldActionView(_Manager, View):
    action = ""

    def post(self, request, pk):
        held = held_submission_for_user(user=request.user, pk=pk)
        if held is None:
            raise Http404
        if self.action == "release":
            done = services.held_submission_release(held=held, user=request.user) is not None
            message = _("Released: the answers now count as a response.")
        else:
            done = services.held_submission_delete(held=held, user=request.user)
            message = _("Deleted the held answers.")
        if done:
            messages.success(request, message)
        else:
            messages.warning(request, _("Someone else has already dealt with these answers."))
        return redirect("held_submissions:index")


urlpatterns = [
    path("", HeldListView.as_view(), name="index"),
    path("<uuid:pk>/release/", HeldActionView.as_view(action="release"), name="release"),
    path("<uuid:pk>/delete/", HeldActionView.as_view(action="delete"), name="delete"),
]
app_name = "held_submissions"
