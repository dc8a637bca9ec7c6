"""The dashboard's split by education packet: the figures of each group worked out by hand,
kept to the reviewer's scope and filters, with its note and its small groups marked."""

import datetime as dt
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from feedback.figures import figures_rebuild_for
from packets.models import Packet
from surveys.models import Response
from surveys.models.responses import PACKET_NONE, PACKET_OPENED, PACKET_SENT, packet_status_of
from surveys.services import _response_store
from tests.factories import staff
from tests.feedback.factories import care_move_answers
from tests.surveys.factories import answered_response
from transitions.models import Facility

pytestmark = [pytest.mark.django_db, pytest.mark.both_databases]


def _give_packet(response: Response, packet: str) -> None:
    """Give the response's transition a packet in the state ``packet`` names and record its
    status on the response as a submit would have, then rebuild that day's figures."""
    now = timezone.now()
    fields = {
        "emailed": {"status": Packet.SENT, "sent_at": now},
        "printed": {"status": Packet.DRAFT, "last_printed_at": now},
        "opened": {"status": Packet.SENT, "sent_at": now, "opened_at": now},
        "draft": {"status": Packet.DRAFT},
    }[packet]
    Packet.objects.create(transition=response.transition, language="en", **fields)
    Response.objects.filter(pk=response.pk).update(packet_status=packet_status_of(response.transition))
    figures_rebuild_for(Response.objects.filter(pk=response.pk))


# (facility, packet, agreement, overall rating, recommend)
ROWS = [
    ("north", None, "4", "10", "10"),
    ("south", "draft", "2", "6", "7"),  # a packet never sent or printed counts as none
    ("north", "emailed", "3", "8", "9"),
    ("south", "printed", "1", "2", "3"),
    ("south", "emailed", "4", "9", "10"),
    ("north", "opened", "4", "10", "10"),
]


@pytest.fixture
def split(move_page):
    north = Facility.objects.create(name="North Hospital", kind="hospital")
    south = Facility.objects.create(name="South Hospital", kind="hospital")
    north_liaison = staff("Liaison", first_name="Nora", last_name="North")
    north.liaisons.add(north_liaison)
    facilities = {"north": north, "south": south}
    when = timezone.now() - dt.timedelta(days=2)
    for number, (facility, packet, agreement, overall, recommend) in enumerate(ROWS):
        response = answered_response(
            page=move_page,
            facility=facilities[facility],
            answers=care_move_answers(agreement, overall, recommend),
            reference=f"P-{number}",
            when=when,
        )
        if packet:
            _give_packet(response, packet)
    # A public answer has no care transition: it stays out of the split.
    _response_store(
        version=move_page.survey.current_version,
        answers=care_move_answers("1", "0", "0"),
        page=move_page,
        language="en",
        submission_key=uuid.uuid4(),
        submitted_at=when,
    )
    return {"north": north, "south": south, "north_liaison": north_liaison}


def _agreement_score(code: str) -> float:
    return (int(code) - 1) * 100 / 3


def _score(agreement: str, overall: str, recommend: str) -> float:
    """A response's transition score: the mean of its six scored answers on 0–100."""
    return round((4 * _agreement_score(agreement) + 10 * int(overall) + 10 * int(recommend)) / 6, 2)


def _data(client, user, query: str = "") -> dict:
    client.force_login(user)
    response = client.get(reverse("review:dashboard_data") + query)
    assert response.status_code == 200
    return response.json()


def _by_status(rows: list[dict]) -> dict:
    return {row["status"]: row for row in rows}


def test_each_group_has_the_responses_and_transition_score_worked_out_by_hand(client, split):
    packet = _data(client, staff("Liaison manager"))["packet"]
    groups = _by_status(packet["groups"])
    assert list(groups) == [PACKET_NONE, PACKET_SENT, PACKET_OPENED]
    assert {status: group["responses"] for status, group in groups.items()} == {
        PACKET_NONE: 2,
        PACKET_SENT: 3,
        PACKET_OPENED: 1,
    }
    expected_none = (_score("4", "10", "10") + _score("2", "6", "7")) / 2
    expected_sent = (_score("3", "8", "9") + _score("1", "2", "3") + _score("4", "9", "10")) / 3
    assert groups[PACKET_NONE]["score"] == pytest.approx(expected_none, abs=0.051)
    assert groups[PACKET_SENT]["score"] == pytest.approx(expected_sent, abs=0.051)
    assert groups[PACKET_OPENED]["score"] == 100.0
    assert [group["label"] for group in packet["groups"]] == [
        "No packet",
        "Packet sent or printed",
        "Packet opened online",
    ]


def test_each_question_has_its_mean_top_box_and_answers_in_each_group(client, split):
    packet = _data(client, staff("Liaison manager"))["packet"]
    questions = {question["key"]: _by_status(question["groups"]) for question in packet["questions"]}
    # The same scored questions as the rest of the dashboard, in the same order.
    dashboard = _data(client, staff("Liaison manager"))["questions"]
    assert len(packet["questions"]) == len(dashboard) == 6

    rating = questions["overall_rating"]
    assert (rating[PACKET_NONE]["n"], rating[PACKET_NONE]["mean"], rating[PACKET_NONE]["top_box"]) == (
        2,
        8.0,  # 10 and 6
        50.0,  # one 10 of two
    )
    assert (rating[PACKET_SENT]["n"], rating[PACKET_SENT]["mean"], rating[PACKET_SENT]["top_box"]) == (
        3,
        6.33,  # 8, 2 and 9
        0.0,
    )
    assert (rating[PACKET_OPENED]["n"], rating[PACKET_OPENED]["mean"], rating[PACKET_OPENED]["top_box"]) == (
        1,
        10.0,
        100.0,
    )
    agreement = questions["preferences_considered"]
    assert [(cell["n"], cell["mean"], cell["top_box"]) for cell in agreement.values()] == [
        (2, 3.0, 50.0),  # 4 and 2: one "strongly agree"
        (3, 2.67, 33.3),  # 3, 1 and 4
        (1, 4.0, 100.0),
    ]
    recommend = questions["recommend"]
    assert [(cell["n"], cell["mean"], cell["top_box"]) for cell in recommend.values()] == [
        (2, 8.5, 50.0),
        (3, 7.33, 33.3),
        (1, 10.0, 100.0),
    ]
    # The public answer (no care transition) is in the dashboard's totals but in no group.
    assert sum(row["responses"] for row in _data(client, staff("Liaison manager"))["trend"]) == 7
    assert sum(cell["n"] for cell in rating.values()) == 6


def test_a_liaison_sees_the_split_of_their_own_facilities_only(client, split):
    groups = _by_status(_data(client, split["north_liaison"])["packet"]["groups"])
    # North: P-0 (no packet), P-2 (emailed), P-5 (opened).
    assert {status: group["responses"] for status, group in groups.items()} == {
        PACKET_NONE: 1,
        PACKET_SENT: 1,
        PACKET_OPENED: 1,
    }
    assert groups[PACKET_NONE]["score"] == 100.0
    assert groups[PACKET_SENT]["score"] == pytest.approx(_score("3", "8", "9"), abs=0.051)


def test_the_dashboard_filters_apply_to_the_split(client, split):
    manager = staff("Liaison manager")
    groups = _by_status(_data(client, manager, f"?facility={split['south'].pk}")["packet"]["groups"])
    assert {status: group["responses"] for status, group in groups.items()} == {
        PACKET_NONE: 1,
        PACKET_SENT: 2,
        PACKET_OPENED: 0,
    }
    assert groups[PACKET_OPENED]["score"] is None
    # A period with none of these responses leaves every group empty.
    earlier = (timezone.localdate() - dt.timedelta(days=30)).isoformat()
    before = (timezone.localdate() - dt.timedelta(days=20)).isoformat()
    empty = _data(client, manager, f"?date_from={earlier}&date_to={before}")["packet"]
    assert [group["responses"] for group in empty["groups"]] == [0, 0, 0]
    page = client.get(reverse("review:dashboard") + f"?date_from={earlier}&date_to={before}").content.decode()
    assert "No responses with a care transition in this period, so there is nothing to compare." in page
    assert 'data-chart="by_packet"' not in page and "data-packet-note" in page


def test_groups_and_answers_below_the_threshold_are_marked_too_few_to_compare(client, split, monkeypatch):
    manager = staff("Liaison manager")
    packet = _data(client, manager)["packet"]
    assert packet["min_group"] == 10
    assert all(group["too_small"] for group in packet["groups"])

    monkeypatch.setattr("feedback.dashboard_packets.PACKET_MIN_GROUP", 2)
    packet = _data(client, manager)["packet"]
    assert [group["too_small"] for group in packet["groups"]] == [False, False, True]
    rating = next(q for q in packet["questions"] if q["key"] == "overall_rating")
    assert [cell["too_small"] for cell in rating["groups"]] == [False, False, True]

    client.force_login(manager)
    page = client.get(reverse("review:dashboard")).content.decode()
    table = page[page.index('data-packet="groups"') : page.index('data-packet="questions"')]
    opened = table[table.index(f'data-packet-status="{PACKET_OPENED}"') :]
    assert "(too few to compare)" in opened[: opened.index("</tr>")]
    sent = table[table.index(f'data-packet-status="{PACKET_SENT}"') :]
    assert "too few to compare" not in sent[: sent.index("</tr>")]


def test_the_dashboard_shows_the_split_with_its_note_and_accessible_tables(client, split):
    client.force_login(staff("Liaison manager"))
    page = client.get(reverse("review:dashboard")).content.decode()
    assert "Did the education packet help?" in page
    assert "data-packet-note" in page
    assert "This shows an association, not proof that the packet caused any difference." in page
    assert "may differ in other ways" in page
    section = page[page.index('aria-labelledby="packet-heading"') :]
    section = section[: section.index("</section>")]
    assert section.count("<caption") == 2
    assert '<th scope="colgroup" colspan="3">Packet opened online</th>' in section
    assert 'data-chart="by_packet"' in section and 'role="img"' in section
    assert 'data-question="overall_rating"' in section
    # The chart draws the same three groups as the table beside it, from the embedded JSON.
    assert '"by_packet": [{"label": "No packet", "responses": 2' in page
