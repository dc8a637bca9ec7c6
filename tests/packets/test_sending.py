"""The packet email: the window, do-not-contact and opt-outs, leases, failures, exactly once,
and what each later survey response records about the packet."""

import datetime as dt
import re
import threading
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.db import connection

from packets.models import Packet, PacketMessage, PacketToken
from packets.sending import packets_sweep
from packets.services import PacketError, packet_open, packet_printed, packet_send, packet_withdraw
from surveys.models import token_hash
from surveys.models.responses import PACKET_NONE, PACKET_OPENED, PACKET_SENT, packet_status_of
from surveys.services import address_opt_out
from tests.packets.factories import make_transition

pytestmark = pytest.mark.both_databases

NEW_YORK = ZoneInfo("America/New_York")
MORNING = dt.datetime(2026, 3, 2, 10, 0, tzinfo=NEW_YORK)
NIGHT = dt.datetime(2026, 3, 2, 22, 30, tzinfo=NEW_YORK)


def sent_packet(packet, liaison, *, at=MORNING):
    with time_machine.travel(at, tick=False):
        packet_send(packet=packet, user=liaison)
        result = packets_sweep(keep_links=True)
    packet.refresh_from_db()
    return result


def test_one_email_with_no_health_details_and_a_working_link(packet, liaison, library, client):
    result = sent_packet(packet, liaison)
    assert result.sent == 1 and len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["hf-1@example.org"]
    assert email.subject.startswith("Sus materiales")  # Rosa reads Spanish
    everything = email.subject + email.body + email.alternatives[0][0]
    for private in ("heart", "Heart", "insuficiencia", "nursing", "I50", "Vivir con"):
        assert private not in everything
    link = re.search(r"https?://\S+/p/(\S+)/", email.body)
    assert link and PacketToken.objects.filter(packet=packet, token_hash=token_hash(link.group(1))).exists()
    assert "Rosa" in email.body and email.extra_headers["List-Unsubscribe-Post"]
    assert packet.status == Packet.SENT and packet.sent_at == MORNING
    assert packet.expires_at == MORNING.astimezone(dt.UTC) + dt.timedelta(days=90)
    assert packets_sweep(now=MORNING + dt.timedelta(hours=1)).sent == 0
    assert len(mail.outbox) == 1


def test_the_record_of_a_sent_packet_commits_without_waiting_for_the_disk(packet, liaison):
    # As for invitations (tests/surveys/test_sending_commit.py): a worker killed between the
    # record's commit and the email's final "." may lose the email only in a round trip.
    if connection.vendor != "postgresql":
        pytest.skip("synchronous_commit is a PostgreSQL setting")
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert sent_packet(packet, liaison).sent == 1
    statements = [query["sql"] for query in queries.captured_queries]
    relaxed = statements.index("SET LOCAL synchronous_commit TO OFF")
    recorded = next(
        n
        for n, sql in enumerate(statements)
        if sql.startswith('UPDATE "packets_packetmessage"') and "sent_at" in sql
    )
    assert relaxed < recorded
    assert not any(sql.startswith(("COMMIT", "RELEASE")) for sql in statements[relaxed:recorded])


def test_sending_twice_sends_one_email(packet, liaison):
    with time_machine.travel(MORNING, tick=False):
        packet_send(packet=packet, user=liaison)
        packet_send(packet=packet, user=liaison)
        packets_sweep()
        packet_send(packet=packet, user=liaison)
        packets_sweep()
    assert len(mail.outbox) == 1


def test_asked_for_at_night_it_goes_when_the_window_opens(packet, liaison):
    with time_machine.travel(NIGHT, tick=False):
        packet_send(packet=packet, user=liaison)
        assert packets_sweep().sent == 0
    packet.refresh_from_db()
    assert packet.due_at == dt.datetime(2026, 3, 3, 8, 0, tzinfo=NEW_YORK)
    assert packets_sweep(now=packet.due_at).sent == 1


def test_do_not_contact_set_after_asking_cancels_the_email_at_the_sweep(packet, liaison):
    with time_machine.travel(MORNING, tick=False):
        packet_send(packet=packet, user=liaison)
        packet.transition.do_not_contact = True
        packet.transition.save()
        result = packets_sweep()
    assert (result.sent, result.cancelled, len(mail.outbox)) == (0, 1, 0)
    packet.refresh_from_db()
    assert packet.status == Packet.CANCELLED


def test_a_blocked_address_is_refused_when_asking_with_a_suggestion_to_print(library, hospital, liaison):
    from packets.services import packet_save

    address_opt_out(email="Same@Example.org ")
    for moved in (
        make_transition(facility=hospital, reference="HF-2", email="same@example.org"),
        make_transition(facility=hospital, reference="HF-3", do_not_contact=True),
    ):
        packet = packet_save(transition=moved, pages=[library["heart"]], user=liaison)
        with pytest.raises(PacketError, match="print the packet"):
            packet_send(packet=packet, user=liaison)
        assert Packet.objects.get(pk=packet.pk).status == Packet.DRAFT


def test_an_opt_out_cancels_a_packet_waiting_to_go(packet, liaison):
    with time_machine.travel(NIGHT, tick=False):
        packet_send(packet=packet, user=liaison)
        address_opt_out(email="HF-1@example.org")
    packet.refresh_from_db()
    assert packet.status == Packet.CANCELLED
    assert packets_sweep(now=MORNING + dt.timedelta(days=1)).sent == 0 and not mail.outbox


def test_without_an_email_address_the_liaison_is_told_to_print(library, hospital, liaison):
    from packets.services import packet_save

    moved = make_transition(facility=hospital, email="")
    packet = packet_save(transition=moved, pages=[library["heart"]], user=liaison)
    with pytest.raises(PacketError, match="print the packet"):
        packet_send(packet=packet, user=liaison)
    assert Packet.objects.get(pk=packet.pk).status == Packet.DRAFT


def test_a_withdrawn_packet_is_not_sent_and_its_link_stops(packet, liaison):
    with time_machine.travel(NIGHT, tick=False):
        packet_send(packet=packet, user=liaison)
    packet_withdraw(packet=packet, user=liaison)
    assert packets_sweep(now=MORNING + dt.timedelta(days=1)).sent == 0
    with pytest.raises(PacketError, match="withdrawn"):
        packet_send(packet=packet, user=liaison)


def test_a_claim_whose_worker_died_is_taken_again_after_its_lease(packet, liaison, settings):
    from packets.sending import PacketOutbox
    from portal import outbox

    with time_machine.travel(MORNING, tick=False):
        packet_send(packet=packet, user=liaison)
        claims = outbox.claim(PacketOutbox(), now=MORNING, batch_size=10, result=outbox.SweepResult())
    assert len(claims) == 1  # ... and the worker dies here, before sending
    assert packets_sweep(now=MORNING + dt.timedelta(seconds=10)).sent == 0  # the lease still holds
    later = MORNING + dt.timedelta(seconds=settings.SURVEY_SEND_LEASE_SECONDS + 1)
    assert packets_sweep(now=later).sent == 1
    assert len(mail.outbox) == 1 and PacketMessage.objects.get(packet=packet).attempts == 2


def test_an_email_recorded_but_not_moved_on_is_not_sent_again(packet, liaison):
    with time_machine.travel(MORNING, tick=False):
        packet_send(packet=packet, user=liaison)
    PacketMessage.objects.create(packet=packet, state=PacketMessage.SENT, sent_at=MORNING, attempts=1)
    assert packets_sweep(now=MORNING).sent == 0
    packet.refresh_from_db()
    assert (packet.status, packet.sent_at, len(mail.outbox)) == (Packet.SENT, MORNING, 0)


def test_a_refused_email_is_kept_and_tried_again_later(packet, liaison, monkeypatch):
    from portal.delivery import Delivery, DeliveryError

    def refuse(self, email):
        raise DeliveryError("550 mailbox unavailable")

    monkeypatch.setattr(Delivery, "prepare", refuse)
    with time_machine.travel(MORNING, tick=False):
        packet_send(packet=packet, user=liaison)
        assert packets_sweep().failed == 1
    packet.refresh_from_db()
    assert packet.status == Packet.SCHEDULED and "550" in packet.last_error
    assert packet.due_at == MORNING + dt.timedelta(minutes=15)
    monkeypatch.undo()
    assert packets_sweep(now=packet.due_at).sent == 1


def test_each_response_records_where_the_packet_stood_when_it_was_answered(packet, liaison):
    transition = packet.transition
    assert packet_status_of(transition) == PACKET_NONE
    packet_printed(packet=packet, user=liaison)
    assert packet_status_of(transition) == PACKET_SENT
    sent_packet(packet, liaison)
    assert packet_status_of(transition) == PACKET_SENT
    packet_open(packet=packet)
    assert packet_status_of(transition) == PACKET_OPENED


@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_send_every_packet_exactly_once(migrated_data, monkeypatch):
    """Two threads sweep 120 due packets in small batches on one database."""
    from packets import services

    # Asking to send also queues a sweep at once, which the test settings run on the spot.
    monkeypatch.setattr(services, "_sweep_soon", lambda: None)
    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one writer at a time; the row locks matter on PostgreSQL")
    from content.models import ArticlePage
    from content.services import education_page_publish, home_page_ensure, index_pages_ensure
    from packets.services import packet_save
    from tests.library import body, page_fields
    from transitions.models import Facility

    home = home_page_ensure(title="Care after the hospital", intro="Information for you and your family.")

    topics, _settings_index = index_pages_ensure(home=home)
    page = education_page_publish(
        parent=topics, model=ArticlePage, slug="heart", fields=page_fields("Heart", "Heart."), body=body()
    )
    hospital = Facility.objects.create(name="General Hospital", kind="hospital")
    count = 120
    with time_machine.travel(MORNING, tick=False):
        for n in range(count):
            moved = make_transition(facility=hospital, reference=f"T-{n}", language="en")
            packet_send(packet=packet_save(transition=moved, pages=[page], user=None), user=None)
    start = threading.Barrier(2)
    results, errors = [], []

    def sweep():
        try:
            start.wait()
            results.append(packets_sweep(now=MORNING, batch_size=7))
        except Exception as problem:  # reported below
            errors.append(problem)
        finally:
            connection.close()

    threads = [threading.Thread(target=sweep) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors
    ids = [email.extra_headers["Message-ID"] for email in mail.outbox]
    assert len(ids) == count and len(set(ids)) == count
    assert sum(result.sent for result in results) == count
    assert all(result.sent for result in results), f"one sweep sent nothing: {results}"
    assert Packet.objects.filter(status=Packet.SENT).count() == count
