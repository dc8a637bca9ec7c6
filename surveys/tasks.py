from celery import shared_task

from surveys.services import drafts_expire


@shared_task
def drafts_expire_task() -> int:
    """Hourly: delete unfinished answers whose invitation (or public draft) has expired."""
    return drafts_expire()
