"""The follow-up queue, a case's page and the response page: what they show first, the
status a case is in, and handing a case on with a note."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.urls import reverse
from wagtail.models import ModelLogEntry

from feedback import audit
from feedback.followups import followups_open
from feedback.models import FollowUp
from tests.factories import staff
from tests.surveys.factories import POOR, answered_response

pytestmark = pytest.mark.both_databases


@pytest.fixture
def north_case(cast):
    return followups_open(response_id=cast.north_response.pk)


def page(client, user, url, **params):
    client.force_login(user)
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def test_a_resolved_cases_status_dropdown_shows_resolved(client, cast, north_case):
    FollowUp.objects.filter(pk=north_case.pk).update(status=FollowUp.RESOLVED)
    html = page(client, cast.manager, reverse("review:followup", args=[north_case.pk]))
    assert re.search(r'<option value="resolved"[^>]*selected', html)
    assert not re.search(r'<option value="open"[^>]*selected', html)


def test_the_queue_shows_reference_facility_severity_owner_reasons_and_the_marked_comment(
    client, cast, north_case
):
    html = page(client, cast.manager, reverse("review:followups"))
    assert "N-1" in html and "North Hospital" in html and "Nora North" in html
    assert "Urgent" in html and "Asked for a call" in html and "Words that need a look" in html
    assert "<mark>medication</mark>" in html
    assert "&lt;script&gt;" in html and "<script>alert" not in html
    assert "Response " + str(cast.north_response.pk) not in html


def test_the_queue_lists_urgent_cases_first_then_the_soonest_due_and_filters_them(client, cast, north_case):
    page_ = cast.north_response.page
    routine = {"preferences": "1", "problem": "no", "overall": "9", "call_back": "no"}
    later = answered_response(page=page_, facility=cast.north, answers=routine, reference="N-2")
    sooner = answered_response(page=page_, facility=cast.north, answers=routine, reference="N-3")
    followups_open(response_id=later.pk)
    followups_open(response_id=sooner.pk)
    FollowUp.objects.filter(response=sooner).update(due_at=north_case.due_at - dt.timedelta(days=1))
    FollowUp.objects.filter(response=later).update(due_at=north_case.due_at + dt.timedelta(days=9))
    html = page(client, cast.manager, reverse("review:followups"))
    assert html.index("N-1") < html.index("N-3") < html.index("N-2")
    routine_only = page(client, cast.manager, reverse("review:followups"), severity="routine")
    assert "N-1" not in routine_only and "N-2" in routine_only
    FollowUp.objects.filter(response=later).update(assigned_to=cast.manager)
    theirs = page(client, cast.manager, reverse("review:followups"), owner=cast.manager.pk)
    assert "N-2" in theirs and "N-1" not in theirs and "N-3" not in theirs


def test_the_response_page_puts_the_comment_call_back_and_reasons_above_the_answers(client, cast, north_case):
    html = page(client, cast.manager, reverse("review:response", args=[cast.north_response.pk]))
    answers = html.index(">Answers<")
    assert html.index("<mark>medication</mark>") < answers
    assert html.index("555 201 0123") < answers
    assert html.index("Worst answer to a scored question") < answers


def test_the_follow_up_page_puts_the_comment_and_call_back_first(client, cast, north_case):
    html = page(client, cast.north_liaison, reverse("review:followup", args=[north_case.pk]))
    assert (
        html.index("<mark>medication</mark>") < html.index("555 201 0123") < html.index("Change the status")
    )


def test_a_manager_hands_a_case_on_with_a_note_and_the_new_owner_gets_one_email(client, cast, north_case):
    deputy = staff("Liaison", first_name="Dee", last_name="Deputy", email="dee@example.org")
    cast.north.liaisons.add(deputy)
    url = reverse("review:followup_reassign", args=[north_case.pk])
    client.force_login(cast.manager)
    mail.outbox.clear()
    assert client.post(url, {"handover-owner": deputy.pk, "handover-note": "  "}).status_code == 400
    outside = client.post(url, {"handover-owner": cast.south_liaison.pk, "handover-note": "Over to you"})
    assert outside.status_code == 400  # cannot see the response, so cannot own it
    assert (
        client.post(
            url, {"handover-owner": deputy.pk, "handover-note": "Nora is away; please call today."}
        ).status_code
        == 302
    )
    north_case.refresh_from_db()
    assert (north_case.assigned_to, north_case.routed_to) == (deputy, FollowUp.REASSIGNED)
    assert north_case.handover_note == "Nora is away; please call today."
    entry = ModelLogEntry.objects.get(action=audit.FOLLOWUP_REASSIGNED)
    assert (
        str(entry.message)
        == f"Follow-up #{north_case.pk} reassigned from Nora North to Dee Deputy — with a note"
    )
    assert "away" not in str(entry.data)
    assert [message.to for message in mail.outbox] == [["dee@example.org"]]
    body = mail.outbox[0].body
    assert f"/follow-ups/{north_case.pk}/" in body and "medication" not in body and "away" not in body
    assert "Nora is away" in page(client, deputy, reverse("review:followup", args=[north_case.pk]))


def test_only_managers_and_the_owner_may_hand_a_case_on(client, cast, north_case):
    colleague = staff("Liaison", first_name="Cal")
    cast.north.liaisons.add(colleague)
    url = reverse("review:followup_reassign", args=[north_case.pk])
    client.force_login(colleague)
    assert client.post(url, {"handover-owner": colleague.pk, "handover-note": "Mine now"}).status_code == 403
    assert "Hand it on" not in client.get(reverse("review:followup", args=[north_case.pk])).content.decode()
    client.force_login(cast.editor)
    assert client.post(url, {"handover-owner": colleague.pk, "handover-note": "Mine now"}).status_code == 403
    client.force_login(cast.south_liaison)
    assert client.post(url, {"handover-owner": colleague.pk, "handover-note": "Mine now"}).status_code == 404
    client.force_login(cast.north_liaison)
    assert (
        client.post(url, {"handover-owner": colleague.pk, "handover-note": "On leave from today"}).status_code
        == 302
    )
    north_case.refresh_from_db()
    assert north_case.assigned_to == colleague


def test_a_case_without_a_liaison_reads_as_waiting_for_one(client, cast):
    response = answered_response(
        page=cast.north_response.page, facility=cast.south, answers=POOR, reference="S-2"
    )
    cast.south.liaisons.clear()
    case = followups_open(response_id=response.pk)
    assert case.routed_to == FollowUp.MANAGER
    assert "waiting for a liaison" in page(client, cast.manager, reverse("review:followups"))
