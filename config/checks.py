"""Deploy checks for settings no single app owns (``manage.py check --deploy``).

Production refuses to pass ``check --deploy`` (an error, not a warning) without
a shared cache: rate limits, and the reader stamp every reader cache is keyed
by, live in the cache, so with each process keeping its own, every limit is
multiplied by the number of processes and readers may see stale pages. It is a
deploy check rather than a refusal to start, so building an image or running
``migrate`` and ``collectstatic`` need no Redis.
"""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

SHARED_CACHES = (
    "django.core.cache.backends.redis.RedisCache",
    "django_redis.cache.RedisCache",
    "django.core.cache.backends.memcached.PyMemcacheCache",
)


@register(Tags.caches, deploy=True)
def shared_cache_in_production(app_configs, **kwargs):
    backend = settings.CACHES["default"]["BACKEND"]
    if settings.DEBUG or backend in SHARED_CACHES:
        return []
    return [
        Error(
            f"The cache is {backend.rsplit('.', 1)[-1]}, kept by each process on its own: "
            "rate limits and the reader stamp would not be shared between processes.",
            hint="Set REDIS_URL to the Redis server the app processes share.",
            id="config.E001",
        )
    ]


@register(Tags.security, deploy=True)
def proxy_count_behind_a_tls_proxy(app_configs, **kwargs):
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None) and settings.TRUSTED_PROXY_COUNT == 0:
        return [
            Warning(
                "SECURE_PROXY_SSL_HEADER says a proxy is in front of the app, but "
                "TRUSTED_PROXY_COUNT is 0: rate limits and log-in lockouts would count "
                "every client as the proxy.",
                hint="Set TRUSTED_PROXY_COUNT to the number of proxies that append to "
                "X-Forwarded-For (1 for one nginx or load balancer).",
                id="config.W001",
            )
        ]
    return []
