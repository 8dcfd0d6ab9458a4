"""
Page caching that never serves stale news.

Every public page is stored in the configured cache under a key made of the
*content generation* and the page's full address. Any change readers could
see (an article published, edited, unpublished or deleted; a section, tag,
author or photo edited) increments the generation, so every cached page
becomes unreachable at once, on every app server sharing the cache. A
scheduled article needs no event: each generation remembers the next
scheduled publication time, and once it has passed the generation moves on
by itself. A warm page therefore costs two cache reads and no SQL query.

The generation lives in the cache, not the database. If it is ever lost
(eviction, Redis restart) it starts again from the clock, which is ahead of
every number used before, so a lost key never brings back an old page.
"""

from __future__ import annotations

import hashlib
import math
import time
from dataclasses import dataclass
from datetime import datetime
from functools import wraps

from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.cache import (
    add_never_cache_headers,
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
)
from django.utils.http import parse_http_date_safe

GENERATION_KEY = "newsroom:generation"
SCHEDULE_KEY = "newsroom:schedule:{generation}"
PAGE_KEY = "newsroom:page:{generation}:{digest}"
# How long a page may stay in the cache at most, in seconds: pages of older
# generations are unreachable anyway, this only frees the memory they hold.
PAGE_CACHE_SECONDS = 600
# What shared caches (a CDN) and browsers are told, in seconds.
PUBLIC_MAX_AGE_SECONDS = 60
STALE_WHILE_REVALIDATE_SECONDS = 300
# Stored in the schedule key when nothing is scheduled (None means "not known").
NOTHING_SCHEDULED = 0.0
# Redirects are cached too: old article addresses are hit by crawlers all day.
CACHEABLE_STATUSES = frozenset({200, 301})
# Headers recomputed for each response rather than stored with the page.
UNSTORED_HEADERS = frozenset({"cache-control", "expires", "set-cookie", "vary"})


# --- The content generation ------------------------------------------------


@dataclass(frozen=True)
class Generation:
    number: int
    # When the next scheduled article appears (POSIX seconds), if any.
    next_publication: float | None

    def seconds_left(self, now: float) -> float | None:
        """Seconds until this generation ends by itself; None: not before an edit."""
        if self.next_publication is None:
            return None
        return self.next_publication - now


def now_timestamp() -> float:
    # timezone.now(), not time.time(): the same clock as Article.published().
    return timezone.now().timestamp()


def next_publication_time() -> float | None:
    """When the next scheduled article appears: one indexed query."""
    from articles.models import Article

    at: datetime | None = (
        Article.objects.scheduled()
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first()
    )
    return at.timestamp() if at else None


def generation_number() -> int:
    number = cache.get(GENERATION_KEY)
    if number is None:
        # Lost or never set: nanoseconds since the epoch are larger than any
        # number handed out before (those were set from the clock too, then
        # incremented once per change).
        cache.add(GENERATION_KEY, time.time_ns(), None)
        number = cache.get(GENERATION_KEY) or time.time_ns()
    return number


def bump_generation() -> int:
    """Make every cached page unreachable; atomic, so concurrent bumps never cancel out."""
    try:
        return cache.incr(GENERATION_KEY)
    except ValueError:
        # The key was missing: the clock is a fresh start (see generation_number).
        cache.set(GENERATION_KEY, time.time_ns(), None)
        return generation_number()


def current_generation(now: float | None = None) -> Generation:
    """The generation pages are read and written under: never one a scheduled article has ended."""
    now = now_timestamp() if now is None else now
    while True:
        number = generation_number()
        schedule_key = SCHEDULE_KEY.format(generation=number)
        stored = cache.get(schedule_key)
        if stored is None:
            # Computed once per generation, by whichever request needs it first.
            stored = next_publication_time() or NOTHING_SCHEDULED
            cache.set(schedule_key, stored, None)
        generation = Generation(number, stored if stored != NOTHING_SCHEDULED else None)
        seconds_left = generation.seconds_left(now)
        if seconds_left is None or seconds_left > 0:
            return generation
        # A scheduled article's time has come: it is published now, without
        # any save, so pages move on to a generation that includes it.
        bump_generation()


def invalidate_pages(using: str | None = None) -> None:
    """
    Called on every change readers could see. The bump after commit is the one
    that counts: a page built while the transaction was open (from the old
    rows) went under the earlier generation. The immediate bump lets the
    writing request (and tests, whose transactions never commit) see its own
    change; a rollback then only costs one cache miss.
    """
    bump_generation()
    transaction.on_commit(bump_generation, using=using)


# --- Cached responses --------------------------------------------------------


def page_key(request, generation: Generation) -> str:
    # Scheme and host are part of the page: absolute links in feeds, sitemaps,
    # canonical URLs. The language too, in case a middleware ever chooses it.
    address = "|".join(
        (
            request.scheme,
            request.get_host(),
            request.get_full_path(),
            translation.get_language() or "",
        )
    )
    digest = hashlib.sha256(address.encode()).hexdigest()
    return PAGE_KEY.format(generation=generation.number, digest=digest)


def is_logged_in(request) -> bool:
    # Without a session cookie the user is anonymous and no query is run.
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


def can_store(request, response) -> bool:
    return (
        response.status_code in CACHEABLE_STATUSES
        and not response.streaming
        and not response.cookies
        # A CSRF token in the page would be someone else's.
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not getattr(getattr(request, "session", None), "modified", False)
    )


def page_entry(response) -> tuple:
    if response.status_code == 200 and not response.has_header("ETag"):
        response["ETag"] = f'"{hashlib.md5(response.content, usedforsecurity=False).hexdigest()}"'
    headers = tuple(
        (name, value) for name, value in response.items() if name.lower() not in UNSTORED_HEADERS
    )
    return response.status_code, response.content, headers


def response_from_entry(entry: tuple) -> HttpResponse:
    status, content, headers = entry
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    return response


def add_public_headers(response, generation: Generation, now: float) -> None:
    """Headers for a CDN: short-lived, and never past the next scheduled publication."""
    max_age, stale = PUBLIC_MAX_AGE_SECONDS, STALE_WHILE_REVALIDATE_SECONDS
    seconds_left = generation.seconds_left(now)
    if seconds_left is not None:
        seconds_left = max(0, math.floor(seconds_left))
        max_age = min(max_age, seconds_left)
        stale = min(stale, seconds_left - max_age)
    patch_cache_control(response, public=True, max_age=max_age, stale_while_revalidate=stale)
    # A reader who logs in must not be shown the anonymous copy their browser kept.
    patch_vary_headers(response, ["Cookie"])


def add_private_headers(response) -> None:
    add_never_cache_headers(response)  # private, no-store, ...
    patch_vary_headers(response, ["Cookie"])


def cache_public_page(view):
    """
    Serve anonymous GET requests from the page cache; answer conditional
    requests with 304. Logged-in users (staff previews, editors reading the
    site) always get a fresh page marked ``private, no-store``.
    """

    @wraps(view)
    def cached_view(request, *args, **kwargs):
        if request.method != "GET":
            return view(request, *args, **kwargs)
        if is_logged_in(request):
            response = view(request, *args, **kwargs)
            add_private_headers(response)
            return response
        now = now_timestamp()
        # Read before the database: a page built from older rows must land
        # under the older generation.
        generation = current_generation(now)
        key = page_key(request, generation)
        entry = cache.get(key)
        if entry is None:
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and callable(response.render):
                response = response.render()  # TemplateResponse (sitemaps)
            if not can_store(request, response):
                return response
            entry = page_entry(response)
            seconds_left = generation.seconds_left(now)
            timeout = (
                PAGE_CACHE_SECONDS
                if seconds_left is None
                else min(PAGE_CACHE_SECONDS, math.ceil(seconds_left))
            )
            cache.set(key, entry, timeout)
        response = response_from_entry(entry)
        add_public_headers(response, generation, now)
        if response.status_code != 200:
            return response
        last_modified = parse_http_date_safe(response.get("Last-Modified", ""))
        return get_conditional_response(
            request, etag=response.get("ETag"), last_modified=last_modified, response=response
        )

    return cached_view
