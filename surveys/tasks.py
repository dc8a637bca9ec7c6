from celery import shared_task

from surveys.services import drafts_expire


@shared_task
def drafts_expire_task() -> int:
    """Hourly: delete unfinished answers whose invitation (or public draft) has expired."""
    return drafts_expire()


# acks_late + reject_on_worker_lost: a sweep whose worker dies is run again; the sweep's
# claims and leases (surveys.sending) make running it again, or twice at once, harmless.
@shared_task(acks_late=True, reject_on_worker_lost=True)
def invitations_sweep_task() -> dict:
    """Every minute: expire, then send due invitations and reminders."""
    from surveys.sending import invitations_sweep

    result = invitations_sweep()
    return {
        "sent": result.sent,
        "failed": result.failed,
        "expired": result.expired,
        "deferred": result.deferred,
    }


@shared_task(acks_late=True, reject_on_worker_lost=True)
def followups_open_task(response_id: int) -> int:
    """After a response is stored: open the follow-ups it calls for (idempotent)."""
    from surveys.followups import followups_open

    return len(followups_open(response_id=response_id))


@shared_task
def figures_refresh_task() -> int:
    """Every sweep interval: count the responses submitted since into the daily figures."""
    from surveys.figures import figures_refresh

    return figures_refresh()


@shared_task
def followups_catch_up_task() -> int:
    """Every sweep interval: run the follow-up rules that a lost task never ran."""
    from surveys.followups import followups_catch_up

    return followups_catch_up()


@shared_task
def followups_escalate_task() -> int:
    """Every 15 minutes: tell the managers once about overdue follow-ups."""
    from surveys.followups import followups_escalate

    return followups_escalate()
