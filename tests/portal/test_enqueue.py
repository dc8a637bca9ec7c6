"""Queuing work a sweep would also do: never fails a request, and a broker that cannot be
reached is left alone for a while instead of being retried by every request."""

import time

from celery import Celery
from celery.signals import before_task_publish

from portal import celery as portal_celery
from portal.celery import enqueue_soon


def test_a_broker_that_cannot_be_reached_is_left_alone_for_a_while(monkeypatch):
    # A real Redis transport pointed at a port where nothing listens.
    outage = Celery("outage", broker="redis://127.0.0.1:1/0")
    outage.conf.broker_transport_options = {"max_retries": 0}
    outage.conf.task_publish_retry = False
    outage.conf.task_always_eager = False

    @outage.task(name="outage.noop")
    def noop():
        return None

    attempts = []

    def counted(sender=None, **kwargs):
        if sender == "outage.noop":
            attempts.append(sender)

    before_task_publish.connect(counted, weak=False)
    monkeypatch.setattr(portal_celery, "_broker_down_until", 0.0)
    try:
        assert enqueue_soon(noop) is False  # tried, failed, did not raise
        assert enqueue_soon(noop) is False  # not tried again so soon
        assert attempts == ["outage.noop"]
        monkeypatch.setattr(portal_celery, "_broker_down_until", 0.0)  # the wait is over
        assert enqueue_soon(noop) is False
        assert len(attempts) == 2
    finally:
        before_task_publish.disconnect(counted)
        outage.close()


def test_a_publish_that_finds_the_broker_away_costs_the_request_no_wait(monkeypatch):
    """Tried once, not again after the transport's pauses: a web worker serves one request
    at a time, and everyone queued behind it would wait too."""
    outage = Celery("outage-wait", broker="redis://127.0.0.1:1/0")
    # The production transport options for a Redis broker (portal.settings.base).
    outage.conf.broker_transport_options = {
        "max_retries": 2,
        "interval_start": 0,
        "interval_step": 0.5,
        "interval_max": 1,
        "socket_connect_timeout": 3,
        "socket_timeout": 5,
    }
    outage.conf.task_always_eager = False

    @outage.task(name="outage.wait")
    def noop():
        return None

    monkeypatch.setattr(portal_celery, "_broker_down_until", 0.0)
    try:
        enqueue_soon(noop)  # the first connection also loads the transport
        monkeypatch.setattr(portal_celery, "_broker_down_until", 0.0)
        started = time.monotonic()
        assert enqueue_soon(noop) is False
        assert time.monotonic() - started < 0.25
    finally:
        outage.close()
