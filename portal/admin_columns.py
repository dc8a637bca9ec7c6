"""Listing columns shared by the apps' admin views."""

from __future__ import annotations

from django.utils.text import capfirst
from django.utils.translation import gettext
from wagtail.admin.ui.tables import Column


class YesNoColumn(Column):
    """A true/false field shown as "Yes" or "No" in the admin's language. A field named in
    ``list_display`` shows Python's "True"/"False", and Wagtail's BooleanColumn a tick or a
    cross whose only text is that same English word."""

    def __init__(self, name: str, *, model, **kwargs):
        kwargs.setdefault("label", capfirst(model._meta.get_field(name).verbose_name))
        kwargs.setdefault("sort_key", name)
        super().__init__(name, **kwargs)

    def get_value(self, instance):
        value = super().get_value(instance)
        if value is None:
            return ""
        return gettext("Yes") if value else gettext("No")
