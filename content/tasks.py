from celery import shared_task

from content.services import review_notices_send


@shared_task
def review_notices_sweep_task() -> int:
    """Hourly: email page owners about reviews due within 30 days or overdue (once each)."""
    return review_notices_send()
