"""
Rate limits of the content API, counted in the shared Django cache.

A fixed window of one minute per client: a partner's key when the request
carries a valid one, the client's address otherwise. Several app servers
sharing Redis share the counts. If the cache is down the API stays open
rather than refusing everyone.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

RATE_KEY = "newsroom:api:rate:{scope}:{client}:{window}"
# Length of a counting window, in seconds.
WINDOW_SECONDS = 60


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    limit: int
    remaining: int
    # Seconds until the window ends and the client may try again.
    retry_after: int


def limit_for(scope: str) -> int:
    if scope == "key":
        return settings.NEWSROOM_API_RATE_LIMIT_PER_KEY
    return settings.NEWSROOM_API_RATE_LIMIT_PER_ADDRESS


def count_request(scope: str, client: str, now: float) -> Verdict:
    """Count one request of ``client`` (a key id or an address) and say whether it may go on."""
    limit = limit_for(scope)
    window = int(now // WINDOW_SECONDS)
    key = RATE_KEY.format(scope=scope, client=client, window=window)
    retry_after = max(1, math.ceil((window + 1) * WINDOW_SECONDS - now))
    # The key outlives its window a little, so a slow clock never resets a count early.
    cache.add(key, 0, WINDOW_SECONDS * 2)
    try:
        count = cache.incr(key)
    except ValueError:
        # Evicted between add and incr, or the cache is unreachable: let it through.
        return Verdict(True, limit, limit, retry_after)
    return Verdict(count <= limit, limit, max(0, limit - count), retry_after)


def add_rate_headers(response, verdict: Verdict) -> None:
    response["X-RateLimit-Limit"] = str(verdict.limit)
    response["X-RateLimit-Remaining"] = str(verdict.remaining)
    if not verdict.allowed:
        response["Retry-After"] = str(verdict.retry_after)
