"""The audit-log entry of a Medicare data import, read as a sentence: "Imported Medicare's
Nursing homes: Provider Information file NH_ProviderInfo_Aug2024.csv, data as of
2024-08-01: 12 providers added, 3 updated, 140 unchanged; 2 rows not imported."
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from wagtail import hooks
from wagtail.log_actions import LogFormatter

from transitions.models import PROVIDER_FILE_KINDS
from transitions.providers.importer.commit import PROVIDER_IMPORT


@hooks.register("register_log_actions")
def register_provider_import_action(actions):
    actions.register_action(PROVIDER_IMPORT)(ProviderImportFormatter)


class ProviderImportFormatter(LogFormatter):
    label = gettext_lazy("Import Medicare data")

    def format_message(self, log_entry):
        data = log_entry.data or {}
        message = _("Imported Medicare's %(file)s file %(name)s, data as of %(date)s") % {
            "file": dict(PROVIDER_FILE_KINDS).get(data.get("file_kind"), data.get("file_kind", "?")),
            "name": data.get("file_name") or "?",
            "date": data.get("released_on", "?"),
        }
        counts = [
            ngettext("%(count)s provider added", "%(count)s providers added", data.get("created", 0)),
            ngettext("%(count)s updated", "%(count)s updated", data.get("updated", 0)),
            ngettext("%(count)s unchanged", "%(count)s unchanged", data.get("unchanged", 0)),
        ]
        counts = [
            text % {"count": data.get(key, 0)}
            for text, key in zip(counts, ("created", "updated", "unchanged"), strict=True)
        ]
        message += ": " + ", ".join(counts)
        if data.get("rows_not_imported"):
            message += "; " + ngettext(
                "%(count)s row not imported", "%(count)s rows not imported", data["rows_not_imported"]
            ) % {"count": data["rows_not_imported"]}
        if data.get("actor"):
            message += " — " + _("by %(name)s") % {"name": data["actor"]}
        return message
