from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets.button import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from content.admin_views import (
    ReviewedUpdateTranslationsView,
    TranslationReviewSubmitView,
    translation_may_be_submitted,
)
from content.models import Condition, EducationPage, GlossaryTerm
from content.reports import ReadabilityReportView, ReviewDueReportView


class ConditionViewSet(SnippetViewSet):
    model = Condition
    icon = "pick"
    list_display = ["name", "locale"]
    search_fields = ["name"]


class GlossaryTermViewSet(SnippetViewSet):
    model = GlossaryTerm
    icon = "doc-full"
    list_display = ["term", "definition", "locale"]
    search_fields = ["term", "definition"]


class EducationSnippets(SnippetViewSetGroup):
    menu_label = _("Education library")
    menu_icon = "doc-full-inverse"
    menu_order = 250
    items = [ConditionViewSet, GlossaryTermViewSet]


register_snippet(EducationSnippets)


@hooks.register("register_admin_urls")
def report_urls():
    return [path("content-reports/", include((_report_patterns(), "content_reports")))]


@hooks.register("before_publish_page")
def review_stamp_on_direct_publish(request, page):
    """Wagtail's edit view publishes through its action class, not Page.publish: stamp the
    revision it has just saved and is about to publish (the page's latest, same object)."""
    if isinstance(page, EducationPage):
        page.review_stamp_by(revision=page.latest_revision, user=request.user)


@hooks.register("register_admin_urls")
def translation_urls():
    patterns = [path("<int:page_id>/submit/", TranslationReviewSubmitView.as_view(), name="submit")]
    return [path("content-translations/", include((patterns, "content_translations")))]


@hooks.register("register_admin_urls", order=-1)
def translation_update_urls():
    """Registered before wagtail-localize's own URLs, so this address (and the name the
    library reverses) reaches the view that keeps unreviewed page translations unpublished."""
    view = ReviewedUpdateTranslationsView.as_view()
    return [path("localize/update/<int:translation_source_id>/", view, name="translations_update_reviewed")]


def translation_review_button(page, user, view_name=None, next_url=None):
    """On a synced translation: ask for clinical review (wagtail-localize's editor cannot)."""
    if translation_may_be_submitted(page=page, user=user):
        yield Button(
            _("Submit translation for clinical review"),
            reverse("content_translations:submit", args=[page.id]),
            priority=61,
            icon_name="resubmit",
        )


hooks.register("register_page_header_buttons", translation_review_button)
hooks.register("register_page_listing_more_buttons", translation_review_button)


def _report_patterns():
    return [
        path("readability/", ReadabilityReportView.as_view(), name="readability"),
        path(
            "readability/results/",
            ReadabilityReportView.as_view(results_only=True),
            name="readability_results",
        ),
        path("review-due/", ReviewDueReportView.as_view(), name="review_due"),
        path(
            "review-due/results/", ReviewDueReportView.as_view(results_only=True), name="review_due_results"
        ),
    ]


@hooks.register("register_reports_menu_item")
def readability_report_menu_item():
    return MenuItem(_("Readability"), reverse("content_reports:readability"), icon_name="doc-full", order=900)


@hooks.register("register_reports_menu_item")
def review_due_report_menu_item():
    return MenuItem(
        pgettext_lazy("admin menu", "Reviews due"),
        reverse("content_reports:review_due"),
        icon_name="time",
        order=901,
    )
