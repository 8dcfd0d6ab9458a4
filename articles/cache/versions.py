"""
Where freshness is decided: one version number per dependency key.

A cached page records the versions of the keys it depends on; it is served
only while they are still current. A change bumps the keys it touches, and
always ``ALL_KEY`` too, so a page built while anything changed is not stored.

The versions must be seen by every process. With a shared cache (Redis) they
live in it, next to the pages. With a process-local cache (locmem://, the
embedded default) they live in the database, in one small table read with one
indexed query per request: a command run from another terminal then reaches
the running server at once.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Iterable
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.dummy import DummyCache
from django.core.cache.backends.locmem import LocMemCache
from django.db import DEFAULT_DB_ALIAS, connections

from articles.models import CacheKeyVersion

from . import breaker
from .memo import memo

# Bumped by every change: a page built while it moved is not stored.
ALL_KEY = "*"
# Bumped when the publication schedule may have changed.
SCHEDULE_KEY = "schedule"
# Bumped when the navigation (sections) changes; every page depends on it.
NAVIGATION_KEY = "nav"

CACHE_VERSION_KEY = "newsroom:version:{name}"

# The versions read by the current request (articles.cache.pages sets them), so
# that per-process memos (navigation) need no read of their own.
seen_versions: ContextVar[dict[str, int] | None] = ContextVar("seen_versions", default=None)


class DatabaseVersions:
    """Versions in the CacheKeyVersion table: one SELECT to read, one upsert to bump."""

    table = CacheKeyVersion._meta.db_table

    def read(self, names: Iterable[str]) -> dict[str, int]:
        names = sorted(set(names))
        # What this process read since the last change anywhere (articles.cache.memo).
        known, names, token = memo.known(names)
        if not names:
            return known
        connection = connections[DEFAULT_DB_ALIAS]
        table = connection.ops.quote_name(self.table)
        placeholders = ", ".join(["%s"] * len(names))
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT name, version FROM {table} WHERE name IN ({placeholders})",  # noqa: S608
                names,
            )
            found = dict(cursor.fetchall())
        versions = {name: found.get(name, 0) for name in names}
        memo.remember(token, versions)
        return {**known, **versions}

    def bump(self, names: Iterable[str], using: str | None = None) -> None:
        # Sorted: concurrent bumps lock rows in the same order, never a deadlock.
        names = sorted(set(names) | {ALL_KEY})
        # Versions are compared for equality only. A random one, unlike "+ 1",
        # is never handed out twice, even when a transaction that bumped is
        # rolled back and another bump follows.
        version = secrets.randbits(62)
        connection = connections[using or DEFAULT_DB_ALIAS]
        table = connection.ops.quote_name(self.table)
        values = ", ".join(["(%s, %s)"] * len(names))
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (name, version) VALUES {values} "  # noqa: S608
                "ON CONFLICT (name) DO UPDATE SET version = excluded.version",
                [value for name in names for value in (name, version)],
            )
        memo.announce()


class CacheVersions:
    """Versions in the shared cache (Redis): atomic increments, one MGET to read."""

    def read(self, names: Iterable[str]) -> dict[str, int]:
        names = sorted(set(names))
        keys = {CACHE_VERSION_KEY.format(name=name): name for name in names}
        found = cache.get_many(list(keys))
        missing = [key for key in keys if key not in found]
        for key in missing:
            # Never set, or evicted: the clock is ahead of every number used
            # before, so a lost key never makes an old page current again.
            cache.add(key, time.time_ns(), None)
        if missing:
            found.update(cache.get_many(missing))
        # -1: the cache did not answer; no stored page matches it.
        return {name: found.get(key, -1) for key, name in keys.items()}

    def bump(self, names: Iterable[str], using: str | None = None) -> None:
        # ALL_KEY first: a reader that sees a new key version also sees the new ALL_KEY.
        for name in [ALL_KEY, *sorted(set(names) - {ALL_KEY})]:
            key = CACHE_VERSION_KEY.format(name=name)
            try:
                cache.incr(key)
            except ValueError:
                cache.set(key, time.time_ns(), None)


def store() -> DatabaseVersions | CacheVersions:
    """
    NEWSROOM_CACHE_VERSIONS ("database" or "cache") chooses; by default the
    database when the cache is local to the process, the cache otherwise.
    """
    choice = getattr(settings, "NEWSROOM_CACHE_VERSIONS", "")
    if not choice:
        local = isinstance(caches["default"], LocMemCache | DummyCache)
        choice = "database" if local else "cache"
    return _DATABASE if choice == "database" else _CACHE


_DATABASE = DatabaseVersions()
_CACHE = CacheVersions()


def refresh_every_page() -> None:
    """
    After a cache outage: the bumps made meanwhile were lost, so pages stored
    before it could look current again. Every page shows the navigation.
    """
    if store() is _CACHE:
        _CACHE.bump([NAVIGATION_KEY])


breaker.on_recovery.append(refresh_every_page)


def read(names: Iterable[str]) -> dict[str, int]:
    versions = store().read(names)
    seen = seen_versions.get()
    if seen is not None:
        seen.update(versions)
    return versions


def bump(names: Iterable[str], using: str | None = None) -> None:
    store().bump(names, using=using)


def current(name: str) -> int:
    """The version of one key, as this request already read it if it did."""
    seen = seen_versions.get()
    if seen is not None and name in seen:
        return seen[name]
    return read([name])[name]
