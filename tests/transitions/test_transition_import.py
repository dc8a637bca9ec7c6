"""Importing discharges from CSV: the template, the preview's problems, the two ways of
committing, re-imports, encodings, bad files, limits and permissions."""

import csv
import datetime as dt
import io
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wagtail.models import ModelLogEntry

from portal.spreadsheets import FORMULA_STARTS
from surveys.models import Invitation
from surveys.services import transition_save
from tests.factories import StaffUserFactory, activate_totp
from transitions import csv_import as service
from transitions.csv_import.cells import CHECKERS
from transitions.models import CareTransition, Facility

pytestmark = pytest.mark.both_databases


def upload_url() -> str:
    return reverse("transition_import:upload")


@pytest.fixture
def hospital(db):
    return Facility.objects.create(name="General Hospital", kind="hospital")


@pytest.fixture
def other_hospital(db):
    return Facility.objects.create(name="Other Hospital", kind="hospital")


@pytest.fixture
def nursing_home(db):
    return Facility.objects.create(name="Sunny Nursing", kind="snf")


@pytest.fixture
def liaison(db, hospital):
    user = StaffUserFactory(role="Liaison", email="liaison@example.org")
    activate_totp(user)
    hospital.liaisons.add(user)
    return user


@pytest.fixture
def signed_in(client, liaison):
    client.force_login(liaison)
    return client


def row(**changes) -> dict:
    values = {
        "external_reference": "ENC-1",
        "patient_first_name": "Ana",
        "email": "ana@example.org",
        "phone": "617 555 0100",
        "language": "en",
        "respondent": "patient",
        "proxy_name": "",
        "discharging_facility": "General Hospital",
        "destination_kind": "snf",
        "receiving_facility": "",
        "transition_date": "2026-03-02",
        "liaison_email": "",
        "do_not_contact": "no",
    }
    values.update(changes)
    return values


def csv_bytes(rows, *, columns=service.COLUMNS, encoding="utf-8") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for values in rows:
        writer.writerow([values.get(column, "") for column in columns])
    return out.getvalue().encode(encoding)


def upload(client, content: bytes, name="discharges.csv"):
    return client.post(upload_url(), {"file": SimpleUploadedFile(name, content, content_type="text/csv")})


def preview_url(response) -> str:
    assert response.status_code == 302, getattr(response, "context", None) and response.context["form"].errors
    return response["Location"]


def commit(client, url: str, mode: str):
    response = client.post(url, {"mode": mode})
    assert response.status_code == 302
    return client.get(response["Location"])


def file_error(response) -> str:
    assert response.status_code == 200
    return " ".join(response.context["form"].errors["file"])


def problems(preview) -> dict[tuple[int, str], str]:
    return {(p.row, p.column): p.message for p in preview.context["problems"]}


GOOD_ROWS = [
    row(),
    row(
        external_reference="ENC-2",
        patient_first_name="Luis",
        email="luis@example.org",
        language="es",
        respondent="proxy",
        proxy_name="Marta",
        destination_kind="irf",
        receiving_facility="sunny nursing",
        transition_date="03/05/2026",
        liaison_email="LIAISON@example.org",
    ),
    row(external_reference="ENC-3", patient_first_name="Joe", destination_kind="home", do_not_contact="yes"),
]


def test_the_template_downloads_with_every_column_and_an_example_that_imports(signed_in, hospital):
    response = signed_in.get(reverse("transition_import:template"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert lines[0] == list(service.COLUMNS)
    assert len(lines) == 2
    example = dict(zip(lines[0], lines[1], strict=True))
    assert example["discharging_facility"] == "General Hospital"

    preview = signed_in.get(preview_url(upload(signed_in, response.content)))
    assert preview.context["created"] == 1 and preview.context["problems_total"] == 0


def test_a_good_file_creates_transitions_and_schedules_invitations(
    signed_in, liaison, rule_page, nursing_home
):
    preview = signed_in.get(preview_url(upload(signed_in, csv_bytes(GOOD_ROWS))))
    assert preview.status_code == 200
    assert "UTF-8" in preview.content.decode()
    assert (preview.context["created"], preview.context["updated"], preview.context["invalid"]) == (3, 0, 0)
    assert not CareTransition.objects.exists()  # nothing saved by the preview

    result = commit(signed_in, preview.request["PATH_INFO"], service.VALID_ONLY)
    outcome = result.context["result"]
    assert (outcome.created, outcome.updated, outcome.unchanged, outcome.not_imported) == (3, 0, 0, 0)
    assert "3 discharges created" in result.content.decode()

    luis = CareTransition.objects.get(external_reference="ENC-2")
    assert luis.transition_date == dt.date(2026, 3, 5)
    assert (luis.language, luis.respondent, luis.proxy_name) == ("es", "proxy", "Marta")
    assert luis.receiving_facility == nursing_home and luis.liaison == liaison
    assert CareTransition.objects.get(external_reference="ENC-3").do_not_contact

    assert Invitation.objects.filter(transition__external_reference="ENC-1", page=rule_page).exists()
    assert Invitation.objects.filter(transition=luis, status=Invitation.SCHEDULED).exists()
    assert not Invitation.objects.filter(transition__external_reference="ENC-3").exists()  # home

    entries = ModelLogEntry.objects.filter(action="wagtail.create", user=liaison)
    assert entries.count() == 3
    assert len({entry.uuid for entry in entries}) == 1
    assert entries.first().data["source"] == "csv_import"


def test_the_optional_condition_codes_column_is_checked_tidied_and_imported(signed_in, rule_page):
    rows = [
        row(external_reference="HF", condition_codes="i50.9; E11.9"),
        row(external_reference="BAD", condition_codes="I50.9, heart"),
        row(external_reference="NONE", condition_codes=""),
    ]
    preview = signed_in.get(preview_url(upload(signed_in, csv_bytes(rows))))
    found = problems(preview)
    assert list(found) == [(3, "condition_codes")]
    assert "“HEART” is not an ICD-10-CM code" in found[(3, "condition_codes")]
    commit(signed_in, preview.request["PATH_INFO"], service.VALID_ONLY)
    assert CareTransition.objects.get(external_reference="HF").condition_codes == "I50.9, E11.9"
    assert CareTransition.objects.get(external_reference="NONE").condition_codes == ""
    # A file without the column leaves the codes as they are.
    columns = [column for column in service.COLUMNS if column != "condition_codes"]
    again = signed_in.get(
        preview_url(upload(signed_in, csv_bytes([row(external_reference="HF")], columns=columns)))
    )
    assert again.context["unchanged"] == 1
    assert CareTransition.objects.get(external_reference="HF").condition_codes == "I50.9, E11.9"


def test_importing_the_same_file_again_changes_nothing_and_a_new_date_moves_the_invitation(
    signed_in, rule_page, nursing_home
):
    content = csv_bytes(GOOD_ROWS)
    commit(signed_in, preview_url(upload(signed_in, content)), service.VALID_ONLY)
    invitations = list(Invitation.objects.order_by("pk").values("pk", "due_at", "status"))

    preview = signed_in.get(preview_url(upload(signed_in, content)))
    assert (preview.context["created"], preview.context["updated"], preview.context["unchanged"]) == (0, 0, 3)
    outcome = commit(signed_in, preview.request["PATH_INFO"], service.VALID_ONLY).context["result"]
    assert (outcome.created, outcome.updated, outcome.unchanged) == (0, 0, 3)
    assert CareTransition.objects.count() == 3
    assert list(Invitation.objects.order_by("pk").values("pk", "due_at", "status")) == invitations
    assert not ModelLogEntry.objects.filter(action="wagtail.edit").exists()

    moved = [row(transition_date="2026-03-10"), *GOOD_ROWS[1:]]
    preview = signed_in.get(preview_url(upload(signed_in, csv_bytes(moved))))
    assert preview.context["updated"] == 1
    assert [str(change) for change in preview.context["updates"][0].changes] == ["date of the move"]
    outcome = commit(signed_in, preview.request["PATH_INFO"], service.VALID_ONLY).context["result"]
    assert (outcome.created, outcome.updated, outcome.unchanged) == (0, 1, 2)
    invitation = Invitation.objects.get(transition__external_reference="ENC-1")
    assert invitation.due_at.date() == dt.date(2026, 3, 12)
    assert ModelLogEntry.objects.filter(action="wagtail.edit").count() == 1


FORMULA = '=HYPERLINK("http://evil.example","click")'
BAD_ROWS = [
    row(external_reference="OK-1"),  # row 2
    row(external_reference="BAD-EMAIL", email="ana@"),  # row 3
    row(external_reference="BAD-FACILITY", discharging_facility="Nowhere Clinic"),  # row 4
    row(external_reference="BAD-DATE", transition_date="31/02/2026"),  # row 5
    row(external_reference="BAD-DESTINATION", destination_kind="rehab"),  # row 6
    row(external_reference="NO-NAME", patient_first_name=""),  # row 7
    row(external_reference="FORMULA", patient_first_name=FORMULA),  # row 8
    row(external_reference="DUP-1"),  # row 9
    row(external_reference="DUP-1", patient_first_name="Other"),  # row 10
]


def test_the_preview_shows_each_problem_by_row_and_column(signed_in, rule_page):
    preview = signed_in.get(preview_url(upload(signed_in, csv_bytes(BAD_ROWS))))
    found = problems(preview)
    assert set(found) == {
        (3, "email"),
        (4, "discharging_facility"),
        (5, "transition_date"),
        (6, "destination_kind"),
        (7, "patient_first_name"),
        (8, "patient_first_name"),
        (9, "external_reference"),
        (10, "external_reference"),
    }
    texts = [problem.text for problem in preview.context["problems"]]
    assert "Row 3, email: “ana@” is not an email address." in " ".join(texts)
    assert "There is no facility called “Nowhere Clinic”" in found[(4, "discharging_facility")]
    assert "Your facilities are: “General Hospital”" in found[(4, "discharging_facility")]
    assert "YYYY-MM-DD" in found[(5, "transition_date")]
    assert "snf (Skilled nursing facility)" in found[(6, "destination_kind")]
    assert "empty" in found[(7, "patient_first_name")]
    assert "formula" in found[(8, "patient_first_name")] and "not run" in found[(8, "patient_first_name")]
    assert "rows 9 and 10" in found[(9, "external_reference")]
    assert (preview.context["created"], preview.context["invalid"]) == (1, 8)
    body = preview.content.decode()
    assert "is not an email address" in body and "<td>7</td>" in body
    assert FORMULA not in body  # shown escaped, never as markup
    assert not CareTransition.objects.exists()


def test_valid_rows_only_imports_the_good_ones_and_returns_the_others_as_csv(signed_in, rule_page):
    url = preview_url(upload(signed_in, csv_bytes(BAD_ROWS)))
    result = commit(signed_in, url, service.VALID_ONLY)
    outcome = result.context["result"]
    assert (outcome.created, outcome.updated, outcome.unchanged, outcome.not_imported) == (1, 0, 0, 8)
    assert list(CareTransition.objects.values_list("external_reference", flat=True)) == ["OK-1"]
    assert Invitation.objects.filter(transition__external_reference="OK-1").exists()

    download = signed_in.get(
        reverse("transition_import:errors", kwargs={"token": url.strip("/").split("/")[-1]})
    )
    assert download.status_code == 200 and "attachment" in download["Content-Disposition"]
    lines = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert lines[0] == [*service.COLUMNS, "errors"]
    by_reference = {line[0]: dict(zip(lines[0], line, strict=True)) for line in lines[1:]}
    assert set(by_reference) == {
        "BAD-EMAIL",
        "BAD-FACILITY",
        "BAD-DATE",
        "BAD-DESTINATION",
        "NO-NAME",
        "FORMULA",
        "DUP-1",
    }
    assert len(lines) == 9  # header + 8 rows (both duplicates)
    assert by_reference["BAD-EMAIL"]["errors"].startswith("Row 3, email: “ana@” is not an email address.")
    assert by_reference["FORMULA"]["patient_first_name"] == "'" + FORMULA
    assert "Row 8, patient_first_name" in by_reference["FORMULA"]["errors"]
    for line in lines[1:]:
        assert not any(cell.startswith(FORMULA_STARTS) for cell in line)

    # The file given back imports once fixed (its "errors" column is ignored without a warning).
    fixed = download.content.decode("utf-8-sig").replace("ana@,", "ana@example.org,")
    again = signed_in.get(preview_url(upload(signed_in, fixed.encode())))
    assert not again.context["parsed"].warnings
    assert (3, "email") not in problems(again)


def test_all_or_nothing_imports_nothing_when_a_row_has_a_problem(signed_in, rule_page):
    url = preview_url(upload(signed_in, csv_bytes(BAD_ROWS)))
    result = commit(signed_in, url, service.ALL_OR_NOTHING)
    outcome = result.context["result"]
    assert not outcome.committed
    assert (outcome.created, outcome.updated, outcome.not_imported) == (0, 0, 9)
    assert "Nothing was imported" in result.content.decode()
    assert not CareTransition.objects.exists() and not Invitation.objects.exists()


def test_all_or_nothing_imports_everything_when_every_row_is_valid(signed_in, rule_page, nursing_home):
    url = preview_url(upload(signed_in, csv_bytes(GOOD_ROWS)))
    outcome = commit(signed_in, url, service.ALL_OR_NOTHING).context["result"]
    assert outcome.committed and outcome.created == 3


def test_the_import_must_be_chosen_and_cannot_be_committed_twice(signed_in, rule_page):
    url = preview_url(upload(signed_in, csv_bytes(BAD_ROWS)))
    refused = signed_in.post(url, {})
    assert refused.status_code == 200 and "Choose what to do" in refused.content.decode()
    commit(signed_in, url, service.VALID_ONLY)
    again = signed_in.post(url, {"mode": service.VALID_ONLY})
    assert again.status_code == 302 and again["Location"].endswith("/result/")
    assert CareTransition.objects.count() == 1


@pytest.mark.parametrize(
    ("encoding", "prefix", "label"),
    [
        ("utf-8", b"\xef\xbb\xbf", "UTF-8 with a byte-order mark"),
        ("cp1252", b"", "Windows-1252"),
    ],
)
def test_excel_encodings_are_read_and_named(signed_in, encoding, prefix, label):
    content = prefix + csv_bytes([row(patient_first_name="José Ñúñez")], encoding=encoding)
    preview = signed_in.get(preview_url(upload(signed_in, content)))
    assert label in preview.content.decode()
    commit(signed_in, preview.request["PATH_INFO"], service.VALID_ONLY)
    assert CareTransition.objects.get().patient_first_name == "José Ñúñez"


def test_missing_columns_are_named_and_unknown_columns_ignored_with_a_warning(signed_in):
    columns = [c for c in service.COLUMNS if c not in ("transition_date", "destination_kind")]
    error = file_error(upload(signed_in, csv_bytes([row()], columns=columns)))
    assert "transition_date" in error and "destination_kind" in error

    content = csv_bytes([row(notes="called twice")], columns=[*service.COLUMNS, "notes"])
    preview = signed_in.get(preview_url(upload(signed_in, content)))
    assert "“notes”" in preview.content.decode() and "ignored" in preview.content.decode()
    assert preview.context["created"] == 1


@pytest.mark.parametrize("facility", [b"H", b"General Hospital Main Campus East Wing"])
def test_a_100000_row_file_is_refused_quickly_without_being_read(signed_in, facility):
    """Short rows stay under the size limit and are refused at row 5,002; long rows go over
    it and are refused before anything is read. Either way the limit is named."""
    line = b"R%d,Ana,,,,," + facility + b",snf,,2026-03-02,,,\r\n"
    content = ",".join(service.COLUMNS).encode() + b"\r\n" + b"".join(line % n for n in range(100_000))
    started = time.monotonic()
    error = file_error(upload(signed_in, content))
    assert time.monotonic() - started < 5
    assert "5,000" in error
    assert not CareTransition.objects.exists()

    upload_file = SimpleUploadedFile("big.csv", content)
    with pytest.raises(service.ImportFileError):
        service.read_upload(upload_file)
    assert upload_file.file.tell() < len(content) // 5  # stopped long before the end


def test_a_file_just_over_the_row_limit_is_refused_with_the_limit(signed_in):
    rows = [row(external_reference=f"R{n}") for n in range(service.MAX_ROWS + 1)]
    assert "more than 5,000 rows" in file_error(upload(signed_in, csv_bytes(rows)))


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00" + bytes(range(256)) * 8, "not a CSV file"),
        (b"PK\x03\x04\x14\x00\x06\x00" + b"\x00" * 200, "spreadsheet workbook"),
        ("external_reference\r\n".encode("utf-16"), "UTF-16"),
        (b"", "empty"),
        (b"\r\n\r\n", "empty"),
        (",".join(service.COLUMNS).encode() + b"\r\n", "no discharges"),
        (b"hello,world\r\n1,2\r\n", "column names"),
        (b"external_reference,patient_first_name\r\n\x81\x8d,x\r\n", "cannot be read"),
    ],
)
def test_bad_files_get_a_clear_message(signed_in, content, expected):
    assert expected in file_error(upload(signed_in, content))


def test_every_column_has_one_checker_and_they_run_in_column_order():
    # A row's problems are listed in the order of its cells.
    assert tuple(CHECKERS) == service.COLUMNS


def test_cells_too_long_and_formulas_everywhere_are_row_problems(signed_in):
    rows = [
        row(external_reference="LONG", patient_first_name="A" * 61),
        row(external_reference="PLUS", email="+cmd@example.org", phone="+1 617 555 0100"),
        row(external_reference="TAB", proxy_name="\tcalc"),
        row(external_reference="AT", liaison_email="@SUM(1+1)"),
    ]
    found = problems(signed_in.get(preview_url(upload(signed_in, csv_bytes(rows)))))
    assert "61 characters long; 60 is the most allowed" in found[(2, "patient_first_name")]
    assert "formula" in found[(3, "email")]
    assert (3, "phone") not in found  # an international phone number is not a formula
    assert "a tab" in found[(4, "proxy_name")]
    assert "formula" in found[(5, "liaison_email")]


def test_a_liaison_cannot_import_into_another_facility_or_take_over_its_discharge(
    signed_in, other_hospital, rule_page
):
    transition_save(
        transition=CareTransition(
            external_reference="THEIRS",
            patient_first_name="Bea",
            discharging_facility=other_hospital,
            destination_kind="snf",
            transition_date=dt.date(2026, 3, 2),
        )
    )
    rows = [
        row(external_reference="NEW", discharging_facility="other hospital"),
        row(external_reference="THEIRS"),
    ]
    url = preview_url(upload(signed_in, csv_bytes(rows)))
    found = problems(signed_in.get(url))
    assert found[(2, "discharging_facility")].startswith("You are not assigned to “Other Hospital”")
    assert "cannot be imported with your account" in found[(3, "external_reference")]

    outcome = commit(signed_in, url, service.VALID_ONLY).context["result"]
    assert (outcome.created, outcome.updated, outcome.not_imported) == (0, 0, 2)
    assert CareTransition.objects.get(external_reference="THEIRS").discharging_facility == other_hospital
    assert not CareTransition.objects.filter(external_reference="NEW").exists()


def test_a_reference_held_by_another_facility_gets_the_same_answer_as_any_unusable_one(
    client, signed_in, hospital, other_hospital, rule_page
):
    """Finding: "already used by a discharge that you cannot change" told a liaison that
    another facility has a discharge with that number."""
    from django.contrib.auth.models import Group, Permission

    for reference, facility in (("THEIRS", other_hospital), ("OURS", hospital)):
        transition_save(
            transition=CareTransition(
                external_reference=reference,
                patient_first_name="Bea",
                discharging_facility=facility,
                destination_kind="snf",
                transition_date=dt.date(2026, 3, 2),
            )
        )
    theirs = problems(
        signed_in.get(preview_url(upload(signed_in, csv_bytes([row(external_reference="THEIRS")]))))
    )
    # Someone at the same hospital who may add discharges but not change them.
    adder = StaffUserFactory(email="adder@example.org")
    activate_totp(adder)
    adding = Group.objects.create(name="Adds discharges")
    adding.permissions.set(
        Permission.objects.filter(codename__in=["access_admin", "add_caretransition", "view_caretransition"])
    )
    adder.groups.add(adding)
    hospital.liaisons.add(adder)
    client.force_login(adder)
    ours = problems(client.get(preview_url(upload(client, csv_bytes([row(external_reference="OURS")])))))

    told = theirs[(2, "external_reference")]
    assert told == ours[(2, "external_reference")].replace("“OURS”", "“THEIRS”")
    for giveaway in ("already", "used by", "exists", "another facility"):
        assert giveaway not in told


def test_the_import_is_checked_again_when_committed(signed_in, liaison, hospital):
    url = preview_url(upload(signed_in, csv_bytes([row()])))
    assert signed_in.get(url).context["created"] == 1
    hospital.liaisons.remove(liaison)
    outcome = commit(signed_in, url, service.VALID_ONLY).context["result"]
    assert (outcome.created, outcome.not_imported) == (0, 1)
    assert not CareTransition.objects.exists()


def test_another_user_cannot_open_or_commit_someone_elses_import(client, signed_in, hospital):
    url = preview_url(upload(signed_in, csv_bytes([row()])))
    colleague = StaffUserFactory(role="Liaison")
    activate_totp(colleague)
    hospital.liaisons.add(colleague)
    client.force_login(colleague)
    assert client.get(url)["Location"] == upload_url()
    assert client.post(url, {"mode": service.VALID_ONLY})["Location"] == upload_url()
    assert not CareTransition.objects.exists()


def test_a_content_editor_is_refused(client, hospital):
    editor = StaffUserFactory(role="Content editor")
    activate_totp(editor)
    client.force_login(editor)
    for response in (
        client.get(upload_url()),
        client.get(reverse("transition_import:template")),
        upload(client, csv_bytes([row()])),
    ):
        assert response.status_code in (302, 403)
        assert "/transitions-import/" not in response.get("Location", "")
    assert not CareTransition.objects.exists()


CSV_PIECES = [
    *',;"\t\r\n =+-@aZ09/é€\x00\x1a',
    ",".join(service.COLUMNS),
    "ENC-1",
    "General Hospital",
    "snf",
    "2026-03-02",
    "proxy",
]
CSV_TEXT = st.lists(st.sampled_from(CSV_PIECES), max_size=80).map("".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=st.one_of(st.binary(max_size=300), CSV_TEXT.map(lambda text: text.encode("utf-8"))))
def test_any_file_is_refused_with_a_message_or_checked_row_by_row(liaison, content):
    try:
        parsed = service.read_upload(SimpleUploadedFile("any.csv", content))
    except service.ImportFileError as refused:
        assert refused.message
        return
    check = service.check_rows(parsed, user=liaison)
    for checked in check.rows:
        assert checked.problems or checked.action in (service.CREATE, service.UPDATE, service.UNCHANGED)
    service.problem_rows_csv(header=parsed.header, rows=check.invalid_rows)


def test_a_manager_imports_into_any_facility(client, manager, other_hospital, rule_page):
    client.force_login(manager)
    url = preview_url(upload(client, csv_bytes([row(discharging_facility="Other Hospital")])))
    outcome = commit(client, url, service.VALID_ONLY).context["result"]
    assert (outcome.created, outcome.not_imported) == (1, 0)
    assert CareTransition.objects.get().discharging_facility == other_hospital


def test_an_import_cannot_bring_back_contact_details_erased_for_retention(signed_in, rule_page):
    commit(signed_in, preview_url(upload(signed_in, csv_bytes([row()]))), service.VALID_ONLY)
    transition = CareTransition.objects.get(external_reference="ENC-1")
    from transitions.retention import transition_contacts_erase

    transition_contacts_erase(transition_ids=[transition.pk], retention_days=365)
    erased = f"erased-{transition.pk}"
    preview = signed_in.get(preview_url(upload(signed_in, csv_bytes([row(external_reference=erased)]))))
    assert "contact details were erased" in problems(preview)[(2, "external_reference")]
    transition.refresh_from_db()
    assert transition.email == "" and transition.patient_first_name == ""


def test_a_receiving_provider_is_named_by_its_medicare_number_when_names_repeat(signed_in, rule_page):
    Facility.objects.create(name="Sunny Nursing", kind="snf", ccn="215001", zip_code="21201")
    twin = Facility.objects.create(name="Sunny Nursing", kind="snf", ccn="215002", zip_code="21401")
    by_name = preview_url(upload(signed_in, csv_bytes([row(receiving_facility="Sunny Nursing")])))
    message = problems(signed_in.get(by_name))[(2, "receiving_facility")]
    assert "Give its Medicare number (CCN) instead" in message
    url = preview_url(upload(signed_in, csv_bytes([row(receiving_facility="215002")])))
    outcome = commit(signed_in, url, service.ALL_OR_NOTHING).context["result"]
    assert outcome.committed and outcome.created == 1
    assert CareTransition.objects.get(external_reference="ENC-1").receiving_facility == twin
