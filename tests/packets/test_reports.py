"""The admin report "Education pages: packets and feedback": packet and feedback figures on
known data, the comments page (newest first, escaped, paginated), a fixed number of queries
whatever the number of pages, and page editors only."""

import csv
import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import packets.reports  # noqa: F401 - registers the report's admin URLs and menu item
from content.models import ArticlePage
from content.services import education_page_publish, index_pages_ensure
from demo.survey_templates import template_snapshot
from packets.models import Packet, PacketItem
from packets.services import packet_save
from surveys.models import Response, SurveySettings, SurveyVersion
from surveys.selectors import page_feedback_definition
from surveys.services import page_feedback_submit, survey_create_from_snapshot
from tests.factories import StaffUserFactory, activate_totp, staff
from tests.library import body, page_fields
from tests.packets.factories import make_transition

pytestmark = [pytest.mark.django_db, pytest.mark.both_databases]

SCRIPT = "<script>alert('x')</script> too long"
REPORT = "/admin/packet-reports/"


@pytest.fixture
def feedback_survey(home_page):
    survey = survey_create_from_snapshot(
        snapshot=template_snapshot("page-feedback", "en"), locale=home_page.locale
    )
    settings = SurveySettings.load()
    settings.page_feedback_survey = survey
    settings.save()
    return survey


def give_feedback(page, helpful: str, comment: str = "", *, language: str = "en", days_ago: int = 0):
    """One "Was this page helpful?" answer, stored as the page's feedback form stores it."""
    chosen = page_feedback_definition(language=language)
    version = SurveyVersion.objects.get(pk=chosen["version_id"])
    response = page_feedback_submit(
        version=version, page=page, answers={"helpful": helpful, "comment": comment}, language=language
    )
    if days_ago:
        Response.objects.filter(pk=response.pk).update(
            submitted_at=timezone.now() - dt.timedelta(days=days_ago)
        )
    return response


def give_packet(*, hospital, liaison, reference: str, pages: list, **fields) -> Packet:
    transition = make_transition(facility=hospital, liaison=liaison, reference=reference, language="en")
    packet = packet_save(transition=transition, pages=pages, user=liaison)
    Packet.objects.filter(pk=packet.pk).update(**fields)
    return packet


@pytest.fixture
def known(library, feedback_survey, hospital, liaison):
    """Packets: one emailed (heart failure opened three times, COPD never), one printed
    only (heart failure and nursing facility), one sent then withdrawn (heart failure opened
    once). Feedback: COPD yes, yes, no; heart failure in Spanish no."""
    now = timezone.now()
    heart, copd, snf = library["heart"], library["copd"], library["snf"]
    emailed = give_packet(
        hospital=hospital,
        liaison=liaison,
        reference="E-1",
        pages=[heart, copd],
        status=Packet.SENT,
        sent_at=now,
    )
    PacketItem.objects.filter(packet=emailed, page=heart).update(opened_count=3, first_opened_at=now)
    give_packet(hospital=hospital, liaison=liaison, reference="P-1", pages=[heart, snf], last_printed_at=now)
    withdrawn = give_packet(
        hospital=hospital,
        liaison=liaison,
        reference="W-1",
        pages=[heart],
        status=Packet.WITHDRAWN,
        sent_at=now,
    )
    PacketItem.objects.filter(packet=withdrawn, page=heart).update(opened_count=1, first_opened_at=now)

    give_feedback(copd, "yes", "Clear and short.", days_ago=3)
    give_feedback(copd, "yes", SCRIPT, days_ago=1)
    give_feedback(copd, "no", days_ago=2)
    give_feedback(library["heart_es"], "no", "Muy largo.", language="es")
    return library


def report_rows(client) -> dict:
    """The report's CSV export, by (title, language)."""
    response = client.get(REPORT + "?export=csv")
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode()
    rows = list(csv.DictReader(io.StringIO(text)))
    return {(row["Page"], row["Language"]): row for row in rows}


def test_the_report_counts_packets_sent_and_opened_and_the_feedback_of_each_page(client, known, manager):
    client.force_login(manager)
    rows = report_rows(client)
    figures = {
        key: (
            row["Times sent in a packet"],
            row["Times opened from a packet"],
            row["Opens in all"],
            row["Found it helpful (%)"],
            row["Feedback answers"],
            row["Comments"],
        )
        for key, row in rows.items()
    }
    assert figures == {
        # Emailed and withdrawn-after-sending count as sent; printed only does not.
        ("Living with heart failure", "en"): ("2", "2", "4", "", "0", "0"),
        ("Living with COPD", "en"): ("1", "0", "0", "66.7", "3", "2"),
        ("What to expect in a skilled nursing facility", "en"): ("0", "0", "0", "", "0", "0"),
        ("Vivir con insuficiencia cardíaca", "es"): ("0", "0", "0", "0.0", "1", "1"),
    }


def test_the_report_exports_as_an_excel_workbook_with_numbers(client, known, manager):
    from openpyxl import load_workbook

    client.force_login(manager)
    response = client.get(REPORT + "?export=xlsx")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(workbook.active.iter_rows(values_only=True))
    assert rows[0][:3] == ("Page", "Language", "Times sent in a packet")
    copd = next(row for row in rows if row[0] == "Living with COPD")
    assert copd[1:] == ("en", 1, 0, 0, 66.7, 3, 2)


def test_a_title_a_spreadsheet_would_run_is_exported_as_text(client, known, manager):
    ArticlePage.objects.filter(pk=known["copd"].pk).update(title="=HYPERLINK(1)")
    client.force_login(manager)
    assert ("'=HYPERLINK(1)", "en") in report_rows(client)


def test_the_report_page_shows_the_figures_and_links_to_the_comments(client, known, manager):
    client.force_login(manager)
    response = client.get(REPORT)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Education pages: packets and feedback" in html
    copd = known["copd"]
    row = html[html.index("Living with COPD") :]
    row = row[: row.index("</tr>")]
    assert "66.7%" in row
    assert reverse("packet_reports:page_comments", args=[copd.pk]) in row
    assert "2 comments" in row


def test_the_report_sorts_by_a_column(client, known, manager):
    client.force_login(manager)
    html = client.get(REPORT + "?ordering=-times_sent").content.decode()
    assert html.index("Living with heart failure") < html.index("Living with COPD")
    html = client.get(REPORT + "?ordering=-helpful_rate").content.decode()
    # Pages without any answer come last either way.
    assert (
        html.index("Living with COPD")
        < html.index("Vivir con insuficiencia")
        < html.index("Living with heart")
    )
    html = client.get(REPORT + "?ordering=-locale__language_code").content.decode()
    assert html.index("Vivir con insuficiencia") < html.index("Living with COPD")


def test_comments_are_listed_newest_first_escaped_and_paginated(client, known, manager, monkeypatch):
    client.force_login(manager)
    url = reverse("packet_reports:page_comments", args=[known["copd"].pk])
    html = client.get(url).content.decode()
    assert html.index("too long") < html.index("Clear and short.")  # one day ago before three
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; too long" in html
    yesterday = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    assert yesterday in html and "English" in html
    assert "Living with COPD" in html

    monkeypatch.setattr("packets.reports.COMMENTS_PER_PAGE", 1)
    first = client.get(url).content.decode()
    second = client.get(url + "?p=2").content.decode()
    assert "too long" in first and "Clear and short." not in first
    assert "Clear and short." in second and "too long" not in second
    assert "Page 2 of 2" in second

    spanish = client.get(reverse("packet_reports:page_comments", args=[known["heart_es"].pk])).content
    assert "Muy largo." in spanish.decode()
    # Only education pages have a comments page.
    assert client.get(reverse("packet_reports:page_comments", args=[known["home"].pk])).status_code == 404


def test_the_report_takes_the_same_queries_for_one_page_or_three(
    client, home_page, feedback_survey, hospital, liaison, manager
):
    topics, _settings_index = index_pages_ensure(home=home_page)

    def add_page(number: int):
        page = education_page_publish(
            parent=topics,
            model=ArticlePage,
            slug=f"page-{number}",
            fields=page_fields(f"Page {number}", "Something to read."),
            body=body(),
        )
        give_feedback(page, "yes", f"Comment {number}")
        give_packet(
            hospital=hospital, liaison=liaison, reference=f"Q-{number}", pages=[page], status=Packet.SENT
        )
        return page

    def queries() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(REPORT)
        assert response.status_code == 200
        # Each page shown links to its one comment.
        return len(captured), response.content.decode().count("/comments/")

    add_page(0)
    client.force_login(manager)
    client.get(REPORT)  # warm the caches
    one_page, shown = queries()
    assert shown == 1
    add_page(1)
    add_page(2)
    three_pages, shown = queries()
    assert shown == 3
    assert three_pages == one_page


def test_people_who_cannot_edit_pages_are_refused(client, known):
    nobody = StaffUserFactory()
    activate_totp(nobody)
    client.force_login(nobody)
    assert client.get(REPORT).status_code in (302, 403)
    assert client.get(REPORT + "?export=csv").status_code in (302, 403)
    comments = reverse("packet_reports:page_comments", args=[known["copd"].pk])
    response = client.get(comments)
    assert response.status_code in (302, 403)
    assert "Clear and short." not in response.content.decode()


def test_content_editors_may_see_the_report(client, known):
    editor = staff("Content editor")
    client.force_login(editor)
    assert client.get(REPORT).status_code == 200
    assert client.get(reverse("packet_reports:page_comments", args=[known["copd"].pk])).status_code == 200
