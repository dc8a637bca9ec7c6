"""The invitation log (scope, counts, filters, a fixed number of queries) and, in
development, the list of emails written to disk."""

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Permission
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.core.mail.backends.filebased import EmailBackend as FileBackend
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from feedback.sent_mail import linkify
from surveys.models import INVITATION_ONLY, Invitation, InvitationMessage
from tests.factories import StaffUserFactory, activate_totp
from transitions.models import CareTransition, Facility

NEW_YORK = ZoneInfo("America/New_York")
FILE_BACKEND = "django.core.mail.backends.filebased.EmailBackend"


def staff(role, *facilities):
    user = StaffUserFactory(role=role)
    activate_totp(user)
    for facility in facilities:
        facility.liaisons.add(user)
    return user


@pytest.fixture
def facility_a(db):
    return Facility.objects.create(name="A General", kind="hospital")


@pytest.fixture
def facility_b(db):
    return Facility.objects.create(name="B Memorial", kind="hospital")


@pytest.fixture
def liaison_a(facility_a):
    return staff("Liaison", facility_a)


@pytest.fixture
def manager_all(db):
    # Managers see every facility; the log asks for the permission to view care transitions.
    user = staff("Liaison manager")
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="transitions", codename="view_caretransition")
    )
    return user


_numbers = iter(range(1, 100_000))


def invite(page, facility, *, moved=None, destination="snf", **fields):
    """A transition and its invitation, with the given invitation columns."""
    number = next(_numbers)
    transition = CareTransition.objects.create(
        external_reference=f"ENC-{number:05d}",
        patient_first_name="Ana",
        email=f"person{number}@example.org",
        discharging_facility=facility,
        destination_kind=destination,
        transition_date=moved or timezone.localdate() - dt.timedelta(days=3),
    )
    values = {"language": "en", "expires_at": timezone.now() + dt.timedelta(days=30)}
    values.update(fields)
    return Invitation.objects.create(page=page, transition=transition, **values)


def at(hour, minute=0, day=2):
    return dt.datetime(2026, 3, day, hour, minute, tzinfo=NEW_YORK)


def body_of(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def counts_of(response) -> dict:
    return response.context["counts"]


# --- scope --------------------------------------------------------------------------------------


def test_a_liaison_sees_only_their_facilities_in_list_counts_and_timeline(
    client, survey_page, facility_a, facility_b, liaison_a
):
    mine = invite(survey_page, facility_a, status=Invitation.SENT, sent_at=timezone.now())
    theirs = invite(survey_page, facility_b, status=Invitation.SENT, sent_at=timezone.now())
    client.force_login(liaison_a)
    response = client.get(reverse("invitation_log:index"))
    body = body_of(response)
    assert mine.transition.external_reference in body
    assert theirs.transition.external_reference not in body
    assert counts_of(response)["scheduled"] == 1 and counts_of(response)["sent"] == 1
    # The facility filter offers only their own facilities, and cannot be pointed at another.
    assert list(response.context["form"].fields["facility"].queryset) == [facility_a]
    other = client.get(reverse("invitation_log:index"), {"facility": facility_b.pk})
    assert theirs.transition.external_reference not in body_of(other)
    assert counts_of(other)["scheduled"] == 1  # the unknown facility is not applied
    # The per-transition view is a 404 outside their scope.
    assert client.get(reverse("invitation_log:transition", args=[theirs.transition_id])).status_code == 404
    assert client.get(reverse("invitation_log:transition", args=[mine.transition_id])).status_code == 200


def test_a_received_transition_is_in_the_receiving_liaisons_scope(
    client, survey_page, facility_a, facility_b
):
    invitation = invite(survey_page, facility_a)
    CareTransition.objects.filter(pk=invitation.transition_id).update(receiving_facility=facility_b)
    client.force_login(staff("Liaison", facility_b))
    assert invitation.transition.external_reference in body_of(client.get(reverse("invitation_log:index")))


def test_managers_see_every_facility(client, survey_page, facility_a, facility_b, manager_all):
    invite(survey_page, facility_a)
    invite(survey_page, facility_b)
    client.force_login(manager_all)
    response = client.get(reverse("invitation_log:index"))
    assert counts_of(response)["scheduled"] == 2
    assert set(response.context["form"].fields["facility"].queryset) == {facility_a, facility_b}


def test_a_liaison_without_facilities_sees_nothing(client, survey_page, facility_a):
    invite(survey_page, facility_a)
    client.force_login(staff("Liaison"))
    response = client.get(reverse("invitation_log:index"))
    assert counts_of(response)["scheduled"] == 0 and response.context["rows"] == []


def test_content_editors_and_visitors_are_refused(client, survey_page, facility_a):
    invitation = invite(survey_page, facility_a)
    urls = [
        reverse("invitation_log:index"),
        reverse("invitation_log:transition", args=[invitation.transition_id]),
    ]
    for url in urls:
        assert client.get(url).status_code == 302  # to the sign-in page
    client.force_login(staff("Content editor"))
    for url in urls:
        refused = client.get(url)
        assert refused.status_code in (302, 403)
        assert invitation.transition.external_reference.encode() not in refused.content
        if refused.status_code == 302:
            assert refused.url == reverse("wagtailadmin_home")


# --- counts, timeline, filters -------------------------------------------------------------------


@pytest.mark.both_databases
def test_counts_and_response_rate_for_a_known_mix(client, survey_page, facility_a, liaison_a):
    now = timezone.now()
    sent = {"sent_at": now, "last_sent_at": now}
    invite(survey_page, facility_a)  # scheduled, not sent yet
    invite(survey_page, facility_a)  # scheduled, not sent yet
    invite(survey_page, facility_a, status=Invitation.SENT, **sent)
    invite(survey_page, facility_a, status=Invitation.SENT, reminders_sent=2, opened_at=now, **sent)
    for _ in range(3):
        invite(
            survey_page,
            facility_a,
            status=Invitation.COMPLETED,
            reminders_sent=1,
            opened_at=now,
            started_at=now,
            responded_at=now,
            closed_at=now,
            **sent,
        )
    invite(survey_page, facility_a, status=Invitation.EXPIRED, closed_at=now, reminders_sent=2, **sent)
    invite(survey_page, facility_a, status=Invitation.FAILED, closed_at=now, last_error="timeout")
    invite(survey_page, facility_a, status=Invitation.OPTED_OUT, closed_at=now, **sent)
    invite(survey_page, facility_a, status=Invitation.CANCELLED, closed_at=now)
    client.force_login(liaison_a)
    response = client.get(reverse("invitation_log:index"))
    counts = counts_of(response)
    expected = {
        "scheduled": 11,
        "waiting": 2,
        "sent": 7,
        "reminded": 5,
        "reminders": 7,
        "opened": 4,
        "started": 3,
        "completed": 3,
        "expired": 1,
        "failed": 1,
        "opted_out": 1,
        "cancelled": 1,
    }
    assert {name: counts[name] for name in expected} == expected
    assert counts["response_rate"] == pytest.approx(42.9)
    body = body_of(response)
    assert "42.9%" in body and "3 completed of 7 sent" in body


def test_the_rate_is_not_shown_when_nothing_was_sent(client, survey_page, facility_a, liaison_a):
    invite(survey_page, facility_a)
    client.force_login(liaison_a)
    response = client.get(reverse("invitation_log:index"))
    assert counts_of(response)["response_rate"] is None and "None sent" in body_of(response)


@pytest.mark.both_databases
def test_the_timeline_shows_each_step_in_local_time_and_the_error(client, survey_page, facility_a, liaison_a):
    completed = invite(
        survey_page,
        facility_a,
        status=Invitation.COMPLETED,
        sent_at=at(9, 1),
        reminders_sent=2,
        last_sent_at=at(9, 5, day=12),
        opened_at=at(10, 15, day=12),
        started_at=at(10, 16, day=12),
        responded_at=at(10, 30, day=12),
        closed_at=at(10, 30, day=12),
    )
    failed = invite(
        survey_page,
        facility_a,
        status=Invitation.FAILED,
        closed_at=at(11),
        last_error="recipient refused: 550 <person@example.org> mailbox unavailable",
    )
    client.force_login(liaison_a)
    body = body_of(client.get(reverse("invitation_log:index")))
    for text in (
        "Sent</strong> <time",
        "2026-03-02 09:01",
        "Reminded ×2",
        "2026-03-12 09:05",
        "Opened",
        "Started",
        "Completed",
        "2026-03-12 10:30",
        "Failed",
        "mailbox unavailable",
        reverse("caretransition:edit", args=[completed.transition_id]),
        reverse("invitation_log:transition", args=[failed.transition_id]),
        survey_page.title,
    ):
        assert text in body, text
    # Neither addresses nor first names in the list.
    assert "@example.org" not in body and "Ana" not in body


def test_the_per_transition_view_lists_each_message(client, survey_page, facility_a, liaison_a):
    invitation = invite(
        survey_page, facility_a, status=Invitation.SENT, sent_at=at(9, 1), last_error="connection reset"
    )
    InvitationMessage.objects.create(
        invitation=invitation,
        kind="invitation",
        state=InvitationMessage.SENT,
        sent_at=at(9, 1),
        attempts=1,
        claimed_at=at(9),
    )
    InvitationMessage.objects.create(
        invitation=invitation,
        kind="reminder_1",
        state=InvitationMessage.FAILED,
        attempts=3,
        error="connection reset by <person@example.org>",
        claimed_at=at(9, day=7),
    )
    client.force_login(liaison_a)
    body = body_of(client.get(reverse("invitation_log:transition", args=[invitation.transition_id])))
    for text in ("ENC-", "Ana", "Invitation", "Reminder 1", "Failed", "2026-03-02 09:01", "<td>3</td>"):
        assert text in body, text
    assert "connection reset by &lt;[address]&gt;" in body
    assert "@example.org" not in body
    assert invitation.transition.email not in body


@pytest.mark.both_databases
def test_the_date_range_defaults_to_the_last_30_days(client, survey_page, facility_a, liaison_a):
    today = timezone.localdate()
    recent = invite(survey_page, facility_a, moved=today - dt.timedelta(days=29))
    old = invite(survey_page, facility_a, moved=today - dt.timedelta(days=31))
    client.force_login(liaison_a)
    body = body_of(client.get(reverse("invitation_log:index")))
    assert recent.transition.external_reference in body and old.transition.external_reference not in body
    wider = client.get(reverse("invitation_log:index"), {"date_from": "", "date_to": ""})
    assert counts_of(wider)["scheduled"] == 2
    only_old = client.get(
        reverse("invitation_log:index"),
        {"date_from": (today - dt.timedelta(days=40)).isoformat(), "date_to": old.transition.transition_date},
    )
    assert counts_of(only_old)["scheduled"] == 1
    assert old.transition.external_reference in body_of(only_old)


@pytest.mark.both_databases
def test_the_facility_status_page_and_destination_filters(
    client, home_page, survey, survey_page, facility_a, facility_b, manager_all
):
    from surveys.services import survey_page_ensure

    other_page = survey_page_ensure(
        parent=home_page, slug="other", title="Other survey", survey=survey, access=INVITATION_ONLY
    )
    a_sent = invite(survey_page, facility_a, status=Invitation.SENT, sent_at=timezone.now())
    a_home = invite(survey_page, facility_a, destination="home")
    b_other = invite(other_page, facility_b)
    client.force_login(manager_all)
    index = reverse("invitation_log:index")

    def references(query):
        response = client.get(index, query)
        assert response.status_code == 200
        return {invitation.transition.external_reference for invitation, _steps in response.context["rows"]}

    ref = {inv.pk: inv.transition.external_reference for inv in (a_sent, a_home, b_other)}
    assert references({"facility": facility_a.pk}) == {ref[a_sent.pk], ref[a_home.pk]}
    assert references({"facility": facility_b.pk}) == {ref[b_other.pk]}
    assert references({"status": Invitation.SENT}) == {ref[a_sent.pk]}
    assert references({"page": other_page.pk}) == {ref[b_other.pk]}
    assert references({"destination": "home"}) == {ref[a_home.pk]}
    assert counts_of(client.get(index, {"status": Invitation.SCHEDULED}))["scheduled"] == 2


@pytest.mark.both_databases
def test_a_reversed_date_range_is_reported(client, survey_page, facility_a, liaison_a):
    client.force_login(liaison_a)
    response = client.get(
        reverse("invitation_log:index"), {"date_from": "2026-03-10", "date_to": "2026-03-01"}
    )
    assert "Choose a date on or after the first date." in body_of(response)


def test_the_page_takes_the_same_number_of_queries_for_5_or_50_invitations(
    client, survey_page, facility_a, liaison_a
):
    now = timezone.now()
    client.force_login(liaison_a)
    url = reverse("invitation_log:index")
    client.get(url)  # warm up (session, site and menu caches)

    def queries_with(total):
        while Invitation.objects.count() < total:
            invite(
                survey_page,
                facility_a,
                status=Invitation.SENT,
                sent_at=now,
                last_sent_at=now,
                reminders_sent=1,
                opened_at=now,
            )
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert len(response.context["rows"]) == total
        return len(captured)

    few, many = queries_with(5), queries_with(50)
    assert few == many, f"{few} queries for 5 invitations, {many} for 50"


@pytest.mark.both_databases
def test_the_counts_are_one_aggregate_query(client, survey_page, facility_a, liaison_a):
    invite(survey_page, facility_a)
    client.force_login(liaison_a)
    with CaptureQueriesContext(connection) as captured:
        client.get(reverse("invitation_log:index"))
    counting = [
        query["sql"] for query in captured if "COUNT(" in query["sql"] and "opened_at" in query["sql"]
    ]
    assert len(counting) == 1


# --- sent mail (development only) -------------------------------------------------------------


@pytest.fixture
def mail_folder(settings, tmp_path):
    settings.DEBUG = True
    settings.EMAIL_BACKEND = FILE_BACKEND
    settings.EMAIL_FILE_PATH = str(tmp_path)
    settings.WAGTAILADMIN_BASE_URL = "http://portal.test"
    return tmp_path


def write_mail(folder: Path):
    """Two messages in one .log file from Django's file backend, and one .eml file as the
    two-phase sender writes it."""
    backend = FileBackend(file_path=str(folder))
    backend.send_messages(
        [
            EmailMessage("Confirm your address", "Hello", to=["staff@example.org"]),
            EmailMessage(
                "Password reset", "Reset it at http://portal.test/accounts/reset/x/.", to=["b@x.org"]
            ),
        ]
    )
    backend.close()
    survey = EmailMultiAlternatives(
        subject="How did your move go?",
        body=(
            "Hello Ana,\n"
            "Answer here: http://portal.test/s/abc123/\n"
            "Not ours: http://portal.test.evil.example/s/abc123/\n"
            "<script>alert(1)</script>\n"
        ),
        to=["ana@example.org"],
    )
    survey.attach_alternative("<p>Hello</p>", "text/html")
    (folder / "0123abcd.eml").write_bytes(survey.message().as_bytes())
    (folder / ".0123abce.eml.part").write_bytes(b"Subject: unfinished\n\nUNFINISHED-PART")


@pytest.fixture
def superuser(db):
    user = StaffUserFactory(is_superuser=True, email="root@example.org")
    activate_totp(user)
    return user


def test_sent_mail_lists_every_message_and_shows_the_body_with_links(client, mail_folder, superuser):
    write_mail(mail_folder)
    client.force_login(superuser)
    listing = client.get(reverse("invitation_log:sent_mail"))
    body = body_of(listing)
    for text in ("Confirm your address", "Password reset", "How did your move go?", "ana@example.org"):
        assert text in body, text
    assert "unfinished" not in body
    assert len(listing.context["rows"]) == 3
    index = body_of(client.get(reverse("invitation_log:index")))
    assert f'href="{reverse("invitation_log:sent_mail")}"' in index
    detail = client.get(reverse("invitation_log:sent_mail_detail", args=["0123abcd.eml"]))
    shown = body_of(detail)
    assert '<a href="http://portal.test/s/abc123/" rel="noreferrer">' in shown
    assert '<a href="http://portal.test.evil.example' not in shown
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in shown and "<script>alert(1)" not in shown
    log_name = next(path.name for path in mail_folder.iterdir() if path.suffix == ".log")
    both = body_of(client.get(reverse("invitation_log:sent_mail_detail", args=[log_name])))
    assert "Confirm your address" in both and "Password reset" in both
    assert "http://portal.test/accounts/reset/x/" not in both  # someone else's reset link


def test_sent_mail_is_a_404_unless_debug_and_the_file_backend(client, settings, mail_folder, superuser):
    write_mail(mail_folder)
    client.force_login(superuser)
    urls = [
        reverse("invitation_log:sent_mail"),
        reverse("invitation_log:sent_mail_detail", args=["0123abcd.eml"]),
    ]
    settings.DEBUG = False
    for url in urls:
        assert client.get(url).status_code == 404
    settings.DEBUG = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    for url in urls:
        assert client.get(url).status_code == 404
    assert urls[0] not in body_of(client.get(reverse("invitation_log:index")))


def test_sent_mail_is_refused_to_content_editors(client, db, mail_folder):
    write_mail(mail_folder)
    client.force_login(staff("Content editor"))
    refused = client.get(reverse("invitation_log:sent_mail_detail", args=["0123abcd.eml"]))
    assert refused.status_code in (302, 403) and b"abc123" not in refused.content


@pytest.mark.parametrize(
    "name",
    [
        "..",
        ".0123abce.eml.part",
        "..%2Foutside.eml",
        "..%2F..%2Fetc%2Fpasswd",
        "%2Fetc%2Fpasswd",
        "outside.eml",
        "missing.eml",
        "secret.txt",
    ],
)
def test_sent_mail_refuses_names_outside_the_folder_list(client, mail_folder, superuser, name):
    write_mail(mail_folder)
    (mail_folder.parent / "outside.eml").write_bytes(b"Subject: outside\n\nTOP-SECRET-CONTENT")
    (mail_folder / "secret.txt").write_bytes(b"TOP-SECRET-CONTENT")
    client.force_login(superuser)
    base = reverse("invitation_log:sent_mail")
    response = client.get(f"{base}{name}/")
    assert response.status_code == 404
    assert b"TOP-SECRET-CONTENT" not in response.content and b"UNFINISHED-PART" not in response.content


def test_a_liaison_sees_only_the_mail_addressed_to_them(client, mail_folder, liaison_a):
    write_mail(mail_folder)
    # A file of its own: a second file backend opened in the same second can reuse the first
    # one's file name (Django names it by time and object id) and append to it.
    (mail_folder / "00ff11ee.eml").write_bytes(
        EmailMessage(
            "Reset your password",
            "Reset it at http://portal.test/accounts/password/reset/key/1-mine/",
            to=[liaison_a.email.upper()],
        )
        .message()
        .as_bytes()
    )
    client.force_login(liaison_a)
    listing = client.get(reverse("invitation_log:sent_mail"))
    assert [row["subject"] for row in listing.context["rows"]] == ["Reset your password"]
    for text in ("How did your move go?", "ana@example.org", "Password reset", "b@x.org"):
        assert text not in body_of(listing), text
    patient = client.get(reverse("invitation_log:sent_mail_detail", args=["0123abcd.eml"]))
    assert patient.status_code == 404 and b"abc123" not in patient.content
    others = next(
        path.name for path in mail_folder.iterdir() if path.suffix == ".log" and "x.org" in path.read_text()
    )
    refused = client.get(reverse("invitation_log:sent_mail_detail", args=[others]))
    assert refused.status_code == 404 and b"accounts/reset" not in refused.content
    own_name = listing.context["rows"][0]["url"].rstrip("/").split("/")[-1].split("#")[0]
    own = body_of(client.get(reverse("invitation_log:sent_mail_detail", args=[own_name])))
    assert '<a href="http://portal.test/accounts/password/reset/key/1-mine/" rel="noreferrer">' in own


@pytest.mark.parametrize(
    "link",
    [
        "http://portal.test/accounts/password/reset/key/1-abc/",
        "http://portal.test/es/accounts/confirm-email/MQ:key/",
        "http://portal.test/admin/password_reset/confirm/MQ/set-password/",
    ],
)
def test_account_links_are_never_shown_to_anyone_but_their_recipient(client, mail_folder, superuser, link):
    (mail_folder / "00aa11bb.eml").write_bytes(
        EmailMessage("Your account", f"Follow {link} to go on.", to=["manager@example.org"])
        .message()
        .as_bytes()
    )
    client.force_login(superuser)
    shown = body_of(client.get(reverse("invitation_log:sent_mail_detail", args=["00aa11bb.eml"])))
    assert "Your account" in shown
    assert link not in shown and link.split("//")[1].split("/", 1)[1][:30] not in shown


def test_linkify_escapes_everything_and_links_only_the_site():
    shown = linkify(
        'a <b> http://site.test/x?y=1&z=2, "http://other.test/" http://site.test',
        base_url="http://site.test/",
    )
    assert shown == (
        'a &lt;b&gt; <a href="http://site.test/x?y=1&amp;z=2" rel="noreferrer">'
        "http://site.test/x?y=1&amp;z=2</a>, "
        '&quot;http://other.test/&quot; <a href="http://site.test" rel="noreferrer">http://site.test</a>'
    )


# --- the education packet column --------------------------------------------------------------


def test_the_packet_column_shows_not_sent_sent_opened_and_links_to_the_packet(
    client, survey_page, facility_a, liaison_a
):
    from packets.models import Packet

    now = timezone.now()
    none = invite(survey_page, facility_a)
    draft = invite(survey_page, facility_a)
    sent = invite(survey_page, facility_a)
    opened = invite(survey_page, facility_a)
    Packet.objects.create(transition=draft.transition, language="en")
    Packet.objects.create(transition=sent.transition, language="en", status=Packet.SENT, sent_at=now)
    Packet.objects.create(
        transition=opened.transition, language="en", status=Packet.SENT, sent_at=now, opened_at=now
    )
    client.force_login(liaison_a)
    response = client.get(reverse("invitation_log:index"))
    body = body_of(response)
    assert '<th scope="col">Packet</th>' in body
    labels = {invitation.pk: invitation.packet_label for invitation, _steps in response.context["rows"]}
    assert labels == {none.pk: "Not sent", draft.pk: "Not sent", sent.pk: "Sent", opened.pk: "Opened"}
    assert reverse("packets_admin:packet", args=[opened.transition_id]) in body


def test_the_packet_column_keeps_the_query_count_fixed(client, survey_page, facility_a, liaison_a):
    from packets.models import Packet

    client.force_login(liaison_a)
    url = reverse("invitation_log:index")
    client.get(url)

    def queries_with(total):
        while Invitation.objects.count() < total:
            invitation = invite(survey_page, facility_a)
            if Invitation.objects.count() % 2:
                Packet.objects.create(transition=invitation.transition, language="en", status=Packet.SENT)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert len(response.context["rows"]) == total
        return len(captured)

    assert queries_with(4) == queries_with(40)
