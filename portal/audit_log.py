"""Reports → Site history, scoped to the records each person may see.

Wagtail shows every log entry of a model to anyone who holds any permission on that model,
so a liaison who may add care transitions would read every hospital's transitions there.
Wagtail offers no hook to narrow that list, so this view is Wagtail's own with one more
step: each function registered under the ``scope_log_entries`` hook narrows every log
model's entries for the signed-in user (the apps that own the records register theirs;
see surveys.wagtail_hooks). The listing, its results and its CSV/XLSX exports all read
this queryset. portal.urls serves it at Wagtail's own address, ahead of Wagtail's view.

The CSV/XLSX exports carry what the listing's "Action" column shows, the entry read as a
sentence (an export's format, filters and row count; a follow-up's statuses), next to
Wagtail's action type.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.views.reports.audit_logging import LogEntriesView


class ScopedLogEntriesView(LogEntriesView):
    list_export = [*LogEntriesView.list_export[:4], "message", *LogEntriesView.list_export[4:]]
    export_headings = {**LogEntriesView.export_headings, "message": _("Action")}

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        for scope in hooks.get_hooks("scope_log_entries"):
            queryset = scope(queryset=queryset, user=self.request.user)
        return queryset
