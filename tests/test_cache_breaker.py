"""
Cache trouble never costs more than a missing cache: after one failed call
the process stops calling the cache server for a while, and says so once.
"""

from __future__ import annotations

import logging
import time

import pytest
from django.core.cache.backends.base import BaseCache
from django.core.cache.backends.locmem import LocMemCache

from articles.cache import breaker, versions
from newsroom.config import cache_from_url
from tests.factories import make_article, make_section

pytestmark = pytest.mark.django_db

# Seconds each call to the frozen server waits before timing out.
FROZEN_WAIT_SECONDS = 0.05


class FrozenServer(BaseCache):
    """A cache server that is up but never answers: every call times out."""

    calls = 0

    def __init__(self, location, params):
        super().__init__(params)

    def _frozen(self, *args, **kwargs):
        FrozenServer.calls += 1
        time.sleep(FROZEN_WAIT_SECONDS)
        raise TimeoutError("Timeout reading from socket")

    get = set = add = delete = incr = get_many = set_many = delete_many = _frozen
    has_key = touch = clear = _frozen


class FrozenCache(breaker.CircuitBreakerMixin, FrozenServer):
    pass


@pytest.fixture
def frozen_cache(settings):
    settings.CACHES = {"default": {"BACKEND": "tests.test_cache_breaker.FrozenCache"}}
    settings.NEWSROOM_CACHE_VERSIONS = "cache"  # like Redis: the versions are in it too
    section = make_section("Monde", slug="monde")
    article = make_article(headline="Le port rouvre", section=section)
    breaker._breakers.clear()
    FrozenServer.calls = 0
    yield article
    breaker._breakers.clear()


def test_after_one_failure_pages_are_served_without_calling_the_cache(client, frozen_cache):
    first = client.get("/")
    calls_for_the_first_page = FrozenServer.calls

    second = client.get(frozen_cache.get_absolute_url())

    assert first.status_code == second.status_code == 200
    assert "Le port rouvre" in second.content.decode()
    assert calls_for_the_first_page == 1
    assert FrozenServer.calls == 1


def test_a_frozen_cache_is_logged_once_without_a_traceback(client, frozen_cache, caplog):
    with caplog.at_level(logging.WARNING, logger="articles.cache.breaker"):
        for url in ("/", "/monde/", frozen_cache.get_absolute_url(), "/flux/"):
            client.get(url)

    records = [r for r in caplog.records if r.name == "articles.cache.breaker"]
    assert len(records) == 1
    assert "serving without cache" in records[0].getMessage()
    assert records[0].exc_info is None


def test_the_cache_server_is_tried_again_after_a_while(client, frozen_cache, monkeypatch):
    client.get("/")
    later = time.monotonic() + breaker.OPEN_SECONDS + 1
    monkeypatch.setattr(breaker.time, "monotonic", lambda: later)

    client.get("/")

    assert FrozenServer.calls == 2


def test_when_the_cache_answers_again_every_page_is_rebuilt_once(client, frozen_cache, settings):
    # Bumps made while it was frozen were lost: pages kept from before must not come back.
    settings.CACHES = {"default": {"BACKEND": "tests.test_cache_breaker.RecoveredCache"}}
    client.get("/")
    before = versions.read([versions.NAVIGATION_KEY])
    breaker.breaker_for("RecoveredCache").opened_at = time.monotonic() - breaker.OPEN_SECONDS

    client.get("/")

    assert versions.read([versions.NAVIGATION_KEY]) != before


class RecoveredCache(breaker.CircuitBreakerMixin, LocMemCache):
    """A cache that answers again."""


def test_the_local_cache_keeps_the_pages_of_a_large_archive():
    assert cache_from_url("locmem://")["OPTIONS"]["MAX_ENTRIES"] >= 5000
    assert cache_from_url("locmem://?max_entries=100")["OPTIONS"]["MAX_ENTRIES"] == 100
