"""The Feedback area of the admin: dashboard, responses, follow-up queue and exports.

Every view reads through ``responses_for_user`` (or ``followups_for_user``, built on it):
a user without the review permission gets 403, an object outside their scope 404.
"""

from __future__ import annotations

from django import forms
from django.http import Http404, HttpResponseNotAllowed, JsonResponse, StreamingHttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic import BaseListingView

from feedback import audit
from feedback.dashboard import chart_data, dashboard_figures
from feedback.dashboard_packets import packet_data
from feedback.exports import ExportOptions, export_content_type, export_filename, responses_export
from feedback.filters import FollowUpFilterSet, ResponseListFilterSet
from feedback.followup_display import case_summary
from feedback.followup_owners import owner_choices
from feedback.followups import followup_reassign, followup_status_change
from feedback.listing import PreviousNextPagesMixin, ValidFiltersMixin
from feedback.models import FollowUp
from feedback.review_filters import ReviewFilterForm
from feedback.selectors import (
    OPEN_STATUSES,
    followup_for_user,
    followup_history,
    followups_of_response,
    followups_queue,
    response_for_review,
    response_views,
    responses_filtered,
    responses_for_review_list,
    survey_for_export,
)
from surveys.forms import TextField
from surveys.selectors import HELD_PERMISSION, held_submissions_count, response_answers_display

REVIEW_PERMISSION = "surveys.review_responses"
EXPORT_PERMISSION = "surveys.export_responses"
PER_PAGE = 50


class _Reviewer:
    permission = REVIEW_PERMISSION

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(self.permission):
            # A plain 403 page that says why (Wagtail's own handling redirects to the home page).
            return TemplateResponse(
                request, "surveys/admin/review_forbidden.html", {"permission": self.permission}, status=403
            )
        return super().dispatch(request, *args, **kwargs)


def _filter_form(request) -> ReviewFilterForm:
    return ReviewFilterForm.from_query(request.GET, user=request.user)


# --- dashboard ---------------------------------------------------------------------------------


class DashboardView(_Reviewer, TemplateView):
    template_name = "surveys/admin/review_dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = _filter_form(self.request)
        figures = dashboard_figures(user=self.request.user, form=form) if form.version_ids() else None
        context.update(
            form=form,
            figures=figures,
            charts=chart_data(figures) if figures else None,
            query=form.query_string(),
            export_form=ExportForm(),
            can_export=self.request.user.has_perm(EXPORT_PERMISSION),
            held_count=held_submissions_count(),
            can_review_held=self.request.user.has_perm(HELD_PERMISSION),
        )
        return context


class DashboardDataView(_Reviewer, View):
    """The dashboard's figures as JSON, for the charts and for other tools."""

    def get(self, request):
        form = _filter_form(request)
        if not form.version_ids():
            return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
        figures = dashboard_figures(user=request.user, form=form)
        headline = {name: figures[name] for name in ("responses", "score", "invitations", "nps")}
        return JsonResponse(
            {
                "filters": form.query_string(),
                **headline,
                **chart_data(figures),
                "packet": packet_data(figures),
            }
        )


# --- responses ---------------------------------------------------------------------------------


class ResponseListView(_Reviewer, ValidFiltersMixin, PreviousNextPagesMixin, BaseListingView):
    """The responses under the review filters (shared with the dashboard and the exports,
    so a plain form with their defaults), filtered by follow-up and ordered by this list's
    own FilterSet; paged by Wagtail's listing view (``?p=``)."""

    template_name = "surveys/admin/review_responses.html"
    filterset_class = ResponseListFilterSet
    paginate_by = PER_PAGE

    @cached_property
    def review_form(self) -> ReviewFilterForm:
        return _filter_form(self.request)

    def get_base_queryset(self):
        return responses_for_review_list(user=self.request.user, form=self.review_form)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = self.review_form
        context.update(
            form=form,
            extra=self.filters.form,
            query=form.query_string(),
            export_form=ExportForm(),
            can_export=self.request.user.has_perm(EXPORT_PERMISSION),
        )
        return context


class ResponseDetailView(_Reviewer, TemplateView):
    template_name = "surveys/admin/review_response.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        response = response_for_review(user=user, pk=self.kwargs["pk"])
        if response is None:
            raise Http404
        audit.response_viewed(response=response, user=user)
        followups = list(followups_of_response(response=response))
        context.update(
            response=response,
            transition=response.transition,
            answers=response_answers_display(response=response),
            followups=followups,
            summary=case_summary(followups[0], limit=2000) if followups else None,
            views=response_views(response=response, limit=50),
        )
        return context


# --- follow-ups --------------------------------------------------------------------------------


class FollowUpListView(_Reviewer, ValidFiltersMixin, PreviousNextPagesMixin, BaseListingView):
    """The follow-up queue, filtered by Wagtail's listing view with a FilterSet and paged
    (``?p=``); open or in-progress cases unless a status is chosen, urgent first."""

    template_name = "surveys/admin/review_followups.html"
    filterset_class = FollowUpFilterSet
    paginate_by = PER_PAGE

    @cached_property
    def now(self):
        return timezone.now()

    def get_base_queryset(self):
        return followups_queue(user=self.request.user)

    def get_filterset_kwargs(self):
        return {**super().get_filterset_kwargs(), "now": self.now}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for followup in context["page_obj"]:
            followup.summary = case_summary(followup)
        context.update(form=self.filters.form, now=self.now, open_statuses=OPEN_STATUSES)
        return context


class FollowUpStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=FollowUp.STATUSES)
    note = TextField(
        label=_("What was done"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when you close it. Write only the health details the team needs."),
    )

    def __init__(self, *args, followup: FollowUp | None = None, **kwargs):
        if followup is not None:
            # The dropdown opens on the case's current status, not on the first choice.
            kwargs.setdefault("initial", {"status": followup.status})
        super().__init__(*args, **kwargs)
        self.followup = followup

    def clean(self):
        cleaned = super().clean()
        status, note = cleaned.get("status"), (cleaned.get("note") or "").strip()
        if self.followup is not None and status == self.followup.status:
            self.add_error("status", _("Choose a status different from the current one."))
        if status in (FollowUp.RESOLVED, FollowUp.NO_ACTION) and not note:
            self.add_error("note", _("Say what was done before you close this follow-up."))
        cleaned["note"] = note
        return cleaned


class FollowUpReassignForm(forms.Form):
    owner = forms.ModelChoiceField(label=_("Hand it to"), queryset=None, empty_label=_("Choose a person"))
    note = TextField(
        label=_("Note for the new owner"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why you hand it on. Write only the health details the team needs."),
    )

    def __init__(self, *args, followup: FollowUp, **kwargs):
        # Its own field names and ids: the status form on the same page has a "note" too.
        kwargs.setdefault("prefix", "handover")
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owner_choices(followup=followup)
        self.fields["owner"].label_from_instance = lambda user: user.get_full_name() or user.get_username()

    def clean_note(self):
        return (self.cleaned_data.get("note") or "").strip()


def may_reassign(*, user, followup: FollowUp) -> bool:
    """Managers hand any case they see to someone else; an owner hands on their own."""
    return (
        user.is_superuser
        or user.has_perm("surveys.review_all_facilities")
        or followup.assigned_to_id == user.pk
    )


class FollowUpUpdateView(_Reviewer, TemplateView):
    """Change a follow-up's status (POST); the GET shows the form on its own page, with the
    hand-over form for those who may reassign it."""

    template_name = "surveys/admin/review_followup.html"

    def get_followup(self) -> FollowUp:
        followup = followup_for_user(user=self.request.user, pk=self.kwargs["pk"])
        if followup is None:
            raise Http404
        return followup

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        followup = kwargs.get("followup") or self.get_followup()
        can_reassign = may_reassign(user=self.request.user, followup=followup)
        context.update(
            followup=followup,
            summary=case_summary(followup, limit=2000),
            form=kwargs.get("form") or FollowUpStatusForm(followup=followup),
            reassign_form=kwargs.get("reassign_form")
            or (FollowUpReassignForm(followup=followup) if can_reassign else None),
            history=followup_history(followup=followup),
        )
        return context

    def post(self, request, *args, **kwargs):
        followup = self.get_followup()
        form = FollowUpStatusForm(request.POST, followup=followup)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(followup=followup, form=form), status=400)
        followup_status_change(
            followup=followup,
            status=form.cleaned_data["status"],
            note=form.cleaned_data["note"],
            user=request.user,
        )
        messages.success(request, _("Follow-up updated."))
        target = request.POST.get("next")
        if target == "response":
            return redirect("review:response", pk=followup.response_id)
        return redirect("review:followups")


class FollowUpReassignView(FollowUpUpdateView):
    """Hand a case to someone else with a note (POST only): managers, or its owner."""

    def get(self, request, *args, **kwargs):
        self.get_followup()  # outside the user's scope: 404, as for the case's own page
        return HttpResponseNotAllowed(["POST"])

    def post(self, request, *args, **kwargs):
        followup = self.get_followup()
        if not may_reassign(user=request.user, followup=followup):
            return TemplateResponse(
                request, "surveys/admin/review_forbidden.html", {"permission": "reassign"}, status=403
            )
        form = FollowUpReassignForm(request.POST, followup=followup)
        if not form.is_valid():
            context = self.get_context_data(followup=followup, reassign_form=form)
            return self.render_to_response(context, status=400)
        followup_reassign(
            followup=followup,
            to=form.cleaned_data["owner"],
            note=form.cleaned_data["note"],
            user=request.user,
        )
        messages.success(request, _("Follow-up handed on."))
        return redirect("review:followups")


# --- exports -----------------------------------------------------------------------------------


class ExportForm(forms.Form):
    format = forms.ChoiceField(
        label=_("Format"),
        choices=[
            ("csv", _("CSV (spreadsheet text)")),
            ("xlsx", _("Excel workbook (XLSX)")),
            ("fhir", _("FHIR Bundle of QuestionnaireResponses (JSON)")),
        ],
        initial="csv",
        widget=forms.RadioSelect,
    )
    labels = forms.BooleanField(
        label=_("Answer labels instead of codes"), required=False, help_text=_("CSV and Excel only.")
    )
    deidentified = forms.BooleanField(
        label=_("De-identified"),
        required=False,
        help_text=_(
            "Drops names, contact details and free text, replaces references with codes and shifts dates."
        ),
    )


class ExportView(_Reviewer, View):
    permission = EXPORT_PERMISSION

    def get(self, request):
        form = _filter_form(request)
        export = ExportForm(request.GET)
        if not export.is_valid() or not form.version_ids():
            messages.error(request, _("Choose a survey and an export format."))
            return redirect(reverse("review:responses") + "?" + form.query_string())
        options = ExportOptions(
            format=export.cleaned_data["format"],
            labels=export.cleaned_data["labels"],
            deidentified=export.cleaned_data["deidentified"],
        )
        versions = form.survey_versions()
        survey = survey_for_export(translation_key=versions[0].survey.translation_key)
        if survey is None:
            raise Http404
        responses = responses_filtered(user=request.user, form=form, period=form.period())
        _rows, chunks = responses_export(
            responses=responses,
            versions=versions,
            survey=survey,
            options=options,
            user=request.user,
            filters=_json_filters(form),
        )
        streamed = StreamingHttpResponse(chunks, content_type=export_content_type(options))
        filename = export_filename(survey_title=versions[0].definition["title"], options=options)
        streamed["Content-Disposition"] = f'attachment; filename="{filename}"'
        streamed["Cache-Control"] = "no-store"
        return streamed


def _json_filters(form: ReviewFilterForm) -> dict:
    period = form.period()
    filters = {
        name: (value.pk if hasattr(value, "pk") else value if isinstance(value, (str, int)) else str(value))
        for name, value in form.filters().items()
        if name not in ("date_from", "date_to")
    }
    filters["from"] = period.first_day.isoformat() if period.first_day else None
    filters["to"] = period.last_day.isoformat()
    return filters


urlpatterns = [
    path("", DashboardView.as_view(), name="dashboard"),
    path("data/", DashboardDataView.as_view(), name="dashboard_data"),
    path("responses/", ResponseListView.as_view(), name="responses"),
    path("responses/<int:pk>/", ResponseDetailView.as_view(), name="response"),
    path("follow-ups/", FollowUpListView.as_view(), name="followups"),
    path("follow-ups/<int:pk>/", FollowUpUpdateView.as_view(), name="followup"),
    path("follow-ups/<int:pk>/reassign/", FollowUpReassignView.as_view(), name="followup_reassign"),
    path("export/", ExportView.as_view(), name="export"),
]
app_name = "review"
