"""Local development and the demo (`make run`): SQLite, embedded broker, mail to files."""

import os

from portal import config

from .base import *  # noqa: F403
from .base import INSTALLED_APPS, VAR_DIR
from .base import SECRET_KEY as _SECRET_KEY

DEBUG = config.boolean("DEBUG", default=True)
# The demo app (seed_demo, invite_demo_patient, ...) exists here and in the tests, never in production.
INSTALLED_APPS = [*INSTALLED_APPS, "demo"]
# A fixed key is fine only because this module is never used in production; production.py
# refuses to start without one.
SECRET_KEY = _SECRET_KEY or "dev-only-not-secret-3f9c1a7e5b2d4c6e8a0b1d3f5e7c9a2b"
# The demo lets staff in without a second factor unless REQUIRE_MFA=true; the admin shows
# a banner saying so on every page.
PORTAL_REQUIRE_MFA = config.boolean("REQUIRE_MFA", default=False)

# Serve static files straight from the source folders: no collectstatic step for the demo.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# The demo's SQLite ignores the extra columns of the figures table's covering index (PostgreSQL
# uses them); saying so on every start only buries the demo's address and logins.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

# A manage.py command run beside the demo with no address of its own (`invite_demo_patient`
# from another terminal, a script) links to where `make run` serves: it writes that address to
# var/run-base-url. BASE_URL, HOST or PORT in the environment still decide.
_SERVED = VAR_DIR / "run-base-url"
if not {"BASE_URL", "HOST", "PORT"} & os.environ.keys() and _SERVED.is_file():
    _served = _SERVED.read_text().strip()
    if _served:
        WAGTAILADMIN_BASE_URL = config.base_url("BASE_URL", default=_served)
        SURVEY_FHIR_BASE_URL = config.env.str("SURVEY_FHIR_BASE_URL", default=f"{WAGTAILADMIN_BASE_URL}/fhir")
