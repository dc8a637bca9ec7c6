from celery import shared_task

from surveys.sending import invitations_sweep
from surveys.services import drafts_expire


@shared_task
def drafts_expire_task() -> int:
    """Hourly: delete unfinished answers whose invitation (or public draft) has expired."""
    return drafts_expire()


# acks_late + reject_on_worker_lost: a sweep whose worker dies is run again; the sweep's
# claims and leases (portal.outbox) make running it again, or twice at once, harmless.
@shared_task(acks_late=True, reject_on_worker_lost=True)
def invitations_sweep_task() -> dict:
    """Every minute: expire, then send due invitations and reminders."""
    result = invitations_sweep()
    return {
        "sent": result.sent,
        "failed": result.failed,
        "expired": result.expired,
        "deferred": result.deferred,
    }
