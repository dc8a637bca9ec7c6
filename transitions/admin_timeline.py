"""The timeline of one care transition, opened from the invitation log: the transition's
details, then the sections the apps above add through ``TRANSITION_TIMELINE_SECTIONS``
(its invitations and their emails, its education packet).

Who may open it is who may open the invitation log (the permission to view care
transitions), and only for a transition in their facilities (``transition_for_timeline``
starts from ``transitions_for_user``): any other is a 404. No contact detail is read.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.views.generic import TemplateView

from transitions.hooks import TRANSITION_TIMELINE_SECTIONS, hooks_collect
from transitions.selectors import transition_for_timeline

VIEW_PERMISSION = "transitions.view_caretransition"
TIME_FORMAT = "Y-m-d H:i"


class CanViewTransitions:
    """A view for those with the permission to view care transitions (the invitation log's
    pages and this one); what each shows is then scoped to the user's facilities."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(VIEW_PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class TransitionTimelineView(CanViewTransitions, TemplateView):
    template_name = "transitions/admin/timeline.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        transition = transition_for_timeline(user=self.request.user, pk=self.kwargs["transition_id"])
        if transition is None:
            raise Http404
        context.update(
            transition=transition,
            sections=hooks_collect(TRANSITION_TIMELINE_SECTIONS, self.request, transition),
            time_format=TIME_FORMAT,
        )
        return context
