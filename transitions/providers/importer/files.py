"""The files of Medicare's Provider Data Catalog the portal reads, each as CMS publishes it.

A file is known by its header row. Each column the portal uses has one internal name and
every header name CMS has given it across releases (the nursing-home file's "Federal
Provider Number" became "CMS Certification Number (CCN)", "Provider City" became
"City/Town" …), so a renamed column maps onto the same field. The header rows these names
come from, with the release each was seen in, are kept in tests/transitions/cms/.

Two shapes: *wide* files have one row per provider and a column per measure; *long* files
have one row per provider and measure, with CMS's measure code in a column. The IRF and LTCH
files share one header; their measure codes (``I_…`` and ``L_…``) tell them apart.

None of these provider files gives a national average (CMS publishes those in separate
"National" files), so a measure's national average is left as it is stored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from transitions.models import FACILITY_KINDS, PROVIDER_FILE_KINDS

WIDE = "wide"
LONG = "long"

CCN = ("CMS Certification Number (CCN)", "Federal Provider Number")
STATE = ("State", "Provider State")
ADDRESS_LINES = {"address": ("Address Line 1",), "address_2": ("Address Line 2",)}
PLACE = {
    "city": ("City/Town", "City", "Provider City"),
    "state": STATE,
    "zip_code": ("ZIP Code", "ZIP", "Provider Zip Code"),
    "phone": ("Telephone Number", "Phone", "Provider Phone Number"),
}


@dataclass(frozen=True)
class FileSpec:
    kind: str  # one of PROVIDER_FILE_KINDS
    provider_kind: str  # the Facility.kind of the providers it lists
    shape: str
    example_name: str  # how CMS names the file, for messages
    columns: dict[str, tuple[str, ...]]  # internal field -> header names across releases
    required: tuple[str, ...]  # the fields whose columns make the file this one
    # Wide files: internal measure code -> (value field, footnote field or "").
    measures: dict[str, tuple[str, str]] = field(default_factory=dict)
    # Long files: CMS measure code -> internal measure code, and the prefix of CMS's codes.
    measure_codes: dict[str, str] = field(default_factory=dict)
    code_prefix: str = ""
    creates_providers: bool = True  # False: it only adds measures to providers already listed

    @property
    def title(self) -> str:
        return str(dict(PROVIDER_FILE_KINDS)[self.kind])

    @property
    def provider_kind_label(self) -> str:
        return provider_kind_label(self.provider_kind)


NURSING_HOMES = FileSpec(
    kind="nh_provider_info",
    provider_kind="snf",
    shape=WIDE,
    example_name="NH_ProviderInfo_Aug2024.csv",
    columns={
        "ccn": CCN,
        "name": ("Provider Name",),
        "address": ("Provider Address",),
        **PLACE,
        "ownership": ("Ownership Type",),
        "latitude": ("Latitude",),
        "longitude": ("Longitude",),
        "processing_date": ("Processing Date",),
        "overall_rating": ("Overall Rating",),
        "overall_rating_footnote": ("Overall Rating Footnote",),
        "inspection_rating": ("Health Inspection Rating",),
        "inspection_rating_footnote": ("Health Inspection Rating Footnote",),
        "staffing_rating": ("Staffing Rating",),
        "staffing_rating_footnote": ("Staffing Rating Footnote",),
        "quality_rating": ("QM Rating",),
        "quality_rating_footnote": ("QM Rating Footnote",),
        "certified_beds": ("Number of Certified Beds",),
        "abuse_icon": ("Abuse Icon",),
    },
    required=("ccn", "name", "overall_rating", "staffing_rating"),
    measures={
        "overall_rating": ("overall_rating", "overall_rating_footnote"),
        "inspection_rating": ("inspection_rating", "inspection_rating_footnote"),
        "staffing_rating": ("staffing_rating", "staffing_rating_footnote"),
        "quality_rating": ("quality_rating", "quality_rating_footnote"),
        "certified_beds": ("certified_beds", ""),
        "abuse_icon": ("abuse_icon", ""),
    },
)

HOME_HEALTH = FileSpec(
    kind="hh_agencies",
    provider_kind="home_health",
    shape=WIDE,
    example_name="HH_Provider_Jan2023.csv",
    columns={
        "ccn": CCN,
        "name": ("Provider Name",),
        "address": ("Address",),
        **PLACE,
        "ownership": ("Type of Ownership",),
        "patient_care_rating": ("Quality of patient care star rating",),
        "patient_care_rating_footnote": ("Footnote for quality of patient care star rating",),
    },
    required=("ccn", "name", "patient_care_rating"),
    measures={"patient_care_rating": ("patient_care_rating", "patient_care_rating_footnote")},
)

HOME_HEALTH_SURVEY = FileSpec(
    kind="hh_cahps",
    provider_kind="home_health",
    shape=WIDE,
    example_name="HHCAHPS_Provider_Jan2023.csv",
    columns={
        "ccn": CCN,
        "patient_survey_rating": ("HHCAHPS Survey Summary Star Rating",),
        "patient_survey_rating_footnote": ("HHCAHPS Survey Summary Star Rating Footnote",),
    },
    required=("ccn", "patient_survey_rating"),
    measures={"patient_survey_rating": ("patient_survey_rating", "patient_survey_rating_footnote")},
    creates_providers=False,
)

_LONG_COLUMNS = {
    "ccn": CCN,
    "name": ("Provider Name",),
    **ADDRESS_LINES,
    **PLACE,
    "measure_code": ("Measure Code",),
    "score": ("Score",),
    "footnote": ("Footnote",),
}

REHABILITATION = FileSpec(
    kind="irf",
    provider_kind="irf",
    shape=LONG,
    example_name="Inpatient_Rehabilitation_Facility-Provider_Data_Sep2025.csv",
    columns=_LONG_COLUMNS,
    required=("ccn", "name", "measure_code", "score"),
    measure_codes={
        "I_019_02_DTC_RS_RATE": "discharge_to_community",
        "I_013_01_OBS_RATE": "falls_major_injury",
    },
    code_prefix="I_",
)

LONG_TERM_CARE_HOSPITALS = FileSpec(
    kind="ltch",
    provider_kind="ltach",
    shape=LONG,
    example_name="Long-Term_Care_Hospital-Provider_Data_Sep2025.csv",
    columns=_LONG_COLUMNS,
    required=("ccn", "name", "measure_code", "score"),
    measure_codes={"L_018_02_DTC_RS_RATE": "discharge_to_community"},
    code_prefix="L_",
)

HOSPICES = FileSpec(
    kind="hospice",
    provider_kind="hospice",
    shape=LONG,
    example_name="Hospice_Provider_Aug2024.csv",
    columns={**_LONG_COLUMNS, "name": ("Facility Name",), "measure_name": ("Measure Name",)},
    required=("ccn", "name", "measure_code", "score", "measure_name"),
    measure_codes={"H_012_00_OBSERVED": "hospice_care_index"},
    code_prefix="H_",
)

SPECS = [NURSING_HOMES, HOME_HEALTH, HOME_HEALTH_SURVEY, REHABILITATION, LONG_TERM_CARE_HOSPITALS, HOSPICES]
SPECS_BY_KIND = {spec.kind: spec for spec in SPECS}

# What a person names on the command line or in the form: the kind of provider.
FILES_FOR_PROVIDER_KIND = {
    "snf": (NURSING_HOMES,),
    "home_health": (HOME_HEALTH, HOME_HEALTH_SURVEY),
    "irf": (REHABILITATION,),
    "ltach": (LONG_TERM_CARE_HOSPITALS,),
    "hospice": (HOSPICES,),
}


def header_key(name: str) -> str:
    """A header name as compared: without a byte-order mark, spaces collapsed, any case
    (CMS has changed the capitals of a column between releases)."""
    return re.sub(r"\s+", " ", name.replace("\ufeff", "")).strip().casefold()


def header_map(spec: FileSpec, header: list[str]) -> dict[str, int]:
    """Each of ``spec``'s fields found in ``header``, with its position."""
    positions = {header_key(name): index for index, name in reversed(list(enumerate(header)))}
    found = {}
    for field_name, names in spec.columns.items():
        for name in names:
            if header_key(name) in positions:
                found[field_name] = positions[header_key(name)]
                break
    return found


def specs_matching(header: list[str]) -> list[tuple[FileSpec, dict[str, int]]]:
    """The known files whose required columns are all in ``header``, with their column maps
    (two when the header is the one the IRF and LTCH files share)."""
    matches = []
    for spec in SPECS:
        columns = header_map(spec, header)
        if all(name in columns for name in spec.required):
            matches.append((spec, columns))
    return matches


def column_name(spec: FileSpec, header: list[str], field_name: str) -> str:
    """The header's own name for ``field_name`` (for messages), or CMS's latest name."""
    index = header_map(spec, header).get(field_name)
    return header[index].strip().lstrip("\ufeff") if index is not None else spec.columns[field_name][0]


def known_files_text() -> str:
    return ", ".join(f"{spec.title} ({spec.example_name})" for spec in SPECS)


def provider_kind_label(kind: str) -> str:
    return str(dict(FACILITY_KINDS).get(kind, kind))
