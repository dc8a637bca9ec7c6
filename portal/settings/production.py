"""Production: every secret and host explicit, HTTPS only, MFA enforced."""

from portal import config

from .base import *  # noqa: F403

SECRET_KEY = config.required("SECRET_KEY")
if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
    raise config.ConfigurationError("SECRET_KEY", "must be at least 50 random characters.")
ALLOWED_HOSTS = config.string_list("ALLOWED_HOSTS", default=[])
if not ALLOWED_HOSTS or "*" in ALLOWED_HOSTS:
    raise config.ConfigurationError("ALLOWED_HOSTS", "must list the site's host names (no '*').")
# Links in emails must reach the real site over TLS: never a default, never plain http.
if not config.required("BASE_URL").startswith("https://"):
    raise config.ConfigurationError("BASE_URL", "must start with https:// in production.")
config.required("DATABASE_URL")
config.required("CELERY_BROKER_URL")

DEBUG = False
PORTAL_REQUIRE_MFA = True

SECURE_SSL_REDIRECT = config.boolean("SECURE_SSL_REDIRECT", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 365 * 24 * 60 * 60
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = config.boolean("SECURE_HSTS_PRELOAD", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# Django's set_language view (/i18n/setlang/) is routed: its cookie gets the same flags.
LANGUAGE_COOKIE_SECURE = True
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
