"""
Reading the environment for newsroom/settings.py: typed variables, the cache
and the media storage described by a URL or a few variables. Bad values fail
at start with ImproperlyConfigured, naming the variable.
"""

from __future__ import annotations

import os
from urllib.parse import parse_qs, urlsplit

from django.core.exceptions import ImproperlyConfigured


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    value = value.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {value!r}.")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, not {value!r}.") from None


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


# Pages a process-local cache keeps at most: about 15 KB each, so some 75 MB per worker.
LOCMEM_MAX_ENTRIES = 5000


def cache_from_url(url: str) -> dict:
    parts = urlsplit(url)
    options = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    if parts.scheme in {"redis", "rediss"}:
        return {
            # django-redis behind a circuit breaker: after one failure the
            # process serves without cache for a while, logging it once.
            "BACKEND": "articles.cache.breaker.RedisCache",
            "LOCATION": url.split("?", 1)[0],
            "KEY_PREFIX": options.get("prefix", "newsroom"),
            "OPTIONS": {
                "CLIENT_CLASS": "django_redis.client.DefaultClient",
                # Off: the breaker catches errors, so that one failure, not
                # every call, waits for the timeout.
                "IGNORE_EXCEPTIONS": False,
                "SOCKET_CONNECT_TIMEOUT": 0.5,
                "SOCKET_TIMEOUT": 0.5,
            },
        }
    if parts.scheme == "locmem":
        return {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": parts.netloc or "newsroom",
            # Pages per process (Django's default, 300, keeps few of a large
            # archive's articles); ?max_entries= to change it.
            "OPTIONS": {"MAX_ENTRIES": int(options.get("max_entries", LOCMEM_MAX_ENTRIES))},
        }
    if parts.scheme == "dummy":
        return {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    raise ImproperlyConfigured(
        f"CACHE_URL scheme {parts.scheme!r} is not supported (use locmem://, redis:// or dummy://)."
    )


def media_storage(environ, media_url: str) -> tuple[dict, str]:
    """The default storage from the environment, and the URL media are served from."""
    kind = environ.get("MEDIA_STORAGE", "").strip().lower() or (
        "s3" if environ.get("AWS_STORAGE_BUCKET_NAME") else "local"
    )
    if kind == "local":
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}, media_url
    if kind != "s3":
        raise ImproperlyConfigured(f"MEDIA_STORAGE must be local or s3, not {kind!r}.")
    bucket = environ.get("AWS_STORAGE_BUCKET_NAME", "").strip()
    if not bucket:
        raise ImproperlyConfigured("MEDIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME.")
    endpoint = environ.get("AWS_S3_ENDPOINT_URL", "").strip() or None
    region = environ.get("AWS_S3_REGION_NAME", "").strip() or None
    custom_domain = environ.get("AWS_S3_CUSTOM_DOMAIN", "").strip() or None
    backend = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": endpoint,
            "region_name": region,
            "access_key": environ.get("AWS_S3_ACCESS_KEY_ID") or None,
            "secret_key": environ.get("AWS_S3_SECRET_ACCESS_KEY") or None,
            "custom_domain": custom_domain,
            # Public pictures: plain URLs a CDN can cache, not signed ones that expire.
            "querystring_auth": False,
            "file_overwrite": False,
            # File names change with their content (uuid, hash): cache them for good.
            "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
        },
    }
    if "MEDIA_URL" not in environ:
        # Where browsers fetch pictures from; the CSP below allows that origin.
        if custom_domain:
            media_url = f"https://{custom_domain}/"
        elif endpoint:
            media_url = f"{endpoint.rstrip('/')}/{bucket}/"
        else:
            media_url = f"https://{bucket}.s3.{region or 'us-east-1'}.amazonaws.com/"
    return backend, media_url
