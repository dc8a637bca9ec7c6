"""CSV import of discharges: download the template, upload a file, check every row in a
preview, then import. The parsed rows are kept server-side (in the cache, under a random
token tied to the user) between the preview and the import, and checked again on import.

Everything needs ``transitions.add_caretransition``; which facilities a row may name is decided
row by row in ``transitions.csv_import``.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _
from wagtail.admin import messages

from transitions import csv_import as service

app_name = "transition_import"

SHOWN_PROBLEMS = 1000
SHOWN_UPDATES = 200


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("Saved from Excel or another spreadsheet as CSV. At most 5,000 rows."),
        error_messages={"empty": _("This file is empty. Choose the CSV file that holds your discharges.")},
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            self.parsed = service.read_upload(upload)
        except service.ImportFileError as problem:
            raise ValidationError(problem.message) from None
        return upload


class CommitForm(forms.Form):
    mode = forms.ChoiceField(
        label=_("If some rows have problems"),
        choices=[
            (service.VALID_ONLY, _("Import the valid rows and give me the others back as a CSV")),
            (service.ALL_OR_NOTHING, _("Import nothing unless every row is valid")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what to do with the rows that have problems.")},
    )


def _require_permission(request) -> None:
    if not request.user.has_perm(service.IMPORT_PERMISSION):
        raise PermissionDenied


def _csv_response(text: str, filename: str) -> HttpResponse:
    response = HttpResponse(text.encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    add_never_cache_headers(response)
    return response


def _expired(request):
    messages.error(
        request,
        _("That import is no longer available (imports are kept for 2 hours). Upload the file again."),
    )
    return redirect("transition_import:upload")


def _common_context() -> dict:
    return {
        "listing_url": reverse("caretransition:index"),
        "upload_url": reverse("transition_import:upload"),
        "template_url": reverse("transition_import:template"),
    }


def upload(request):
    _require_permission(request)
    posted = request.method == "POST"
    form = UploadForm(request.POST if posted else None, request.FILES if posted else None)
    if posted and form.is_valid():
        token = service.stash(parsed=form.parsed, user=request.user)
        return redirect("transition_import:preview", token=token)
    context = {
        **_common_context(),
        "form": form,
        "columns": service.column_help(),
        "max_rows": f"{service.MAX_ROWS:,}",
    }
    return TemplateResponse(request, "surveys/admin/transition_import.html", context)


def template(request):
    _require_permission(request)
    return _csv_response(service.template_csv(user=request.user), "transitions-import-template.csv")


def preview(request, token: str):
    _require_permission(request)
    state = service.state_load(user=request.user, token=token)
    if state is None:
        return _expired(request)
    if state.get("result") is not None:
        return redirect("transition_import:result", token=token)
    parsed = service.ParsedFile.from_state(state["parsed"])

    posted = request.method == "POST"
    form = CommitForm(request.POST if posted else None)
    if posted and form.is_valid():
        if not service.commit_claim(user=request.user, token=token):
            messages.warning(request, _("This import is already being saved. Wait a moment."))
            return redirect("transition_import:preview", token=token)
        try:
            result = service.import_commit(parsed=parsed, user=request.user, mode=form.cleaned_data["mode"])
            state["result"] = result.to_state()
            state["parsed"] = {"header": parsed.header, "file_name": parsed.file_name}
            service.state_save(user=request.user, token=token, state=state)
        finally:
            service.commit_release(user=request.user, token=token)
        return redirect("transition_import:result", token=token)

    check = service.check_rows(parsed, user=request.user)
    problems = check.problems
    if not check.invalid_rows and not form.is_bound:
        form = CommitForm(initial={"mode": service.ALL_OR_NOTHING})
    updates = [row for row in check.valid_rows if row.action == service.UPDATE]
    context = {
        **_common_context(),
        "token": token,
        "parsed": parsed,
        "form": form,
        "total": len(check.rows),
        "created": check.count(service.CREATE),
        "updated": check.count(service.UPDATE),
        "unchanged": check.count(service.UNCHANGED),
        "invalid": len(check.invalid_rows),
        "importable": len(check.valid_rows),
        "problems": problems[:SHOWN_PROBLEMS],
        "problems_total": len(problems),
        "problems_hidden": max(0, len(problems) - SHOWN_PROBLEMS),
        "updates": updates[:SHOWN_UPDATES],
        "updates_hidden": max(0, len(updates) - SHOWN_UPDATES),
        "errors_url": reverse("transition_import:errors", kwargs={"token": token}),
        "delimiter_note": parsed.delimiter != ",",
    }
    return TemplateResponse(request, "surveys/admin/transition_import_preview.html", context)


def result(request, token: str):
    _require_permission(request)
    state = service.state_load(user=request.user, token=token)
    if state is None:
        return _expired(request)
    if state.get("result") is None:
        return redirect("transition_import:preview", token=token)
    outcome = service.ImportResult.from_state(state["result"])
    problems = [problem for row in outcome.problem_rows for problem in row.problems]
    context = {
        **_common_context(),
        "result": outcome,
        "file_name": state["parsed"]["file_name"],
        "problems": problems[:SHOWN_PROBLEMS],
        "problems_hidden": max(0, len(problems) - SHOWN_PROBLEMS),
        "errors_url": reverse("transition_import:errors", kwargs={"token": token}),
    }
    return TemplateResponse(request, "surveys/admin/transition_import_result.html", context)


def errors(request, token: str):
    """The rows not imported (after the import) or with problems (before it), as CSV."""
    _require_permission(request)
    state = service.state_load(user=request.user, token=token)
    if state is None:
        return _expired(request)
    header = state["parsed"]["header"]
    if state.get("result") is not None:
        rows = service.ImportResult.from_state(state["result"]).problem_rows
    else:
        parsed = service.ParsedFile.from_state(state["parsed"])
        rows = service.check_rows(parsed, user=request.user).invalid_rows
    filename = f"transitions-not-imported-{timezone.localdate().isoformat()}.csv"
    return _csv_response(service.problem_rows_csv(header=header, rows=rows), filename)


urlpatterns = [
    path("", upload, name="upload"),
    path("template.csv", template, name="template"),
    path("<slug:token>/", preview, name="preview"),
    path("<slug:token>/result/", result, name="result"),
    path("<slug:token>/not-imported.csv", errors, name="errors"),
]
