from celery import shared_task

from packets.sending import packets_sweep


# As for invitations: a sweep whose worker dies runs again, and its leases make that safe.
@shared_task(acks_late=True, reject_on_worker_lost=True)
def packets_sweep_task() -> dict:
    """Every minute (and at once when a liaison sends one): email due packets."""
    result = packets_sweep()
    return {
        "sent": result.sent,
        "failed": result.failed,
        "cancelled": result.cancelled,
        "deferred": result.deferred,
    }
