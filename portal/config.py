"""Read the environment once, and stop start-up with one clear line when a value is wrong.

Settings modules call these helpers; nothing else in the project reads ``os.environ``.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import environ

env = environ.Env()

# Broker URL schemes kombu understands that we support and document.
BROKER_SCHEMES = {"filesystem", "redis", "rediss", "amqp", "amqps", "pyamqp", "memory"}


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


def database(variable: str, *, default: str) -> dict:
    raw = env.str(variable, default="").strip() or default
    try:
        parts = urlsplit(raw)
        parts.port  # noqa: B018 - raises ValueError on a malformed port
        if not parts.scheme or parts.scheme not in environ.Env.DB_SCHEMES:
            raise ValueError("unknown scheme")
        config = environ.Env.db_url_config(raw)
    except Exception:  # every parsing failure becomes the same clear message
        raise ConfigurationError(
            variable,
            "is not a valid database URL (expected e.g. sqlite:///var/portal.sqlite3 "
            "or postgres://user:password@host:5432/name).",
        ) from None
    if not config.get("NAME"):
        raise ConfigurationError(variable, "does not name a database.")
    return config


def broker(variable: str, *, default: str) -> str:
    raw = env.str(variable, default="").strip() or default
    try:
        parts = urlsplit(raw)
        parts.port  # noqa: B018 - raises ValueError on a malformed port
        if parts.scheme not in BROKER_SCHEMES and not parts.scheme.startswith("sqla+"):
            raise ValueError("unknown scheme")
    except ValueError:
        raise ConfigurationError(
            variable,
            "is not a valid broker URL (expected e.g. redis://127.0.0.1:6379/0, "
            "amqp://user:password@host:5672// or filesystem://).",
        ) from None
    return raw


def cache(variable: str, *, default: str) -> dict:
    raw = env.str(variable, default="").strip() or default
    try:
        parts = urlsplit(raw)
        parts.port  # noqa: B018
        if parts.scheme not in environ.Env.CACHE_SCHEMES:
            raise ValueError("unknown scheme")
        return environ.Env.cache_url_config(raw)
    except Exception:
        raise ConfigurationError(
            variable,
            "is not a valid cache URL (expected e.g. dbcache://portal_cache or redis://127.0.0.1:6379/1).",
        ) from None


def email(variable: str, *, default: str) -> dict:
    raw = env.str(variable, default="").strip() or default
    try:
        parts = urlsplit(raw)
        parts.port  # noqa: B018
        if parts.scheme not in environ.Env.EMAIL_SCHEMES:
            raise ValueError("unknown scheme")
        return environ.Env.email_url_config(raw)
    except Exception:
        raise ConfigurationError(
            variable,
            "is not a valid email URL (expected e.g. smtp+tls://user:password@host:587 "
            "or filemail:///path/to/folder).",
        ) from None
