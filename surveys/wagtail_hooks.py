from django.core.exceptions import PermissionDenied
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from surveys.models import Survey
from surveys.scheduling import rule_pages, transition_schedule
from transitions.hooks import TRANSITIONS_CHANGED


class SurveyViewSet(SnippetViewSet):
    model = Survey
    icon = "form"
    menu_label = _("Surveys")
    menu_order = 260
    add_to_admin_menu = True
    list_display = ["title", "locale", "current_version", "live"]
    search_fields = ["title"]


register_snippet(SurveyViewSet)


@hooks.register("before_create_page")
def survey_pages_are_created_by_survey_managers(request, parent_page, page_class):
    """The page's own permission tester refuses every change (see SurveyPagePermissionTester);
    a new survey page has no tester yet, so its creation is checked here."""
    from surveys.models.pages import SurveyPage, user_may_change_survey_pages

    if issubclass(page_class, SurveyPage) and not user_may_change_survey_pages(user=request.user):
        raise PermissionDenied


@hooks.register("register_admin_urls")
def survey_admin_urls():
    from surveys import admin_views

    patterns = [
        path("versions/<int:version_id>/fhir/", admin_views.fhir_export, name="fhir_export"),
        path("import/", admin_views.FhirImportView.as_view(), name="fhir_import"),
    ]
    return [
        path("surveys/", include((patterns, "survey_admin"))),
    ]


@hooks.register("register_admin_menu_item")
def fhir_import_menu_item():
    from django.urls import reverse

    class ImportItem(MenuItem):
        def is_shown(self, request):
            return request.user.has_perm("surveys.add_survey")

    return ImportItem(
        _("Import a survey (FHIR)"), reverse("survey_admin:fhir_import"), icon_name="upload", order=261
    )


@hooks.register(TRANSITIONS_CHANGED)
def invitations_follow_their_transitions(transitions):
    """A new or edited transition gets the invitations its destination calls for; a new date
    moves what is still unsent; do-not-contact (or an opt-out) cancels what is pending."""
    if not transitions:
        return
    pages = rule_pages()
    for transition in transitions:
        transition_schedule(transition=transition, pages=pages)
