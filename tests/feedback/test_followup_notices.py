"""The follow-up notices go through the outbox: each is written in the transaction that
marks its cause (a follow-up notified, overdue follow-ups escalated), so a worker that dies
after that commit, before sending, leaves a row the periodic outbox sweep sends, once."""

import datetime as dt
from unittest import mock

import pytest
from django.core import mail

from feedback.followups import FOLLOWUP_NOTICE, OVERDUE_NOTICE, followups_escalate, followups_open
from feedback.models import FollowUp
from portal import outbox
from portal.models import OutboxMessage
from portal.tasks import outbox_sweep_task
from tests.feedback.test_followups import answer_worryingly, liaison, rule_page_for_followups  # noqa: F401

pytestmark = pytest.mark.both_databases


def dies_before_sending():
    """The worker dies right after the commit that put the notices in the outbox."""
    return mock.patch.object(outbox, "messages_sweep")


def test_follow_up_notices_left_by_a_dead_worker_are_sent_once_by_the_outbox_sweep(
    rule_page_for_followups,  # noqa: F811
    liaison,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    with dies_before_sending():
        response = answer_worryingly(
            rule_page_for_followups,
            liaison,
            queued_task_runs=True,
            capture=django_capture_on_commit_callbacks,
        )
    assert FollowUp.objects.filter(notified_at__isnull=False).count() == 1 and mail.outbox == []
    waiting = OutboxMessage.objects.filter(kind=FOLLOWUP_NOTICE, state=OutboxMessage.QUEUED)
    assert waiting.count() == 1 and all(row.to == ["lee@example.org"] for row in waiting)
    assert outbox_sweep_task.delay().get() == {"sent": 1, "failed": 0}
    followups_open(response_id=response.pk)  # the rules run again: nobody is told twice
    assert outbox_sweep_task.delay().get() == {"sent": 0, "failed": 0}
    assert len(mail.outbox) == 1 and mail.outbox[0].subject == "A survey answer needs your follow-up"
    assert "pain" not in mail.outbox[0].body.lower()


def test_the_overdue_notice_left_by_a_dead_worker_is_sent_once_by_the_outbox_sweep(
    rule_page_for_followups,  # noqa: F811
    liaison,  # noqa: F811
    django_capture_on_commit_callbacks,
    manager,
):
    manager.email = "morgan@example.org"
    manager.save()
    answer_worryingly(
        rule_page_for_followups, liaison, queued_task_runs=True, capture=django_capture_on_commit_callbacks
    )
    mail.outbox.clear()
    late = FollowUp.objects.get().escalate_at + dt.timedelta(minutes=1)
    with dies_before_sending():
        assert followups_escalate(now=late) == 1
    assert followups_escalate(now=late) == 0  # claimed with the notice, in one commit
    (notice,) = OutboxMessage.objects.filter(kind=OVERDUE_NOTICE)
    assert notice.to == ["morgan@example.org"] and mail.outbox == []
    assert outbox_sweep_task.delay().get() == {"sent": 1, "failed": 0}
    assert outbox_sweep_task.delay().get() == {"sent": 0, "failed": 0}
    assert [m.to for m in mail.outbox] == [["morgan@example.org"]]
    assert (
        mail.outbox[0].subject == "Survey follow-ups are overdue"
        and "1 survey follow-up is" in mail.outbox[0].body
    )
