"""The Celery application: configured from Django settings (the ``CELERY_`` names)."""

import logging
import os
import time
from pathlib import Path

from celery import Celery
from celery.signals import after_setup_logger, after_setup_task_logger, worker_init

from portal.log_redaction import handlers_redacted

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def ensure_broker_folders() -> None:
    """The filesystem transport needs its folders before anyone publishes or consumes."""
    options = app.conf.broker_transport_options or {}
    for key in ("data_folder_in", "data_folder_out", "control_folder"):
        if options.get(key):
            Path(options[key]).mkdir(parents=True, exist_ok=True)


@worker_init.connect
def _prepare_worker(**_kwargs) -> None:
    ensure_broker_folders()


@after_setup_logger.connect
@after_setup_task_logger.connect
def _redact_worker_logs(logger=None, **_kwargs) -> None:
    """A worker replaces the root logger's handlers with its own: they get the same
    redaction as every other log (portal.log_redaction)."""
    if logger is not None:
        handlers_redacted(logger)


# While the broker cannot be reached, each process leaves it alone this long: every publish
# would otherwise wait for the transport's retries (about half a second) inside a request.
BROKER_RETRY_SECONDS = 10.0
# And the one publish that finds it away is tried once, not again after pauses: with sync
# web workers a 0.6 s wait in one request also held up every request queued behind it.
PUBLISH_RETRY_POLICY = {"max_retries": 0}
_broker_down_until = 0.0


def enqueue_soon(task, *args, **kwargs) -> bool:
    """Queue ``task`` now, for work a database sweep would also do at its next run (so a
    broker that is down only delays it). Never raises; returns whether it was queued."""
    global _broker_down_until
    if time.monotonic() < _broker_down_until:
        return False
    try:
        task.apply_async(args, kwargs, retry_policy=PUBLISH_RETRY_POLICY)
    except Exception:
        _broker_down_until = time.monotonic() + BROKER_RETRY_SECONDS
        logging.getLogger(__name__).exception("Could not queue %s; its sweep will do it", task.name)
        return False
    return True
