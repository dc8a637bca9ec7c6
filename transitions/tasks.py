from celery import shared_task

from transitions.retention import contacts_erase_sweep


@shared_task
def contacts_erase_task() -> int:
    """Daily: erase the contact details of closed transitions past the retention period."""
    return contacts_erase_sweep()
