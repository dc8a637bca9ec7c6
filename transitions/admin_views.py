"""Admin for facilities and care transitions. Every view of a transition goes through
``transitions_for_user``, so a liaison cannot list, open, edit or delete one outside their
facilities (a 404, not a 403, so nothing is revealed)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.admin.widgets.button import HeaderButton

from content.selectors import conditions_in_default_language
from portal.admin_columns import YesNoColumn
from transitions.admin_chooser import FacilityChooserWidget
from transitions.hooks import (
    TRANSITION_BUTTONS,
    TRANSITION_LIST_COLUMNS,
    TRANSITION_LIST_QUERYSET,
    TRANSITIONS_CHANGED,
    hooks_collect,
    hooks_run,
)
from transitions.models import CareTransition, Facility
from transitions.selectors import (
    facilities_active,
    facilities_active_for_user,
    liaison_choices_for_user,
    transitions_for_user,
    transitions_listed_for_user,
)


class CareTransitionForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.for_user is not None:
            self.fields["discharging_facility"].queryset = facilities_active_for_user(user=self.for_user)
            self.fields["receiving_facility"].queryset = facilities_active()
            self.fields["liaison"].queryset = liaison_choices_for_user(
                user=self.for_user, current_id=self.instance.liaison_id
            )
        if "conditions" in self.fields:
            # One entry per condition: the library's English names (the codes are shared).
            self.fields["conditions"].queryset = conditions_in_default_language()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("respondent") == CareTransition.PROXY and not cleaned.get("proxy_name"):
            self.add_error("proxy_name", _("Enter the name of the person who will answer."))
        return cleaned


class _AddedButtons:
    """The buttons the apps above add to a transition's edit and inspect pages
    (transitions.hooks.TRANSITION_BUTTONS)."""

    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        for label, url, icon_name in hooks_collect(TRANSITION_BUTTONS, self.request, self.object):
            buttons.append(HeaderButton(label, url=url, icon_name=icon_name))
        return buttons


class _Scoped:
    def get_object(self, queryset=None):
        return get_object_or_404(
            transitions_for_user(user=self.request.user), pk=unquote(str(self.kwargs[self.pk_url_kwarg]))
        )


class _Schedules:
    def save_instance(self):
        instance = super().save_instance()
        hooks_run(TRANSITIONS_CHANGED, [instance])
        return instance


class TransitionIndexView(generic.IndexView):
    def get_base_queryset(self):
        queryset = transitions_listed_for_user(user=self.request.user)
        for hook in hooks.get_hooks(TRANSITION_LIST_QUERYSET):
            queryset = hook(queryset)
        return queryset

    @cached_property
    def columns(self):
        return [*super().columns, *hooks_collect(TRANSITION_LIST_COLUMNS, self.request)]

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        for label, url, icon_name in hooks_collect(TRANSITION_BUTTONS, self.request, instance):
            buttons.append(MenuItem(label, url=url, icon_name=icon_name, priority=15))
        return buttons

    @cached_property
    def header_buttons(self):
        buttons = super().header_buttons
        if self.request.user.has_perm("transitions.add_caretransition"):
            buttons.append(
                HeaderButton(
                    _("Import from CSV"), url=reverse("transition_import:upload"), icon_name="upload"
                )
            )
        return buttons


class TransitionCreateView(_Schedules, generic.CreateView):
    pass


class TransitionEditView(_AddedButtons, _Scoped, _Schedules, generic.EditView):
    def dispatch(self, request, *args, **kwargs):
        self.object = self.get_object()
        if self.object.contact_erased_at is not None:
            # Editing would ask for the erased name again and could put contact details back.
            messages.warning(
                request,
                _(
                    "The contact details of this discharge were erased after the retention period, "
                    "so it can no longer be changed."
                ),
            )
            return redirect(self.get_inspect_url() or reverse("wagtailadmin_home"))
        return super().dispatch(request, *args, **kwargs)


class TransitionDeleteView(_Scoped, generic.DeleteView):
    pass


class TransitionInspectView(_AddedButtons, _Scoped, generic.InspectView):
    pass


class TransitionHistoryView(_Scoped, generic.HistoryView):
    pass


class TransitionUsageView(_Scoped, generic.UsageView):
    pass


class CareTransitionViewSet(ModelViewSet):
    model = CareTransition
    icon = "redirect"
    menu_label = pgettext_lazy("admin menu", "Care transitions")
    index_view_class = TransitionIndexView
    add_view_class = TransitionCreateView
    edit_view_class = TransitionEditView
    delete_view_class = TransitionDeleteView
    inspect_view_class = TransitionInspectView
    history_view_class = TransitionHistoryView
    usage_view_class = TransitionUsageView
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = [
        "external_reference",
        "patient_first_name",
        Column("discharging_facility", label=_("Discharged from")),
        "destination_kind",
        DateColumn("transition_date", label=_("Date of the move")),
        YesNoColumn("do_not_contact", model=CareTransition),
    ]
    list_filter = ["destination_kind", "language", "do_not_contact", "discharging_facility"]
    search_fields = ["external_reference", "patient_first_name"]
    ordering = ["-transition_date"]
    edit_handler_panels = [
        FieldPanel("external_reference"),
        MultiFieldPanel(
            [
                FieldPanel("patient_first_name"),
                FieldRowPanel([FieldPanel("email"), FieldPanel("phone")]),
                FieldPanel("language"),
                FieldRowPanel([FieldPanel("respondent"), FieldPanel("proxy_name")]),
            ],
            heading=_("Who we contact"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("discharging_facility"),
                FieldRowPanel(
                    [
                        FieldPanel("destination_kind"),
                        FieldPanel("receiving_facility", widget=FacilityChooserWidget),
                    ]
                ),
                FieldPanel("transition_date"),
                FieldPanel("liaison"),
            ],
            heading=_("The move"),
        ),
        MultiFieldPanel(
            [
                FieldPanel(
                    "condition_codes",
                    help_text=_(
                        "The ICD-10-CM codes from the discharge, separated by commas, such as I50.9, E11.9. "
                        "They choose the education pages suggested for the patient's packet."
                    ),
                ),
                FieldPanel(
                    "conditions",
                    widget=forms.CheckboxSelectMultiple,
                    help_text=_("Or tick the conditions here, if you do not have the codes."),
                ),
            ],
            heading=_("Conditions"),
        ),
        FieldPanel("do_not_contact"),
    ]

    def get_edit_handler(self):
        return ObjectList(self.edit_handler_panels, base_form_class=CareTransitionForm).bind_to_model(
            self.model
        )


class FacilityIndexView(generic.IndexView):
    @cached_property
    def header_buttons(self):
        buttons = super().header_buttons
        if self.request.user.has_perm("transitions.add_facility"):
            buttons.append(
                HeaderButton(
                    _("Import Medicare data"), url=reverse("provider_import:upload"), icon_name="upload"
                )
            )
        return buttons


class FacilityViewSet(ModelViewSet):
    model = Facility
    index_view_class = FacilityIndexView
    icon = "site"
    menu_label = _("Facilities")
    list_display = [
        "name",
        "kind",
        "ccn",
        "city",
        YesNoColumn("affiliated", model=Facility),
        YesNoColumn("active", model=Facility),
    ]
    list_filter = ["kind", "active", "affiliated"]
    search_fields = ["name", "ccn", "city", "zip_code"]
    copy_view_enabled = False
    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("kind")]),
        FieldRowPanel([FieldPanel("active"), FieldPanel("affiliated")]),
        FieldPanel("liaisons"),
        MultiFieldPanel(
            [
                FieldPanel("ccn"),
                FieldPanel("address"),
                FieldRowPanel([FieldPanel("city"), FieldPanel("state"), FieldPanel("zip_code")]),
                FieldPanel("phone"),
                FieldPanel("ownership"),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
            ],
            heading=_("As a place of care (from Medicare's files, or by hand)"),
        ),
    ]


class TransitionsGroup(ModelViewSetGroup):
    menu_label = _("Transitions")
    menu_icon = "redirect"
    menu_order = 255
    items = (CareTransitionViewSet, FacilityViewSet)
