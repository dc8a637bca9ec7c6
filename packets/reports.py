"""Admin report "Education pages: packets and feedback": for each education page, how often
it went out in a packet, how often it was opened from one, and what readers answered to
"Was this page helpful?", with a page listing each page's comments.

Every figure is a subquery on the page row, so the report takes the same number of queries
whatever the number of pages. Its hooks are registered when this module is imported (see
packets.wagtail_hooks).
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import F
from django.shortcuts import get_object_or_404
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic import PermissionCheckedMixin
from wagtail.admin.views.reports import ReportView
from wagtail.permission_policies.pages import PagePermissionPolicy

from content.selectors import education_pages
from packets.selectors import education_pages_with_packet_figures, page_comments

COMMENTS_PER_PAGE = 25
# Anyone who may edit pages may see this report (as content.reports.EducationReportView).
PAGE_EDITING = ["add", "change", "publish"]


def _rate(page) -> str:
    return "—" if page.helpful_rate is None else f"{page.helpful_rate:.1f}%"


def _rounded(value):
    return None if value is None else round(value, 1)


class CommentsColumn(Column):
    """The number of comments, linking to the page that lists them."""

    cell_template_name = "packets/reports/comments_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["comments_url"] = reverse("packet_reports:page_comments", args=[instance.pk])
        return context


class PacketFeedbackReportView(ReportView):
    page_title = _("Education pages: packets and feedback")
    header_icon = "doc-full"
    template_name = "packets/reports/pages_report.html"
    index_url_name = "packet_reports:pages"
    index_results_url_name = "packet_reports:pages_results"
    permission_policy = PagePermissionPolicy()
    any_permission_required = PAGE_EDITING
    default_ordering = "title"
    export_filename = "education-pages-packets-feedback"

    @property
    def columns(self):
        return [
            TitleColumn("title", label=_("Page"), url_name="wagtailadmin_pages:edit", sort_key="title"),
            Column(
                "language",
                label=_("Language"),
                accessor="locale.language_code",
                sort_key="locale__language_code",
            ),
            Column("times_sent", label=_("Times sent in a packet"), sort_key="times_sent"),
            Column("times_opened", label=_("Times opened from a packet"), sort_key="times_opened"),
            Column("total_opens", label=_("Opens in all"), sort_key="total_opens"),
            Column("helpful_rate", label=_("Found it helpful"), accessor=_rate, sort_key="helpful_rate"),
            Column("helpful_answers", label=_("Feedback answers"), sort_key="helpful_answers"),
            CommentsColumn("comments", label=_("Comments"), sort_key="comments"),
        ]

    list_export = [
        "title",
        "locale.language_code",
        "times_sent",
        "times_opened",
        "total_opens",
        "helpful_rate",
        "helpful_answers",
        "comments",
    ]
    export_headings = {
        "title": _("Page"),
        "locale.language_code": _("Language"),
        "times_sent": _("Times sent in a packet"),
        "times_opened": _("Times opened from a packet"),
        "total_opens": _("Opens in all"),
        "helpful_rate": _("Found it helpful (%)"),
        "helpful_answers": _("Feedback answers"),
        "comments": _("Comments"),
    }
    custom_field_preprocess = {
        "helpful_rate": {ReportView.FORMAT_CSV: _rounded, ReportView.FORMAT_XLSX: _rounded},
    }

    def get_base_queryset(self):
        return education_pages_with_packet_figures()

    def order_queryset(self, queryset):
        """The chosen column (pages without a figure last either way), then by title."""
        ordering = self.ordering or self.default_ordering
        name = ordering.removeprefix("-")
        column = F(name).desc(nulls_last=True) if ordering.startswith("-") else F(name).asc(nulls_last=True)
        return queryset.order_by(column, "title", "pk")


class PageCommentsView(PermissionCheckedMixin, TemplateView):
    """The comments readers left on one education page (anonymous: nothing else is kept)."""

    template_name = "packets/reports/page_comments.html"
    permission_policy = PagePermissionPolicy()
    any_permission_required = PAGE_EDITING

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = get_object_or_404(education_pages(), pk=self.kwargs["pk"])
        paginator = Paginator(page_comments(page=page), COMMENTS_PER_PAGE)
        context.update(
            page=page,
            page_obj=paginator.get_page(self.request.GET.get("p")),
            report_url=reverse("packet_reports:pages"),
        )
        return context


def _report_patterns():
    return [
        path("", PacketFeedbackReportView.as_view(), name="pages"),
        path("results/", PacketFeedbackReportView.as_view(results_only=True), name="pages_results"),
        path("<int:pk>/comments/", PageCommentsView.as_view(), name="page_comments"),
    ]


@hooks.register("register_admin_urls")
def packet_report_urls():
    return [path("packet-reports/", include((_report_patterns(), "packet_reports")))]


class _PageEditorsMenuItem(MenuItem):
    def is_shown(self, request):
        return PagePermissionPolicy().user_has_any_permission(request.user, PAGE_EDITING)


@hooks.register("register_reports_menu_item")
def packet_report_menu_item():
    return _PageEditorsMenuItem(
        _("Pages in packets"), reverse("packet_reports:pages"), icon_name="doc-full", order=902
    )
