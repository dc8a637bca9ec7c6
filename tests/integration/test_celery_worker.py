"""A real worker takes every task from the embedded broker and from Redis."""

import pytest

from portal.models import Heartbeat
from portal.tasks import heartbeat_task
from tests.processes import wait_for

pytestmark = [pytest.mark.integration, pytest.mark.both_databases]

TASKS = 150
# How long a worker gets to run what was sent, well above its usual few seconds.
WAIT_SECONDS = 60


def test_real_worker_delivers_every_task(worker, publisher):
    for number in range(TASKS):
        publisher(heartbeat_task, worker, source=f"delivery-{number}")

    delivered = wait_for(
        lambda: Heartbeat.objects.filter(source__startswith="delivery-").count() >= TASKS,
        timeout=WAIT_SECONDS,
    )

    assert delivered, f"only {Heartbeat.objects.count()} of {TASKS} tasks ran on {worker.broker_url}"
    assert Heartbeat.objects.filter(source__startswith="delivery-").count() == TASKS
    assert worker.process.poll() is None, "the worker died"


def test_the_same_heartbeat_twice_leaves_one_row(worker, publisher):
    publisher(heartbeat_task, worker, source="twice")
    publisher(heartbeat_task, worker, source="twice")
    publisher(heartbeat_task, worker, source="marker")
    assert wait_for(lambda: Heartbeat.objects.filter(source="marker").exists(), timeout=WAIT_SECONDS)
    assert wait_for(lambda: Heartbeat.objects.filter(source="twice").count() == 1, timeout=WAIT_SECONDS)
