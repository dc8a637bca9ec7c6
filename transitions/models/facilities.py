"""Facilities: the organization's hospitals and the post-acute providers patients move to.

A receiving facility and a provider in the "Find a place of care" directory are the same row:
providers imported from Medicare's Provider Data Catalog carry their certification number
(CCN), address, location and ownership, so a move recorded to one is a move to the other and
the dashboard can put Medicare's ratings beside the organization's own survey results.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from transitions.providers.geo import zip_location, zip_normalised

FACILITY_KINDS = [
    ("hospital", _("Hospital")),
    ("snf", _("Skilled nursing facility")),
    ("irf", _("Inpatient rehabilitation facility")),
    ("home_health", _("Home health agency")),
    ("hospice", _("Hospice")),
    ("ltach", _("Long-term acute care hospital")),
]
# The kinds of post-acute care a patient chooses among (42 CFR 482.43(c)), with the path of
# each on Medicare's Care Compare site.
PROVIDER_KINDS = ["snf", "home_health", "irf", "ltach", "hospice"]
CARE_COMPARE_PATHS = {
    "snf": "nursing-home",
    "home_health": "home-health",
    "irf": "inpatient-rehabilitation",
    "ltach": "long-term-care-hospital",
    "hospice": "hospice",
}
CARE_COMPARE_BASE = "https://www.medicare.gov/care-compare/details"


class Facility(models.Model):
    # Operational rows: Wagtail's reference index (page usage) need not track them.
    wagtail_reference_index_ignore = True
    LOCATION_FROM_FILE = "file"
    LOCATION_FROM_ZIP = "zip"
    LOCATION_SOURCES = [
        (LOCATION_FROM_FILE, _("From the data file")),
        (LOCATION_FROM_ZIP, _("Centre of the ZIP code")),
    ]

    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=20, choices=FACILITY_KINDS)
    active = models.BooleanField(_("active"), default=True)
    liaisons = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="facilities",
        verbose_name=_("liaisons"),
        help_text=_("Staff who see this facility's transitions, invitations and responses."),
    )
    ccn = models.CharField(
        _("Medicare certification number (CCN)"),
        max_length=10,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Six characters, as on Medicare's Care Compare, e.g. 215012."),
    )
    address = models.CharField(_("street address"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=80, blank=True)
    state = models.CharField(_("state"), max_length=2, blank=True)
    zip_code = models.CharField(_("ZIP code"), max_length=10, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    location_source = models.CharField(
        _("where the location comes from"), max_length=4, choices=LOCATION_SOURCES, blank=True
    )
    ownership = models.CharField(_("ownership"), max_length=80, blank=True)
    affiliated = models.BooleanField(
        _("affiliated with our organization"),
        default=False,
        help_text=_(
            "Tick when the organization has a financial interest in this provider: families "
            "are told so wherever it is listed."
        ),
    )

    class Meta:
        db_table = "surveys_facility"  # the table it had in the surveys app
        verbose_name = _("facility")
        verbose_name_plural = _("facilities")
        ordering = ["name"]
        indexes = [
            # The directory search's bounding box: kind first, then the latitude range.
            models.Index(fields=["kind", "latitude", "longitude"], name="facility_kind_location"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        super().clean()
        if self.zip_code and not zip_normalised(self.zip_code):
            raise ValidationError({"zip_code": _("Enter a US ZIP code: five digits, such as 21201.")})
        if self.zip_code and (self.latitude is None or self.longitude is None):
            # Placed at the centre of its ZIP code until a data file gives its own location.
            location = zip_location(self.zip_code)
            if location is not None:
                self.latitude, self.longitude = location
                self.location_source = self.LOCATION_FROM_ZIP

    @property
    def care_compare_url(self) -> str:
        """This provider's page on Medicare's Care Compare, or "" when it has no CCN."""
        path = CARE_COMPARE_PATHS.get(self.kind)
        if not (self.ccn and path):
            return ""
        return f"{CARE_COMPARE_BASE}/{path}/{self.ccn}"

    @property
    def address_line(self) -> str:
        place = ", ".join(part for part in (self.city, f"{self.state} {self.zip_code}".strip()) if part)
        return ", ".join(part for part in (self.address, place) if part)
