"""Admin reports: education pages by reading grade, and by clinical review date."""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.permission_policies.pages import PagePermissionPolicy

from content.selectors import education_pages_by_grade, education_pages_review_due
from content.services import REVIEW_NOTICE_DAYS


class EducationReportView(ReportView):
    header_icon = "doc-full"
    # Anyone who may edit pages may see these (the pages themselves are public).
    permission_policy = PagePermissionPolicy()
    any_permission_required = ["add", "change", "publish"]

    @property
    def columns(self):
        return [
            TitleColumn("title", label=_("Page"), url_name="wagtailadmin_pages:edit"),
            Column("locale", label=_("Language"), accessor="locale.language_code"),
            Column("grade", label=_("Reading grade")),
            Column("sentence_words", label=_("Words per sentence")),
            Column("reviewed", label=_("Last reviewed")),
            Column("review_due", label=_("Next review due")),
        ]

    list_export = ["title", "grade", "sentence_words", "reviewed", "review_due"]
    export_headings = {
        "grade": _("Reading grade"),
        "sentence_words": _("Words per sentence"),
        "reviewed": _("Last reviewed"),
        "review_due": _("Next review due"),
    }


class ReadabilityReportView(EducationReportView):
    page_title = _("Readability of education pages")
    index_url_name = "content_reports:readability"
    index_results_url_name = "content_reports:readability_results"

    def get_queryset(self):
        return education_pages_by_grade()


class ReviewDueReportView(EducationReportView):
    page_title = _("Clinical reviews due in 30 days or overdue")
    index_url_name = "content_reports:review_due"
    index_results_url_name = "content_reports:review_due_results"

    def get_queryset(self):
        horizon = timezone.localdate() + dt.timedelta(days=REVIEW_NOTICE_DAYS)
        return education_pages_review_due(by=horizon)
