"""
The purge step after a change: the local page cache always (versions moved),
and a CDN when NEWSROOM_CDN_PURGE names one.

NEWSROOM_CDN_PURGE (env CDN_PURGE) is either the dotted path of a function
taking the list of keys, or an http(s) URL that receives a POST with
``{"keys": [...]}`` in JSON (a small relay to Fastly, Cloudflare or Varnish).
A CDN that fails is logged, never raised: the pages are already fresh here,
and its copies expire within PUBLIC_MAX_AGE_SECONDS anyway.
"""

from __future__ import annotations

import json
import logging
import urllib.request
from collections.abc import Callable, Iterable

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

# Seconds a CDN purge call may take before it is given up.
PURGE_TIMEOUT_SECONDS = 2
# Keys no response carries: a CDN has nothing to purge by them.
UNSENT_KEYS = frozenset({"schedule"})


def post_keys(url: str, keys: list[str]) -> None:
    request = urllib.request.Request(
        url,
        data=json.dumps({"keys": keys}).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=PURGE_TIMEOUT_SECONDS):  # noqa: S310 (configured)
        pass


def cdn_purger() -> Callable[[list[str]], None] | None:
    target = getattr(settings, "NEWSROOM_CDN_PURGE", "")
    if not target:
        return None
    if target.startswith(("http://", "https://")):
        return lambda keys: post_keys(target, keys)
    return import_string(target)


def purge(keys: Iterable[str]) -> None:
    purger = cdn_purger()
    # "*": pages that declare no keys of their own change with anything.
    keys = sorted((set(keys) | {"*"}) - UNSENT_KEYS)
    if purger is None:
        return
    try:
        purger(keys)
    except Exception:  # noqa: BLE001 (any CDN error: pages are fresh here already)
        logger.warning("CDN purge of %d keys failed", len(keys), exc_info=True)
