from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from content.models import Condition, GlossaryTerm
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
