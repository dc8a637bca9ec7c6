"""Facilities and the post-acute providers in the directory, the care transitions liaisons
record, Medicare's quality data for providers, and each patient's choice list."""

from transitions.models.choices import RADIUS_CHOICES, ChoiceList, ChoiceListEntry, ChoiceListShare
from transitions.models.facilities import (
    CARE_COMPARE_PATHS,
    FACILITY_KINDS,
    PROVIDER_KINDS,
    Facility,
)
from transitions.models.providers import PROVIDER_FILE_KINDS, ProviderDataRelease, ProviderMeasure
from transitions.models.transitions import DESTINATION_KINDS, CareTransition, EmailOptOut

__all__ = [
    "CARE_COMPARE_PATHS",
    "DESTINATION_KINDS",
    "FACILITY_KINDS",
    "PROVIDER_FILE_KINDS",
    "PROVIDER_KINDS",
    "RADIUS_CHOICES",
    "CareTransition",
    "ChoiceList",
    "ChoiceListEntry",
    "ChoiceListShare",
    "EmailOptOut",
    "Facility",
    "ProviderDataRelease",
    "ProviderMeasure",
]
