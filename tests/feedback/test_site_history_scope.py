"""Reports → Site history and its exports show a liaison only entries about records they
may see: nothing about another facility's care transitions, responses or follow-ups
(issue 19, finding 3)."""

import pytest
from django.urls import reverse
from wagtail.log_actions import log

from feedback.audit import response_viewed

pytestmark = pytest.mark.both_databases

HISTORY = reverse("wagtailadmin_reports:site_history")
RESULTS = reverse("wagtailadmin_reports:site_history_results")


@pytest.fixture
def logged(cast):
    for response in (cast.north_response, cast.south_response):
        log(instance=response.transition, action="wagtail.create", user=cast.manager)
        response_viewed(response=response, user=cast.manager)
    return cast


def shown(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    if response.get("Content-Type", "").startswith("text/csv"):
        return (
            b"".join(response.streaming_content).decode() if response.streaming else response.content.decode()
        )
    return response.content.decode()


@pytest.mark.parametrize("url", [HISTORY, RESULTS, f"{HISTORY}?export=csv"])
def test_a_liaison_sees_no_entry_about_another_facilitys_transitions(client, logged, url):
    client.force_login(logged.north_liaison)
    history = shown(client, url)
    assert "N-1" in history
    assert "S-1" not in history


def test_the_xlsx_export_leaves_out_other_facilities_too(client, logged):
    client.force_login(logged.south_liaison)
    response = client.get(f"{HISTORY}?export=xlsx")
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    from io import BytesIO

    from openpyxl import load_workbook

    cells = {str(cell.value) for row in load_workbook(BytesIO(body)).active.iter_rows() for cell in row}
    assert "S-1" in cells and "N-1" not in cells


def test_a_manager_sees_every_facilitys_entries_and_the_response_views(client, logged):
    client.force_login(logged.manager)
    history = shown(client, HISTORY)
    assert "N-1" in history and "S-1" in history
    assert "Viewed a survey response" in history or "View response" in history
