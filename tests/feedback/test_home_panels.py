"""The admin home page of each role: the right work for the right person, only in their
scope, plain empty states, bounded lists, and links that open for that person."""

import datetime as dt
import re

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from content.models import ArticlePage
from feedback.home import followups_waiting_for_liaison, response_rates, transitions_not_invited
from feedback.models import FollowUp
from packets.models import Packet
from surveys.models import Invitation
from tests.factories import StaffUserFactory, activate_totp
from tests.feedback.factories import case_like
from transitions.models import CareTransition

pytestmark = pytest.mark.both_databases

HOME = "/admin/"
NOW = timezone.now


def panel(html: str, name: str) -> str:
    """The HTML of one home panel (feedback.panels), by its name; "" when it is not shown."""
    found = re.search(rf'<section[^>]*id="home-{name}-section".*?</section>', html, re.S)
    return found.group(0) if found else ""


def panel_links(html: str) -> list[str]:
    """Every link inside the role's own home panels."""
    sections = re.findall(r'<section[^>]*id="home-[^"]*-section".*?</section>', html, re.S)
    return [
        href.replace("&amp;", "&")
        for section in sections
        for href in re.findall(r'<a href="([^"#]+)"', section)
    ]


def home_html(client, user) -> str:
    client.force_login(user)
    response = client.get(HOME)
    assert response.status_code == 200
    return response.content.decode()


def assert_links_open(client, html: str) -> None:
    links = panel_links(html)
    assert links
    for link in links:
        assert client.get(link).status_code == 200, link


def not_invited(cast, *, reference: str, facility, **fields) -> CareTransition:
    return CareTransition.objects.create(
        external_reference=reference,
        patient_first_name="Ana",
        discharging_facility=facility,
        destination_kind="snf",
        transition_date=timezone.localdate() - dt.timedelta(days=2),
        **fields,
    )


# --- liaison ----------------------------------------------------------------------------------


def test_a_liaison_sees_their_open_followups_by_due_time_with_overdue_in_words(client, cast):
    later = case_like(cast.north_response, owner=cast.north_liaison, due_in_hours=30)
    late = case_like(cast.north_response, owner=cast.north_liaison, due_in_hours=-5)
    case_like(cast.north_response, owner=cast.north_liaison, status=FollowUp.RESOLVED)
    other = case_like(cast.south_response, owner=cast.south_liaison, due_in_hours=-5)

    section = panel(home_html(client, cast.north_liaison), "followups")

    urls = re.findall(r'href="(/admin/feedback/follow-ups/\d+/)"', section)
    assert urls == [reverse("review:followup", args=[late.pk]), reverse("review:followup", args=[later.pk])]
    assert re.search(rf"Follow-up {late.pk}</a> <strong[^>]*>Overdue</strong>", section)
    assert f"Follow-up {later.pk}</a> <strong" not in section
    assert "reference N-1" in section
    assert reverse("review:followup", args=[other.pk]) not in section


def test_a_liaisons_home_has_no_site_summary_nor_generic_panels_and_says_when_nothing_is_due(client, cast):
    html = home_html(client, cast.north_liaison)

    assert 'class="w-summary"' not in html  # Wagtail's "32 Pages, 0 Images"
    assert "No open follow-ups — nothing is due." in panel(html, "followups")
    assert "Every recent invitation could be sent." in panel(html, "invitations_not_sent")
    assert "Every packet sent has been opened" in panel(html, "packets_not_opened")
    assert "None of your pages is due for clinical review" in panel(html, "pages_review_due")
    assert "None of your pages is in review." in panel(html, "pages_in_review")


def test_a_liaison_sees_invitations_not_sent_only_in_their_facilities(client, cast, home_page):
    no_email = not_invited(cast, reference="N-NOMAIL", facility=cast.north)
    not_invited(cast, reference="N-DNC", facility=cast.north, do_not_contact=True)
    not_invited(cast, reference="S-NOMAIL", facility=cast.south)
    failed = cast.north_response.invitation
    Invitation.objects.filter(pk=failed.pk).update(status=Invitation.FAILED)
    CareTransition.objects.filter(pk=failed.transition_id).update(transition_date=timezone.localdate())

    html = home_html(client, cast.north_liaison)
    section = panel(html, "invitations_not_sent")

    assert "Reference N-NOMAIL" in section and "no email address" in section
    assert "Reference N-1" in section and "the email failed" in section
    assert "N-DNC" not in section  # do not contact: nothing was meant to be sent
    assert "S-NOMAIL" not in section
    assert reverse("invitation_log:transition", args=[no_email.pk]) in section
    assert "Ana" not in section
    assert_links_open(client, html)


def test_a_liaison_sees_packets_not_opened_after_three_days_only_in_their_facilities(client, cast):
    def packet(transition, *, days_ago, opened=False):
        sent = NOW() - dt.timedelta(days=days_ago)
        return Packet.objects.create(
            transition=transition,
            language="en",
            status=Packet.SENT,
            sent_at=sent,
            opened_at=sent if opened else None,
        )

    north = cast.north_response.transition
    waiting = packet(north, days_ago=4)
    packet(not_invited(cast, reference="N-RECENT", facility=cast.north, email="a@example.org"), days_ago=2)
    packet(
        not_invited(cast, reference="N-OPENED", facility=cast.north, email="b@example.org"),
        days_ago=5,
        opened=True,
    )
    packet(cast.south_response.transition, days_ago=6)

    html = home_html(client, cast.north_liaison)
    section = panel(html, "packets_not_opened")

    assert reverse("packets_admin:packet", args=[waiting.transition_id]) in section
    assert "Reference N-1" in section
    assert "N-RECENT" not in section and "N-OPENED" not in section and "S-1" not in section
    assert_links_open(client, html)


def test_a_liaison_sees_only_their_own_pages_due_for_review_soon_or_overdue(client, cast, library):
    today = timezone.localdate()
    heart, copd = (ArticlePage.objects.get(slug=slug) for slug in ("heart-failure", "copd"))
    ArticlePage.objects.filter(pk=heart.pk).update(
        owner=cast.north_liaison, next_review_due=today - dt.timedelta(days=1)
    )
    ArticlePage.objects.filter(pk=copd.pk).update(owner=cast.south_liaison, next_review_due=today)

    html = home_html(client, cast.north_liaison)
    section = panel(html, "pages_review_due")

    assert "Living with heart failure</a> <strong" in section and "Overdue" in section
    assert "Living with COPD" not in section
    assert reverse("wagtailadmin_pages:edit", args=[heart.pk]) in section
    assert_links_open(client, html)


def test_a_long_list_shows_the_first_ten_and_links_to_all_of_them(client, cast):
    for hours in range(12):
        case_like(cast.north_response, owner=cast.north_liaison, due_in_hours=hours + 1)

    section = panel(home_html(client, cast.north_liaison), "followups")

    assert len(re.findall(r"<li>", section)) == 10
    assert f'href="{reverse("review:followups")}?mine=on">See all 12</a>' in section


def test_a_liaisons_home_takes_the_same_number_of_queries_however_much_is_listed(client, cast):
    def queries() -> int:
        client.force_login(cast.north_liaison)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(HOME).status_code == 200
        return len(captured)

    def more(start: int, stop: int) -> None:
        for n in range(start, stop):
            case_like(cast.north_response, owner=cast.north_liaison, due_in_hours=n - 5)
            not_invited(cast, reference=f"N-{n}-X", facility=cast.north)

    more(0, 11)
    queries()  # the first request also fills caches (site, locales, the sign-in's session)
    first = queries()
    more(11, 25)
    assert queries() == first


# --- liaison manager --------------------------------------------------------------------------


def test_a_manager_sees_overdue_followups_across_the_team_and_those_waiting_for_a_liaison(client, cast):
    north_late = case_like(cast.north_response, owner=cast.north_liaison, due_in_hours=-2)
    south_late = case_like(cast.south_response, owner=cast.south_liaison, due_in_hours=-1)
    case_like(cast.south_response, owner=cast.south_liaison, due_in_hours=5)
    waiting = case_like(cast.north_response)

    html = home_html(client, cast.manager)
    overdue = panel(html, "team_overdue_followups")

    assert re.findall(r'href="/admin/feedback/follow-ups/(\d+)/"', overdue) == [
        str(north_late.pk),
        str(south_late.pk),
    ]
    assert "held by Nora North" in overdue and "held by Sol South" in overdue
    assert f"Follow-up {waiting.pk}" in panel(html, "followups_waiting")
    assert 'class="w-summary"' not in html
    assert_links_open(client, html)


def test_followups_waiting_for_a_liaison_are_the_open_unassigned_ones_in_scope(cast):
    waiting = case_like(cast.north_response)
    case_like(cast.north_response, status=FollowUp.RESOLVED)
    case_like(cast.south_response, owner=cast.south_liaison)

    assert list(followups_waiting_for_liaison(user=cast.manager)) == [waiting]
    assert list(followups_waiting_for_liaison(user=cast.south_liaison)) == []


def test_the_response_rate_compares_this_month_so_far_with_last_month(cast, settings):
    now = timezone.now()
    first = timezone.localtime(now).replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    last_month = first - dt.timedelta(days=3)
    Invitation.objects.filter(pk=cast.north_response.invitation.pk).update(sent_at=last_month)
    Invitation.objects.filter(pk=cast.south_response.invitation.pk).update(sent_at=first, responded_at=None)

    manager = response_rates(user=cast.manager, now=now)
    north = response_rates(user=cast.north_liaison, now=now)

    assert (manager["sent"], manager["answered"], manager["rate"]) == (1, 0, 0.0)
    assert (manager["previous_sent"], manager["previous_answered"], manager["previous_rate"]) == (1, 1, 100.0)
    assert manager["rate_change"] == -100.0
    assert (north["sent"], north["previous_sent"]) == (0, 1)


def test_a_manager_sees_the_response_rate_and_pages_overdue_for_review(client, cast, library):
    today = timezone.localdate()
    copd = ArticlePage.objects.get(slug="copd")
    ArticlePage.objects.filter(pk=copd.pk).update(next_review_due=today - dt.timedelta(days=3))

    html = home_html(client, cast.manager)

    assert "Response rate" in panel(html, "response-rate")
    assert "100.0% (2 answered of 2 sent)" in panel(html, "response-rate")
    overdue = panel(html, "pages_review_overdue")
    assert "Living with COPD" in overdue and "Living with heart failure" not in overdue


def test_a_superuser_sees_the_managers_home(client, cast):
    admin = StaffUserFactory(is_superuser=True, is_staff=True)
    activate_totp(admin)
    html = home_html(client, admin)
    assert panel(html, "team_overdue_followups") and panel(html, "response-rate")
    assert not panel(html, "followups")


# --- content editor ---------------------------------------------------------------------------


def test_an_editor_sees_their_pages_in_review_and_above_the_reading_target(client, cast, library):
    heart, copd = (ArticlePage.objects.get(slug=slug) for slug in ("heart-failure", "copd"))
    ArticlePage.objects.filter(pk=heart.pk).update(owner=cast.editor, readability_grade=9.4)
    ArticlePage.objects.filter(pk=copd.pk).update(owner=cast.south_liaison, readability_grade=11.0)
    heart = ArticlePage.objects.get(pk=heart.pk)
    heart.get_workflow().start(heart, cast.editor)  # the clinical review, signed off by managers

    html = home_html(client, cast.editor)
    in_review = panel(html, "pages_in_review")
    hard = panel(html, "readability_warnings")

    assert "Living with heart failure" in in_review and "Clinical sign-off" in in_review
    assert "Living with heart failure" in hard and "grade 9.4" in hard
    assert "Living with COPD" not in hard
    assert not panel(html, "followups") and not panel(html, "team_overdue_followups")
    assert 'class="w-summary"' not in html
    assert_links_open(client, html)


def test_an_editors_empty_home_says_so(client, cast):
    html = home_html(client, cast.editor)
    assert "None of your pages is in review." in panel(html, "pages_in_review")
    assert "All your pages read at or below the target grade." in panel(html, "readability_warnings")


def test_someone_in_no_role_keeps_wagtails_home(client, cast):
    person = StaffUserFactory(role="Content editor")
    person.groups.clear()
    activate_totp(person)
    person.user_permissions.add(Permission.objects.get(codename="access_admin"))
    html = home_html(client, person)
    assert not panel(html, "pages_in_review") and not panel(html, "followups")


def test_invitations_not_sent_leaves_out_erased_and_old_moves(cast):
    old = not_invited(cast, reference="N-OLD", facility=cast.north)
    CareTransition.objects.filter(pk=old.pk).update(
        transition_date=timezone.localdate() - dt.timedelta(days=45)
    )
    not_invited(cast, reference="N-ERASED", facility=cast.north, contact_erased_at=timezone.now())
    recent = not_invited(cast, reference="N-NEW", facility=cast.north)

    rows = list(transitions_not_invited(user=cast.north_liaison, today=timezone.localdate()))

    assert [row.pk for row in rows] == [recent.pk]
    assert rows[0].no_email and not rows[0].invitation_failed and not rows[0].opted_out
