"""Benchmark settings: the test settings with the embedded default's caches, plus a bare
'floor' view on the same middleware and the peer FormPage (the bench app)."""

from portal.settings.test import *  # noqa: F403
from portal.settings.test import DATABASES, INSTALLED_APPS, VAR_DIR

ROOT_URLCONF = "bench.urls"
# The peer baseline's FormPage (bench.models) exists only here; the demo app, whose library and
# made-up answers are what the benchmarks measure, comes with the test settings.
INSTALLED_APPS = ["bench", *INSTALLED_APPS]
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["NAME"] = str(VAR_DIR / "bench.sqlite3")
# The embedded default's caches (files, see portal.settings.base), apart from the demo's.
CACHES = {
    alias: {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        # Apart for each database, so a SQLite and a PostgreSQL bench never share one.
        "LOCATION": str(VAR_DIR / "bench-cache" / DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1] / alias),
        "OPTIONS": {"MAX_ENTRIES": 20_000},
    }
    for alias in ("default", "pages")
}
# Static files as production serves them: collected (bench/run.py prepare()), fingerprinted
# and compressed, so the front-end figures count what a browser really downloads.
STORAGES = STORAGES | {  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}
}
STATIC_ROOT = VAR_DIR / "bench-static"
WHITENOISE_USE_FINDERS = False
WHITENOISE_AUTOREFRESH = False
# As in production, a request only queues its background tasks (follow-up rules after a
# submit); the test settings would run them inside the request.
CELERY_TASK_ALWAYS_EAGER = False
CELERY_BROKER_URL = "memory://"
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
