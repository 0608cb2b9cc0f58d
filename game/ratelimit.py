"""A fixed-window rate limit on the Django cache, shared by every worker process.

The cache is Redis in production (one count for all workers) and local memory by default.
"""

from __future__ import annotations

import logging
import time

from django.core.cache import cache

log = logging.getLogger(__name__)


def hit(key: str, limit: int, window_s: int) -> bool:
    """Count one hit on `key`; True while at most `limit` hits fell in the current window.

    With the cache (Redis) unreachable nothing can be counted: the hit passes rather than
    locking a whole class out of its workshop during the outage.
    """
    try:
        return _hit(key, limit, window_s)
    except Exception:
        log.warning("rate limit not counted (cache unreachable): %s", key, exc_info=True)
        return True


def _hit(key: str, limit: int, window_s: int) -> bool:
    window = int(time.time() // window_s)
    bucket = f"ratelimit:{key}:{window}"
    # add() is atomic and only creates the counter; incr() is atomic on Redis and locmem.
    # Two workers racing on a new window both end up incrementing the same counter.
    if cache.add(bucket, 1, timeout=window_s + 1):
        return limit >= 1
    try:
        count = cache.incr(bucket)
    except ValueError:  # expired between add() and incr(): this hit opens a new counter
        cache.add(bucket, 1, timeout=window_s + 1)
        return limit >= 1
    return count <= limit
