from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from surveys.models import Survey


class SurveyViewSet(SnippetViewSet):
    model = Survey
    icon = "form"
    menu_label = _("Surveys")
    menu_order = 260
    add_to_admin_menu = True
    list_display = ["title", "locale", "current_version", "live"]
    search_fields = ["title"]


register_snippet(SurveyViewSet)


@hooks.register("register_admin_viewset")
def transitions_viewsets():
    from surveys.admin_transitions import TransitionsGroup

    return TransitionsGroup()


@hooks.register("register_admin_urls")
def survey_admin_urls():
    from surveys import admin_views

    patterns = [
        path("versions/<int:version_id>/fhir/", admin_views.fhir_export, name="fhir_export"),
        path("import/", admin_views.FhirImportView.as_view(), name="fhir_import"),
    ]
    return [
        path("surveys/", include((patterns, "survey_admin"))),
        path("transitions-import/", include("surveys.admin_import")),
        path("invitations/", include("surveys.admin_log")),
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


@hooks.register("register_admin_menu_item")
def invitation_log_menu_item():
    from django.urls import reverse

    class InvitationLogItem(MenuItem):
        def is_shown(self, request):
            return request.user.has_perm("surveys.view_caretransition")

    return InvitationLogItem(
        _("Invitation log"), reverse("invitation_log:index"), icon_name="mail", order=256
    )
