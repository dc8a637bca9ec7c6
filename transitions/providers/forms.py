"""The "Find a place of care" form: the kind of care, a ZIP code, a distance and an order.

The orders offered are nearest first and each rating Medicare publishes for some kind of care,
best first; never an order of the organization's own. A rating the chosen kind has no data
for falls back to nearest first (the view says so) rather than failing the search.
"""

from __future__ import annotations

from functools import cached_property

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from transitions.models import FACILITY_KINDS, PROVIDER_KINDS
from transitions.providers.geo import zip_location, zip_normalised
from transitions.providers.measures import sortable_measures_for_kind
from transitions.providers.search import SORT_DISTANCE

DISTANCES = [5, 10, 25, 50]
DEFAULT_DISTANCE = 25
KIND_NAMES = dict(FACILITY_KINDS)
# Headings of the rating groups in the order list, in plain words.
KIND_GROUPS = {
    "snf": _("Nursing homes"),
    "home_health": _("Home health agencies"),
    "irf": _("Rehabilitation hospitals"),
    "ltach": _("Long-term care hospitals"),
    "hospice": _("Hospices"),
}


def _distance_choices() -> list:
    return [(miles, _("Within %(miles)s miles") % {"miles": miles}) for miles in DISTANCES]


def _sort_choices() -> list:
    choices: list = [(SORT_DISTANCE, _("Nearest first"))]
    for kind in PROVIDER_KINDS:
        group = [
            (measure.code, pgettext("sort order", "%(rating)s, best first") % {"rating": measure.label})
            for measure in sortable_measures_for_kind(kind)
        ]
        # Measures shared by two kinds (rehabilitation and long-term care hospitals) are
        # offered once, under the first.
        seen = {code for _group, options in choices[1:] for code, _label in options}
        group = [option for option in group if option[0] not in seen]
        if group:
            choices.append((str(KIND_GROUPS[kind]), group))
    return choices


class CareOptionsForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of care"),
        choices=[(kind, KIND_NAMES[kind]) for kind in PROVIDER_KINDS],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the kind of care you are looking for.")},
    )
    zip_code = forms.CharField(
        label=_("ZIP code"),
        help_text=_("Where you want care to be close to, for example 60601."),
        max_length=10,
        error_messages={"required": _("Enter a ZIP code, for example 60601.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code", "size": 10}),
    )
    distance = forms.TypedChoiceField(
        label=_("Distance"),
        choices=_distance_choices,
        coerce=int,
        initial=DEFAULT_DISTANCE,
        error_messages={"invalid_choice": _("Choose one of the distances in the list.")},
    )
    sort = forms.ChoiceField(
        label=_("Show first"),
        choices=_sort_choices,
        initial=SORT_DISTANCE,
        required=False,
        error_messages={"invalid_choice": _("Choose one of the orders in the list.")},
    )

    def clean_zip_code(self) -> str:
        code = zip_normalised(self.cleaned_data["zip_code"])
        if not code:
            raise forms.ValidationError(
                _("Enter a ZIP code with 5 numbers, for example 60601."), code="format"
            )
        if zip_location(code) is None:
            raise forms.ValidationError(
                _("We could not find the ZIP code %(zip)s. Check the numbers and try again."),
                code="unknown",
                params={"zip": code},
            )
        return code

    def clean_sort(self) -> str:
        return self.cleaned_data.get("sort") or SORT_DISTANCE

    def sort_applies(self) -> bool:
        """Whether the chosen order is nearest first or a rating of the chosen kind."""
        sort = self.cleaned_data["sort"]
        return sort == SORT_DISTANCE or sort in {
            measure.code for measure in sortable_measures_for_kind(self.cleaned_data["kind"])
        }

    @cached_property
    def sort_groups(self) -> list[tuple[str, list]]:
        """The orders as the list shows them: ("", [nearest first]), then each kind's
        ratings under its heading."""
        groups = []
        for value, label in _sort_choices():
            groups.append((value, label) if isinstance(label, list) else ("", [(value, label)]))
        return groups

    def sort_label(self, code: str) -> str:
        """The words of an order in the list, in the active language."""
        for _heading, options in self.sort_groups:
            for value, words in options:
                if value == code:
                    return str(words)
        return ""

    def origin(self) -> tuple[float, float]:
        return zip_location(self.cleaned_data["zip_code"])
