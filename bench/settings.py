"""Benchmark settings: the test settings plus a bare 'floor' view on the same middleware."""

from portal.settings.test import *  # noqa: F403
from portal.settings.test import DATABASES, VAR_DIR

ROOT_URLCONF = "bench.urls"
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["NAME"] = str(VAR_DIR / "bench.sqlite3")
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
