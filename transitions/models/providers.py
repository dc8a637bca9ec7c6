"""Medicare's quality data for post-acute providers, as imported from its Provider Data
Catalog: one row per file imported (its release), one row per provider and measure.

A measure keeps the value of the latest release imported; what a family was shown earlier
is kept whole in the choice list's frozen copy (transitions.models.choices), not here.
Measure codes are the portal's own (transitions.providers.measures), so renamed columns
across CMS releases map onto one code.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from transitions.models.facilities import Facility

PROVIDER_FILE_KINDS = [
    ("nh_provider_info", _("Nursing homes: Provider Information")),
    ("hh_agencies", _("Home Health Care Agencies")),
    ("hh_cahps", _("Home health patient survey (HHCAHPS)")),
    ("irf", _("Inpatient Rehabilitation Facility provider data")),
    ("ltch", _("Long-Term Care Hospital provider data")),
    ("hospice", _("Hospice provider data")),
]


class ProviderDataRelease(models.Model):
    """One file imported from Medicare's Provider Data Catalog."""

    wagtail_reference_index_ignore = True
    file_kind = models.CharField(_("file"), max_length=20, choices=PROVIDER_FILE_KINDS)
    released_on = models.DateField(_("data as of"))
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    imported_at = models.DateTimeField(_("imported"), auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("Medicare data release")
        verbose_name_plural = _("Medicare data releases")
        ordering = ["-released_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_file_kind_display()} ({self.released_on:%Y-%m-%d})"


class ProviderMeasure(models.Model):
    """One measure of one provider as the latest release gave it: a number where the file
    has one, else the file's own words (e.g. "Not Available") in ``text``."""

    wagtail_reference_index_ignore = True
    facility = models.ForeignKey(Facility, on_delete=models.CASCADE, related_name="measures")
    code = models.CharField(_("measure"), max_length=40)
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=4, null=True, blank=True)
    text = models.CharField(_("as the file gives it"), max_length=120, blank=True)
    national_average = models.DecimalField(
        _("national average"), max_digits=12, decimal_places=4, null=True, blank=True
    )
    footnote = models.CharField(_("footnote"), max_length=120, blank=True)
    release = models.ForeignKey(ProviderDataRelease, on_delete=models.PROTECT, related_name="measures")

    class Meta:
        verbose_name = _("provider measure")
        constraints = [
            models.UniqueConstraint(fields=["facility", "code"], name="one_measure_per_provider"),
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.value if self.value is not None else self.text}"
