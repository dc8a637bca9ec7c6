"""Demo places of care: made-up providers around the demo organization (Baltimore, MD), in
Medicare's own file formats (demo/providers/, one file per Provider Data Catalog file, with
the header rows CMS publishes), imported through the real importer; and one worked choice
list, shared with its patient, on a demo transition.

The names, addresses, phone numbers (555-01xx), certification numbers and ratings are all
invented. The demo's receiving facilities get the numbers of their rows in the files, so the
import fills them in and the dashboard puts their ratings beside the demo's answers.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.core.files import File

from demo.responses import REFERENCE_PREFIX
from transitions.models import CareTransition, ChoiceList, Facility
from transitions.providers import importer
from transitions.providers.choices_services import (
    choice_entry_add,
    choice_entry_remove,
    choice_list_ensure,
    choice_list_share,
)
from transitions.providers.geo import zip_location
from transitions.providers.search import providers_near

FOLDER = Path(__file__).resolve().parent / "providers"
# The date the made-up data is "as of" for the files that carry no Processing Date.
RELEASED = dt.date(2026, 11, 1)
FILES = [
    ("snf", "NH_ProviderInfo_demo.csv"),
    ("home_health", "HH_Provider_demo.csv"),
    ("home_health", "HHCAHPS_Provider_demo.csv"),
    ("irf", "IRF_Provider_Data_demo.csv"),
    ("ltach", "LTCH_Provider_Data_demo.csv"),
    ("hospice", "Hospice_Provider_demo.csv"),
]
# The demo facilities (demo.surveys_seed.DEMO_FACILITIES) as the files list them.
DEMO_CCNS = {
    "Maple Grove Skilled Nursing": "215001",
    "Lakeside Rehabilitation Hospital": "213030",
    "Hometown Home Health": "217001",
    "Evergreen Hospice": "211510",
}
DEMO_HOSPITAL_PLACES = {
    "Riverside General Hospital": ("1200 Riverbend Avenue", "Baltimore", "MD", "21201"),
    "St. Anne's Community Hospital": ("7500 York Road", "Towson", "MD", "21204"),
}
AFFILIATED_CCN = "215002"  # the organization's own transitional care unit: disclosed
CHOICE_GOALS = (
    "Wants to be near her daughter in Towson. Needs physical therapy most days to walk again. "
    "Prefers a smaller place."
)


class DemoProviderError(RuntimeError):
    pass


def demo_places_ensure() -> None:
    """The demo facilities' numbers and the hospitals' addresses (the choice list starts from
    the hospital's ZIP code)."""
    for name, ccn in DEMO_CCNS.items():
        if not Facility.objects.filter(ccn=ccn).exists():
            Facility.objects.filter(name=name, ccn__isnull=True).update(ccn=ccn)
    for name, (address, city, state, zip_code) in DEMO_HOSPITAL_PLACES.items():
        latitude, longitude = zip_location(zip_code)
        Facility.objects.filter(name=name, zip_code="").update(
            address=address,
            city=city,
            state=state,
            zip_code=zip_code,
            latitude=latitude,
            longitude=longitude,
            location_source=Facility.LOCATION_FROM_ZIP,
        )


def demo_providers_import() -> int:
    """Import every demo file (a second run changes nothing); returns the providers listed."""
    for kind, name in FILES:
        path = FOLDER / name
        with path.open("rb") as handle:
            provider_file = importer.read_upload(
                File(handle, name=name), provider_kind=kind, released=RELEASED, file_name=name
            )
        check = importer.provider_file_check(provider_file)
        if check.problems:
            raise DemoProviderError(f"{name}: {check.problems[0].message}")
        importer.provider_file_import(provider_file=provider_file, actor="seed_demo")
    Facility.objects.filter(ccn=AFFILIATED_CCN).update(affiliated=True)
    return Facility.objects.filter(ccn__isnull=False).count()


def demo_choice_list_seed() -> ChoiceList | None:
    """A worked choice list on the first demo move to a nursing home that has an education
    packet and a liaison: the four nearest homes, one taken off with the reason, shared."""
    transition = (
        CareTransition.objects.filter(
            external_reference__startswith=REFERENCE_PREFIX,
            destination_kind="snf",
            liaison__isnull=False,
            packet__isnull=False,
            contact_erased_at__isnull=True,
            discharging_facility__zip_code__gt="",
        )
        .select_related("discharging_facility", "liaison")
        .order_by("external_reference")
        .first()
    )
    if transition is None or ChoiceList.objects.filter(transition=transition).exists():
        return None
    liaison = transition.liaison
    choice_list = choice_list_ensure(transition=transition, user=liaison)
    choice_list.goals = CHOICE_GOALS
    choice_list.save(update_fields=["goals"])
    hospital = transition.discharging_facility
    nearby = providers_near(
        kind="snf",
        latitude=hospital.latitude,
        longitude=hospital.longitude,
        radius_miles=choice_list.radius_miles,
    )
    for found in nearby[:5]:
        choice_entry_add(choice_list=choice_list, facility=found.facility, user=liaison)
    if len(nearby) >= 5:
        choice_entry_remove(
            choice_list=choice_list,
            facility=nearby[4].facility,
            user=liaison,
            reason="No physical therapy on weekends, which she needs.",
        )
    choice_list_share(choice_list=choice_list, user=liaison)
    return choice_list
