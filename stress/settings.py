"""The production settings plus the demo app, for the stress run's seeding only.

`make stress` tests ``portal.settings.production``: gunicorn, the worker and beat run with it
unchanged. The processes that fill the database with the demo library, surveys and staff
(stress/dataset.py, the sqlmap fixtures) need the demo, which production does not install,
so they run with this module instead; it adds an app without models, so the schema is the
same."""

from portal.settings.production import *  # noqa: F403
from portal.settings.production import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "demo"]
