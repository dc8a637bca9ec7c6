from celery import shared_task

from portal.services import heartbeat_record


@shared_task
def heartbeat_task(*, source: str) -> None:
    """Run by beat every minute: proves the broker, a worker and the database all work."""
    heartbeat_record(source=source)
