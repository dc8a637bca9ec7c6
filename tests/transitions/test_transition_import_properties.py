"""Whatever file a liaison uploads as a CSV of discharges, the import answers with a plain
message about the file, or with numbered rows each either importable or carrying its own
problems; "import nothing unless every row is valid" stores nothing when one row is bad, and
"import the valid rows" stores exactly those. No cell ever goes back out as a formula.

tests/transitions/test_transition_import.py holds the worked examples and a first property over
small random files; this file adds encodings, byte-order marks, quoting chaos, formula
cells, huge cells, repeated and missing columns, and checks what a commit stores.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import random

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, event, given, note, settings
from hypothesis import strategies as st
from wagtail.models import ModelLogEntry

from portal.spreadsheets import FORMULA_STARTS
from tests.transitions.test_transition_import import row as good_row
from transitions import csv_import as service
from transitions.models import CareTransition, Facility

pytestmark = pytest.mark.both_databases


def examples(count: int):
    return settings(
        max_examples=count,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


@pytest.fixture
def hospital(db):
    return Facility.objects.create(name="General Hospital", kind="hospital")


@pytest.fixture
def liaison(hospital):
    from tests.factories import StaffUserFactory, activate_totp

    user = StaffUserFactory(role="Liaison", email="importer@example.org")
    activate_totp(user)
    hospital.liaisons.add(user)
    return user


# Files -------------------------------------------------------------------------------------

GOOD = good_row(condition_codes="I50.9")  # every column valid; each test sets the reference
# Cells that no rule may accept, by column: (column, value).
BAD_CELLS = [
    ("patient_first_name", ""),
    ("patient_first_name", "=1+1"),
    ("patient_first_name", "@SUM(A1)"),
    ("patient_first_name", "A" * 61),
    ("patient_first_name", "Ana\nMaria"),
    ("patient_first_name", "Ana\x0bMaria"),
    ("email", "+cmd|' /C calc'!A0"),
    ("email", "ana@"),
    ("phone", "-2+3"),
    ("phone", "call me"),
    ("language", "klingon"),
    ("respondent", "robot"),
    ("discharging_facility", "Nowhere Clinic"),
    ("discharging_facility", ""),
    ("destination_kind", "moon"),
    ("transition_date", "31/02/2026"),
    ("transition_date", "1999-12-31"),
    ("transition_date", "=TODAY()"),
    ("do_not_contact", "maybe"),
    ("condition_codes", "heart"),
    ("liaison_email", "nobody@example.org"),
    ("proxy_name", "\tcalc"),
]
NAMES = st.text(st.characters(categories=["L"]), min_size=1, max_size=30).filter(
    lambda name: name.strip() == name and not name.startswith(FORMULA_STARTS)
)
_references = itertools.count(1)


def reference() -> str:
    return f"REF-{next(_references)}"


def csv_file(header: list[str], rows: list[list[str]], *, dialect: dict | None = None) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n", **(dialect or {}))
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


@st.composite
def planned_rows(draw, *, size: tuple[int, int] = (1, 6)) -> tuple[list[str], list[list[str]], set[str]]:
    """A header with every column in any order, and rows each good or carrying one bad cell
    (or a reference repeated on another row): the header, the rows and the bad references."""
    header = draw(st.permutations(list(service.COLUMNS)))
    rows, broken = [], []
    for _ in range(draw(st.integers(*size))):
        values = dict(GOOD, external_reference=reference(), patient_first_name=draw(NAMES))
        broken.append(draw(st.booleans()))
        if broken[-1]:
            column, value = draw(st.sampled_from(BAD_CELLS))
            values[column] = value
        rows.append(values)
    if len(rows) > 1 and draw(st.integers(0, 3)) == 0:
        first, second = draw(st.permutations(range(len(rows))))[:2]
        rows[second]["external_reference"] = rows[first]["external_reference"]
        broken[first] = broken[second] = True
    bad = {values["external_reference"] for values, is_bad in zip(rows, broken, strict=True) if is_bad}
    return header, [[values[name] for name in header] for values in rows], bad


def references_of(header: list[str], rows: list[list[str]]) -> list[str]:
    return [row[header.index("external_reference")] for row in rows]


PIECES = [
    *',;"\t\r\n =+-@aZ09/é€\x00\x1a\u2028\ufeff\u202e',
    '""',
    '"\r\n"',
    ",".join(service.COLUMNS),
    ";".join(service.COLUMNS),
    "external_reference,external_reference",
    "General Hospital",
    "snf",
    "2026-03-02",
    '=HYPERLINK("http://x")',
]
CHAOS_TEXT = st.lists(st.sampled_from(PIECES) | st.text(max_size=5), max_size=60).map("".join)
ENCODINGS = [
    "utf-8",
    "utf-8-sig",
    "cp1252",
    "latin-1",
    "utf-16",
    "utf-16-le",
    "utf-32",
    "mac_roman",
    "shift_jis",
]
BOMS = [b"", codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE, b"\xef\xbb"]


@st.composite
def any_file(draw) -> bytes:
    kind = draw(st.sampled_from(["planned", "planned", "chaos", "bytes", "header", "huge cell"]))
    if kind == "planned":
        header, rows, _bad = draw(planned_rows())
        dialect = draw(
            st.sampled_from([{}, {"delimiter": ";"}, {"delimiter": "\t"}, {"quoting": csv.QUOTE_ALL}])
        )
        text = csv_file(header, rows, dialect=dialect)
    elif kind == "chaos":
        text = draw(CHAOS_TEXT)
    elif kind == "bytes":
        return draw(st.binary(max_size=400))
    elif kind == "header":  # repeated, missing, unknown and oddly written column names
        names = draw(
            st.lists(
                st.sampled_from(
                    [*service.COLUMNS, "errors", "", " Email ", "E-MAIL", "Transition Date", "\ufeffphone"]
                )
                | st.text(max_size=8),
                max_size=18,
            )
        )
        text = csv_file(names, [[draw(st.sampled_from(["x", "=1", ""])) for _ in names]])
    else:  # a cell far longer than any value: an unclosed quotation mark, or a real one
        width = draw(st.integers(140_000, 200_000))
        text = ",".join(service.COLUMNS) + '\r\nREF,"' + "a" * width + draw(st.sampled_from(['"', "", '",x']))
    encoding = draw(st.sampled_from(ENCODINGS))
    return draw(st.sampled_from(BOMS)) + text.encode(encoding, errors="replace")


# Oracles -----------------------------------------------------------------------------------


def assert_read_properly(parsed: service.ParsedFile) -> None:
    numbers = [number for number, _cells in parsed.rows]
    assert numbers == sorted(set(numbers)) and all(number >= 2 for number in numbers)
    assert 0 < len(numbers) <= service.MAX_ROWS
    assert set(service.REQUIRED_COLUMNS) <= set(parsed.columns)
    assert len(set(parsed.columns.values())) == len(parsed.columns)


def assert_checked_properly(parsed: service.ParsedFile, check: service.Check) -> None:
    assert [row.number for row in check.rows] == [number for number, _cells in parsed.rows]
    for row in check.rows:
        for problem in row.problems:
            assert problem.row == row.number and problem.message.strip()
            assert problem.column in (*service.COLUMNS, "")
            assert problem.text.startswith(f"Row {row.number}")
        if not row.problems:
            assert row.action in (service.CREATE, service.UPDATE, service.UNCHANGED)


def assert_given_back_as_text(parsed: service.ParsedFile, check: service.Check) -> None:
    """The file of rows not imported: every cell is text a spreadsheet will not run."""
    given_back = service.problem_rows_csv(header=parsed.header, rows=check.invalid_rows)
    lines = list(csv.reader(io.StringIO(given_back.removeprefix("\ufeff"))))
    assert len(lines) == len(check.invalid_rows) + 1
    for line in lines:
        assert not any(cell.startswith(FORMULA_STARTS) for cell in line), line


# Properties --------------------------------------------------------------------------------


@examples(120)
@given(content=any_file())
def test_any_file_is_refused_with_a_message_or_read_into_numbered_checked_rows(liaison, content):
    try:
        parsed = service.read_upload(SimpleUploadedFile("discharges.csv", content))
    except service.ImportFileError as refused:
        event("refused")
        assert refused.message.strip() and "Traceback" not in refused.message
        return
    event("read")
    assert_read_properly(parsed)
    check = service.check_rows(parsed, user=liaison)
    assert_checked_properly(parsed, check)
    assert_given_back_as_text(parsed, check)
    assert service.ParsedFile.from_state(parsed.to_state()) == parsed


@examples(40)
@given(plan=planned_rows(), mode=st.sampled_from([service.ALL_OR_NOTHING, service.VALID_ONLY]))
def test_a_commit_stores_all_or_nothing_or_exactly_the_valid_rows(liaison, plan, mode):
    header, rows, bad = plan
    parsed = service.read_upload(SimpleUploadedFile("discharges.csv", csv_file(header, rows).encode()))
    good = set(references_of(header, rows)) - bad
    before = set(CareTransition.objects.values_list("external_reference", flat=True))
    logged = ModelLogEntry.objects.count()
    result = service.import_commit(parsed=parsed, user=liaison, mode=mode)
    stored = set(CareTransition.objects.values_list("external_reference", flat=True)) - before
    note(f"bad: {sorted(bad)}; stored: {sorted(stored)}")
    if mode == service.ALL_OR_NOTHING and bad:
        assert not result.committed and stored == set()
        assert result.not_imported == len(rows)
    else:
        assert result.committed and stored == good
        assert result.created == len(good)
        assert result.not_imported == sum(1 for ref in references_of(header, rows) if ref in bad)
    assert {row.cells[header.index("external_reference")] for row in result.problem_rows} == bad
    assert ModelLogEntry.objects.count() - logged == len(stored)
    for transition in CareTransition.objects.filter(external_reference__in=stored):
        assert transition.discharging_facility.name == "General Hospital"
        assert not transition.patient_first_name.startswith(FORMULA_STARTS)


# Through the admin, as a liaison manager signed in with two-step verification ---------------


@pytest.fixture
def manager_client(client, manager, hospital):
    client.force_login(manager)
    return client


def upload(client, content: bytes, name: str = "discharges.csv"):
    return client.post(
        reverse("transition_import:upload"), {"file": SimpleUploadedFile(name, content, "text/csv")}
    )


@examples(8)
@given(data=st.data())
def test_the_admin_import_answers_any_file_and_commits_all_or_nothing(manager_client, data):
    if data.draw(st.booleans(), label="a file with a plan"):
        header, rows, bad = data.draw(planned_rows(size=(1, 4)), label="plan")
        text = csv_file(header, rows)
        encoding = data.draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]), label="encoding")
        content = text.encode(encoding if encoding != "cp1252" or text.isascii() else "utf-8")
    else:
        content, bad, rows = data.draw(any_file(), label="file"), None, None
    before = CareTransition.objects.count()
    uploaded = upload(manager_client, content)
    assert uploaded.status_code in (200, 302)
    if uploaded.status_code == 200:  # refused: the reason is next to the file field
        assert uploaded.context["form"].errors["file"]
        assert 'id="id_file"' in uploaded.content.decode()
        assert CareTransition.objects.count() == before
        return
    preview = manager_client.get(uploaded["Location"])
    assert preview.status_code == 200
    assert CareTransition.objects.count() == before  # the preview stores nothing
    mode = data.draw(st.sampled_from([service.ALL_OR_NOTHING, service.VALID_ONLY]), label="mode")
    committed = manager_client.post(uploaded["Location"], {"mode": mode})
    assert committed.status_code == 302
    result = manager_client.get(committed["Location"])
    assert result.status_code == 200
    outcome = result.context["result"]
    added = CareTransition.objects.count() - before
    assert added == outcome.created
    if mode == service.ALL_OR_NOTHING and outcome.problem_rows:
        assert added == 0 and not outcome.committed
    if bad is not None:
        good = set(references_of(header, rows)) - bad
        assert added == (0 if mode == service.ALL_OR_NOTHING and bad else len(good))
    errors = manager_client.get(committed["Location"].replace("/result/", "/not-imported.csv"))
    assert errors.status_code == 200
    lines = list(csv.reader(io.StringIO(errors.content.decode("utf-8-sig"))))
    assert len(lines) == len(outcome.problem_rows) + 1
    for line in lines:
        assert not any(cell.startswith(FORMULA_STARTS) for cell in line)


def test_a_file_over_the_size_limit_is_refused_with_the_limit_next_to_the_field(manager_client):
    line = ("R,Ana,,,,,General Hospital,snf,,2026-03-02,,,," + "x" * 1000 + "\r\n").encode()
    content = ",".join(service.COLUMNS).encode() + b"\r\n" + line * (service.MAX_BYTES // len(line) + 1)
    assert len(content) > service.MAX_BYTES
    response = upload(manager_client, content)
    assert response.status_code == 200
    (message,) = response.context["form"].errors["file"]
    assert "too large" in message and "5 MB" in message
    assert not CareTransition.objects.exists()


def test_a_file_with_one_bad_row_in_many_imports_nothing_all_or_nothing(manager_client):
    header = list(service.COLUMNS)
    rows = [[dict(GOOD, external_reference=f"MANY-{n}")[name] for name in header] for n in range(300)]
    rows[random.Random(7).randrange(300)][header.index("transition_date")] = "=NOW()"
    uploaded = upload(manager_client, csv_file(header, rows).encode())
    committed = manager_client.post(uploaded["Location"], {"mode": service.ALL_OR_NOTHING})
    outcome = manager_client.get(committed["Location"]).context["result"]
    assert not outcome.committed and outcome.not_imported == 300
    assert not CareTransition.objects.exists()
