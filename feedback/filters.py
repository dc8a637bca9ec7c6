"""The django-filter FilterSets of the review area's lists (Wagtail's generic listing views
take them as ``filterset_class``). The user's scope is never a filter here: each list's
base queryset comes from a selector that already holds it, so no filter can widen it.

A value that is not valid is shown with its error and left out, while the valid ones still
apply (see ``feedback.listing.ValidFiltersMixin``)."""

from __future__ import annotations

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from feedback.models import FollowUp
from feedback.models.followups import SEVERITIES
from feedback.selectors import OPEN_STATUSES, RESPONSE_SORTS, followup_owners_for_user
from surveys.models import Response


class CheckboxFilter(django_filters.Filter):
    """A filter shown as one checkbox: ticked applies it, unticked leaves the list alone."""

    field_class = forms.BooleanField


def _owners(request):
    """Who owns a case the user may see (never a way to widen the user's scope)."""
    if request is None:
        return get_user_model().objects.none()
    return followup_owners_for_user(user=request.user)


class _OwnerChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.get_username()


class OwnerFilter(django_filters.ModelChoiceFilter):
    """A person, shown by name."""

    field_class = _OwnerChoice


class FollowUpFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[("", _("Open or in progress")), ("all", _("Any status")), *FollowUp.STATUSES],
        empty_label=None,
        method="filter_status",
    )
    severity = django_filters.ChoiceFilter(
        label=_("Severity"), choices=SEVERITIES, empty_label=_("Any severity"), field_name="severity"
    )
    owner = OwnerFilter(
        label=_("Owner"),
        field_name="assigned_to",
        queryset=_owners,
        empty_label=_("Anyone"),
    )
    mine = CheckboxFilter(label=_("Only mine"), method="filter_mine")
    overdue = CheckboxFilter(label=_("Only overdue"), method="filter_overdue")
    waiting = CheckboxFilter(label=_("Only waiting for a liaison"), method="filter_waiting")

    class Meta:
        model = FollowUp
        fields = []

    def __init__(self, *args, now=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.now = now or timezone.now()

    def filter_queryset(self, queryset):
        if not self.form.cleaned_data.get("status"):
            # No status chosen (or none valid): the follow-ups still to act on.
            queryset = queryset.filter(status__in=OPEN_STATUSES)
        return super().filter_queryset(queryset)

    def filter_status(self, queryset, name, value):
        return queryset if value == "all" else queryset.filter(status=value)

    def filter_mine(self, queryset, name, value):
        return queryset.filter(assigned_to=self.request.user) if value else queryset

    def filter_overdue(self, queryset, name, value):
        return queryset.filter(status__in=OPEN_STATUSES, due_at__lt=self.now) if value else queryset

    def filter_waiting(self, queryset, name, value):
        """Cases that found no liaison and fell to the managers (``FollowUp.routed_to``)."""
        return queryset.filter(routed_to=FollowUp.MANAGER) if value else queryset


class ResponseListFilterSet(django_filters.FilterSet):
    """The responses list's own filter and order, beside the review filters it shares with
    the dashboard and the exports (``feedback.review_filters``)."""

    flag = django_filters.ChoiceFilter(
        label=_("Follow-up"),
        choices=[("", _("Any")), ("open", _("Has an open follow-up")), ("none", _("No follow-up"))],
        empty_label=None,
        method="filter_flag",
    )
    sort = django_filters.ChoiceFilter(
        label=_("Order"),
        choices=[
            ("-submitted", _("Newest first")),
            ("submitted", _("Oldest first")),
            ("score", _("Lowest score first")),
            ("-score", _("Highest score first")),
        ],
        empty_label=None,
        method="filter_sort",
    )

    class Meta:
        model = Response
        fields = []

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("sort"):
            queryset = queryset.order_by(*RESPONSE_SORTS["-submitted"])
        return queryset

    def filter_flag(self, queryset, name, value):
        if value == "open":
            return queryset.filter(open_followups__gt=0)
        return queryset.filter(followups__isnull=True)

    def filter_sort(self, queryset, name, value):
        return queryset.order_by(*RESPONSE_SORTS[value])
