"""The invitation log's filters (when the patients moved, facility, survey, status and
destination) as a django-filter FilterSet, and the counts it shows above the list."""

from __future__ import annotations

import datetime as dt

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from feedback.selectors import survey_pages_for_log_filter
from surveys.models import Invitation
from transitions.models import DESTINATION_KINDS
from transitions.selectors import facilities_listed_for_user, transition_filter

DEFAULT_DAYS = 30


def _facilities(request):
    return facilities_listed_for_user(user=request.user).order_by("name")


def _survey_pages(request):
    return survey_pages_for_log_filter()


class InvitationFilterForm(forms.Form):
    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("Choose a date on or after the first date."))
        return cleaned


class InvitationFilterSet(django_filters.FilterSet):
    """The invitation log's filters, for Wagtail's listing view. Facilities and destinations
    are matched as every review form matches them (``transitions.selectors.transition_filter``);
    only the user's own facilities are offered, and another one is an invalid choice."""

    date_from = django_filters.DateFilter(
        field_name="transition__transition_date",
        lookup_expr="gte",
        label=gettext_lazy("Moved on or after"),
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )
    date_to = django_filters.DateFilter(
        field_name="transition__transition_date",
        lookup_expr="lte",
        label=gettext_lazy("Moved on or before"),
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )
    facility = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Facility"),
        queryset=_facilities,
        empty_label=gettext_lazy("All my facilities"),
        method="filter_transition",
    )
    page = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Survey"), queryset=_survey_pages, empty_label=gettext_lazy("All surveys")
    )
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("Status"),
        choices=[("", gettext_lazy("Any status")), *Invitation.STATUSES],
        empty_label=None,
    )
    destination = django_filters.ChoiceFilter(
        label=gettext_lazy("Moving to"),
        choices=[("", gettext_lazy("Anywhere")), *DESTINATION_KINDS],
        empty_label=None,
        method="filter_transition",
    )

    class Meta:
        model = Invitation
        fields = []
        form = InvitationFilterForm

    def __init__(self, data=None, *args, **kwargs):
        if data is not None and "date_from" not in data:
            # The date range starts 30 days ago unless the query says otherwise (an empty
            # value means no limit).
            data = data.copy()
            data["date_from"] = (timezone.localdate() - dt.timedelta(days=DEFAULT_DAYS)).isoformat()
        super().__init__(data, *args, **kwargs)

    def filter_transition(self, queryset, name, value):
        return queryset.filter(transition_filter({name: value}))


COUNTED = [
    ("scheduled", gettext_lazy("Scheduled")),
    ("sent", gettext_lazy("Sent")),
    ("reminded", gettext_lazy("Reminded")),
    ("opened", gettext_lazy("Opened")),
    ("started", gettext_lazy("Started")),
    ("completed", gettext_lazy("Completed")),
    ("expired", gettext_lazy("Expired")),
    ("failed", gettext_lazy("Failed")),
    ("opted_out", gettext_lazy("Opted out")),
    ("cancelled", gettext_lazy("Cancelled")),
]
