"""
The page cache: whole public pages, kept fresh by dependency keys.

``pages``: the ``cache_public_page`` decorator (hits, misses, ETag/304, HEAD,
headers for a CDN). ``keys``: what a page depends on and what a change
touches. ``versions``: where the version of each key lives, seen by every
process. ``purge``: the pluggable purge step (a CDN). ``breaker``: a cache
backend that stops calling a failing server for a while.
"""

from .keys import article_key, depends_on, key_for
from .pages import cache_public_page, invalidate_pages

__all__ = ["article_key", "cache_public_page", "depends_on", "invalidate_pages", "key_for"]
