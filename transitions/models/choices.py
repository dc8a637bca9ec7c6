"""The patient's choice list: the places of care a liaison lists for one transition, with the
patient's goals, and a frozen copy of exactly what was shared each time it was shared.

A discharge plan must help the patient choose among post-acute providers using their quality
data, respect the patient's free choice and disclose the hospital's financial interests
(42 CFR 482.43(c)), and the hospital must be able to show later that it did. So a share
stores what the family saw, in their language, with the data as of its release: a later
import changes the directory, never a copy already shared.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from transitions.models.facilities import Facility
from transitions.models.transitions import CareTransition

RADIUS_CHOICES = [(5, _("5 miles")), (10, _("10 miles")), (25, _("25 miles")), (50, _("50 miles"))]


class ChoiceList(models.Model):
    wagtail_reference_index_ignore = True
    transition = models.OneToOneField(CareTransition, on_delete=models.CASCADE, related_name="choice_list")
    kind = models.CharField(_("kind of care"), max_length=20)
    zip_code = models.CharField(_("ZIP code to search from"), max_length=10)
    radius_miles = models.PositiveSmallIntegerField(_("distance"), choices=RADIUS_CHOICES, default=25)
    goals = models.TextField(
        _("the patient's goals and preferences"),
        blank=True,
        help_text=_("In the patient's words where you can: what matters to them in the next place of care."),
    )
    chosen_facility = models.ForeignKey(
        Facility,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("the patient's choice"),
    )
    chosen_reason = models.TextField(_("why they chose it"), blank=True)
    chosen_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("choice list")

    def __str__(self) -> str:
        return str(_("Choice list for %(reference)s") % {"reference": self.transition})


class ChoiceListEntry(models.Model):
    """A provider the liaison put on the list, or took off it, with the reason. A provider
    taken off stays here (``included`` false) so the record shows why."""

    wagtail_reference_index_ignore = True
    choice_list = models.ForeignKey(ChoiceList, on_delete=models.CASCADE, related_name="entries")
    facility = models.ForeignKey(Facility, on_delete=models.PROTECT, related_name="+")
    included = models.BooleanField(default=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["choice_list", "facility"], name="one_entry_per_provider"),
        ]

    def __str__(self) -> str:
        return f"{self.facility_id} ({'on the list' if self.included else 'taken off'})"


class ChoiceListShare(models.Model):
    """One time the list was shared with the patient (added to the education packet),
    frozen: ``snapshot`` holds every provider, measure, wording and release date as shown."""

    wagtail_reference_index_ignore = True
    choice_list = models.ForeignKey(ChoiceList, on_delete=models.CASCADE, related_name="shares")
    shared_at = models.DateTimeField(auto_now_add=True)
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    language = models.CharField(max_length=8)
    snapshot = models.JSONField()

    class Meta:
        ordering = ["-shared_at", "-pk"]
        get_latest_by = "shared_at"

    def __str__(self) -> str:
        return f"{self.choice_list_id} shared {self.shared_at:%Y-%m-%d %H:%M}"
