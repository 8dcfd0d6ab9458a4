"""
Cache trouble never costs more than a missing cache: a circuit breaker.

A frozen cache server (up, but not answering) makes each call wait out its
socket timeout, and a page makes several calls. The first call that fails
opens the breaker: for OPEN_SECONDS every call in this process answers at once
as if the key were missing, without touching the server, and one warning is
logged. The next call after that tries the server again (half-open); if it
answers, the breaker closes.

``RedisCache`` is django-redis's backend behind the breaker (settings.py uses
it for redis:// URLs); ``CircuitBreakerMixin`` puts any backend behind one.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass

from django_redis.cache import RedisCache as DjangoRedisCache
from django_redis.exceptions import ConnectionInterrupted
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# Seconds without calling the cache server after a failure.
OPEN_SECONDS = 30
# What a server in trouble raises: refused, reset, timed out.
FAILURES = (OSError, RedisError, ConnectionInterrupted)


@dataclass
class Breaker:
    """One per cache server and process (backends are per thread; the server is not)."""

    opened_at: float | None = None

    def allows(self) -> bool:
        return self.opened_at is None or time.monotonic() - self.opened_at >= OPEN_SECONDS

    def succeeded(self) -> None:
        if self.opened_at is not None:
            self.opened_at = None
            logger.warning("Cache server answers again: page cache back on.")
            for hook in on_recovery:
                hook()

    def failed(self, server: str, error: Exception) -> None:
        self.opened_at = time.monotonic()
        logger.warning(
            "Cache server %s failed (%s: %s): serving without cache for %s s.",
            server,
            type(error).__name__,
            error,
            OPEN_SECONDS,
        )


# Called when a server answers again: writes made meanwhile were lost
# (articles.cache.versions refreshes every page once).
on_recovery: list = []
_breakers: dict[str, Breaker] = {}
_lock = threading.Lock()


def breaker_for(server: str) -> Breaker:
    with _lock:
        return _breakers.setdefault(server, Breaker())


def guarded(name: str, default=None):
    """A backend method that answers ``default`` while the breaker is open or the call fails."""

    def method(self, *args, **kwargs):
        breaker = breaker_for(self.breaker_name)
        if not breaker.allows():
            return default() if callable(default) else default
        try:
            result = getattr(super(CircuitBreakerMixin, self), name)(*args, **kwargs)
        except FAILURES as error:
            breaker.failed(self.breaker_name, error)
            return default() if callable(default) else default
        breaker.succeeded()
        return result

    method.__name__ = name
    return method


def missing_on_incr(*args, **kwargs):
    raise ValueError("Cache unavailable")


class CircuitBreakerMixin:
    """Put before a cache backend class: ``class X(CircuitBreakerMixin, SomeCache)``."""

    @property
    def breaker_name(self) -> str:
        return str(getattr(self, "_server", None) or type(self).__name__)

    def get(self, key, default=None, version=None):
        breaker = breaker_for(self.breaker_name)
        if not breaker.allows():
            return default
        try:
            result = super().get(key, default, version)
        except FAILURES as error:
            breaker.failed(self.breaker_name, error)
            return default
        breaker.succeeded()
        return result

    get_many = guarded("get_many", dict)
    set = guarded("set", False)
    set_many = guarded("set_many", list)
    add = guarded("add", False)
    delete = guarded("delete", False)
    delete_many = guarded("delete_many")
    touch = guarded("touch", False)
    has_key = guarded("has_key", False)
    clear = guarded("clear", False)

    def incr(self, key, delta=1, version=None):
        breaker = breaker_for(self.breaker_name)
        if not breaker.allows():
            missing_on_incr()
        try:
            result = super().incr(key, delta, version)
        except FAILURES as error:
            breaker.failed(self.breaker_name, error)
            missing_on_incr()
        breaker.succeeded()
        return result


class RedisCache(CircuitBreakerMixin, DjangoRedisCache):
    """django-redis behind the breaker (set IGNORE_EXCEPTIONS off: the breaker handles them)."""

    delete_pattern = guarded("delete_pattern", 0)
