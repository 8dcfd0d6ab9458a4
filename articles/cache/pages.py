"""
Page caching that never serves stale news, and refreshes only what changed.

Every public page is stored under its address, with the versions of the
dependency keys it showed (articles.cache.keys): an article, a section's
lists, the home page... A change bumps the keys it touches
(articles.cache.invalidation), so the pages that showed it miss once and every
other page stays cached. A warm page costs one cache read and one read of its
key versions (none on SQLite, where each process remembers them; one indexed
query on PostgreSQL without Redis; one Redis read with Redis), and is served by
PageCacheMiddleware before any other middleware runs.

A scheduled article needs no event: a page never outlives the next scheduled
publication known when it was built, and scheduling an article bumps the keys
of the pages that will show it.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
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

from . import purge, versions
from .keys import collecting, page_keys, rendered_afresh
from .versions import ALL_KEY, NAVIGATION_KEY, SCHEDULE_KEY

PAGE_KEY = "newsroom:page:{digest}"
NEXT_PUBLICATION_KEY = "newsroom:next-publication:{version}"
# How long a page may stay in the cache at most, in seconds: stale pages are
# never served anyway, this only frees the memory they hold.
PAGE_CACHE_SECONDS = 600
# What shared caches (a CDN) and browsers are told, in seconds.
PUBLIC_MAX_AGE_SECONDS = 60
STALE_WHILE_REVALIDATE_SECONDS = 300
# Stored when nothing is scheduled (None means "not known").
NOTHING_SCHEDULED = 0.0
# Redirects are cached too: old article addresses are hit by crawlers all day.
CACHEABLE_STATUSES = frozenset({200, 301})
# Headers recomputed for each response rather than stored with the page.
UNSTORED_HEADERS = frozenset({"cache-control", "expires", "set-cookie", "vary", "x-cache"})


def now_timestamp() -> float:
    # timezone.now(), not time.time(): the same clock as Article.published().
    return timezone.now().timestamp()


# --- The schedule ---------------------------------------------------------------


def next_publication_time() -> float | None:
    """When the next scheduled article appears: one indexed query."""
    from articles.models import Article

    at = (
        Article.objects.scheduled()
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first()
    )
    return at.timestamp() if at else None


# Schedule version -> next publication, remembered by this process too.
_next_publication: dict[int, float] = {}


def next_publication(schedule_version: int, now: float) -> float | None:
    """The next scheduled publication, computed once per schedule version."""
    stored = _next_publication.get(schedule_version)
    if stored is None:
        key = NEXT_PUBLICATION_KEY.format(version=schedule_version)
        stored = cache.get(key)
        if stored is None:
            stored = next_publication_time() or NOTHING_SCHEDULED
            cache.set(key, stored, None)
        _next_publication.clear()
        _next_publication[schedule_version] = stored
    return None if stored == NOTHING_SCHEDULED else stored


def forget_next_publication() -> None:
    _next_publication.clear()


def read_before_building(now: float) -> tuple[dict[str, int], float | None]:
    """The versions a page is built under, and when it must end by itself at the latest."""
    current = versions.read([ALL_KEY, SCHEDULE_KEY, NAVIGATION_KEY])
    upcoming = next_publication(current[SCHEDULE_KEY], now)
    if upcoming is not None and upcoming <= now:
        # A scheduled article's time has come: it is published now, without
        # any save. Pages built before it ended by themselves (they never
        # outlive it); a new schedule version finds the next one.
        versions.bump([SCHEDULE_KEY])
        current = versions.read([ALL_KEY, SCHEDULE_KEY, NAVIGATION_KEY])
        upcoming = next_publication(current[SCHEDULE_KEY], now)
    return current, upcoming


def invalidate_pages(keys=(ALL_KEY, NAVIGATION_KEY), using: str | None = None) -> None:
    """
    Called on every change readers could see, with the keys it touches (by
    default every page: each one shows the navigation). The
    bump after commit is the one that counts (and the one sent to a CDN): a
    page built while the transaction was open, from the old rows, is then
    stale. The immediate bump lets the writing request (and tests, whose
    transactions never commit) see its own change.
    """
    keys = set(keys)
    versions.bump(keys, using=using)

    def after_commit():
        versions.bump(keys)
        purge.purge(keys)

    transaction.on_commit(after_commit, using=using)


# --- Cached responses --------------------------------------------------------


def page_key(request) -> str:
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
    return PAGE_KEY.format(digest=digest)


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


def page_entry(response, dependencies: dict[str, int], expires_at: float | None) -> tuple:
    if response.status_code == 200 and not response.has_header("ETag"):
        response["ETag"] = f'"{hashlib.md5(response.content, usedforsecurity=False).hexdigest()}"'
    headers = tuple(
        (name, value) for name, value in response.items() if name.lower() not in UNSTORED_HEADERS
    )
    return (
        response.status_code,
        response.content,
        headers,
        tuple(sorted(dependencies.items())),
        expires_at,
    )


def is_current(entry: tuple, now: float) -> bool:
    """Still what readers would get: not past its time, and no key it shows has moved."""
    dependencies, expires_at = dict(entry[3]), entry[4]
    if expires_at is not None and now >= expires_at:
        return False
    return versions.read(dependencies) == dependencies


def response_from_entry(entry: tuple) -> HttpResponse:
    status, content, headers, dependencies, _expires_at = entry
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    add_key_headers(response, [name for name, _version in dependencies])
    return response


def add_key_headers(response, keys) -> None:
    """The keys a CDN can purge this page by: Fastly reads the first, Cloudflare the second."""
    keys = sorted(keys)
    response["Surrogate-Key"] = " ".join(keys)
    response["Cache-Tag"] = ",".join(keys)


def add_public_headers(response, expires_at: float | None, now: float) -> None:
    """Headers for a CDN: short-lived, and never past the next scheduled publication."""
    max_age, stale = PUBLIC_MAX_AGE_SECONDS, STALE_WHILE_REVALIDATE_SECONDS
    if expires_at is not None:
        seconds_left = max(0, math.floor(expires_at - now))
        max_age = min(max_age, seconds_left)
        stale = min(stale, seconds_left - max_age)
    patch_cache_control(response, public=True, max_age=max_age, stale_while_revalidate=stale)
    # A reader who logs in must not be shown the anonymous copy their browser kept.
    patch_vary_headers(response, ["Cookie"])


def add_private_headers(response) -> None:
    add_never_cache_headers(response)  # private, no-store, ...
    patch_vary_headers(response, ["Cookie"])


def rendered(response):
    if hasattr(response, "render") and callable(response.render):
        return response.render()  # TemplateResponse (sitemaps)
    return response


@dataclass(frozen=True)
class PageInfo:
    """
    What the page cache knows of a public response, for PageCacheMiddleware:
    the entry to store once every middleware has added its headers (``store``)
    and how long to keep it.
    """

    key: str
    entry: tuple
    hit: bool
    store: bool = False
    timeout: int = PAGE_CACHE_SECONDS


def build(view, request, args, kwargs, now: float) -> tuple:
    """Compute the page; returns (response, PageInfo or None when it may not be stored)."""
    before, expires_at = read_before_building(now)
    collected: set[str] = set()
    tokens = collecting.set(collected), versions.seen_versions.set(dict(before))
    try:
        response = rendered(view(request, *args, **kwargs))
    finally:
        collecting.reset(tokens[0])
        versions.seen_versions.reset(tokens[1])
    keys = page_keys(request, collected)
    if not can_store(request, response):
        add_key_headers(response, keys)
        return response, None
    after = versions.read([*keys, ALL_KEY])
    entry = page_entry(response, {key: after[key] for key in keys}, expires_at)
    timeout = PAGE_CACHE_SECONDS
    if expires_at is not None:
        timeout = max(1, min(timeout, math.ceil(expires_at - now)))
    # Anything changed while it was built: serve it, but do not keep it.
    unchanged = after[ALL_KEY] == before[ALL_KEY]
    return response, PageInfo(page_key(request), entry, False, unchanged, timeout)


def serve_public(view, request, args, kwargs):
    now = now_timestamp()
    key = page_key(request)
    entry = cache.get(key)
    hit = entry is not None and len(entry) == 5 and is_current(entry, now)
    if hit:
        info = PageInfo(key, entry, hit=True)
    else:
        response, info = build(view, request, args, kwargs, now)
        if info is None:
            response["X-Cache"] = "miss"
            return response
    response = public_response(info.entry, hit, now)
    # PageCacheMiddleware stores it with every header and answers conditional requests.
    response.newsroom_page = info
    return response


def public_response(entry: tuple, hit: bool, now: float) -> HttpResponse:
    response = response_from_entry(entry)
    # For operators and bench/under_load.py: was this page built for this request?
    response["X-Cache"] = "hit" if hit else "miss"
    add_public_headers(response, entry[4], now)
    return response


def conditional(request, response):
    """304 when the reader's copy is current (ETag or Last-Modified)."""
    if response.status_code != 200:
        return response
    last_modified = parse_http_date_safe(response.get("Last-Modified", ""))
    return get_conditional_response(
        request, etag=response.get("ETag"), last_modified=last_modified, response=response
    )


def serve(view, request, args, kwargs):
    if is_logged_in(request):
        token = rendered_afresh.set(True)
        try:
            response = rendered(view(request, *args, **kwargs))
        finally:
            rendered_afresh.reset(token)
        add_private_headers(response)
        return response
    return serve_public(view, request, args, kwargs)


def without_body(response):
    """A HEAD answer: the GET's status and headers, Content-Length included, no body."""
    if not response.streaming and not response.has_header("Content-Length"):
        response["Content-Length"] = str(len(response.content))
    if not response.streaming:
        length = response["Content-Length"]
        response.content = b""
        response["Content-Length"] = length
    return response


def cache_public_page(view):
    """
    Serve anonymous GET and HEAD requests from the page cache; answer
    conditional requests with 304. Logged-in users (staff previews, editors
    reading the site) always get a fresh page marked ``private, no-store``.
    HEAD is answered like GET (the views only know GET), without the body.
    """

    @wraps(view)
    def cached_view(request, *args, **kwargs):
        if request.method not in {"GET", "HEAD"}:
            return view(request, *args, **kwargs)
        head = request.method == "HEAD"
        request.method = "GET"
        try:
            response = serve(view, request, args, kwargs)
        finally:
            if head:
                request.method = "HEAD"
        return without_body(response) if head else response

    return cached_view
