"""
The page cache's front door: stored pages are served before any other
middleware runs.

A reader's request for a stored page needs no session, no CSRF check, no
authentication and no security-header building: the page was stored with
the headers every middleware gave it when it was built. So this middleware
comes first; it answers a request it can (anonymous, bodiless GET or HEAD of a
stored, current page) and otherwise lets it through, then stores what
``cache_public_page`` marked, once every other middleware has added its
headers.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost

from .pages import (
    conditional,
    is_current,
    now_timestamp,
    page_entry,
    page_key,
    public_response,
    without_body,
)

# Never pages: the admin, the API (its own caching), files.
SKIPPED_PREFIXES = ("/admin/", "/api/", "/jsi18n/")


def answerable(request) -> bool:
    """Only what any reader may be handed: anonymous, bodiless GET or HEAD."""
    meta = request.META
    return (
        request.method in {"GET", "HEAD"}
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not meta.get("HTTP_TRANSFER_ENCODING")
        and meta.get("CONTENT_LENGTH") in {None, "", "0"}
        and not request.path.startswith(SKIPPED_PREFIXES)
        and not request.path.startswith((settings.STATIC_URL, settings.MEDIA_URL))
    )


def stored_page(request):
    """The current stored page for this request, or None."""
    try:
        key = page_key(request)
    except DisallowedHost:
        return None  # the normal path answers 400
    entry = cache.get(key)
    now = now_timestamp()
    if entry is None or len(entry) != 5 or not is_current(entry, now):
        return None
    return public_response(entry, True, now)


def store(request, response) -> None:
    info = getattr(response, "newsroom_page", None)
    if (
        info is None
        or info.hit
        or not info.store
        or request.method != "GET"  # a HEAD answer has no body to keep
        or response.cookies
        or response.status_code != info.entry[0]
    ):
        return
    dependencies, expires_at = dict(info.entry[3]), info.entry[4]
    cache.set(info.key, page_entry(response, dependencies, expires_at), info.timeout)


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if answerable(request):
            response = stored_page(request)
            if response is not None:
                response = conditional(request, response)
                return without_body(response) if request.method == "HEAD" else response
        response = self.get_response(request)
        store(request, response)
        if getattr(response, "newsroom_page", None) is not None:
            return conditional(request, response)
        return response
