import datetime as dt

import pytest
from django.utils.formats import date_format

from content.models import ArticlePage

pytestmark = [pytest.mark.django_db, pytest.mark.both_databases]


def test_readability_report_lists_pages_hardest_first(client, manager, library):
    ArticlePage.objects.filter(id=library["copd"].id).update(readability_grade=9.5)
    client.force_login(manager)
    response = client.get("/admin/content-reports/readability/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("Living with COPD") < html.index("Living with heart failure")
    assert "9.5" in html


def test_review_due_report_shows_only_due_and_overdue_pages(client, manager, library):
    ArticlePage.objects.filter(id=library["copd"].id).update(
        next_review_due=dt.date.today() - dt.timedelta(days=2)
    )
    client.force_login(manager)
    html = client.get("/admin/content-reports/review-due/").content.decode()
    assert "Living with COPD" in html
    assert date_format(dt.date.today() - dt.timedelta(days=2)) in html  # the due date itself
    assert "Living with heart failure" not in html


def test_reports_export_as_csv(client, manager, library):
    client.force_login(manager)
    response = client.get("/admin/content-reports/readability/?export=csv")
    assert response.status_code == 200
    assert (
        b"Reading grade" in b"".join(response.streaming_content) if response.streaming else response.content
    )


def test_reports_need_page_permissions(client, library):
    from tests.factories import StaffUserFactory, activate_totp

    nobody = StaffUserFactory()
    activate_totp(nobody)
    client.force_login(nobody)
    response = client.get("/admin/content-reports/readability/")
    assert response.status_code in (302, 403)
