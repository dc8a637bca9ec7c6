"""The choice list as the patient sees it, as plain data: what the print view shows, and
what a share keeps frozen (``ChoiceListShare.snapshot``).

Every word is written out in the active language when the snapshot is made (labels, ratings
in words, explanations, national averages, dates), and every provider's details are copied:
the snapshot never points back at a provider or a measure, so a later import of Medicare's
data, a renamed provider or a reworded measure leaves a copy already shared as it was. The
templates that show it (templates/transitions/choices/) read only this dictionary.

Shape (``version`` 1)::

    {"version": 1, "language": "es", "kind": "snf", "kind_label": "...", "zip_code": "...",
     "radius_miles": 25, "goals": "...", "organization": "...", "free_choice": "...",
     "providers": [{"name", "address", "phone", "distance" (words), "distance_miles",
                    "ccn", "care_compare_url", "affiliated", "affiliation" (the disclosure),
                    "data_as_of", "measures": [{"code", "label", "explanation", "value",
                    "stars", "average", "released_on" (ISO date), "released_on_shown"}]}],
     "sources": [{"name", "released_on", "released_on_shown"}]}
"""

from __future__ import annotations

import datetime as dt

from django.utils import formats, translation
from django.utils.translation import gettext as _

from portal.selectors import organization_for
from transitions.models import FACILITY_KINDS, PROVIDER_FILE_KINDS, ChoiceList
from transitions.providers.search import ProviderFound

SNAPSHOT_VERSION = 1
CARE_COMPARE_NAME = "Medicare Care Compare"


def _date_shown(value: dt.date | None) -> str:
    return formats.date_format(value, "DATE_FORMAT") if value else ""


def affiliation_disclosure(*, organization: str) -> str:
    """What a family is told about a provider the organization has a financial interest in."""
    # The words of the public search's disclosure; the list says once, in ``free_choice``,
    # that the patient may choose any provider.
    return _("%(organization)s has a financial interest in this provider.") % {"organization": organization}


def provider_shown(found: ProviderFound, *, organization: str) -> dict:
    """One provider of the list, every word in the active language."""
    facility = found.facility
    measures = []
    for item in found.measures_shown():
        released_on = item.pop("released_on")
        measures.append(
            {
                **item,
                "released_on": released_on.isoformat() if released_on else "",
                "released_on_shown": _date_shown(released_on),
            }
        )
    return {
        "name": facility.name,
        "address": facility.address_line,
        "phone": facility.phone,
        "distance_miles": round(found.distance_miles, 1) if found.distance_miles is not None else None,
        "distance": found.distance_words,
        "ccn": facility.ccn or "",
        "care_compare_url": facility.care_compare_url,
        "affiliated": facility.affiliated,
        "affiliation": affiliation_disclosure(organization=organization) if facility.affiliated else "",
        "data_as_of": _date_shown(found.data_as_of),
        "measures": measures,
    }


def sources_shown(providers: list[ProviderFound]) -> list[dict]:
    """Each Medicare file the shown measures came from, with its release date, oldest
    file kind first as PROVIDER_FILE_KINDS orders them."""
    names = dict(PROVIDER_FILE_KINDS)
    releases = {}
    for found in providers:
        for measure in found.measures.values():
            releases[measure.release_id] = measure.release
    order = [kind for kind, _label in PROVIDER_FILE_KINDS]
    shown = []
    for release in sorted(
        releases.values(), key=lambda release: (order.index(release.file_kind), release.released_on)
    ):
        shown.append(
            {
                "name": f"{CARE_COMPARE_NAME}: {names.get(release.file_kind, release.file_kind)}",
                "released_on": release.released_on.isoformat(),
                "released_on_shown": _date_shown(release.released_on),
            }
        )
    return shown


def choice_list_snapshot(*, choice_list: ChoiceList, providers: list[ProviderFound]) -> dict:
    """The list with ``providers`` (its included entries, as the selectors load them) as
    plain data, in the active language."""
    language = translation.get_language()
    organization = organization_for(language=language).name
    return {
        "version": SNAPSHOT_VERSION,
        "language": language,
        "kind": choice_list.kind,
        "kind_label": str(dict(FACILITY_KINDS).get(choice_list.kind, choice_list.kind)),
        "zip_code": choice_list.zip_code,
        "radius_miles": choice_list.radius_miles,
        "goals": choice_list.goals,
        "organization": organization,
        "free_choice": _(
            "You choose where you go next. You may pick any place of care that can take you, "
            "on this list or not."
        ),
        "providers": [provider_shown(found, organization=organization) for found in providers],
        "sources": sources_shown(providers),
    }
