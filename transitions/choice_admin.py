"""The patient's choice list in the admin: where to search, the providers found near the
patient and those on the list, each with Medicare's ratings in words; putting providers on
the list or taking them off (with the reason); printing it in the patient's language;
sharing it with the patient (a frozen copy the education packet shows); and recording the
provider they chose.

Every view starts from ``transitions_for_user`` (a 404 outside the user's scope) and needs
the permission to change care transitions. Changes go through
``transitions.providers.choices_services``, which writes the audit log.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _
from django.views import View

from transitions.providers.choices_forms import (
    ChoiceListForm,
    ChoiceRecordForm,
    ProviderAddForm,
    ProviderOutsideForm,
    ProviderRemoveForm,
)
from transitions.providers.choices_selectors import (
    choice_list_entries,
    choice_list_providers,
    choice_list_search,
    choice_share_for_user,
    choice_shares,
    choice_transition_for_user,
)
from transitions.providers.choices_services import (
    ChoiceError,
    choice_entry_add,
    choice_entry_remove,
    choice_list_ensure,
    choice_list_share,
    choice_list_snapshot_now,
    choice_record,
)

PERMISSION = "transitions.change_caretransition"
TIME_FORMAT = "Y-m-d H:i"
# The ids of the page's form fields (three forms share field names).
SEARCH_ID, OUTSIDE_ID, CHOOSE_ID = "search-%s", "outside-%s", "choose-%s"
NOTICES = {
    "saved": _("The search is saved."),
    "added": _("The provider is on the list."),
    "removed": _("The provider is off the list."),
    "shared": _("The list is shared: the patient's education packet shows it now."),
    "chosen": _("The patient's choice is recorded, and it is now the receiving facility."),
}


def choice_list_url(transition) -> str:
    return reverse("transition_choices:list", args=[transition.pk])


def language_name(code: str) -> str:
    return translation.get_language_info(code)["name_translated"]


class _TransitionChoices(View):
    """Loads the transition (in the user's scope) and its choice list, started if need be."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(PERMISSION):
            raise PermissionDenied
        self.transition = choice_transition_for_user(user=request.user, pk=kwargs["transition_id"])
        if self.transition is None:
            raise Http404
        self.choice_list = choice_list_ensure(transition=self.transition, user=request.user)
        response = super().dispatch(request, *args, **kwargs)
        add_never_cache_headers(response)
        return response


class ChoiceListView(_TransitionChoices):
    template_name = "transitions/choices/admin_list.html"
    actions = ("search", "add", "add_outside", "remove", "share", "choose")

    def get(self, request, *args, **kwargs):
        return self.render(notice=NOTICES.get(request.GET.get("done", ""), ""))

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        if action not in self.actions:
            return redirect(choice_list_url(self.transition))
        return getattr(self, f"post_{action}")(request)

    def done(self, notice: str):
        return redirect(f"{choice_list_url(self.transition)}?done={notice}")

    def post_search(self, request):
        form = ChoiceListForm(request.POST, instance=self.choice_list, auto_id=SEARCH_ID)
        if not form.is_valid():
            return self.render(search_form=form)
        form.save()
        return self.done("saved")

    def post_add(self, request):
        form = ProviderAddForm(request.POST, kind=self.choice_list.kind)
        if not form.is_valid():
            return self.render(problems=[_("That provider can no longer be added. Search again.")])
        choice_entry_add(
            choice_list=self.choice_list, facility=form.cleaned_data["facility"], user=request.user
        )
        return self.done("added")

    def post_add_outside(self, request):
        form = ProviderOutsideForm(request.POST, kind=self.choice_list.kind, auto_id=OUTSIDE_ID)
        if not form.is_valid():
            return self.render(outside_form=form)
        choice_entry_add(
            choice_list=self.choice_list,
            facility=form.cleaned_data["provider"],
            user=request.user,
            reason=form.cleaned_data["reason"],
        )
        return self.done("added")

    def post_remove(self, request):
        form = ProviderRemoveForm(request.POST, choice_list=self.choice_list)
        if not form.is_valid():
            if "facility" in form.errors:
                return self.render(problems=[_("That provider is not on the list.")])
            return self.render(remove_form=form)
        choice_entry_remove(
            choice_list=self.choice_list,
            facility=form.cleaned_data["facility"],
            user=request.user,
            reason=form.cleaned_data["reason"],
        )
        return self.done("removed")

    def post_share(self, request):
        try:
            choice_list_share(choice_list=self.choice_list, user=request.user)
        except ChoiceError as refused:
            return self.render(problems=[str(refused)])
        return self.done("shared")

    def post_choose(self, request):
        form = ChoiceRecordForm(request.POST, choice_list=self.choice_list, auto_id=CHOOSE_ID)
        if not form.is_valid():
            return self.render(choose_form=form)
        try:
            choice_record(
                choice_list=self.choice_list,
                facility=form.cleaned_data["facility"],
                user=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ChoiceError as refused:
            return self.render(problems=[str(refused)])
        return self.done("chosen")

    def render(
        self,
        *,
        search_form=None,
        outside_form=None,
        remove_form=None,
        choose_form=None,
        problems=(),
        notice="",
    ):
        choice_list = self.choice_list
        entries = choice_list_entries(choice_list=choice_list)
        on_list = choice_list_providers(choice_list=choice_list, entries=entries)
        on_list_ids = {found.facility.pk for found in on_list}
        entries_by_facility = {entry.facility_id: entry for entry in entries}
        search_form = search_form or ChoiceListForm(instance=choice_list, auto_id=SEARCH_ID)
        outside_form = outside_form or ProviderOutsideForm(kind=choice_list.kind, auto_id=OUTSIDE_ID)
        choose_form = choose_form or ChoiceRecordForm(choice_list=choice_list, auto_id=CHOOSE_ID)
        problem_list = [{"message": message, "anchor": "choice-list"} for message in problems]
        for form, prefix in ((search_form, "search"), (outside_form, "outside"), (choose_form, "choose")):
            for name, errors in form.errors.items():
                problem_list += [{"message": error, "anchor": f"{prefix}-{name}"} for error in errors]
        removing = None
        if remove_form is not None and remove_form.errors:
            removing = {
                "facility_id": int(remove_form.data.get("facility")),
                "errors": remove_form.errors.get("reason", []),
            }
            problem_list += [
                {"message": error, "anchor": f"remove-reason-{removing['facility_id']}"}
                for error in removing["errors"]
            ]
        context = {
            "transition": self.transition,
            "choice_list": choice_list,
            "language": language_name(self.transition.language),
            "search_form": search_form,
            "outside_form": outside_form,
            "choose_form": choose_form,
            "removing": removing,
            "on_list": [(found, entries_by_facility.get(found.facility.pk)) for found in on_list],
            "taken_off": [entry for entry in entries if not entry.included],
            "found": [
                (found, found.facility.pk in on_list_ids)
                for found in choice_list_search(choice_list=choice_list)
            ],
            "shares": choice_shares(choice_list=choice_list),
            "problems": problem_list,
            "notice": notice,
            "time_format": TIME_FORMAT,
        }
        return TemplateResponse(self.request, self.template_name, context)


class ChoiceListPrintView(_TransitionChoices):
    """The list as the patient will read it, in their language, ready to print (live data:
    only a share is kept)."""

    def get(self, request, *args, **kwargs):
        snapshot = choice_list_snapshot_now(choice_list=self.choice_list, language=self.transition.language)
        return TemplateResponse(request, "transitions/choices/print.html", {"choices": snapshot})


class ChoiceShareView(_TransitionChoices):
    """A frozen copy of the list as it was shared, exactly as the patient was shown it."""

    def get(self, request, *args, **kwargs):
        share = choice_share_for_user(
            user=request.user, transition_id=self.transition.pk, share_id=kwargs["share_id"]
        )
        if share is None:
            raise Http404
        context = {
            "transition": self.transition,
            "share": share,
            "choices": share.snapshot,
            "language": language_name(share.language),
            "time_format": TIME_FORMAT,
        }
        return TemplateResponse(request, "transitions/choices/admin_share.html", context)


app_name = "transition_choices"
urlpatterns = [
    path("<int:transition_id>/", ChoiceListView.as_view(), name="list"),
    path("<int:transition_id>/print/", ChoiceListPrintView.as_view(), name="print"),
    path("<int:transition_id>/shares/<int:share_id>/", ChoiceShareView.as_view(), name="share"),
]
