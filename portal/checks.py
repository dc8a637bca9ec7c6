"""System checks of our own, run by `manage.py check --deploy`."""

from django.conf import settings
from django.core.checks import Tags, Warning, register

# Backends whose entries every web process on every machine sees.
SHARED_CACHE_BACKENDS = (
    "django.core.cache.backends.redis.RedisCache",
    "django.core.cache.backends.memcached.PyMemcacheCache",
    "django.core.cache.backends.memcached.PyLibMCCache",
    "django.core.cache.backends.db.DatabaseCache",
    "portal.cache.ResilientRedisCache",
)


@register(Tags.security, deploy=True)
def shared_default_cache(app_configs, **kwargs) -> list:
    """Failed-login counts, used authenticator codes and link-guessing counts live in the
    default cache: a cache each process or machine keeps for itself would let an attacker
    multiply the limits and replay a code on another process."""
    backend = settings.CACHES["default"]["BACKEND"]
    if backend in SHARED_CACHE_BACKENDS:
        return []
    return [
        Warning(
            f"The default cache ({backend}) is not shared by every web process and machine.",
            hint="Set CACHE_URL to a Redis server, e.g. redis://cache.example.org:6379/1.",
            id="portal.W001",
        )
    ]
