"""Local development and the demo (`make run`): SQLite, embedded broker, mail to files."""

from portal import config

from .base import *  # noqa: F403
from .base import SECRET_KEY as _SECRET_KEY

DEBUG = config.boolean("DEBUG", default=True)
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
