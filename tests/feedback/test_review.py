"""The Feedback area: the dashboard's numbers, the audit trail, follow-up changes, and
that nothing a patient typed is ever rendered as markup."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import get_resolver, reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from feedback import audit
from feedback.figures import figures_refresh
from feedback.followups import followups_open
from feedback.models import FiguresPending, FollowUp
from tests.factories import staff
from tests.feedback.factories import care_move_answers
from tests.surveys.factories import answered_response
from transitions.models import Facility

pytestmark = pytest.mark.both_databases


@pytest.fixture
def known(move_page):
    """Four responses this year at two hospitals and one last year, with known answers."""
    north = Facility.objects.create(name="North Hospital", kind="hospital")
    south = Facility.objects.create(name="South Hospital", kind="hospital")
    now = timezone.now()
    rows = [
        (north, "4", "10", "10", "snf", now - dt.timedelta(days=3)),
        (north, "3", "8", "9", "snf", now - dt.timedelta(days=40)),
        (south, "2", "6", "7", "home_health", now - dt.timedelta(days=70)),
        (south, "1", "2", "3", "home_health", now - dt.timedelta(days=100)),
        (south, "4", "9", "10", "home_health", now - dt.timedelta(days=400)),  # the previous period
    ]
    for number, (facility, agreement, overall, recommend, kind, when) in enumerate(rows):
        answered_response(
            page=move_page,
            facility=facility,
            answers=care_move_answers(agreement, overall, recommend),
            reference=f"K-{number}",
            when=when,
            destination_kind=kind,
        )
    return {"north": north, "south": south}


def test_the_dashboard_figures_match_answers_worked_out_by_hand(client, known):
    manager = staff("Liaison manager")
    client.force_login(manager)
    data = client.get(reverse("review:dashboard_data")).json()
    assert data["responses"] == {"current": 4, "previous": 1, "change": 3}
    # NPS: promoters 10 and 9, passive 7, detractor 3 → (2 − 1) / 4.
    assert data["nps"]["current"] == 25.0 and data["nps"]["previous"] == 100.0
    assert data["nps"]["change"] == -75.0
    # Each response's score is the mean of its scored answers on 0–100 (agreement 1–4 → 0, 33.3,
    # 66.7, 100; "not applicable" is not scored; rating and NPS 0–10 → ×10).
    expected = [
        (4 * 100 + 100 + 100) / 6,
        (4 * 200 / 3 + 80 + 90) / 6,
        (4 * 100 / 3 + 60 + 70) / 6,
        (0 + 20 + 30) / 6,
    ]
    assert data["score"]["current"] == pytest.approx(sum(expected) / 4, abs=0.1)
    questions = {q["label"]: q for q in data["questions"]}
    overall = next(q for q in data["questions"] if q["n"] == 4 and q["label"].lower().startswith("overall"))
    assert overall["top_box"] == 25.0  # one 10 out of four
    assert len(questions) == 6  # four agreements, the rating and NPS; who_to_call was always N/A → absent
    assert sum(row["responses"] for row in data["trend"]) == 4
    assert {row["label"]: row["responses"] for row in data["by_facility"]} == {
        "North Hospital": 2,
        "South Hospital": 2,
    }
    # Invitations: each response came from a sent invitation; one more was sent, unanswered.
    assert data["invitations"]["sent"] == 4 and data["invitations"]["answered"] == 4


def test_the_dashboard_counts_a_response_submitted_a_moment_ago(client, known, move_page):
    client.force_login(staff("Liaison manager"))
    url = reverse("review:dashboard_data")
    assert client.get(url).json()["responses"]["current"] == 4
    answered_response(
        page=move_page, facility=known["north"], answers=care_move_answers("4", "9", "9"), reference="NEW"
    )
    assert FiguresPending.objects.exists()  # no sweep has run since
    assert client.get(url).json()["responses"]["current"] == 5


def test_the_dashboard_takes_the_same_queries_whatever_the_data_size(client, known, move_page):
    manager = staff("Liaison manager")
    client.force_login(manager)
    url = reverse("review:dashboard")
    client.get(url)  # warm the settings and content type caches; counts every response so far
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    more = Facility.objects.create(name="West Hospital", kind="hospital")
    for number in range(12):
        answered_response(
            page=move_page,
            facility=more,
            answers=care_move_answers("3", "7", "8"),
            reference=f"W-{number}",
            when=timezone.now() - dt.timedelta(days=30 * number),
            destination_kind="irf",
        )
    figures_refresh()  # as the sweep does every minute
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200
    assert len(large) == len(small), [q["sql"][:120] for q in large]
    # Two grouped reads of the daily figures: responses by month and breakdown, then the
    # questions and the split by education packet together.
    assert sum("surveys_dailyfigures" in query["sql"] for query in large) == 2


def test_the_dashboard_shows_each_chart_with_a_table_of_the_same_numbers(client, known):
    client.force_login(staff("Liaison manager"))
    page = client.get(reverse("review:dashboard")).content.decode()
    for chart in ("trend", "questions", "by_facility", "by_destination", "by_liaison", "by_packet"):
        assert f'data-chart="{chart}"' in page
    # One table per chart, the education packet split's table of questions, and the places
    # moved to beside Medicare's ratings.
    assert page.count('<table class="listing') == 8
    assert 'id="review-chart-data"' in page and "vendor/chart.umd.min.js" in page
    assert "North Hospital" in page and "25.0" in page


def test_one_detail_view_adds_exactly_one_audit_entry(client, cast):
    client.force_login(cast.north_liaison)
    url = reverse("review:response", args=[cast.north_response.pk])
    before = ModelLogEntry.objects.filter(action=audit.RESPONSE_VIEWED).count()
    page = client.get(url).content.decode()
    entries = ModelLogEntry.objects.filter(action=audit.RESPONSE_VIEWED)
    assert entries.count() == before + 1
    entry = entries.latest("timestamp")
    assert entry.user == cast.north_liaison and entry.object_id == str(cast.north_response.pk)
    assert "Nora North" in page  # "who viewed it" lists the viewer


def test_a_refused_detail_view_is_not_recorded_as_a_view(client, cast):
    client.force_login(cast.south_liaison)
    assert client.get(reverse("review:response", args=[cast.north_response.pk])).status_code == 404
    assert not ModelLogEntry.objects.filter(action=audit.RESPONSE_VIEWED).exists()


def test_one_export_adds_one_audit_entry_with_its_row_count_and_filters(client, cast):
    client.force_login(cast.manager)
    response = client.get(reverse("review:export") + f"?format=csv&facility={cast.south.pk}")
    b"".join(response.streaming_content)
    entry = ModelLogEntry.objects.get(action=audit.RESPONSES_EXPORTED)
    assert entry.user == cast.manager
    assert entry.data["rows"] == 1 and entry.data["format"] == "csv"
    assert entry.data["filters"]["facility"] == cast.south.pk


def test_the_audit_log_has_no_route_that_edits_or_deletes_it(client, cast):
    names = [name for name in get_resolver().reverse_dict if isinstance(name, str)]
    assert not [name for name in names if "log" in name.lower() and ("delete" in name or "edit" in name)]
    from wagtail.snippets.models import get_snippet_models

    assert ModelLogEntry not in get_snippet_models()
    from django.contrib import admin

    assert not [model for model in admin.site._registry if "logentry" in model._meta.model_name]
    # Managers browse it under Reports → Site history, with the review entries in it.
    client.force_login(cast.north_liaison)
    client.get(reverse("review:response", args=[cast.north_response.pk]))
    client.force_login(cast.manager)
    history = client.get(reverse("wagtailadmin_reports:site_history")).content.decode()
    assert "View response" in history or "Viewed a survey response" in history
    # A liaison does not see other people's looks at responses there.
    client.force_login(cast.south_liaison)
    history = client.get(reverse("wagtailadmin_reports:site_history")).content.decode()
    assert "Viewed a survey response" not in history


def test_closing_a_follow_up_needs_a_note_and_is_recorded(client, cast):
    followups_open(response_id=cast.north_response.pk)
    followup = FollowUp.objects.filter(response=cast.north_response).first()
    client.force_login(cast.north_liaison)
    url = reverse("review:followup", args=[followup.pk])
    refused = client.post(url, {"status": FollowUp.RESOLVED, "note": "  "})
    assert refused.status_code == 400
    assert "Say what was done before you close this follow-up." in refused.content.decode()
    followup.refresh_from_db()
    assert followup.status == FollowUp.OPEN
    assert client.post(url, {"status": FollowUp.IN_PROGRESS, "note": ""}).status_code == 302
    assert (
        client.post(url, {"status": FollowUp.RESOLVED, "note": "Called; pharmacy fixed it."}).status_code
        == 302
    )
    followup.refresh_from_db()
    assert followup.status == FollowUp.RESOLVED and followup.closed_at is not None
    assert followup.resolution_note == "Called; pharmacy fixed it."
    changes = ModelLogEntry.objects.filter(action=audit.FOLLOWUP_CHANGED, object_id=str(followup.pk))
    assert [(e.data["before"], e.data["after"]) for e in changes.order_by("timestamp")] == [
        (FollowUp.OPEN, FollowUp.IN_PROGRESS),
        (FollowUp.IN_PROGRESS, FollowUp.RESOLVED),
    ]
    assert ModelLogEntry.objects.filter(action=audit.FOLLOWUP_OPENED, object_id=str(followup.pk)).count() == 1


def test_free_text_is_escaped_on_the_detail_page(client, cast):
    client.force_login(cast.manager)
    page = client.get(reverse("review:response", args=[cast.north_response.pk])).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_the_responses_list_filters_by_open_follow_up_and_sorts_by_score(client, cast):
    followups_open(response_id=cast.north_response.pk)
    client.force_login(cast.manager)
    flagged = client.get(reverse("review:responses") + "?flag=open").content.decode()
    assert "N-1" in flagged and "S-1" not in flagged
    lowest_first = client.get(reverse("review:responses") + "?sort=score").content.decode()
    assert lowest_first.index("N-1") < lowest_first.index("S-1")
    highest_first = client.get(reverse("review:responses") + "?sort=-score").content.decode()
    assert highest_first.index("S-1") < highest_first.index("N-1")


def test_a_bad_filter_shows_a_plain_message_not_an_error_page(client, cast):
    client.force_login(cast.manager)
    page = client.get(reverse("review:dashboard") + "?date_from=2026-13-45&version=abc&survey=nope")
    assert page.status_code == 200
    assert "Enter a valid date." in page.content.decode()


def test_changes_to_the_rules_and_to_a_facilitys_liaisons_are_recorded(client, cast):
    from feedback.models import FollowUpRules

    client.force_login(cast.manager)
    url = client.get(reverse("wagtailsettings:edit", args=["feedback", "followuprules"])).url
    assert client.get(url).status_code == 200
    saved = client.post(
        url,
        {
            "bottom_box": "on",
            "low_rating_at_most": "5",
            "detractor": "on",
            "call_back": "on",
            "bottom_box_severity": "routine",
            "low_rating_severity": "routine",
            "detractor_severity": "routine",
            "call_back_severity": "urgent",
            "urgent_words": "fall\nse cayó",
            "routine_words": "dolor",
            "business_days_to_act": "1",
            "business_day_starts": "08:00",
            "business_day_ends": "17:00",
            "urgent_escalation_hours": "4",
        },
    )
    assert saved.status_code == 302
    rules = FollowUpRules.load()
    assert rules.low_rating_at_most == 5 and rules.urgent_word_list() == ["fall", "se cayó"]
    assert ModelLogEntry.objects.for_instance(rules).filter(action="wagtail.edit", user=cast.manager).exists()

    edit = reverse("facility:edit", args=[cast.north.pk])
    moved = client.post(
        edit,
        {"name": "North Hospital", "kind": "hospital", "active": "on", "liaisons": [cast.south_liaison.pk]},
    )
    assert moved.status_code == 302
    assert list(cast.north.liaisons.all()) == [cast.south_liaison]
    assert (
        ModelLogEntry.objects.for_instance(cast.north)
        .filter(action="wagtail.edit", user=cast.manager)
        .exists()
    )
    # The liaison now working there sees its responses at once.
    client.force_login(cast.south_liaison)
    assert client.get(reverse("review:response", args=[cast.north_response.pk])).status_code == 200


def test_a_cleared_start_date_is_kept_by_the_links_and_the_export(client, cast):
    client.force_login(cast.manager)
    page = client.get(reverse("review:dashboard") + "?date_from=").content.decode()
    assert '<input type="hidden" name="date_from" value="">' in page  # no limit, not the default year
    assert reverse("review:dashboard_data") + "?date_from=&amp;" in page


def test_the_follow_up_rules_old_address_leads_to_the_new_one(client, cast):
    client.force_login(cast.manager)
    moved = client.get("/admin/settings/surveys/followuprules/")
    assert moved.status_code == 301
    assert moved.url == reverse("wagtailsettings:edit", args=["feedback", "followuprules"])
