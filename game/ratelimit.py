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


def count(key: str, window_s: int) -> int:
    """Hits on `key` in the current window, without counting one (0 when the cache is unreachable,
    for the same reason as in hit())."""
    try:
        return int(cache.get(f"ratelimit:{key}:{int(time.time() // window_s)}", 0))
    except Exception:
        log.warning("rate limit not read (cache unreachable): %s", key, exc_info=True)
        return 0


# --- joining a session ---
#
# A whole class often shares one public address (school NAT, 30 to 300 phones, an amphitheatre
# of 1000), so counting per address alone either stops a guesser or locks out a class, never
# both. Each browser therefore gets an id (a signed cookie) and its own budget of wrong codes,
# and the address a larger one; once the address has spent its budget, only browsers that have
# not mistyped yet still get in. Every attempt is checked before the code is looked up, so a
# stopped guesser learns nothing more. The budgets are settings (JOIN_LIMITS, README).

BROWSER_COOKIE = "atelier_browser"
BROWSER_COOKIE_MAX_AGE = 30 * 24 * 3600
_SALT = "atelier.browser"


def _limits() -> dict[str, int]:
    from django.conf import settings

    return settings.JOIN_LIMITS


def browser_id(signed: str) -> str:
    """The browser id in a cookie, or "" when there is none or it was not issued here."""
    from django.core import signing

    if not signed:
        return ""
    try:
        return signing.Signer(salt=_SALT).unsign(signed)
    except signing.BadSignature:
        return ""


def browser_issue(address: str) -> str | None:
    """A new signed browser id for the cookie; None once this address has had its share of new
    browsers in the window (a guesser rotating cookies gets no fresh budget past that)."""
    import secrets

    from django.core import signing

    limits = _limits()
    if not hit(f"browsers:{address}", limits["joins_per_address"], limits["joins_window"]):
        return None
    return signing.Signer(salt=_SALT).sign(secrets.token_urlsafe(12))


def join_allowed(address: str, browser: str) -> bool:
    """May this browser, from this address, try a code now?"""
    limits = _limits()
    window = limits["wrong_window"]
    mine = count(f"wrong:b:{browser}", window) if browser else 0
    if mine >= limits["wrong_per_browser"]:
        return False
    if count(f"wrong:a:{address}", window) >= limits["wrong_per_address"]:
        return bool(browser) and mine == 0
    return True


def wrong_code(address: str, browser: str) -> None:
    limits = _limits()
    hit(f"wrong:a:{address}", limits["wrong_per_address"], limits["wrong_window"])
    if browser:
        hit(f"wrong:b:{browser}", limits["wrong_per_browser"], limits["wrong_window"])


def join_counted(address: str, browser: str) -> bool:
    """Count one new player; False past the budgets (players created per browser and address)."""
    limits = _limits()
    window = limits["joins_window"]
    if browser and not hit(f"joins:b:{browser}", limits["joins_per_browser"], window):
        return False
    return hit(f"joins:a:{address}", limits["joins_per_address"], window)
