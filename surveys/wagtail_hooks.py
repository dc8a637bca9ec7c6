from django.core.exceptions import PermissionDenied
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from surveys import audit  # noqa: F401  (registers the review area's log actions)
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


@hooks.register("scope_log_entries")
def log_entries_of_records_the_user_may_see(queryset, user):
    """Site history (portal.audit_log): entries about care transitions, invitations,
    responses and follow-ups only for those the user may see; deny by default, so an entry
    whose record was deleted is shown to managers only."""
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import CharField, Q
    from django.db.models.functions import Cast
    from wagtail.models import ModelLogEntry

    from surveys import selectors
    from surveys.models import FollowUp, Invitation, Response
    from transitions.models import CareTransition

    if (
        queryset.model is not ModelLogEntry
        or user.is_superuser
        or user.has_perm("surveys.review_all_facilities")
    ):
        return queryset
    visible = {
        CareTransition: selectors.transitions_for_user(user=user),
        Invitation: selectors.invitations_for_user(user=user),
        Response: selectors.responses_for_user(user=user),
        FollowUp: selectors.followups_for_user(user=user),
    }
    for model, records in visible.items():
        ids = records.annotate(logged_id=Cast("pk", CharField())).values("logged_id")
        content_type = ContentType.objects.get_for_model(model)
        queryset = queryset.exclude(Q(content_type=content_type) & ~Q(object_id__in=ids))
    return queryset


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
        path("invitations/", include("surveys.admin_log")),
        path("feedback/", include("surveys.admin_review")),
        path("held-submissions/", include("surveys.admin_held")),
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
            return request.user.has_perm("transitions.view_caretransition")

    return InvitationLogItem(
        _("Invitation log"), reverse("invitation_log:index"), icon_name="mail", order=256
    )


def _open_count(request) -> int:
    """The user's open follow-ups, counted once per request (two menu items show it)."""
    from surveys.selectors import followups_open_count

    if not hasattr(request, "_followups_open_count"):
        request._followups_open_count = followups_open_count(user=request.user)
    return request._followups_open_count


class _ReviewItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("surveys.review_responses")


class FollowUpsMenuItem(_ReviewItem):
    """Its label carries the number of open follow-ups assigned to the signed-in user."""

    def render_component(self, request):
        from wagtail.admin.ui.sidebar import LinkMenuItem

        count = _open_count(request)
        label = _("Follow-ups (%(count)s open)") % {"count": count} if count else self.label
        return LinkMenuItem(
            self.name, label, self.url, icon_name=self.icon_name, classname=self.classname, attrs=self.attrs
        )


class FeedbackMenuItem(SubmenuMenuItem):
    """ "Feedback", with the signed-in user's open follow-ups counted beside it so they show
    without opening the menu."""

    def is_shown(self, request):
        return request.user.has_perm("surveys.review_responses")

    def render_component(self, request):
        from wagtail.admin.ui.sidebar import SubMenuItem

        count = _open_count(request)
        label = _("Feedback (%(count)s open)") % {"count": count} if count else self.label
        return SubMenuItem(
            self.name,
            label,
            self.menu.render_component(request),
            icon_name=self.icon_name,
            classname=self.classname,
            attrs=self.attrs,
        )


feedback_menu = Menu(register_hook_name="register_feedback_menu_item", construct_hook_name=None)


@hooks.register("register_admin_menu_item")
def feedback_menu_item():
    return FeedbackMenuItem(_("Feedback"), feedback_menu, icon_name="clipboard-list", order=250)


@hooks.register("register_feedback_menu_item")
def feedback_dashboard_item():
    from django.urls import reverse

    return _ReviewItem(_("Dashboard"), reverse("review:dashboard"), icon_name="order", order=10)


@hooks.register("register_feedback_menu_item")
def feedback_responses_item():
    from django.urls import reverse

    return _ReviewItem(_("Responses"), reverse("review:responses"), icon_name="list-ul", order=20)


@hooks.register("register_feedback_menu_item")
def feedback_followups_item():
    from django.urls import reverse

    return FollowUpsMenuItem(_("Follow-ups"), reverse("review:followups"), icon_name="warning", order=30)


@hooks.register("register_feedback_menu_item")
def feedback_held_item():
    from django.urls import reverse

    from surveys.selectors import HELD_PERMISSION

    class HeldItem(MenuItem):
        def is_shown(self, request):
            return request.user.has_perm(HELD_PERMISSION)

    return HeldItem(_("Held for review"), reverse("held_submissions:index"), icon_name="warning", order=40)


@hooks.register("construct_homepage_panels")
def followups_panel(request, panels):
    if request.user.has_perm("surveys.review_responses"):
        from surveys.panels import FollowUpsPanel

        panels.insert(0, FollowUpsPanel())
