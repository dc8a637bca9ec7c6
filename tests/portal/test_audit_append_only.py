"""Audit entries are append-only in the database itself (PostgreSQL)."""

import pytest
from django.db import DatabaseError, connection, transaction
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry, PageLogEntry

pytestmark = [pytest.mark.django_db, pytest.mark.both_databases]


@pytest.fixture
def entry():
    if connection.vendor != "postgresql":
        pytest.skip("the database guard is PostgreSQL's (see portal/migrations/0006)")
    from transitions.models import Facility

    facility = Facility.objects.create(name="North Hospital", kind="hospital")
    return log(instance=facility, action="wagtail.edit")


@pytest.mark.parametrize(
    "change",
    [
        lambda rows: rows.delete(),
        lambda rows: rows.update(action="wagtail.create"),
        lambda rows: rows.update(data={"forged": True}),
        lambda rows: rows.update(user_id=12345),
        lambda rows: rows.update(object_id="999"),
    ],
    ids=["delete", "action", "data", "user", "object"],
)
def test_an_audit_entry_cannot_be_deleted_or_rewritten(entry, change):
    with pytest.raises(DatabaseError, match="audit entries cannot be"), transaction.atomic():
        change(ModelLogEntry.objects.filter(pk=entry.pk))
    assert ModelLogEntry.objects.filter(pk=entry.pk, action="wagtail.edit").exists()


def test_only_the_label_may_change(entry):
    # The retention sweep replaces a label that showed the hospital's reference.
    ModelLogEntry.objects.filter(pk=entry.pk).update(label="erased-1")
    assert ModelLogEntry.objects.get(pk=entry.pk).label == "erased-1"


def test_page_history_is_guarded_too(entry, home_page):
    page_entry = PageLogEntry.objects.filter(page=home_page).first()
    assert page_entry is not None
    with pytest.raises(DatabaseError, match="audit entries cannot be"), transaction.atomic():
        PageLogEntry.objects.filter(pk=page_entry.pk).delete()
