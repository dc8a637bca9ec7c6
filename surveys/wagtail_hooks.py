from django.core.exceptions import PermissionDenied
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from content.hooks import NAV_URLS
from portal.admin_columns import YesNoColumn
from surveys import admin_views, audit  # noqa: F401 (audit registers the held submissions' log actions)
from surveys.models import Survey, SurveyPage
from surveys.models.pages import user_may_change_survey_pages
from surveys.scheduling import rule_pages, transition_schedule
from surveys.selectors import invitation_retention_blockers, page_feedback_definition
from surveys.services import invitation_contact_copies_erase
from surveys.timeline import invitations_section
from transitions.hooks import (
    TRANSITION_CONTACTS_ERASED,
    TRANSITION_RETENTION_BLOCKERS,
    TRANSITION_TIMELINE_SECTIONS,
    TRANSITIONS_CHANGED,
)


class SurveyViewSet(SnippetViewSet):
    model = Survey
    icon = "form"
    menu_label = _("Surveys")
    menu_order = 260
    add_to_admin_menu = True
    list_display = ["title", "locale", "current_version", YesNoColumn("live", model=Survey)]
    search_fields = ["title"]


register_snippet(SurveyViewSet)


@hooks.register(NAV_URLS)
def page_feedback_on_every_page(*, language: str) -> dict:
    """The "Was this page helpful?" form's definition, kept with the navigation."""
    return {"page_feedback": page_feedback_definition(language=language)}


@hooks.register("before_create_page")
def survey_pages_are_created_by_survey_managers(request, parent_page, page_class):
    """The page's own permission tester refuses every change (see SurveyPagePermissionTester);
    a new survey page has no tester yet, so its creation is checked here."""
    if issubclass(page_class, SurveyPage) and not user_may_change_survey_pages(user=request.user):
        raise PermissionDenied


@hooks.register("register_admin_urls")
def survey_admin_urls():
    patterns = [
        path("versions/<int:version_id>/fhir/", admin_views.fhir_export, name="fhir_export"),
        path("import/", admin_views.FhirImportView.as_view(), name="fhir_import"),
    ]
    return [
        path("surveys/", include((patterns, "survey_admin"))),
    ]


@hooks.register("register_admin_menu_item")
def fhir_import_menu_item():
    class ImportItem(MenuItem):
        def is_shown(self, request):
            return request.user.has_perm("surveys.add_survey")

    return ImportItem(
        pgettext_lazy("admin menu", "Import a survey"),
        reverse("survey_admin:fhir_import"),
        icon_name="upload",
        order=261,
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


@hooks.register(TRANSITION_RETENTION_BLOCKERS)
def invitations_still_open():
    """An invitation still scheduled or awaiting an answer, or an email being sent now."""
    return invitation_retention_blockers()


@hooks.register(TRANSITION_CONTACTS_ERASED)
def invitation_and_answer_copies_erase(transition_ids):
    """Invitations, drafts and answers hold copies of the erased contact details."""
    invitation_contact_copies_erase(transition_ids=transition_ids)


@hooks.register(TRANSITION_TIMELINE_SECTIONS, order=100)
def invitations_on_the_timeline(request, transition):
    """Each invitation the user may see, with its steps and its emails (first on the page)."""
    return [invitations_section(user=request.user, transition=transition)]
