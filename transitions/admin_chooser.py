"""A chooser for the receiving facility: once Medicare's files are imported the directory
holds thousands of providers, too many for a drop-down, so staff search by name, CCN, city
or ZIP code in Wagtail's chooser modal instead."""

from __future__ import annotations

import json

from django import forms
from django.db.models import Q
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.chooser import ChooseResultsView, ChooseView
from wagtail.admin.viewsets.chooser import ChooserViewSet

from transitions.models import FACILITY_KINDS, Facility


class FacilityFilterForm(BaseFilterForm):
    q = forms.CharField(
        label=_("Name, CCN, city or ZIP code"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Search")}),
    )
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("Any kind")), *FACILITY_KINDS])

    def filter(self, objects):
        objects = super().filter(objects)
        query = (self.cleaned_data.get("q") or "").strip()
        if query:
            self.is_searching = True
            self.search_query = query
            objects = objects.filter(
                Q(name__icontains=query)
                | Q(ccn=query)
                | Q(city__icontains=query)
                | Q(zip_code__startswith=query)
            )
        if self.cleaned_data.get("kind"):
            objects = objects.filter(kind=self.cleaned_data["kind"])
        return objects


class _FacilityListing:
    """Name, then what tells two of the same name apart: kind, town and CCN."""

    filter_form_class = FacilityFilterForm

    @property
    def columns(self):
        return [
            self.title_column,
            Column("kind", label=_("Kind"), accessor="get_kind_display"),
            Column("city", label=_("City")),
            Column("ccn", label=_("CCN")),
        ]


class FacilityChooseView(_FacilityListing, ChooseView):
    pass


class FacilityChooseResultsView(_FacilityListing, ChooseResultsView):
    pass


class FacilityChooserViewSet(ChooserViewSet):
    model = Facility
    icon = "site"
    choose_one_text = _("Choose a facility")
    choose_another_text = _("Choose another facility")
    register_widget = False  # only the receiving facility uses it; the others stay scoped lists
    per_page = 20
    choose_view_class = FacilityChooseView
    choose_results_view_class = FacilityChooseResultsView


facility_chooser_viewset = FacilityChooserViewSet(
    "facility_chooser", url_prefix="transitions/facility-chooser"
)


_JSON_IN_HTML = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


class FacilityChooserWidget(facility_chooser_viewset.widget_class):
    """Wagtail's chooser widget with its inline start-up script replaced by a JSON block that
    static/js/admin/date-widgets.js starts (the admin's CSP allows no inline script)."""

    def render(self, name, value, attrs=None, renderer=None):
        id_ = attrs["id"]
        value_data = self.get_value_data(value)
        options = json.dumps(self.get_js_init_options(id_, name, value_data)).translate(_JSON_IN_HTML)
        return format_html(
            '{}<script type="application/json" data-portal-chooser="portalStartChooser" '
            'data-portal-target="{}">{}</script>',
            mark_safe(self.render_html(name, value_data, attrs)),  # Wagtail's own widget markup
            id_,
            mark_safe(options),  # JSON with <, > and & escaped
        )
