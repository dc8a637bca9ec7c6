"""Every kind of email that goes through the outbox (portal.outbox), each able to make a number
of due messages, sweep them and count what it recorded: the exactly-once tests run over all
of them (tests/portal/test_outbox.py, tests/integration/test_outbox_delivery.py).

Every message of a batch goes to an address of its own, so that a message sent twice or never
shows by its recipient. The staff notices are put in the outbox as their services put them
(one row each, by ``portal.outbox.message_add``, with the kind their service gives it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.db import models
from django.utils import timezone

from portal import outbox
from portal.models import OutboxMessage


@dataclass(frozen=True)
class Kind:
    name: str
    make_due: Callable[[int], set[str]]  # count → the addresses the messages go to
    adapter: Callable[[], outbox.Outbox]
    sweep: Callable[..., outbox.SweepResult]
    task: str  # the Celery task that sweeps it
    messages: type[models.Model]

    def recorded_as_sent(self) -> int:
        return self.sent_messages().count()

    def sent_messages(self):
        rows = self.messages.objects.filter(state=outbox.SENT)
        if self.name == "reminder":
            return rows.filter(kind="reminder_1")
        if self.name == "invitation":
            return rows.filter(kind="invitation")
        if self.messages is OutboxMessage:
            return rows.filter(kind=self.name)
        return rows

    def __str__(self) -> str:
        return self.name


# --- invitations and reminders ------------------------------------------------------------


def _page_sending_all_day():
    from content.services import home_page_ensure
    from surveys.models import INVITATION_ONLY, SurveyPage
    from surveys.services import survey_create_from_snapshot, survey_page_ensure
    from tests.surveys.conftest import three_step_snapshot

    home = home_page_ensure(title="Care after the hospital", intro="Information for you and your family.")
    page = SurveyPage.objects.filter(slug="outbox-move").first()
    if page is None:
        survey = survey_create_from_snapshot(snapshot=three_step_snapshot(), locale=home.locale)
        page = survey_page_ensure(
            parent=home, slug="outbox-move", title="Your move", survey=survey, access=INVITATION_ONLY
        )
        page.invite_destination_kinds = ["snf"]
        page.send_from, page.send_until = dt.time(0), dt.time.max  # the run must not depend on the hour
        page.save_revision().publish()
    return SurveyPage.objects.get(pk=page.pk)


def _transitions(count: int, *, prefix: str, moved: dt.date):
    from transitions.models import CareTransition, Facility

    hospital, _made = Facility.objects.get_or_create(name="Outbox Hospital", kind="hospital")
    return CareTransition.objects.bulk_create(
        CareTransition(
            external_reference=f"{prefix}-{number:04d}",
            patient_first_name=f"Patient{number}",
            email=f"{prefix.lower()}-{number:04d}@example.org",
            language="en",
            discharging_facility=hospital,
            destination_kind="snf",
            transition_date=moved,
        )
        for number in range(count)
    )


def make_due_invitations(count: int) -> set[str]:
    from surveys.models import Invitation
    from surveys.scheduling import transition_schedule

    page = _page_sending_all_day()
    moved = timezone.localdate() - dt.timedelta(days=page.send_after_days)
    made = _transitions(count, prefix="INVITE", moved=moved)
    for transition in made:
        transition_schedule(transition=transition)
    due = Invitation.objects.filter(
        transition__in=made, status=Invitation.SCHEDULED, due_at__lte=timezone.now()
    )
    assert due.count() == count, "the invitations are not all due now"
    return {transition.email for transition in made}


def make_due_reminders(count: int) -> set[str]:
    """Invitations sent five days ago whose first reminder is due now."""
    from surveys.models import Invitation, InvitationMessage

    addresses = make_due_invitations(count)
    invitations = Invitation.objects.filter(transition__email__in=addresses)
    now = timezone.now()
    sent = now - dt.timedelta(days=5)
    InvitationMessage.objects.bulk_create(
        InvitationMessage(
            invitation=invitation, kind="invitation", state=outbox.SENT, sent_at=sent, attempts=1
        )
        for invitation in invitations
    )
    invitations.update(status=Invitation.SENT, sent_at=sent, last_sent_at=sent, due_at=now)
    return addresses


def _invitation_adapter():
    from surveys.sending import InvitationOutbox

    return InvitationOutbox()


def _invitations_sweep(**kwargs):
    from surveys.sending import invitations_sweep

    return invitations_sweep(**kwargs)


# --- packets ------------------------------------------------------------------------------


def make_due_packets(count: int) -> set[str]:
    from packets.models import Packet, PacketSettings

    window = PacketSettings.load()
    window.send_from, window.send_until = dt.time(0), dt.time.max
    window.save()
    made = _transitions(count, prefix="PACKET", moved=timezone.localdate())
    now = timezone.now()
    Packet.objects.bulk_create(
        Packet(transition=transition, language="en", status=Packet.SCHEDULED, due_at=now)
        for transition in made
    )
    return {transition.email for transition in made}


def _packet_adapter():
    from packets.sending import PacketOutbox

    return PacketOutbox()


def _packets_sweep(**kwargs):
    from packets.sending import packets_sweep

    return packets_sweep(**kwargs)


# --- staff notices ------------------------------------------------------------------------


def notices_maker(kind: str) -> Callable[[int], set[str]]:
    def make_due(count: int) -> set[str]:
        addresses = [f"{kind}-{number:04d}@example.org" for number in range(count)]
        for number, address in enumerate(addresses):
            outbox.message_add(
                kind=kind, to=[address], subject=f"Notice {number}", body=f"Notice {number}.\n"
            )
        return set(addresses)

    return make_due


def _notices_sweep(**kwargs):
    return outbox.messages_sweep(**kwargs)


def kinds() -> list[Kind]:
    from content.services import REVIEW_NOTICE
    from feedback.followups import FOLLOWUP_NOTICE, OVERDUE_NOTICE
    from packets.models import PacketMessage
    from surveys.models import InvitationMessage

    invitation = "surveys.tasks.invitations_sweep_task"
    notices = "portal.tasks.outbox_sweep_task"
    return [
        Kind(
            "invitation",
            make_due_invitations,
            _invitation_adapter,
            _invitations_sweep,
            invitation,
            InvitationMessage,
        ),
        Kind(
            "reminder",
            make_due_reminders,
            _invitation_adapter,
            _invitations_sweep,
            invitation,
            InvitationMessage,
        ),
        Kind(
            "packet",
            make_due_packets,
            _packet_adapter,
            _packets_sweep,
            "packets.tasks.packets_sweep_task",
            PacketMessage,
        ),
        *(
            Kind(name, notices_maker(name), outbox.Notices, _notices_sweep, notices, OutboxMessage)
            for name in (FOLLOWUP_NOTICE, OVERDUE_NOTICE, REVIEW_NOTICE)
        ),
    ]


KINDS = kinds()
