"""Read the environment once, and stop start-up with one clear line when a value is wrong.

Settings modules call these helpers; nothing else in the project reads ``os.environ``.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import environ

env = environ.Env()

# Broker URL schemes we support and document ("sqla+sqlite://…" counts as "sqla").
BROKER_SCHEMES = {"filesystem", "redis", "rediss", "amqp", "amqps", "pyamqp", "memory", "sqla"}


class ConfigurationError(SystemExit):
    """Raised at import time so the process exits with one line, not a traceback."""

    def __init__(self, variable: str, problem: str) -> None:
        super().__init__(f"Configuration error: {variable} {problem}")


def read_env_file(path: Path) -> None:
    """Load ``KEY=value`` lines from an optional ``.env`` file (real variables win)."""
    if path.is_file():
        environ.Env.read_env(str(path), overwrite=False)


def required(variable: str) -> str:
    value = env.str(variable, default="").strip()
    if not value:
        raise ConfigurationError(variable, "must be set in production.")
    return value


def boolean(variable: str, *, default: bool) -> bool:
    raw = env.str(variable, default="").strip().lower()
    if not raw:
        return default
    if raw in {"1", "true", "yes", "on"}:
        return True
    if raw in {"0", "false", "no", "off"}:
        return False
    raise ConfigurationError(variable, f"must be true or false, not {raw!r}.")


def integer(variable: str, *, default: int) -> int:
    raw = env.str(variable, default="").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ConfigurationError(variable, f"must be a whole number, not {raw!r}.") from None


def string_list(variable: str, *, default: list[str]) -> list[str]:
    raw = env.str(variable, default="").strip()
    if not raw:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def base_url(variable: str, *, default: str) -> str:
    """The address the portal is reached at, without a trailing slash: every absolute link
    the portal writes (emails, printed links, FHIR canonicals) starts with it."""
    raw = env.str(variable, default="").strip() or default
    parts = urlsplit(raw)
    try:
        parts.port  # noqa: B018 - raises ValueError on a malformed port
    except ValueError:
        parts = parts._replace(netloc="")
    if parts.scheme not in {"http", "https"} or not parts.hostname or parts.query or parts.fragment:
        raise ConfigurationError(
            variable, f"must be an address such as https://portal.example.org, not {raw!r}."
        )
    return raw.rstrip("/")


def _service_url(variable: str, *, default: str, schemes, parse, kind: str, examples: str):
    """Read a service URL and parse it; any malformation becomes one clear line."""
    raw = env.str(variable, default="").strip() or default
    try:
        parts = urlsplit(raw)
        parts.port  # noqa: B018 - raises ValueError on a malformed port
        if not any(parts.scheme == s or parts.scheme.startswith(s + "+") for s in schemes):
            raise ValueError("unknown scheme")
        return parse(raw)
    except Exception:  # every parsing failure becomes the same clear message
        raise ConfigurationError(variable, f"is not a valid {kind} URL (expected e.g. {examples}).") from None


def database(variable: str, *, default: str) -> dict:
    config = _service_url(
        variable,
        default=default,
        schemes=environ.Env.DB_SCHEMES,
        parse=environ.Env.db_url_config,
        kind="database",
        examples="sqlite:///var/portal.sqlite3 or postgres://user:password@host:5432/name",
    )
    if not config.get("NAME"):
        raise ConfigurationError(variable, "does not name a database.")
    return config


def broker(variable: str, *, default: str) -> str:
    return _service_url(
        variable,
        default=default,
        schemes=BROKER_SCHEMES,
        parse=str,
        kind="broker",
        examples="redis://127.0.0.1:6379/0, amqp://user:password@host:5672// or filesystem://",
    )


def cache(variable: str, *, default: str, local_copy_prefixes: tuple[str, ...] = ()) -> dict:
    """The cache named by ``variable``. A Redis cache keeps, per process, copies of the keys
    starting with ``local_copy_prefixes`` to serve while Redis cannot be reached (see
    portal.cache)."""
    config = _service_url(
        variable,
        default=default,
        schemes=environ.Env.CACHE_SCHEMES,
        parse=environ.Env.cache_url_config,
        kind="cache",
        examples="dbcache://portal_cache or redis://127.0.0.1:6379/1",
    )
    if config["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
        # Pages must keep working while Redis is down or hanging (see portal.cache).
        config["BACKEND"] = "portal.cache.ResilientRedisCache"
        options = config.setdefault("OPTIONS", {})
        options.setdefault("socket_connect_timeout", 1)
        options.setdefault("socket_timeout", 1)
        if local_copy_prefixes:
            options.setdefault("local_copy_prefixes", local_copy_prefixes)
    return config


def email(variable: str, *, default: str) -> dict:
    config = _service_url(
        variable,
        default=default,
        schemes=environ.Env.EMAIL_SCHEMES,
        parse=environ.Env.email_url_config,
        kind="email",
        examples="smtp+tls://user:password@host:587 or filemail:///path/to/folder",
    )
    if config.get("EMAIL_FILE_PATH") is not None:
        # django-environ reads filemail://var/mail as host "var" and path "mail"; the
        # folder meant is var/mail (relative), or /var/mail for filemail:///var/mail.
        parts = urlsplit(env.str(variable, default="").strip() or default)
        config["EMAIL_FILE_PATH"] = parts.netloc + parts.path
        config.pop("EMAIL_HOST", None)
    return config
