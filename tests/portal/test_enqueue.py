"""Queuing work a sweep would also do: never fails a request, and a broker that cannot be
reached is left alone for a while instead of being retried by every request."""

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
