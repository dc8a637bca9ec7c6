"""Admin upload of a Medicare Provider Data Catalog file: choose the kind of provider and the
file, see the preview (providers new, changed and unchanged, problems by row and column),
then confirm. The columns the portal reads are kept server-side between the preview and the
import (the same stash as the discharges' CSV import), and checked again on import.

Everything needs ``transitions.add_facility``: an import creates and updates providers.
"""

from __future__ import annotations

import secrets

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin import messages

from transitions.csv_import import commit_claim, commit_release, state_load, state_save
from transitions.models import FACILITY_KINDS, PROVIDER_KINDS
from transitions.providers import importer

app_name = "provider_import"

PERMISSION = "transitions.add_facility"
SHOWN_PROBLEMS = 1000
SHOWN_CHANGES = 200


class UploadForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of provider"),
        choices=[(kind, label) for kind, label in FACILITY_KINDS if kind in PROVIDER_KINDS],
        error_messages={"required": _("Choose the kind of provider the file lists.")},
    )
    file = forms.FileField(
        label=_("Medicare's CSV file"),
        help_text=_("As downloaded from data.cms.gov/provider-data (unzipped)."),
        error_messages={"empty": _("This file is empty. Choose the CSV file downloaded from Medicare.")},
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )
    released = forms.DateField(
        label=_("Data as of"),
        required=False,
        help_text=_(
            "Only for files without a Processing Date column (all but the nursing homes' file): "
            "the date on the file's page in the Provider Data Catalog, as 2025-09-01."
        ),
        error_messages={"invalid": _("Enter the date as 2025-09-01.")},
    )

    def clean(self):
        cleaned = super().clean()
        upload, kind = cleaned.get("file"), cleaned.get("kind")
        if upload and kind and "released" not in self.errors:
            try:
                self.provider_file = importer.read_upload(
                    upload, provider_kind=kind, released=cleaned.get("released")
                )
            except importer.ProviderFileError as problem:
                raise ValidationError(problem.message) from None
        return cleaned


def _require_permission(request) -> None:
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied


def _expired(request):
    messages.error(
        request,
        _("That import is no longer available (imports are kept for 2 hours). Upload the file again."),
    )
    return redirect("provider_import:upload")


def upload(request):
    _require_permission(request)
    posted = request.method == "POST"
    form = UploadForm(request.POST if posted else None, request.FILES if posted else None)
    if posted and form.is_valid():
        token = _stash(form.provider_file, request.user)
        return redirect("provider_import:preview", token=token)
    context = {"form": form, "files": importer.SPECS}
    return TemplateResponse(request, "transitions/admin/provider_import.html", context)


def _stash(provider_file, user) -> str:
    token = secrets.token_urlsafe(24)
    state_save(user=user, token=token, state={"provider_file": provider_file.to_state(), "result": None})
    return token


def preview(request, token: str):
    _require_permission(request)
    state = state_load(user=request.user, token=token)
    if state is None or "provider_file" not in state:
        return _expired(request)
    if state.get("result") is not None:
        return redirect("provider_import:result", token=token)
    provider_file = importer.ProviderFile.from_state(state["provider_file"])
    if request.method == "POST":
        if not commit_claim(user=request.user, token=token):
            messages.warning(request, _("This import is already being saved. Wait a moment."))
            return redirect("provider_import:preview", token=token)
        try:
            result = importer.provider_file_import(provider_file=provider_file, user=request.user)
            state_save(
                user=request.user, token=token, state={"provider_file": None, "result": result.to_state()}
            )
        finally:
            commit_release(user=request.user, token=token)
        return redirect("provider_import:result", token=token)
    check = importer.provider_file_check(provider_file)
    changed = [plan for plan in check.providers if plan.action == importer.CHANGED]
    context = {
        "token": token,
        "provider_file": provider_file,
        "spec": provider_file.spec,
        "created": check.count(importer.NEW),
        "updated": len(changed),
        "unchanged": check.count(importer.UNCHANGED),
        "problem_rows": check.problem_rows,
        "importable": len(check.providers),
        "problems": check.problems[:SHOWN_PROBLEMS],
        "problems_hidden": max(0, len(check.problems) - SHOWN_PROBLEMS),
        "changed": changed[:SHOWN_CHANGES],
        "changed_hidden": max(0, len(changed) - SHOWN_CHANGES),
        "upload_url": reverse("provider_import:upload"),
    }
    return TemplateResponse(request, "transitions/admin/provider_import_preview.html", context)


def result(request, token: str):
    _require_permission(request)
    state = state_load(user=request.user, token=token)
    if state is None or state.get("result") is None:
        return _expired(request)
    outcome = importer.ImportResult.from_state(state["result"])
    context = {
        "result": outcome,
        "spec": importer.SPECS_BY_KIND[outcome.file_kind],
        "upload_url": reverse("provider_import:upload"),
    }
    return TemplateResponse(request, "transitions/admin/provider_import_result.html", context)


urlpatterns = [
    path("", upload, name="upload"),
    path("<slug:token>/", preview, name="preview"),
    path("<slug:token>/result/", result, name="result"),
]
