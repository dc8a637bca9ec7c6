"""Tests: the same settings as production where it matters, fast where it does not."""

from portal import config

from .base import *  # noqa: F403
from .base import DATABASES, INSTALLED_APPS, PORTAL_CACHE_LOCAL_COPIES, VAR_DIR

DEBUG = False
# The demo seeds what many tests read (the shipped surveys, the demo organization).
INSTALLED_APPS = [*INSTALLED_APPS, "demo"]
SECRET_KEY = "test-only-not-secret-8d1f3b5a7c9e2f4a6b8d0c2e4f6a8b1d3c5e7f9a"  # noqa: S105
PORTAL_REQUIRE_MFA = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# pytest-xdist runs the tests in several worker processes at once (gw0, gw1, ...): each has
# files of its own, and so do the Celery workers and servers it starts (they inherit the name).
_WORKER = config.env.str("PYTEST_XDIST_WORKER", default="")
_PER_WORKER = f"-{_WORKER}" if _WORKER else ""
MEDIA_ROOT = VAR_DIR / f"test-media{_PER_WORKER}"
CELERY_TASK_ALWAYS_EAGER = config.boolean("CELERY_TASK_ALWAYS_EAGER", default=True)
CELERY_TASK_EAGER_PROPAGATES = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not memory, so that a real Celery worker process can see the test data.
    # Set TEST_DB_FILE to run two test sessions side by side without sharing the file;
    # pytest-django adds each xdist worker's name to it (test-portal.sqlite3_gw0).
    DATABASES["default"]["TEST"] = {
        "NAME": str(VAR_DIR / config.env.str("TEST_DB_FILE", default="test-portal.sqlite3"))
    }
# Caches in the test database (not files), so two test sessions side by side never share
# one; tests/conftest.py empties them after a transactional test's flush.
CACHES = {
    "default": config.cache(
        "CACHE_URL",
        default="dbcache://portal_cache",
        local_copy_prefixes=PORTAL_CACHE_LOCAL_COPIES["default"],
    ),
    "pages": config.cache(
        "PAGE_CACHE_URL",
        default="dbcache://portal_page_cache",
        local_copy_prefixes=PORTAL_CACHE_LOCAL_COPIES["pages"],
    ),
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
if CELERY_BROKER_URL == "filesystem://":  # noqa: F405
    # Apart from the demo's queue, so a running `make run` worker never takes test tasks.
    _test_broker = VAR_DIR / f"test-broker{_PER_WORKER}"
    CELERY_BROKER_TRANSPORT_OPTIONS = CELERY_BROKER_TRANSPORT_OPTIONS | {  # noqa: F405
        "data_folder_in": str(_test_broker / "queue"),
        "data_folder_out": str(_test_broker / "queue"),
        "control_folder": str(_test_broker / "control"),
    }
