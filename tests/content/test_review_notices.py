"""Owners hear about a page's review 30 days before it is due and when overdue, once each."""

import datetime as dt

import pytest
from django.core import mail

from content.models import ReviewNotice
from content.services import review_notices_send
from content.tasks import review_notices_sweep_task
from tests.factories import StaffUserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.both_databases]


@pytest.fixture
def owned_library(library):
    owner = StaffUserFactory(email="owner@example.org")
    for key in ("heart", "copd", "snf", "heart_es"):
        page = library[key]
        page.owner = owner
        page.save(update_fields=["owner"])
    return library


def set_due(page, due: dt.date):
    type(page).objects.filter(id=page.id).update(next_review_due=due)


def test_due_soon_and_overdue_pages_each_get_one_email_even_when_the_sweep_runs_twice(owned_library):
    today = dt.date(2027, 1, 10)
    set_due(owned_library["heart"], today + dt.timedelta(days=20))  # due soon
    set_due(owned_library["copd"], today - dt.timedelta(days=1))  # overdue
    set_due(owned_library["snf"], today + dt.timedelta(days=60))  # not yet
    set_due(owned_library["heart_es"], today + dt.timedelta(days=400))

    assert review_notices_send(today=today) == 2
    assert review_notices_send(today=today) == 0

    subjects = sorted(message.subject for message in mail.outbox)
    assert subjects == [
        "Clinical review due by January 30, 2027: Living with heart failure",
        "Clinical review overdue: Living with COPD",
    ]
    assert all(message.to == ["owner@example.org"] for message in mail.outbox)
    assert ReviewNotice.objects.count() == 2


def test_a_due_soon_page_that_becomes_overdue_gets_the_second_notice_once(owned_library):
    due = dt.date(2027, 2, 1)
    set_due(owned_library["heart"], due)
    for page in ("copd", "snf", "heart_es"):
        set_due(owned_library[page], dt.date(2030, 1, 1))
    review_notices_send(today=due - dt.timedelta(days=10))
    review_notices_send(today=due + dt.timedelta(days=1))
    review_notices_send(today=due + dt.timedelta(days=2))
    assert [m.subject.split(":")[0] for m in mail.outbox] == [
        "Clinical review due by February 1, 2027",
        "Clinical review overdue",
    ]


def test_the_periodic_task_runs_the_sweep(owned_library):
    set_due(owned_library["heart"], dt.date.today() - dt.timedelta(days=3))
    review_notices_sweep_task.delay()
    assert len(mail.outbox) >= 1
    assert "/admin/pages/" in mail.outbox[0].body
