"""Response exports: CSV, XLSX and FHIR from the same rows, safe in spreadsheets, de-identified
on request, streamed in batches, audited once, and the command that writes them to a file."""

import copy
import csv
import datetime as dt
import inspect
import io
import json
import re
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from fhir.resources.R4B.bundle import Bundle
from wagtail.models import ModelLogEntry

from feedback import export_rows, exports
from feedback.audit import RESPONSES_EXPORTED, SYSTEM_ACTOR
from feedback.exports import ExportOptions, export_chunks, export_filename, responses_export
from portal.spreadsheets import formula_safe
from surveys import definition as d
from surveys.admin_views import questionnaire_for_version
from surveys.blocks import stream_from_snapshot
from surveys.fhir import questionnaire_response_problems
from surveys.models import INVITATION_ONLY, Response, SurveyVersion
from surveys.services import (
    draft_save,
    invitation_create,
    response_submit,
    survey_page_ensure,
    survey_translation_publish,
)
from tests.factories import StaffUserFactory
from tests.surveys.factories import scheduled_transition, three_step_snapshot
from transitions.models import CareTransition, Facility

pytestmark = pytest.mark.both_databases

NEW_YORK = ZoneInfo("America/New_York")
HYPERLINK = '=HYPERLINK("http://x")'
ANSWERS = {
    "preferences": "3",
    "problem": "yes",
    "overall": "8",
    "problem_details": HYPERLINK,
    "call_back": "yes",
    "call_back_phone": "555 201 0123",
    "understood_medicines": "4",
    "understood_contacts": "5",
    "comment": "-2+3",
}
# What a de-identified file must never hold.
IDENTIFYING = ["Ana", "ana@example.org", "555 201", "Carmen", "Beto", "beto@example.org", "ENC-1", "ENC-2"]
FREE_TEXT = ["HYPERLINK", "-2+3", "SUM(1)", "leading tab"]


@pytest.fixture
def page(home_page, survey):
    return survey_page_ensure(
        parent=home_page, slug="move", title="Move", survey=survey, access=INVITATION_ONLY
    )


@pytest.fixture
def later_page(home_page, survey):
    """The same survey asked again a month after the move (one invitation per page)."""
    return survey_page_ensure(
        parent=home_page, slug="a-month-on", title="A month on", survey=survey, access=INVITATION_ONLY
    )


@pytest.fixture
def hospital(db):
    return Facility.objects.create(name="General Hospital", kind="hospital")


@pytest.fixture
def nursing_home(db):
    return Facility.objects.create(name="Oak Nursing Home", kind="snf")


@pytest.fixture
def liaison(db):
    return StaffUserFactory(role="Liaison", first_name="Lee", last_name="Park")


def submit(page, answers, *, transition=None, language="en", at=None, version=None):
    """A response stored the way the wizard stores it, optionally through an invitation for
    ``transition``, and submitted at ``at``."""
    invitation = None
    if transition is not None:
        invitation, _token = invitation_create(page=page, language=language)
        invitation.transition = transition
        invitation.save()
    draft = draft_save(
        draft=None, version=version or page.survey.current_version, invitation=invitation, data={}
    )
    response, _created = response_submit(draft=draft, answers=answers, page=page, language=language)
    if at is not None:
        Response.objects.filter(pk=response.pk).update(submitted_at=at)
    return response


@pytest.fixture
def transitions(hospital, nursing_home, liaison):
    ana = scheduled_transition(
        hospital,
        external_reference="ENC-1",
        phone="555 201 9999",
        receiving_facility=nursing_home,
        liaison=liaison,
    )
    beto = scheduled_transition(
        hospital,
        external_reference="ENC-2",
        patient_first_name="Beto",
        email="beto@example.org",
        respondent=CareTransition.PROXY,
        proxy_name="Carmen",
        destination_kind="home",
    )
    return ana, beto


@pytest.fixture
def responses(page, later_page, transitions):
    """Two responses about Ana's move, one about Beto's (answered by Carmen), one public."""
    ana, beto = transitions
    first = submit(page, ANSWERS, transition=ana, at=dt.datetime(2026, 3, 5, 10, 0, tzinfo=NEW_YORK))
    second = submit(
        later_page,
        {**ANSWERS, "problem": "no", "problem_details": "", "call_back": "no", "comment": "@SUM(1)"},
        transition=ana,
        at=dt.datetime(2026, 3, 9, 15, 30, tzinfo=NEW_YORK),
    )
    third = submit(page, {**ANSWERS, "comment": "\tleading tab"}, transition=beto)
    public = submit(page, {**ANSWERS, "preferences": "na", "call_back": "no", "comment": "+1"})
    return [first, second, third, public]


def versions():
    return list(SurveyVersion.objects.select_related("survey"))


def export(options: ExportOptions, responses=None) -> bytes:
    queryset = responses if responses is not None else Response.objects.all()
    return b"".join(export_chunks(responses=queryset, versions=versions(), options=options))


def csv_rows(data: bytes) -> list[dict]:
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM that makes Excel read UTF-8
    header, *rows = csv.reader(io.StringIO(data.decode("utf-8-sig")))
    return [dict(zip(header, row, strict=True)) for row in rows]


def xlsx_rows(data: bytes) -> list[dict]:
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    header, *rows = sheet.iter_rows(values_only=True)
    return [dict(zip(header, row, strict=True)) for row in rows]


def xlsx_cells(data: bytes) -> list:
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    return [cell for row in sheet.iter_rows(min_row=2) for cell in row]


def by_reference(rows: list[dict], response) -> dict:
    return next(row for row in rows if str(row["Response"]) == str(response.pk))


# Spreadsheet safety ---------------------------------------------------------------------------


def test_text_a_spreadsheet_would_run_as_a_formula_is_neutralised_in_csv(responses):
    first, second, third, public = responses
    rows = csv_rows(export(ExportOptions(format="csv")))
    assert by_reference(rows, first)["problem_details"] == "'" + HYPERLINK
    assert by_reference(rows, first)["comment"] == "'-2+3"
    assert by_reference(rows, second)["comment"] == "'@SUM(1)"
    assert by_reference(rows, third)["comment"] == "'\tleading tab"
    assert by_reference(rows, public)["comment"] == "'+1"
    assert by_reference(rows, first)["call_back_phone"] == "555 201 0123"  # harmless text as given


def test_text_a_spreadsheet_would_run_as_a_formula_is_inert_text_as_typed_in_xlsx(responses):
    first, second, third, _public = responses
    data = export(ExportOptions(format="xlsx"))
    rows = xlsx_rows(data)
    # Exactly what was typed, with no apostrophe to explain: text cells keep it inert.
    assert by_reference(rows, first)["problem_details"] == HYPERLINK
    assert by_reference(rows, first)["comment"] == "-2+3"
    assert by_reference(rows, second)["comment"] == "@SUM(1)"
    assert by_reference(rows, third)["comment"] == "\tleading tab"
    risky = [cell for cell in xlsx_cells(data) if isinstance(cell.value, str) and cell.value[:1] in "=+-@\t"]
    assert risky and all(cell.data_type == "s" and cell.quotePrefix for cell in risky)
    assert not [cell.coordinate for cell in xlsx_cells(data) if cell.data_type == "f"]  # no formulas at all


def test_characters_a_workbook_cannot_hold_are_dropped_before_the_formula_check(page):
    answer = submit(page, {**ANSWERS, "comment": "\x01=cmd\x02"})
    data = export(ExportOptions(format="xlsx"))
    assert by_reference(xlsx_rows(data), answer)["comment"] == "=cmd"
    (cell,) = [cell for cell in xlsx_cells(data) if cell.value == "=cmd"]
    assert cell.data_type == "s" and cell.quotePrefix


def test_the_same_rule_covers_every_dangerous_first_character():
    for text in ["=1", "+1", "-1", "@A1", "\t=1", "\r=1"]:
        assert formula_safe(text) == "'" + text
    assert formula_safe("A-1") == "A-1"
    assert formula_safe(-2) == -2 and formula_safe(87.5) == 87.5


def test_numbers_stay_numbers_and_dates_are_dates_in_xlsx(responses):
    first, second, *_others = responses
    rows = xlsx_rows(export(ExportOptions(format="xlsx")))
    row = by_reference(rows, first)
    assert row["Response"] == first.pk
    assert row["Version"] == 1
    assert row["overall"] == 8 and row["understood_medicines"] == 4 and row["preferences"] == 3
    first.refresh_from_db()
    assert isinstance(row["Transition score"], float | int) and row["Transition score"] == pytest.approx(
        first.score
    )
    assert row["Submitted"] == dt.datetime(2026, 3, 5, 10, 0)  # local time, a real date
    assert row["UTC offset"] == "-05:00"  # and the offset it was taken in, beside it
    assert by_reference(rows, second)["UTC offset"] == "-04:00"  # daylight saving time by then
    assert row["problem"] == "yes"


# What the cells show --------------------------------------------------------------------------


def test_the_fixed_columns_describe_the_transition(responses, liaison):
    first, _second, third, public = responses
    rows = csv_rows(export(ExportOptions(format="csv")))
    row = by_reference(rows, first)
    assert list(row)[:15] == [
        "Response",
        "Care transition",
        "Submitted",
        "Version",
        "Language",
        "Discharged from",
        "Moving to",
        "Receiving facility",
        "Responsible liaison",
        "Transition score",
        "Patient's first name",
        "Contact email",
        "Phone",
        "Who answers",
        "Family member's or carer's name",
    ]
    assert row["Care transition"] == "ENC-1"
    assert row["Submitted"] == "2026-03-05T10:00:00-05:00"
    assert row["Discharged from"] == "General Hospital"
    assert row["Moving to"] == "Skilled nursing facility"
    assert row["Receiving facility"] == "Oak Nursing Home"
    assert row["Responsible liaison"] == "Lee Park"
    assert row["Patient's first name"] == "Ana" and row["Contact email"] == "ana@example.org"
    assert row["Phone"] == "555 201 9999" and row["Who answers"] == "The patient"
    assert by_reference(rows, third)["Family member's or carer's name"] == "Carmen"
    assert by_reference(rows, third)["Moving to"] == "Going home"
    assert by_reference(rows, public)["Care transition"] == "" and by_reference(rows, public)["Phone"] == ""


def test_cells_hold_codes_by_default_and_labels_on_request(responses):
    first, _second, _third, public = responses
    codes = by_reference(csv_rows(export(ExportOptions(format="csv"))), first)
    labels = by_reference(csv_rows(export(ExportOptions(format="csv", labels=True))), first)
    assert (codes["preferences"], labels["preferences"]) == ("3", "Agree")
    assert (codes["understood_medicines"], labels["understood_medicines"]) == ("4", "Agree")
    assert (codes["understood_contacts"], labels["understood_contacts"]) == ("5", "Strongly agree")
    assert (codes["problem"], labels["problem"]) == ("yes", "Yes")
    assert (codes["call_back"], labels["call_back"]) == ("yes", "Yes")
    assert codes["overall"] == labels["overall"] == "8"
    public_labels = by_reference(csv_rows(export(ExportOptions(format="csv", labels=True))), public)
    assert public_labels["preferences"] == "Not applicable"


def publish_version_2(survey):
    """Version 2 asks who helped (multiple choice) first and no longer asks for a comment."""
    snapshot = copy.deepcopy(three_step_snapshot())
    who_helped = {
        "key": "who_helped",
        "type": d.MULTIPLE_CHOICE,
        "text": "Who helped you?",
        "help_text": "",
        "required": False,
        "scored": False,
        "reverse_scored": False,
        "show_if": None,
        "options": [
            {"code": "nurse", "label": "Nurse", "value": None},
            {"code": "family", "label": "Family", "value": None},
            {"code": "social_worker", "label": "Social worker", "value": None},
        ],
    }
    snapshot["steps"][0]["questions"].insert(0, who_helped)
    snapshot["steps"][2]["questions"].pop()  # the comment
    survey.steps = stream_from_snapshot(snapshot)
    survey.save_revision().publish()
    survey.refresh_from_db()
    assert survey.current_version.number == 2
    return survey.current_version


def test_columns_follow_the_newest_version_with_older_keys_after(page, survey, responses):
    version_2 = publish_version_2(survey)
    answers = {key: value for key, value in ANSWERS.items() if key != "comment"}
    newer = submit(page, {**answers, "who_helped": ["family", "nurse"]}, version=version_2)
    data = export(ExportOptions(format="csv"))
    header = next(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert header[15:] == [
        "who_helped",
        "preferences",
        "problem",
        "overall",
        "problem_details",
        "call_back",
        "call_back_phone",
        "understood_medicines",
        "understood_contacts",
        "comment",
    ]
    rows = csv_rows(data)
    assert by_reference(rows, newer)["who_helped"] == "family nurse"
    assert by_reference(rows, newer)["Version"] == "2" and by_reference(rows, newer)["comment"] == ""
    assert by_reference(rows, responses[0])["who_helped"] == ""
    labelled = csv_rows(export(ExportOptions(format="csv", labels=True)))
    assert by_reference(labelled, newer)["who_helped"] == "Family; Nurse"
    xlsx = by_reference(xlsx_rows(export(ExportOptions(format="xlsx", labels=True))), newer)
    assert xlsx["who_helped"] == "Family; Nurse"


def test_a_response_to_a_version_not_given_fills_the_columns_there_are(page, survey, responses):
    version_2 = publish_version_2(survey)
    rows = csv_rows(
        b"".join(
            export_chunks(
                responses=Response.objects.all(), versions=[version_2], options=ExportOptions(format="csv")
            )
        )
    )
    assert "comment" not in rows[0]  # only version 1 asks it
    assert by_reference(rows, responses[0])["preferences"] == "3"
    assert by_reference(rows, responses[0])["Version"] == "1"


def test_labels_are_in_the_language_of_the_version_answered(home_page, page, survey, transitions):
    spanish_survey = survey_translation_publish(
        survey=survey, snapshot={**three_step_snapshot("es"), "title": "Su traslado"}, language_code="es"
    )
    answer = submit(page, ANSWERS, version=spanish_survey.current_version, language="es")
    row = by_reference(csv_rows(export(ExportOptions(format="csv", labels=True))), answer)
    assert row["preferences"] == "De acuerdo" and row["call_back"] == "Sí"
    assert row["Language"] == "es"


# FHIR -----------------------------------------------------------------------------------------


def fhir_bundle(options: ExportOptions, responses=None) -> dict:
    bundle = json.loads(export(options, responses))
    Bundle.model_validate(bundle)
    assert bundle["resourceType"] == "Bundle" and bundle["type"] == "collection"
    return bundle


def test_the_fhir_bundle_holds_one_valid_response_per_row_against_its_questionnaire(responses):
    bundle = fhir_bundle(ExportOptions(format="fhir"))
    resources = [entry["resource"] for entry in bundle["entry"]]
    assert [resource["id"] for resource in resources] == [str(response.pk) for response in responses]
    version = SurveyVersion.objects.select_related("survey").get()
    questionnaire = questionnaire_for_version(version)
    for resource in resources:
        assert resource["questionnaire"] == f"{questionnaire['url']}|{questionnaire['version']}"
        assert questionnaire_response_problems(questionnaire, resource) == []
    first, _second, third, public = resources
    assert first["source"] == {"display": "Ana"} and third["source"] == {"display": "Carmen"}
    assert first["subject"]["identifier"]["value"] == "ENC-1"
    assert "subject" not in public and "source" not in public
    assert first["authored"] == "2026-03-05T10:00:00-05:00"
    strings = re.findall(r"'valueString': '([^']*)'", str(first))
    assert strings == [HYPERLINK, "555 201 0123", "-2+3"]  # FHIR carries text as given


def test_every_answer_code_exists_in_the_questionnaire_of_its_version(page, survey, responses):
    version_2 = publish_version_2(survey)
    answers = {key: value for key, value in ANSWERS.items() if key != "comment"}
    submit(page, {**answers, "who_helped": ["family", "nurse"]}, version=version_2)
    bundle = fhir_bundle(ExportOptions(format="fhir"))
    questionnaires = {}
    for version in SurveyVersion.objects.select_related("survey"):
        questionnaire = questionnaire_for_version(version)
        questionnaires[f"{questionnaire['url']}|{questionnaire['version']}"] = questionnaire
    assert len(bundle["entry"]) == 5
    for entry in bundle["entry"]:
        resource = entry["resource"]
        assert questionnaire_response_problems(questionnaires[resource["questionnaire"]], resource) == []


def test_an_empty_export_is_still_a_valid_file(db, survey):
    assert fhir_bundle(ExportOptions(format="fhir")).get("entry") is None
    assert csv_rows(export(ExportOptions(format="csv"))) == []
    assert xlsx_rows(export(ExportOptions(format="xlsx"))) == []


# De-identified --------------------------------------------------------------------------------


def assert_nothing_identifying(text: str) -> None:
    for value in IDENTIFYING + FREE_TEXT:
        assert value not in text, value


def test_a_deidentified_csv_has_no_contact_details_or_free_text(responses):
    data = export(ExportOptions(format="csv", deidentified=True))
    assert_nothing_identifying(data.decode("utf-8-sig"))
    rows = csv_rows(data)
    assert "comment" not in rows[0] and "problem_details" not in rows[0] and "call_back_phone" not in rows[0]
    assert "Patient's first name" not in rows[0] and "Who answers" not in rows[0]
    assert [row["call_back"] for row in rows] == ["yes", "no", "yes", "no"]  # the code is kept
    for row in rows:
        assert re.fullmatch(r"[0-9a-f]{16}", row["Response"])
    assert rows[0]["Care transition"] == rows[1]["Care transition"] != rows[2]["Care transition"]
    assert re.fullmatch(r"[0-9a-f]{16}", rows[0]["Care transition"]) and rows[3]["Care transition"] == ""


def test_a_deidentified_xlsx_has_no_contact_details_or_free_text(responses):
    rows = xlsx_rows(export(ExportOptions(format="xlsx", deidentified=True, labels=True)))
    text = json.dumps(rows, default=str, ensure_ascii=False)
    assert_nothing_identifying(text)
    assert rows[0]["call_back"] == "Yes"


def test_a_deidentified_fhir_bundle_has_no_names_identifiers_or_free_text(responses):
    bundle = fhir_bundle(ExportOptions(format="fhir", deidentified=True))
    assert_nothing_identifying(json.dumps(bundle, ensure_ascii=False))
    resources = [entry["resource"] for entry in bundle["entry"]]
    assert not any("source" in resource or "author" in resource for resource in resources)
    assert "valueString" not in json.dumps(bundle)
    assert resources[0]["subject"] == resources[1]["subject"]
    assert resources[0]["authored"] != "2026-03-05T10:00:00-05:00"
    assert {resource["id"] for resource in resources}.isdisjoint({str(r.pk) for r in responses})


def shift_of(exported: str, original: dt.datetime) -> dt.timedelta:
    return dt.datetime.fromisoformat(exported).replace(tzinfo=None) - original.replace(tzinfo=None)


def test_dates_move_by_the_same_whole_days_for_every_response_of_a_transition(responses):
    rows = csv_rows(export(ExportOptions(format="csv", deidentified=True)))
    first = shift_of(rows[0]["Submitted"], dt.datetime(2026, 3, 5, 10, 0))
    second = shift_of(rows[1]["Submitted"], dt.datetime(2026, 3, 9, 15, 30))
    assert first == second  # the same transition: four days apart, as they were
    assert first.seconds == 0 and first.days != 0 and -182 <= first.days <= 182
    fhir = fhir_bundle(ExportOptions(format="fhir", deidentified=True))
    assert fhir["entry"][0]["resource"]["authored"] == rows[0]["Submitted"]
    again = csv_rows(export(ExportOptions(format="csv", deidentified=True)))
    assert [row["Submitted"] for row in again] == [row["Submitted"] for row in rows]  # stable


def test_the_hash_key_comes_from_settings(responses, settings):
    before = csv_rows(export(ExportOptions(format="csv", deidentified=True)))[0]
    settings.EXPORT_HASH_KEY = "another-key-for-exports"
    after = csv_rows(export(ExportOptions(format="csv", deidentified=True)))[0]
    assert before["Response"] != after["Response"]


# Audit, streaming, names ----------------------------------------------------------------------


def test_an_export_records_one_audit_entry_with_its_row_count(responses, survey, hospital, manager):
    rows, chunks = responses_export(
        responses=Response.objects.filter(transition__isnull=False),
        versions=versions(),
        survey=survey,
        options=ExportOptions(format="xlsx", deidentified=True),
        user=manager,
        filters={
            "facility": hospital,
            "date_from": dt.date(2026, 1, 1),
            "survey": str(survey.translation_key),
        },
    )
    assert rows == 3
    b"".join(chunks)
    entry = ModelLogEntry.objects.get(action=RESPONSES_EXPORTED)
    assert entry.user == manager and entry.object_id == str(survey.pk)
    assert entry.data == {
        "format": "xlsx",
        "labels": False,
        "deidentified": True,
        "rows": 3,
        "filters": {
            "facility": hospital.pk,
            "date_from": "2026-01-01",
            "survey": str(survey.translation_key),
        },
        "actor": "",
    }


def test_responses_are_read_in_batches_and_the_chunks_follow_them(
    responses, monkeypatch, django_assert_num_queries
):
    monkeypatch.setattr(export_rows, "CHUNK_SIZE", 2)
    queryset, survey_versions = Response.objects.all(), versions()
    with django_assert_num_queries(0):
        chunks = export_chunks(
            responses=queryset, versions=survey_versions, options=ExportOptions(format="csv")
        )
    assert inspect.isgenerator(chunks)
    # Facility and liaison names once, two queries per batch of two (responses, then their
    # answers), and one finding no more.
    with django_assert_num_queries(2 + 2 * 2 + 1):
        parts = list(chunks)
    assert len(parts) == 3  # the header, then one chunk per batch
    assert len(csv_rows(b"".join(parts))) == 4
    bundle = fhir_bundle(ExportOptions(format="fhir"))  # entries joined across batches
    assert len(bundle["entry"]) == 4


def test_the_file_name_is_plain_ascii_and_says_when_it_is_deidentified(time_machine):
    time_machine.move_to(dt.datetime(2026, 11, 27, 12, 0, tzinfo=NEW_YORK))
    assert export_filename(survey_title="Your move", options=ExportOptions(format="csv")) == (
        "responses-your-move-2026-11-27.csv"
    )
    assert export_filename(
        survey_title="¿Cómo fue su traslado?", options=ExportOptions(format="fhir", deidentified=True)
    ) == ("responses-como-fue-su-traslado-2026-11-27-deidentified.json")
    assert exports.export_content_type(ExportOptions(format="xlsx")).endswith("spreadsheetml.sheet")
    with pytest.raises(ValueError, match="format"):
        ExportOptions(format="pdf")


# The command ----------------------------------------------------------------------------------


def test_the_command_writes_the_file_and_audits_as_the_scheduled_job(responses, survey, tmp_path):
    output = tmp_path / "responses.csv"
    out = io.StringIO()
    call_command("export_responses", "--format", "csv", "--output", str(output), stdout=out)
    assert out.getvalue().strip() == f"Exported 4 responses to {output}"
    assert len(csv_rows(output.read_bytes())) == 4
    assert list(tmp_path.iterdir()) == [output]
    assert output.stat().st_mode & 0o077 == 0  # only the owner may read it
    entry = ModelLogEntry.objects.get(action=RESPONSES_EXPORTED)
    assert entry.user is None and entry.object_id == str(survey.pk)
    assert entry.data["actor"] == SYSTEM_ACTOR and entry.data["rows"] == 4
    assert entry.data["filters"] == {"survey": str(survey.translation_key)}


def test_the_command_narrows_by_survey_facility_and_date(responses, survey, nursing_home, tmp_path):
    output = tmp_path / "responses.json"
    call_command(
        "export_responses",
        "--format=fhir",
        "--deidentified",
        "--survey=your move",
        f"--facility={nursing_home.name}",
        "--since=2026-03-06",
        f"--output={output}",
        stdout=io.StringIO(),
    )
    bundle = json.loads(output.read_text())
    assert len(bundle["entry"]) == 1  # Ana's second response
    entry = ModelLogEntry.objects.get(action=RESPONSES_EXPORTED)
    assert entry.data["filters"] == {
        "survey": str(survey.translation_key),
        "facility": nursing_home.pk,
        "since": "2026-03-06",
    }
    assert entry.data["deidentified"] is True and entry.data["rows"] == 1
    call_command(
        "export_responses",
        "--format=csv",
        f"--survey={survey.pk}",
        f"--output={output}",
        stdout=io.StringIO(),
    )
    assert len(csv_rows(output.read_bytes())) == 4


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--survey=Nothing like it"], "There is no survey 'Nothing like it'. Surveys: Your move."),
        (["--since=2026-02-30"], "--since must be a date"),
        (["--facility=Nowhere"], "There is no facility 'Nowhere'."),
        (["--format=pdf"], "invalid choice"),
    ],
)
def test_the_command_refuses_bad_arguments_plainly(responses, tmp_path, arguments, message):
    output = tmp_path / "out.csv"
    with pytest.raises(CommandError, match=re.escape(message)):
        call_command("export_responses", "--format=csv", f"--output={output}", *arguments)
    assert not list(tmp_path.iterdir())
    assert not ModelLogEntry.objects.filter(action=RESPONSES_EXPORTED).exists()


def test_the_command_asks_which_survey_when_several_have_responses(responses, home_page, tmp_path):
    from surveys.services import survey_create_from_snapshot

    other = survey_create_from_snapshot(
        snapshot={**three_step_snapshot(), "title": "Home visits"}, locale=home_page.locale
    )
    other_page = survey_page_ensure(
        parent=home_page, slug="visits", title="Visits", survey=other, access=INVITATION_ONLY
    )
    submit(other_page, ANSWERS)
    with pytest.raises(CommandError, match="choose one with --survey: Home visits, Your move"):
        call_command("export_responses", "--format=csv", f"--output={tmp_path / 'out.csv'}")


def test_a_failed_command_leaves_no_half_written_file(responses, tmp_path, monkeypatch):
    def broken(self, response, answers):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(export_rows, "CHUNK_SIZE", 2)
    monkeypatch.setattr(export_rows.ExportRows, "row", broken)
    with pytest.raises(RuntimeError):
        call_command("export_responses", "--format=csv", f"--output={tmp_path / 'out.csv'}")
    assert not list(tmp_path.iterdir())
