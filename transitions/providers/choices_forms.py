"""The forms of the choice list's admin page: where to search, a provider put on the list
from the search or from outside it, one taken off, and the patient's choice. A reason is
asked for wherever the list departs from what the search found."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from transitions.models import FACILITY_KINDS, PROVIDER_KINDS, ChoiceList, Facility
from transitions.providers.choices_selectors import providers_matching
from transitions.providers.geo import zip_location, zip_normalised

REASON_MAX = 300
PROVIDER_KIND_CHOICES = [(kind, label) for kind, label in FACILITY_KINDS if kind in PROVIDER_KINDS]


class ChoiceListForm(forms.ModelForm):
    kind = forms.ChoiceField(label=_("Kind of care"), choices=PROVIDER_KIND_CHOICES)

    class Meta:
        model = ChoiceList
        fields = ["kind", "zip_code", "radius_miles", "goals"]
        widgets = {"goals": forms.Textarea(attrs={"rows": 3})}

    def clean_zip_code(self) -> str:
        code = zip_normalised(self.cleaned_data.get("zip_code", ""))
        if not code or zip_location(code) is None:
            raise forms.ValidationError(_("Enter a US ZIP code of five digits, like 60601."))
        return code


class ProviderAddForm(forms.Form):
    """A provider from the search, put on the list with one click (no reason needed)."""

    facility = forms.ModelChoiceField(queryset=Facility.objects.none(), widget=forms.HiddenInput)

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["facility"].queryset = Facility.objects.filter(kind=kind, active=True)


class ProviderOutsideForm(forms.Form):
    """A provider the search did not find (farther away, or asked for by name), found by
    its name or CCN; the reason is required."""

    provider = forms.CharField(
        label=_("Provider's name or CCN"),
        max_length=150,
        error_messages={"required": _("Enter the provider's name or its CCN.")},
    )
    reason = forms.CharField(
        label=_("Why add it"),
        max_length=REASON_MAX,
        help_text=_("For example: the patient asked for it, or it is near their family."),
        error_messages={"required": _("Say why this provider goes on the list.")},
    )

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind

    def clean_provider(self) -> Facility:
        matches = providers_matching(query=self.cleaned_data["provider"], kind=self.kind)
        if not matches:
            raise forms.ValidationError(_("No active provider of this kind of care has that name or CCN."))
        if len(matches) > 1:
            names = ", ".join(match.name for match in matches)
            raise forms.ValidationError(
                _("More than one provider matches (%(names)s): enter its CCN or its full name.")
                % {"names": names}
            )
        return matches[0]


class ProviderRemoveForm(forms.Form):
    facility = forms.ModelChoiceField(queryset=Facility.objects.none(), widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Why take it off"),
        max_length=REASON_MAX,
        error_messages={"required": _("Say why this provider comes off the list.")},
    )

    def __init__(self, *args, choice_list: ChoiceList, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["facility"].queryset = Facility.objects.filter(
            pk__in=choice_list.entries.filter(included=True).values("facility")
        )


class ChoiceRecordForm(forms.Form):
    facility = forms.ModelChoiceField(
        label=_("The provider the patient chose"),
        queryset=Facility.objects.none(),
        empty_label=_("Choose a provider"),
        error_messages={"required": _("Choose the provider the patient chose.")},
    )
    reason = forms.CharField(
        label=_("Why they chose it (optional)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, choice_list: ChoiceList, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["facility"].queryset = Facility.objects.filter(
            pk__in=choice_list.entries.filter(included=True).values("facility")
        ).order_by("name")
