"""Importing Medicare's Provider Data Catalog files: each file CMS publishes (fixtures with
its real header row, tests/transitions/cms/), renamed columns across releases, re-imports,
bad files and rows, the command and the admin upload."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation
from wagtail.models import ModelLogEntry

from portal.roles import LIAISON, MANAGER
from tests.factories import staff
from transitions.models import Facility, ProviderDataRelease, ProviderMeasure
from transitions.providers import importer

pytestmark = pytest.mark.both_databases

FIXTURES = Path(__file__).parent / "cms"
SEPTEMBER = dt.date(2025, 9, 1)
# (fixture, kind of provider, file recognised, internal measures it gives)
FILES = [
    ("snf_jan2022.csv", "snf", "nh_provider_info", {"overall_rating", "staffing_rating", "abuse_icon"}),
    ("snf_aug2024.csv", "snf", "nh_provider_info", {"overall_rating", "quality_rating", "certified_beds"}),
    ("hh_jan2023.csv", "home_health", "hh_agencies", {"patient_care_rating"}),
    ("irf_sep2025.csv", "irf", "irf", {"discharge_to_community", "falls_major_injury"}),
    ("ltch_sep2025.csv", "ltach", "ltch", {"discharge_to_community"}),
    ("hospice_aug2024.csv", "hospice", "hospice", {"hospice_care_index"}),
]


def upload(name: str, content: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content if content is not None else (FIXTURES / name).read_bytes())


def read(name: str, kind: str, content: bytes | None = None, released: dt.date | None = SEPTEMBER):
    return importer.read_upload(upload(name, content), provider_kind=kind, released=released)


def imported(name: str, kind: str, content: bytes | None = None, **options) -> importer.ImportResult:
    return importer.provider_file_import(provider_file=read(name, kind, content, **options))


def edited(name: str, changes: dict[int, dict[str, str]], extra_rows: list[dict[str, str]] = ()) -> bytes:
    """The fixture with cells changed (data row index -> column -> value) and rows added,
    its header row kept byte for byte."""
    text = (FIXTURES / name).read_text(encoding="utf-8")
    header_line, _, body = text.partition("\n")
    header = next(csv.reader([header_line]))
    rows = [dict(zip(header, cells, strict=True)) for cells in csv.reader(io.StringIO(body))]
    for index, cells in changes.items():
        rows[index].update(cells)
    rows += [{**rows[0], **row} for row in extra_rows]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([[row[column] for column in header] for row in rows])
    return (header_line + "\n" + out.getvalue()).encode()


def measure(ccn: str, code: str) -> ProviderMeasure:
    return ProviderMeasure.objects.select_related("release").get(facility__ccn=ccn, code=code)


# --- every file CMS publishes that the portal reads --------------------------------------


@pytest.mark.parametrize(("name", "kind", "file_kind", "codes"), FILES)
def test_each_cms_file_is_recognised_by_its_header_and_imports(db, name, kind, file_kind, codes):
    provider_file = read(name, kind)
    assert provider_file.kind == file_kind

    result = importer.provider_file_import(provider_file=provider_file)

    assert result.created >= 2 and result.rows_not_imported == 0
    providers = Facility.objects.filter(kind=kind)
    assert providers.count() == result.created
    assert all(provider.ccn and provider.name and provider.zip_code for provider in providers)
    assert codes <= set(ProviderMeasure.objects.filter(facility__kind=kind).values_list("code", flat=True))


def test_the_home_health_survey_file_adds_its_star_rating_to_agencies_already_listed(db):
    imported("hh_jan2023.csv", "home_health")

    result = imported("hhcahps_jan2023.csv", "home_health")

    assert (result.created, result.updated) == (0, 3)
    assert measure("147901", "patient_survey_rating").value == 4
    not_available = measure("147903", "patient_survey_rating")
    assert (not_available.value, not_available.text, not_available.footnote) == (None, "Not Available", "12")


def test_the_home_health_survey_file_names_a_ccn_not_yet_in_the_directory(db):
    check = importer.provider_file_check(read("hhcahps_jan2023.csv", "home_health"))

    assert check.providers == []
    assert [(problem.row, problem.column) for problem in check.problems] == [
        (2, "CMS Certification Number (CCN)"),
        (3, "CMS Certification Number (CCN)"),
        (4, "CMS Certification Number (CCN)"),
    ]
    assert "Import Medicare's file that lists them first" in check.problems[0].message


def test_a_long_file_keeps_only_the_measures_the_portal_shows(db):
    provider_file = read("irf_sep2025.csv", "irf")

    assert (len(provider_file.rows), provider_file.rows_skipped) == (4, 1)  # I_017_01_PPR_PD_RSRR
    importer.provider_file_import(provider_file=provider_file)
    assert measure("143090", "discharge_to_community").value == Decimal("66.1")
    assert measure("143090", "falls_major_injury").value == Decimal("0.8")
    assert measure("143091", "discharge_to_community").text == "Not Available"


def test_a_value_keeps_its_digits_through_the_database(db):
    content = edited("irf_sep2025.csv", {0: {"Score": "100.0"}, 1: {"Score": "0.1234"}})

    imported("irf_sep2025.csv", "irf", content)

    assert measure("143090", "discharge_to_community").value == Decimal("100")
    assert measure("143090", "falls_major_injury").value == Decimal("0.1234")


def test_a_provider_with_none_of_the_measures_the_portal_shows_is_still_listed(db):
    content = edited(
        "hospice_aug2024.csv",
        {},
        extra_rows=[{"CMS Certification Number (CCN)": "141592", "Facility Name": "NEW HOPE HOSPICE"}],
    )  # one row, of H_001_01_OBSERVED, which the portal does not show

    result = imported("hospice_aug2024.csv", "hospice", content)

    assert result.created == 3
    assert Facility.objects.get(ccn="141592").name == "NEW HOPE HOSPICE"
    assert not ProviderMeasure.objects.filter(facility__ccn="141592").exists()


# --- releases and renamed columns ----------------------------------------------------------


def test_the_two_nursing_home_releases_map_their_renamed_columns_onto_the_same_fields(db):
    old, new = read("snf_jan2022.csv", "snf"), read("snf_aug2024.csv", "snf")
    assert "Federal Provider Number" in old.header and "CMS Certification Number (CCN)" in new.header
    assert "Provider City" in old.header and "City/Town" in new.header
    assert {"ccn", "city", "state", "zip_code", "phone"} <= set(old.fields) & set(new.fields)

    importer.provider_file_import(provider_file=old)
    home = Facility.objects.get(ccn="145901")
    assert (home.city, home.state, home.zip_code, home.phone) == ("CHICAGO", "IL", "60601", "312-555-0101")
    assert measure("145901", "overall_rating").value == 4

    result = importer.provider_file_import(provider_file=new)

    assert (result.created, result.updated) == (1, 2)  # 145904 is new; 145903 is not in August
    assert Facility.objects.filter(ccn="145901").count() == 1
    assert measure("145901", "overall_rating").value == 5
    assert measure("145901", "overall_rating").release.released_on == dt.date(2024, 8, 1)


def test_the_release_date_comes_from_the_processing_date_column(db):
    assert read("snf_jan2022.csv", "snf", released=None).released_on == dt.date(2022, 1, 1)
    assert read("snf_aug2024.csv", "snf", released=SEPTEMBER).released_on == dt.date(2024, 8, 1)


def test_a_file_without_a_processing_date_needs_the_date_it_is_as_of(db):
    with pytest.raises(importer.ProviderFileError) as refused:
        read("hh_jan2023.csv", "home_health", released=None)
    assert "does not say when Medicare released its data" in refused.value.message

    imported("hh_jan2023.csv", "home_health", released=dt.date(2023, 1, 1))
    assert ProviderDataRelease.objects.get().released_on == dt.date(2023, 1, 1)


def test_location_comes_from_the_file_where_it_has_one_else_from_the_zip_code(db):
    imported("snf_aug2024.csv", "snf")

    from_file = Facility.objects.get(ccn="145901")
    assert (from_file.latitude, from_file.longitude, from_file.location_source) == (41.8858, -87.6181, "file")
    from_zip = Facility.objects.get(ccn="145904")  # its Latitude and Longitude are empty
    assert from_zip.location_source == "zip"
    assert from_zip.latitude == pytest.approx(41.88, abs=0.1) and from_zip.longitude == pytest.approx(
        -87.8, abs=0.1
    )


# --- idempotent -----------------------------------------------------------------------------


def test_importing_the_same_file_twice_changes_nothing_the_second_time(db):
    first = imported("snf_aug2024.csv", "snf")
    before = list(ProviderMeasure.objects.order_by("pk").values_list("pk", "value", "text", "release_id"))
    facilities = list(Facility.objects.order_by("pk").values())

    second = imported("snf_aug2024.csv", "snf")

    assert (first.created, second.created, second.updated, second.unchanged) == (3, 0, 0, 3)
    assert second.measures_saved == 0
    assert ProviderDataRelease.objects.count() == 1
    assert (
        list(ProviderMeasure.objects.order_by("pk").values_list("pk", "value", "text", "release_id"))
        == before
    )
    assert list(Facility.objects.order_by("pk").values()) == facilities


def test_a_new_release_with_the_same_values_keeps_them_as_of_the_new_release(db):
    imported("snf_aug2024.csv", "snf")
    september = edited("snf_aug2024.csv", {row: {"Processing Date": "2024-09-01"} for row in range(3)})

    result = imported("snf_aug2024.csv", "snf", september)

    assert (result.created, result.updated, result.unchanged) == (0, 0, 3)
    assert ProviderDataRelease.objects.count() == 2
    assert measure("145902", "staffing_rating").release.released_on == dt.date(2024, 9, 1)


def test_a_preview_of_a_changed_file_names_what_changes(db):
    imported("snf_aug2024.csv", "snf")
    content = edited("snf_aug2024.csv", {0: {"Overall Rating": "3", "Telephone Number": "3125550199"}})

    check = importer.provider_file_check(read("snf_aug2024.csv", "snf", content))

    changed = [plan for plan in check.providers if plan.action == importer.CHANGED]
    assert [(plan.ccn, plan.changes) for plan in changed] == [("145901", ["phone", "Overall rating"])]
    assert (check.count(importer.UNCHANGED), check.count(importer.NEW)) == (2, 0)


def test_a_provider_listed_as_another_kind_is_not_changed_by_the_file(db):
    Facility.objects.create(name="General Hospital", kind="hospital", ccn="145901")

    check = importer.provider_file_check(read("snf_aug2024.csv", "snf"))

    assert [plan.ccn for plan in check.providers] == ["145902", "145904"]
    assert "listed as a hospital, not a skilled nursing facility" in check.problems[0].message


# --- bad files and rows -----------------------------------------------------------------------


def test_a_file_that_is_not_a_medicare_provider_file_is_refused_with_the_files_it_could_be(db):
    with pytest.raises(importer.ProviderFileError) as refused:
        read("discharges.csv", "snf", b"reference,first name,email\nA1,Ana,ana@example.org\n")

    message = refused.value.message
    assert message.startswith("This is not a Medicare provider file this portal knows")
    assert "“reference”" in message and "NH_ProviderInfo_Aug2024.csv" in message


def test_a_file_for_another_kind_of_provider_is_refused(db):
    with pytest.raises(importer.ProviderFileError) as refused:
        read("hh_jan2023.csv", "snf")

    assert refused.value.message == (
        "This is Medicare's Home Health Care Agencies file, for the kind “Home health agency”, not "
        "“Skilled nursing facility”. Choose “Home health agency”, or upload Medicare's Nursing homes: "
        "Provider Information file (NH_ProviderInfo_Aug2024.csv)."
    )


def test_the_irf_and_ltch_files_share_a_header_and_are_told_apart_by_their_measure_codes(db):
    with pytest.raises(importer.ProviderFileError) as refused:
        read("ltch_sep2025.csv", "irf")
    assert "Long-Term Care Hospital provider data" in refused.value.message


@pytest.mark.parametrize(
    ("cells", "column", "message"),
    [
        ({"CMS Certification Number (CCN)": ""}, "CMS Certification Number (CCN)", "The CCN is missing."),
        (
            {"CMS Certification Number (CCN)": "14-59"},
            "CMS Certification Number (CCN)",
            "“14-59” is not a CCN",
        ),
        (
            {"Overall Rating": "four"},
            "Overall Rating",
            "“four” is not a star rating: it should be a number from 1 to 5",
        ),
        ({"Staffing Rating": "7"}, "Staffing Rating", "7 is outside 1 to 5"),
        ({"Processing Date": "August 2024"}, "Processing Date", "“August 2024” is not a date."),
        ({"Abuse Icon": "maybe"}, "Abuse Icon", "“maybe” should be Y or N."),
    ],
)
def test_a_bad_cell_is_a_problem_on_its_row_and_column_and_the_row_is_left_out(db, cells, column, message):
    content = edited("snf_aug2024.csv", {1: cells})

    check = importer.provider_file_check(read("snf_aug2024.csv", "snf", content))

    assert [(problem.row, problem.column) for problem in check.problems] == [(3, column)]
    assert check.problems[0].message.startswith(message)
    assert "145902" not in {plan.ccn for plan in check.providers}
    assert len(check.providers) == 2


def test_a_ccn_twice_in_the_file_is_a_problem_on_the_second_row(db):
    content = edited("snf_aug2024.csv", {}, extra_rows=[{"Provider Name": "MAPLE GROVE AGAIN"}])

    check = importer.provider_file_check(read("snf_aug2024.csv", "snf", content))

    assert [(problem.row, problem.column) for problem in check.problems] == [
        (5, "CMS Certification Number (CCN)")
    ]
    assert check.problems[0].message == (
        "CCN 145901 is also on row 2. A provider may be in the file only once."
    )
    result = importer.provider_file_import(provider_file=read("snf_aug2024.csv", "snf", content))
    assert (result.created, result.rows_not_imported) == (3, 1)
    assert Facility.objects.get(ccn="145901").name == "MAPLE GROVE CARE CENTER"


def test_a_problem_in_the_old_release_names_the_column_as_that_release_calls_it(db):
    content = edited("snf_jan2022.csv", {0: {"Federal Provider Number": ""}})

    check = importer.provider_file_check(read("snf_jan2022.csv", "snf", content))

    assert [(problem.row, problem.column) for problem in check.problems] == [(2, "Federal Provider Number")]


# --- the audit log ------------------------------------------------------------------------------


def test_an_import_is_one_audit_entry_that_reads_as_a_sentence(db):
    user = staff(MANAGER)
    importer.provider_file_import(provider_file=read("snf_aug2024.csv", "snf"), user=user)

    entry = ModelLogEntry.objects.get(action=importer.PROVIDER_IMPORT)
    assert entry.user == user
    assert entry.message == (
        "Imported Medicare's Nursing homes: Provider Information file snf_aug2024.csv, data as of "
        "2024-08-01: 3 providers added, 0 updated, 0 unchanged"
    )


def test_the_audit_entry_reads_in_spanish_for_a_spanish_speaking_manager(db):
    importer.provider_file_import(provider_file=read("hh_jan2023.csv", "home_health"))
    entry = ModelLogEntry.objects.get(action=importer.PROVIDER_IMPORT)

    with translation.override("es"):
        message = entry.message

    assert message.startswith("Se importó el archivo de Medicare")
    assert message.endswith("3 proveedores agregados, 0 actualizados, 0 sin cambios")


# --- the command ------------------------------------------------------------------------------------


def test_the_command_previews_a_dry_run_without_saving(db):
    out = io.StringIO()

    call_command(
        "import_care_compare", "--kind", "snf", str(FIXTURES / "snf_aug2024.csv"), "--dry-run", stdout=out
    )

    text = out.getvalue()
    assert "Nursing homes: Provider Information, data as of 2024-08-01" in text
    assert "3 new, 0 changed, 0 unchanged" in text
    assert "Dry run: nothing was saved." in text
    assert not Facility.objects.exists()


def test_the_command_imports_and_reports_problem_rows(db, tmp_path):
    path = tmp_path / "NH_ProviderInfo_Aug2024.csv"
    path.write_bytes(edited("snf_aug2024.csv", {2: {"Overall Rating": "six"}}))
    out = io.StringIO()

    call_command("import_care_compare", "--kind", "snf", str(path), stdout=out)

    text = out.getvalue()
    assert "Row 4, Overall Rating: “six” is not a star rating" in text
    assert "Imported: 2 providers added, 0 updated, 0 unchanged; 1 row not imported." in text
    assert Facility.objects.filter(kind="snf").count() == 2
    assert ModelLogEntry.objects.get(action=importer.PROVIDER_IMPORT).data["actor"] == "import_care_compare"


def test_the_command_takes_the_release_date_for_a_file_without_one(db):
    path = str(FIXTURES / "irf_sep2025.csv")
    with pytest.raises(CommandError, match="does not say when Medicare released its data"):
        call_command("import_care_compare", "--kind", "irf", path, stdout=io.StringIO())

    call_command(
        "import_care_compare", "--kind", "irf", path, "--released", "2025-09-01", stdout=io.StringIO()
    )
    assert ProviderDataRelease.objects.get().released_on == SEPTEMBER


def test_the_command_refuses_a_file_for_another_kind(db):
    with pytest.raises(CommandError, match="Home Health Care Agencies file"):
        call_command(
            "import_care_compare", "--kind", "snf", str(FIXTURES / "hh_jan2023.csv"), stdout=io.StringIO()
        )


# --- the admin upload -----------------------------------------------------------------------------


@pytest.fixture
def manager(db):
    return staff(MANAGER, email="manager@example.org")


def test_a_manager_uploads_previews_and_confirms_an_import(client, manager):
    client.force_login(manager)
    url = reverse("provider_import:upload")
    assert client.get(url).status_code == 200

    response = client.post(url, {"kind": "snf", "file": upload("snf_aug2024.csv")})

    assert response.status_code == 302
    preview = client.get(response["Location"])
    assert preview.status_code == 200
    page = preview.content.decode()
    assert "3 providers will be added" in page and "Nothing has been saved yet." in page
    assert not Facility.objects.exists()

    done = client.post(response["Location"], {})
    assert done.status_code == 302
    result = client.get(done["Location"]).content.decode()
    assert "3 providers added" in result
    assert Facility.objects.filter(kind="snf").count() == 3
    assert ModelLogEntry.objects.get(action=importer.PROVIDER_IMPORT).user == manager


def test_the_preview_lists_problems_by_row_and_column(client, manager):
    client.force_login(manager)
    bad = edited("snf_aug2024.csv", {0: {"CMS Certification Number (CCN)": ""}, 1: {"QM Rating": "0"}})

    response = client.post(reverse("provider_import:upload"), {"kind": "snf", "file": upload("bad.csv", bad)})
    page = client.get(response["Location"]).content.decode()

    assert "The CCN is missing." in page
    assert "0 is outside 1 to 5" in page
    assert "<code>QM Rating</code>" in page


def test_the_preview_names_the_providers_that_will_change_and_how(client, manager):
    imported("snf_aug2024.csv", "snf")
    client.force_login(manager)
    newer = edited("snf_aug2024.csv", {1: {"Overall Rating": "4"}})

    response = client.post(
        reverse("provider_import:upload"), {"kind": "snf", "file": upload("newer.csv", newer)}
    )
    page = client.get(response["Location"]).content.decode()

    assert "1 provider will be updated" in page and "2 providers are already up to date" in page
    assert "<td>145902</td><td>RIVERBEND NURSING AND REHAB</td><td>Overall rating</td>" in page


def test_the_upload_form_says_what_is_wrong_with_a_file_it_refuses(client, manager):
    client.force_login(manager)

    response = client.post(
        reverse("provider_import:upload"), {"kind": "snf", "file": upload("hh_jan2023.csv")}
    )

    assert response.status_code == 200
    assert "This is Medicare&#x27;s Home Health Care Agencies file" in response.content.decode()


def test_the_upload_form_asks_for_the_date_a_file_without_one_is_as_of(client, manager):
    client.force_login(manager)
    url = reverse("provider_import:upload")

    refused = client.post(url, {"kind": "irf", "file": upload("irf_sep2025.csv")})
    assert "does not say when Medicare released its data" in refused.content.decode()

    accepted = client.post(url, {"kind": "irf", "file": upload("irf_sep2025.csv"), "released": "2025-09-01"})
    assert accepted.status_code == 302


def test_staff_without_the_permission_to_add_facilities_cannot_import(client, db):
    liaison = staff(LIAISON, email="liaison@example.org")
    client.force_login(liaison)
    url = reverse("provider_import:upload")

    shown = client.get(url)
    posted = client.post(url, {"kind": "snf", "file": upload("snf_aug2024.csv")})

    # Wagtail answers a PermissionDenied in its admin with the dashboard and a message.
    assert (shown.status_code, shown["Location"]) == (302, reverse("wagtailadmin_home"))
    assert (posted.status_code, posted["Location"]) == (302, reverse("wagtailadmin_home"))
    assert not Facility.objects.exists()


def test_signed_out_visitors_are_sent_to_sign_in(client, db):
    response = client.get(reverse("provider_import:upload"))

    assert response.status_code == 302
    assert "login" in response["Location"]
