"""The invitation log's filters (when the patients moved, facility, survey, status and
destination) and the counts it shows above the list."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from feedback.selectors import survey_pages_for_log_filter
from surveys.models import Invitation
from transitions.models import DESTINATION_KINDS
from transitions.selectors import facilities_for_user

DEFAULT_DAYS = 30


class InvitationFilterForm(forms.Form):
    date_from = forms.DateField(
        label=gettext_lazy("Moved on or after"),
        required=False,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )
    date_to = forms.DateField(
        label=gettext_lazy("Moved on or before"),
        required=False,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )
    facility = forms.ModelChoiceField(
        label=gettext_lazy("Facility"),
        queryset=None,
        required=False,
        empty_label=gettext_lazy("All my facilities"),
    )
    page = forms.ModelChoiceField(
        label=gettext_lazy("Survey"), queryset=None, required=False, empty_label=gettext_lazy("All surveys")
    )
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        required=False,
        choices=[("", gettext_lazy("Any status")), *Invitation.STATUSES],
    )
    destination = forms.ChoiceField(
        label=gettext_lazy("Moving to"),
        required=False,
        choices=[("", gettext_lazy("Anywhere")), *DESTINATION_KINDS],
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["facility"].queryset = facilities_for_user(user=user).order_by("name")
        self.fields["page"].queryset = survey_pages_for_log_filter()

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("Choose a date on or after the first date."))
        return cleaned

    @classmethod
    def from_query(cls, query, *, user) -> InvitationFilterForm:
        """Bound to the query string, with the date range starting 30 days ago unless the
        query says otherwise (an empty value means no limit)."""
        data = query.copy()
        if "date_from" not in data:
            data["date_from"] = (timezone.localdate() - dt.timedelta(days=DEFAULT_DAYS)).isoformat()
        return cls(data, user=user)

    def filters(self) -> dict:
        """The valid filters (an invalid one is shown with its error and not applied)."""
        self.is_valid()
        return {
            name: value
            for name, value in getattr(self, "cleaned_data", {}).items()
            if name not in self.errors and value not in (None, "")
        }


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
