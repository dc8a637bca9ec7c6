"""Fixtures every test may use, and which tests run on both databases.

`make test` runs every test once on SQLite, then again on PostgreSQL only the tests marked
``both_databases`` (``-m "both_databases and not e2e"``). A test carries the mark (a
module's ``pytestmark`` or a mark on the test) when what it checks rests on something the two
databases do differently:

- migrations, and the upgrade of a database at an older schema (tests/transitions/test_upgrade.py);
- row locks and leases: ``select_for_update``, ``skip_locked``, the sending sweeps of
  invitations and packets and their exactly-once promise, retention, held submissions, the
  version a survey freezes on its first answer;
- constraints and the IntegrityError paths behind them: one response per invitation or
  browser session, one draft, one packet per transition, seeding twice;
- transactions: the CSV import's all-or-nothing commit, a questionnaire import, work done on
  commit;
- the PostgreSQL-only guards (the append-only audit log) and code that asks
  ``connection.vendor``;
- search (PostgreSQL's full-text search against SQLite's);
- aggregates, JSON and date truncation in queries: the dashboard and daily figures, the
  invitation log's counts and date ranges, packet figures and reports, content reports,
  exports, the generated demo responses;
- backup and restore, and the integration tests whose worker or server process works on the
  test database.

Everything else (pages, forms, permissions, headers, FHIR, plain functions, the browser tests)
runs on SQLite only: which database answers does not change what it checks. When unsure,
mark: a test that touches the database and could behave differently gets the mark.

Both runs use pytest-xdist (``-n 2 --dist loadgroup``). Each worker has its own test database,
media and broker folders (portal/settings/test.py), and each Celery worker a test starts its
own Redis queue, so no test shares an outside resource with another process's test.
``xdist_group`` is not used: xdist sends the largest group first, ahead of pytest-django's
order (database tests before transactional ones, whose flush removes what migrations made).
"""

from importlib import import_module

import pytest
from django.conf import settings
from django.core.cache import caches
from django.db.models.signals import post_migrate
from django.test import Client
from django.utils import translation

from content.services import home_page_ensure
from tests.factories import StaffUserFactory, activate_totp, second_factor_record


def restore_migrated_data() -> None:
    """Put back what migrations create and a transactional test's flush removed."""
    from django.apps import apps
    from wagtail.models import Collection, Locale, Page

    from portal.roles import roles_ensure

    Locale.objects.get_or_create(language_code="en")
    if not Page.objects.filter(depth=1).exists():
        Page.add_root(instance=Page(title="Root", slug="root"))
    if not Collection.objects.filter(depth=1).exists():
        Collection.add_root(name="Root")
    roles_ensure()
    # The clinical review workflow on the root page, as its migration made it.
    import_module("content.migrations.0003_clinical_review_workflow").create_workflow(apps, None)


def caches_emptied_after_a_flush(sender, **kwargs):
    """A transactional test ends with a flush, which empties every model's table but not the
    cache tables (createcachetable's): without this, what such a test cached (a page, a count
    of failed sign-ins) would reach whichever test runs next in that process. Migrate sends
    the same signal with its plan; a flush sends none."""
    if "plan" in kwargs or sender.label != "portal":
        return
    for alias in settings.CACHES:
        caches[alias].clear()


post_migrate.connect(caches_emptied_after_a_flush, dispatch_uid="tests-caches-emptied-after-a-flush")


@pytest.fixture(autouse=True)
def each_test_starts_in_the_default_language():
    """A request to a Spanish address leaves Spanish active in the thread that served it, and
    the test client serves in the test's own thread: without this, a test's outcome could
    depend on which test ran before it on the same worker."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def force_login_includes_the_second_factor(monkeypatch):
    """``client.force_login(user)`` stands for a finished staff sign-in: for an account with
    an authenticator app, the session also records the code, as allauth's login does.

    Two-step verification is bound to the session (portal.two_step); tests of the sign-in
    itself go through the real login and code forms instead.
    """
    plain_force_login = Client.force_login

    def force_login(self, user, backend=None):
        plain_force_login(self, user, backend)
        second_factor_record(self, user)

    monkeypatch.setattr(Client, "force_login", force_login)


@pytest.fixture
def migrated_data(transactional_db):
    restore_migrated_data()


@pytest.fixture
def home_page(db):
    return home_page_ensure(title="Care after the hospital", intro="Information for you and your family.")


@pytest.fixture
def organization(home_page):
    """The demo's fictional organization (Riverside Health), filled in on the default site;
    the caches that show it on every page forgotten."""
    from django.core.cache import cache, caches

    from demo.organization_seed import organization_seed

    row = organization_seed()
    cache.clear()
    caches["pages"].clear()
    return row


@pytest.fixture
def manager(db):
    user = StaffUserFactory(role="Liaison manager")
    user.totp_secret = activate_totp(user)
    return user


@pytest.fixture
def staff_without_mfa(db):
    return StaffUserFactory(role="Liaison")


from tests.library import library  # noqa: E402, F401 - shared fixture: a small education library
