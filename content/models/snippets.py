"""Conditions (with their standard codes) and glossary terms: translatable snippets."""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import Orderable, TranslatableMixin
from wagtail.search import index

ICD10CM = "icd10cm"
SNOMEDCT = "snomedct"
# HL7 OIDs used by Infobutton requests for each code system.
CODE_SYSTEM_OIDS = {"2.16.840.1.113883.6.90": ICD10CM, "2.16.840.1.113883.6.96": SNOMEDCT}
CODE_PATTERNS = {
    ICD10CM: re.compile(r"^[A-TV-Z][0-9][0-9AB](\.[0-9A-TV-Z]{1,4})?$"),
    SNOMEDCT: re.compile(r"^[0-9]{6,18}$"),
}


class Condition(TranslatableMixin, index.Indexed, ClusterableModel):
    """A health condition that education pages are about, with its ICD-10-CM/SNOMED codes."""

    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("short description"), blank=True, max_length=300)

    panels = [FieldPanel("name"), FieldPanel("description"), InlinePanel("codes", label=_("Codes"))]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("condition")
        verbose_name_plural = _("conditions")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ConditionCode(Orderable):
    condition = ParentalKey(Condition, on_delete=models.CASCADE, related_name="codes")
    system = models.CharField(
        _("code system"),
        max_length=10,
        choices=[(ICD10CM, "ICD-10-CM"), (SNOMEDCT, "SNOMED CT")],
    )
    code = models.CharField(_("code"), max_length=20)

    class Meta(Orderable.Meta):
        verbose_name = _("condition code")
        indexes = [models.Index(fields=["system", "code"])]

    def clean(self) -> None:
        self.code = (self.code or "").strip().upper()
        if self.system in CODE_PATTERNS and not CODE_PATTERNS[self.system].match(self.code):
            raise ValidationError({"code": _("This is not a valid code for the chosen code system.")})

    def __str__(self) -> str:
        return f"{self.get_system_display()} {self.code}"


class GlossaryTerm(TranslatableMixin, index.Indexed, models.Model):
    """A word explained in plain language, shown beside pages that use it."""

    term = models.CharField(_("term"), max_length=80)
    definition = models.TextField(_("definition"), max_length=400)

    panels = [FieldPanel("term"), FieldPanel("definition")]
    search_fields = [index.SearchField("term"), index.SearchField("definition")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary")
        ordering = ["term"]

    def __str__(self) -> str:
        return self.term
