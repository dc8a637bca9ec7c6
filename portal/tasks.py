from celery import shared_task

from portal.outbox import messages_sweep
from portal.services import heartbeat_record


@shared_task
def heartbeat_task(*, source: str) -> None:
    """Run by beat every minute: proves the broker, a worker and the database all work."""
    heartbeat_record(source=source)


# acks_late + reject_on_worker_lost: a sweep whose worker dies is run again; the outbox's
# claims and leases make running it again, or twice at once, harmless.
@shared_task(acks_late=True, reject_on_worker_lost=True)
def outbox_sweep_task() -> dict:
    """Every sweep interval: send the staff notices still waiting in the outbox (those whose
    first send failed or whose worker died; the services that write them send them at once)."""
    result = messages_sweep()
    return {"sent": result.sent, "failed": result.failed}
