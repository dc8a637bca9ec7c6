"""The review area's filters, shared by the dashboard, the responses list and the exports:
the form that reads them from the query string and the period they select. Only choices
inside the user's scope are offered (the choices come from ``feedback.selectors``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from feedback.figures import day_start, local_day
from feedback.selectors import (
    liaisons_for_review_filter,
    newest_answered_survey_key,
    page_feedback_survey_key,
    survey_versions_for_review_filter,
)
from surveys.models import SurveyVersion
from transitions.models import DESTINATION_KINDS
from transitions.selectors import facilities_listed_for_user

DEFAULT_DAYS = 365


@dataclass(frozen=True)
class Period:
    start: dt.datetime | None
    end: dt.datetime

    @property
    def previous(self) -> Period | None:
        """The period of the same length just before this one (none for an open start)."""
        if self.start is None:
            return None
        return Period(start=self.start - (self.end - self.start), end=self.start)

    @property
    def first_day(self) -> dt.date | None:
        return local_day(self.start) if self.start else None

    @property
    def last_day(self) -> dt.date:
        return local_day(self.end) - dt.timedelta(days=1)

    def days(self) -> Q:
        """The period as a condition on a day (daily figures)."""
        condition = Q(day__lte=self.last_day)
        if self.start is not None:
            condition &= Q(day__gte=self.first_day)
        return condition

    def q(self, field: str = "submitted_at") -> Q:
        condition = Q(**{f"{field}__lt": self.end})
        if self.start is not None:
            condition &= Q(**{f"{field}__gte": self.start})
        return condition


class ReviewFilterForm(forms.Form):
    """Filters shared by the dashboard, the responses list and the exports. Only choices
    inside the user's scope are offered; a value from outside it is an invalid choice."""

    date_from = forms.DateField(
        label=_("Submitted on or after"),
        required=False,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )
    date_to = forms.DateField(
        label=_("Submitted on or before"),
        required=False,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )
    survey = forms.ChoiceField(label=_("Survey"), required=False)
    version = forms.TypedChoiceField(label=_("Version"), required=False, coerce=int, empty_value=None)
    facility = forms.ModelChoiceField(
        label=_("Facility"), queryset=None, required=False, empty_label=_("All my facilities")
    )
    destination = forms.ChoiceField(
        label=_("Moving to"), required=False, choices=[("", _("Anywhere")), *DESTINATION_KINDS]
    )
    liaison = forms.ModelChoiceField(
        label=_("Liaison"), queryset=None, required=False, empty_label=_("Any liaison")
    )
    language = forms.ChoiceField(
        label=_("Language"), required=False, choices=[("", _("Any language")), *settings.LANGUAGES]
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        facilities = facilities_listed_for_user(user=user).order_by("name")
        self.fields["facility"].queryset = facilities
        self.fields["liaison"].queryset = liaisons_for_review_filter(user=user, facilities=facilities)
        self.fields["liaison"].label_from_instance = lambda person: (
            person.get_full_name() or person.get_username()
        )
        self.versions = survey_versions_for_review_filter()
        surveys = {}
        for version in self.versions:
            # The newest version in the site's own language names the survey.
            if (
                version.survey.translation_key not in surveys
                or version.survey.locale.language_code == settings.LANGUAGE_CODE
            ):
                surveys[version.survey.translation_key] = version.definition["title"]
        feedback_key = page_feedback_survey_key()
        self.fields["survey"].choices = sorted(
            ((str(key), title) for key, title in surveys.items()),
            # The survey about moves first, the page feedback form last.
            key=lambda choice: (choice[0] == feedback_key, str(choice[1]).lower()),
        )
        self.fields["version"].choices = [("", _("All versions"))] + [
            (
                version.pk,
                _("%(title)s, version %(number)s (%(language)s)")
                % {
                    "title": version.definition["title"],
                    "number": version.number,
                    "language": version.survey.locale.language_code,
                },
            )
            for version in self.versions
        ]

    @classmethod
    def from_query(cls, query, *, user) -> ReviewFilterForm:
        """Bound to the query string; the period defaults to the last year and the survey to
        the first one offered (an empty date means no limit)."""
        data = query.copy()
        if "date_from" not in data:
            data["date_from"] = (timezone.localdate() - dt.timedelta(days=DEFAULT_DAYS - 1)).isoformat()
        form = cls(data, user=user)
        if not data.get("survey") and form.fields["survey"].choices:
            # The survey most recently answered in the user's scope, else the first offered.
            newest = newest_answered_survey_key(user=user)
            offered = {key for key, _title in form.fields["survey"].choices}
            data["survey"] = str(newest) if str(newest) in offered else form.fields["survey"].choices[0][0]
        return form

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("Choose a date on or after the first date."))
        version = cleaned.get("version")
        if version and not any(
            v.pk == version and str(v.survey.translation_key) == cleaned.get("survey") for v in self.versions
        ):
            self.add_error("version", _("Choose a version of the chosen survey."))
        return cleaned

    def filters(self) -> dict:
        """The valid filters (an invalid one is shown with its error and not applied)."""
        self.is_valid()
        return {
            name: value
            for name, value in getattr(self, "cleaned_data", {}).items()
            if name not in self.errors and value not in (None, "")
        }

    def period(self) -> Period:
        filters = self.filters()
        end_day = filters.get("date_to") or timezone.localdate()
        start_day = filters.get("date_from")
        return Period(
            start=day_start(start_day) if start_day else None,
            end=day_start(end_day + dt.timedelta(days=1)),
        )

    def version_ids(self) -> list[int]:
        filters = self.filters()
        if "version" in filters:
            return [filters["version"]]
        return [v.pk for v in self.versions if str(v.survey.translation_key) == filters.get("survey")]

    def survey_versions(self) -> list[SurveyVersion]:
        wanted = set(self.version_ids())
        return [v for v in self.versions if v.pk in wanted]

    def query_items(self) -> list[tuple[str, str]]:
        """The applied filters as (name, value) pairs, for links and forms that keep them.
        A cleared start date is kept as an empty value (no limit), not left to the default."""
        items = [
            (name, str(value.pk if hasattr(value, "pk") else value)) for name, value in self.filters().items()
        ]
        if "date_from" not in self.filters():
            items.insert(0, ("date_from", ""))
        return items

    def query_string(self) -> str:
        return urlencode(self.query_items())
