"""Admin views for survey interchange: a version as a FHIR Questionnaire, and importing one."""

from __future__ import annotations

import json

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.snippets.permissions import get_permission_name

from surveys import selectors, services
from surveys.models import Survey, SurveyVersion

MAX_IMPORT_BYTES = 2 * 1024 * 1024


def questionnaire_for_version(version: SurveyVersion) -> dict:
    """The FHIR R4 Questionnaire of one frozen version."""
    from surveys import fhir  # Late: FHIR's models take a second to load; only these screens use them.

    return fhir.questionnaire_from_snapshot(
        version.definition,
        url=fhir.questionnaire_url(
            base=settings.SURVEY_FHIR_BASE_URL,
            survey_key=str(version.survey.translation_key),
            language=version.language,
        ),
        version=str(version.number),
        date=version.published_at.date().isoformat(),
    )


def fhir_export(request, version_id: int):
    if not request.user.has_perm(get_permission_name("view", Survey)):
        raise PermissionDenied
    version = selectors.survey_version_with_survey(version_id=version_id)
    if version is None:
        raise Http404
    response = JsonResponse(questionnaire_for_version(version), json_dumps_params={"indent": 2})
    filename = f"questionnaire-{version.survey.pk}-v{version.number}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class FhirImportForm(forms.Form):
    questionnaire = forms.FileField(
        label=_("Questionnaire file (JSON)"),
        help_text=_(
            "A FHIR R4 Questionnaire. The survey is created as a draft for you to check and publish."
        ),
    )
    locale = forms.ModelChoiceField(
        queryset=selectors.survey_locales(), label=_("Language of the survey"), empty_label=None
    )

    def clean_questionnaire(self):
        upload = self.cleaned_data["questionnaire"]
        if upload.size > MAX_IMPORT_BYTES:
            raise ValidationError(_("This file is too large. A questionnaire file is at most 2 MB."))
        from surveys import fhir  # Late: FHIR's models take a second to load; only these screens use them.

        not_json = _("This file is not JSON text. Export the Questionnaire as JSON and try again.")
        try:
            text = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValidationError(not_json) from None
        # Nesting and size are bounded before the text is parsed (see fhir.MAX_JSON_DEPTH).
        problem = fhir.json_shape_problem(text)
        if problem:
            raise ValidationError(problem)
        try:
            return json.loads(text)
        except (ValueError, RecursionError):
            raise ValidationError(not_json) from None

    def clean(self):
        cleaned = super().clean()
        data = cleaned.get("questionnaire")
        if data is None:
            return cleaned
        from surveys import fhir  # Late: FHIR's models take a second to load; only these screens use them.

        try:
            cleaned["snapshot"] = fhir.snapshot_from_questionnaire(data)
        except fhir.QuestionnaireImportError as problem:
            self.import_problems = problem.problems
            raise ValidationError(
                _("Nothing was imported: fix the items listed below and try again.")
            ) from problem
        return cleaned


class FhirImportView(FormView):
    form_class = FhirImportForm
    template_name = "surveys/admin/fhir_import.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(get_permission_name("add", Survey)):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            survey, filled = services.survey_import(
                snapshot=form.cleaned_data["snapshot"],
                locale=form.cleaned_data["locale"],
                user=self.request.user,
            )
        except ValidationError as problem:
            # What the survey itself refuses (a title too long, say) is the upload's fault too.
            form.import_problems = [
                ("", f"{Survey._meta.get_field(name).verbose_name}: {' '.join(errors)}")
                if name != "__all__"
                else ("", " ".join(errors))
                for name, errors in getattr(problem, "message_dict", {"__all__": problem.messages}).items()
            ]
            form.add_error(
                "questionnaire", _("Nothing was imported: fix the items listed below and try again.")
            )
            return self.form_invalid(form)
        if filled:
            names = ", ".join(str(Survey._meta.get_field(name).verbose_name) for name in filled)
            messages.warning(
                self.request,
                _(
                    "The Questionnaire had no %(fields)s: plain wording was filled in. "
                    "Check it before you publish."
                )
                % {"fields": names},
            )
        messages.success(self.request, _("Survey imported as a draft. Check it, then publish it."))
        return redirect("wagtailsnippets_surveys_survey:edit", survey.pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context["form"]
        context["import_problems"] = getattr(form, "import_problems", [])
        return context
