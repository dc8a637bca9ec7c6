from celery import shared_task

from feedback.figures import figures_refresh
from feedback.followups import (
    followups_catch_up,
    followups_escalate,
    followups_of_inactive_owners_reassign,
    followups_open,
)


# Queued by the survey wizard for each stored response: it keeps the name it had before
# the feedback app existed, so messages queued by a worker of the previous release still run.
@shared_task(name="surveys.tasks.followups_open_task", acks_late=True, reject_on_worker_lost=True)
def followups_open_task(response_id: int) -> int:
    """After a response is stored: open the case it calls for (idempotent); 1 if it has one."""
    return int(followups_open(response_id=response_id) is not None)


@shared_task
def figures_refresh_task() -> int:
    """Every sweep interval: count the responses submitted since into the daily figures."""
    return figures_refresh()


@shared_task
def followups_catch_up_task() -> int:
    """Every sweep interval: run the follow-up rules that a lost task never ran, and hand
    on the open cases of owners who were deactivated."""
    checked = followups_catch_up()
    followups_of_inactive_owners_reassign()
    return checked


@shared_task
def followups_escalate_task() -> int:
    """Every 15 minutes: tell the managers once about cases due for escalation."""
    return followups_escalate()
