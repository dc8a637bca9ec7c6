"""Settings shared by every environment. Environment values are read here, once."""

from pathlib import Path

from portal import config

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent
VAR_DIR = BASE_DIR / "var"

config.read_env_file(BASE_DIR / ".env")

# --- values from the environment -------------------------------------------------------
SECRET_KEY = config.env.str("SECRET_KEY", default="")
DEBUG = config.boolean("DEBUG", default=False)
ALLOWED_HOSTS = config.string_list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = config.string_list("CSRF_TRUSTED_ORIGINS", default=[])
# A form sent without its cookie gets a plain page in the visitor's language, not Django's.
CSRF_FAILURE_VIEW = "portal.views.csrf_failure"
DATABASES = {"default": config.database("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'portal.sqlite3'}")}
CELERY_BROKER_URL = config.broker("CELERY_BROKER_URL", default="filesystem://")
# The embedded default keeps caches in files under var/cache: shared by the web server,
# worker and beat like a database table would be, but without a SQL query (and a write
# lock on SQLite) for every read and write. Production points them at Redis.
# On Redis, each process also keeps a short-lived copy of the public pages and of the
# content caches (kept routes and survey pages, page context, navigation, search results:
# "content:" keys) to serve while Redis is away; never of rate limits or import state, which
# only mean anything shared (portal.cache). Key prefixes, per cache; Wagtail's site root paths
# too, which every page URL a page draws (a step's own address, the language switcher) reads.
PORTAL_CACHE_LOCAL_COPIES = {"default": ("content:", "wagtail_site_root_paths"), "pages": ("",)}
CACHES = {
    "default": config.cache(
        "CACHE_URL",
        default=f"filecache://{VAR_DIR / 'cache' / 'default'}",
        local_copy_prefixes=PORTAL_CACHE_LOCAL_COPIES["default"],
    ),
    # Whole public pages for visitors without cookies; emptied whenever content is published.
    "pages": config.cache(
        "PAGE_CACHE_URL",
        default=f"filecache://{VAR_DIR / 'cache' / 'pages'}",
        local_copy_prefixes=PORTAL_CACHE_LOCAL_COPIES["pages"],
    ),
}
for _cache in CACHES.values():
    if _cache["BACKEND"].endswith("FileBasedCache"):
        # Django's default of 300 entries would cull pages long before a library is cached.
        _cache.setdefault("OPTIONS", {}).setdefault("MAX_ENTRIES", 20_000)
_email = config.email("EMAIL_URL", default="filemail://var/mail")
# Staff notices (Wagtail's) come from here; patients' emails from the organization's sender
# (Settings → Organization in the admin), with this as the fallback until it is filled in.
DEFAULT_FROM_EMAIL = config.env.str(
    "DEFAULT_FROM_EMAIL", default="Care transitions portal <no-reply@portal.invalid>"
)
# The one address every absolute link is built from (emails, printed links, FHIR canonicals,
# Wagtail's and allauth's emails). Unless BASE_URL says otherwise it is where `make run`
# serves (HOST and PORT, which the Makefile exports); production requires an https BASE_URL.
_LISTEN_HOST = config.env.str("HOST", default="127.0.0.1").strip()
_LINK_HOST = "127.0.0.1" if _LISTEN_HOST in {"", "0.0.0.0", "::"} else _LISTEN_HOST  # noqa: S104
WAGTAILADMIN_BASE_URL = config.base_url(
    "BASE_URL", default=f"http://{_LINK_HOST}:{config.integer('PORT', default=8000)}"
)
PORTAL_REQUIRE_MFA = config.boolean("REQUIRE_MFA", default=True)
# Key for TOTP secrets at rest; derived from SECRET_KEY when not given separately.
MFA_ENCRYPTION_KEY = config.env.str("MFA_ENCRYPTION_KEY", default="")
LOG_LEVEL = config.env.str("LOG_LEVEL", default="INFO").upper()

# --- database ----------------------------------------------------------------------------
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web server, worker and beat share one file: wait for locks instead of failing,
    # and take the write lock up front so concurrent writers queue instead of deadlocking.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = 60
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- email -------------------------------------------------------------------------------
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
for _key in ("EMAIL_HOST", "EMAIL_PORT", "EMAIL_HOST_USER", "EMAIL_HOST_PASSWORD"):
    if _email.get(_key):
        globals()[_key] = _email[_key]
EMAIL_USE_TLS = bool(_email.get("EMAIL_USE_TLS"))
EMAIL_USE_SSL = bool(_email.get("EMAIL_USE_SSL"))
if _email.get("EMAIL_FILE_PATH") is not None:
    _mail_path = Path(_email["EMAIL_FILE_PATH"])
    EMAIL_FILE_PATH = _mail_path if _mail_path.is_absolute() else BASE_DIR / _mail_path
EMAIL_TIMEOUT = 10
# The Date header carries the portal's real offset (-0500), not -0000 ("offset unknown").
EMAIL_USE_LOCALTIME = True

# --- applications ------------------------------------------------------------------------
INSTALLED_APPS = [
    "portal",
    "content",
    "transitions",
    "surveys",
    "packets",
    "feedback",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.search_promotions",
    "wagtail.embeds",
    "wagtail.sites",
    "portal.apps.StaffUsersConfig",  # wagtail.users, with staff forms (portal.staff_users)
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "formtools",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "portal.apps.SuperuserAdminConfig",  # django.contrib.admin, superusers only
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sites",
    "django.contrib.staticfiles",
    "django.forms",
]

MIDDLEWARE = [
    "django.middleware.cache.UpdateCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "portal.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "portal.middleware.StaffSessionLimitsMiddleware",
    "portal.middleware.RequireMFAMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "portal.middleware.PublicPageCacheMiddleware",
    "content.routing.RouteCacheMiddleware",
]

# Django's cache middleware stores only GET/HEAD 200 responses that set no cookie and are
# not private; PublicPageCacheMiddleware also leaves out anyone with a session and the admin,
# sign-in and API paths. Anything carrying a CSRF token or a message sets a cookie, so it is
# never shared either.
CACHE_MIDDLEWARE_ALIAS = "pages"
CACHE_MIDDLEWARE_KEY_PREFIX = "pages"
CACHE_MIDDLEWARE_SECONDS = config.integer("PAGE_CACHE_SECONDS", default=300)

# Form widgets render through TEMPLATES, so templates/ can override any widget template.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"
SITE_ID = 1

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "content.context_processors.nav_urls",
            ],
        },
    },
]

# --- authentication: staff only, through allauth, with a second factor ----------------
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "wagtailadmin_home"
WAGTAILADMIN_LOGIN_URL = "account_login"
ACCOUNT_ADAPTER = "portal.adapters.StaffAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
# allauth's defaults, stated: failed logins 10/min per address and 5 per 5 minutes per
# account. They are counted in the default cache, which every process shares.
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/300s/key", "login": "30/m/ip"}
# Behind a TLS proxy every request comes from the proxy's address, so per-address limits
# (allauth's and portal.ratelimit's) would count every visitor together: with the number of
# proxies in front, the client's address is read from the right of X-Forwarded-For.
ALLAUTH_TRUSTED_PROXY_COUNT = config.integer("TRUSTED_PROXY_COUNT", default=0)
MFA_ADAPTER = "portal.adapters.EncryptingMFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Care transitions portal"
# The code shown just before the current one is still taken (RFC 6238's one step for
# delay): a code typed as it changes on the phone, or posted over a slow connection, is
# not refused. allauth applies the tolerance on both sides of now; the portal's forms
# refuse the next step's code (portal.two_step). allauth refuses a used code for the whole
# window, so replay stays closed.
MFA_TOTP_TOLERANCE = 1
MFA_FORMS = {
    "authenticate": "portal.two_step.PortalAuthenticateForm",
    "reauthenticate": "portal.two_step.PortalReauthenticateForm",
    "activate_totp": "portal.two_step.PortalActivateTOTPForm",
}
WAGTAIL_PASSWORD_RESET_ENABLED = False

# Idle logoff after 30 minutes and a 12-hour absolute limit (OWASP ASVS L2, HIPAA
# automatic logoff). Enforced by portal.middleware.StaffSessionLimitsMiddleware.
PORTAL_SESSION_IDLE_SECONDS = 30 * 60
PORTAL_SESSION_ABSOLUTE_SECONDS = 12 * 60 * 60
SESSION_COOKIE_AGE = PORTAL_SESSION_ABSOLUTE_SECONDS
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# --- internationalisation ----------------------------------------------------------------
# "en" is US English (Django's "en" is; the British variant would be "en-gb"). Dates follow
# each language's formats: "December 6, 2026" (portal/formats/en) and "6 de diciembre de 2026".
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es", "Español")]
FORMAT_MODULE_PATH = ["portal.formats"]
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAIL_I18N_ENABLED = True
# A new translation starts as a draft, even of a live page: it goes live through clinical
# review like any other page (wagtail-localize would otherwise publish it at once).
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "America/New_York"
USE_I18N = True
USE_TZ = True

# --- static and media --------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static", BASE_DIR / "build" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# --- Wagtail -----------------------------------------------------------------------------
# Surveys: how long an invitation link and a public draft last, and how many public
# submissions one address may make per hour.
SURVEY_INVITATION_DAYS = 30
SURVEY_PUBLIC_DRAFT_DAYS = 30
SURVEY_PUBLIC_SUBMISSIONS_PER_HOUR = config.integer("SURVEY_PUBLIC_SUBMISSIONS_PER_HOUR", default=20)
PAGE_FEEDBACK_PER_HOUR = config.integer("PAGE_FEEDBACK_PER_HOUR", default=30)
# Survey and packet links from one address that lead nowhere, per hour, before that address
# is refused for the rest of the hour (portal.token_links).
TOKEN_LINK_MISSES_PER_HOUR = config.integer("TOKEN_LINK_MISSES_PER_HOUR", default=20)
# The outbox (portal.outbox: invitations, packets, staff notices): the lease a sweep holds on
# a message it is sending, and how often the sweeps run. Who patient emails are from is the
# organization's (portal.models.OrganizationSettings).
SURVEY_MAIL_DOMAIN = config.env.str("SURVEY_MAIL_DOMAIN", default="portal.invalid")
SURVEY_SEND_LEASE_SECONDS = config.integer("SURVEY_SEND_LEASE_SECONDS", default=300)
SURVEY_SWEEP_SECONDS = config.integer("SURVEY_SWEEP_SECONDS", default=60)
# Canonical base of the survey Questionnaires we export.
SURVEY_FHIR_BASE_URL = config.env.str("SURVEY_FHIR_BASE_URL", default=f"{WAGTAILADMIN_BASE_URL}/fhir")
# Key of the hash that replaces references in de-identified exports (the secret key when
# empty). Keep it stable: the same transition then gets the same code in every export.
EXPORT_HASH_KEY = config.env.str("EXPORT_HASH_KEY", default="")

WAGTAIL_SITE_NAME = "Care transitions portal"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "txt", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# Uploads are checked for what they hold, not only their name (content.documents), and
# every download goes through the portal as a sandboxed attachment, PDFs included, even
# when the files live on object storage.
WAGTAILDOCS_DOCUMENT_FORM_BASE = "content.documents.DocumentForm"
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_INLINE_CONTENT_TYPES = []
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024

# --- Celery: the database holds what is due; beat runs short sweeps ----------------------
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_TIMEOUT = 5
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
# A publisher must not hang a web request when the broker is down.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 1,
}
if CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
    # Redelivers a task whose worker died within a minute instead of the default hour.
    CELERY_BROKER_TRANSPORT_OPTIONS |= {
        "visibility_timeout": 60,
        "socket_connect_timeout": 3,
        "socket_timeout": 5,
    }
elif CELERY_BROKER_URL == "filesystem://":
    _broker_dir = VAR_DIR / "broker"
    CELERY_BROKER_TRANSPORT_OPTIONS |= {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
# Retention: a closed care transition's contact details are erased this many days after
# the move, by a daily sweep (transitions.retention); its answers stay, de-identified.
PORTAL_RETENTION_DAYS = config.integer("PORTAL_RETENTION_DAYS", default=365)
if PORTAL_RETENTION_DAYS < 30:
    # A typo such as 3 would erase the contacts of nearly every finished transition.
    raise config.ConfigurationError("PORTAL_RETENTION_DAYS", "must be at least 30 (days after the move).")
CELERY_BEAT_SCHEDULE = {
    "heartbeat": {
        "task": "portal.tasks.heartbeat_task",
        "schedule": 60.0,
        "kwargs": {"source": "beat"},
    },
    "review-notices": {"task": "content.tasks.review_notices_sweep_task", "schedule": 60 * 60.0},
    "survey-drafts": {"task": "surveys.tasks.drafts_expire_task", "schedule": 60 * 60.0},
    "contact-retention": {"task": "transitions.tasks.contacts_erase_task", "schedule": 24 * 60 * 60.0},
    "survey-followups-overdue": {"task": "feedback.tasks.followups_escalate_task", "schedule": 15 * 60.0},
    "survey-figures": {
        "task": "feedback.tasks.figures_refresh_task",
        "schedule": float(SURVEY_SWEEP_SECONDS),
    },
    "survey-followups-catch-up": {
        "task": "feedback.tasks.followups_catch_up_task",
        "schedule": float(SURVEY_SWEEP_SECONDS),
    },
    "education-packets": {
        "task": "packets.tasks.packets_sweep_task",
        "schedule": float(SURVEY_SWEEP_SECONDS),
    },
    "survey-invitations": {
        "task": "surveys.tasks.invitations_sweep_task",
        "schedule": float(SURVEY_SWEEP_SECONDS),
    },
    "outbox": {
        "task": "portal.tasks.outbox_sweep_task",
        "schedule": float(SURVEY_SWEEP_SECONDS),
    },
}
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")

# --- security headers common to every environment ----------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
PORTAL_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "form-action": ["'self'"],
    # Video blocks embed players from these hosts only.
    "frame-src": ["https://www.youtube-nocookie.com", "https://www.youtube.com", "https://player.vimeo.com"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "frame-ancestors": ["'none'"],
}
# Staff-only paths, matched against request.path_info (what Django resolves, without any
# SCRIPT_NAME): two-step verification is enforced there (portal.middleware).
PORTAL_STAFF_PATH_PREFIXES = ("/admin/", "/django-admin/")
# Wagtail's admin sets inline styles (never inline scripts); it is staff-only and behind
# MFA, so it alone may use them.
PORTAL_CSP_ADMIN_PREFIXES = PORTAL_STAFF_PATH_PREFIXES
PORTAL_CSP_ADMIN = PORTAL_CSP | {
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
}

# --- logging: no personal data; request lines carry no query strings --------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # Link tokens, reset and confirmation keys and query strings never reach a log line
    # (portal.log_redaction); every handler carries the filter.
    "filters": {"redact": {"()": "portal.log_redaction.RedactingFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["redact"]}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # Without Django's own default handlers (console when DEBUG, mail to ADMINS), every
        # django.* record, django.security.* included, reaches the root's filtered handler.
        "django": {"handlers": [], "level": "INFO"},
        # Django logs the full request line for 4xx/5xx, which can hold a token.
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "django.server": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "django_tasks": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        # WeasyPrint logs each step of every PDF it builds.
        "weasyprint": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "fontTools": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}
# No third-party avatar look-ups: they would send a hash of each staff email elsewhere.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
