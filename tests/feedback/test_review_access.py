"""Every URL of the Feedback area, tried by four people: the liaison of facility A, the
liaison of facility B, a content editor and a manager. Deny by default; other scopes 404."""

import pytest
from django.urls import reverse

from feedback.followups import followups_open
from feedback.models import FollowUp

PEOPLE = ("north_liaison", "south_liaison", "editor", "manager")


@pytest.fixture
def north_followup(cast):
    followups_open(response_id=cast.north_response.pk)
    return FollowUp.objects.filter(response=cast.north_response).order_by("pk").first()


def _get(client, cast, person, url):
    client.force_login(getattr(cast, person))
    return client.get(url).status_code


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("review:dashboard", (200, 200, 403, 200)),
        ("review:dashboard_data", (200, 200, 403, 200)),
        ("review:responses", (200, 200, 403, 200)),
        ("review:followups", (200, 200, 403, 200)),
    ],
)
def test_lists_and_charts_open_to_reviewers_only(client, cast, name, expected):
    assert tuple(_get(client, cast, person, reverse(name)) for person in PEOPLE) == expected


def test_a_response_detail_opens_only_inside_the_scope(client, cast):
    url = reverse("review:response", args=[cast.north_response.pk])
    assert tuple(_get(client, cast, person, url) for person in PEOPLE) == (200, 404, 403, 200)


def test_a_follow_up_opens_and_changes_only_inside_the_scope(client, cast, north_followup):
    url = reverse("review:followup", args=[north_followup.pk])
    assert tuple(_get(client, cast, person, url) for person in PEOPLE) == (200, 404, 403, 200)
    statuses = []
    for person in PEOPLE:
        client.force_login(getattr(cast, person))
        new = FollowUp.IN_PROGRESS if person != "manager" else FollowUp.OPEN
        statuses.append(client.post(url, {"status": new, "note": ""}).status_code)
    assert statuses == [302, 404, 403, 302]


@pytest.mark.parametrize("export_format", ["csv", "xlsx", "fhir"])
def test_exports_open_to_reviewers_with_the_export_permission(client, cast, export_format):
    url = reverse("review:export") + f"?format={export_format}"
    assert tuple(_get(client, cast, person, url) for person in PEOPLE) == (200, 200, 403, 200)


def test_lists_show_only_the_scope(client, cast, north_followup):
    client.force_login(cast.south_liaison)
    responses = client.get(reverse("review:responses")).content.decode()
    assert "S-1" in responses and "N-1" not in responses
    followups = client.get(reverse("review:followups") + "?status=all").content.decode()
    assert reverse("review:followup", args=[north_followup.pk]) not in followups
    exported = b"".join(client.get(reverse("review:export") + "?format=csv").streaming_content).decode()
    assert "S-1" in exported and "N-1" not in exported
    client.force_login(cast.manager)
    responses = client.get(reverse("review:responses")).content.decode()
    assert "S-1" in responses and "N-1" in responses


def test_the_chart_data_of_one_liaison_counts_only_their_responses(client, cast):
    client.force_login(cast.south_liaison)
    data = client.get(reverse("review:dashboard_data")).json()
    assert data["responses"]["current"] == 1
    assert [row["label"] for row in data["by_facility"]] == ["South Hospital"]


def test_a_filter_value_from_another_scope_is_refused_not_applied(client, cast):
    client.force_login(cast.south_liaison)
    page = client.get(reverse("review:responses") + f"?facility={cast.north.pk}")
    assert page.status_code == 200
    body = page.content.decode()
    assert "Select a valid choice" in body and "N-1" not in body


def test_the_feedback_menu_and_badge_show_only_to_reviewers(client, cast, north_followup):
    client.force_login(cast.north_liaison)
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Feedback" in home
    open_count = FollowUp.objects.filter(assigned_to=cast.north_liaison).count()
    assert f"Follow-ups \\u00b7 {open_count}" in home  # the sidebar's labels are JSON
    client.force_login(cast.editor)
    assert "Follow-ups \\u00b7" not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_the_held_list_opens_to_managers_only(client, cast):
    url = reverse("held_submissions:index")
    statuses = []
    for person in ("north_liaison", "south_liaison", "editor", "manager"):
        client.force_login(getattr(cast, person))
        statuses.append(client.get(url).status_code)
    assert statuses == [403, 403, 403, 200]
