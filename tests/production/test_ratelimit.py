"""The rate limit counts in the Django cache: local memory by default, Redis in production
(where every worker shares the count). Runs on both configurations."""

import threading
import time
import uuid

from django.core.cache import caches

from game.ratelimit import hit


def key() -> str:
    return f"test-{uuid.uuid4().hex}"


def test_hits_within_the_limit_pass_and_the_next_is_refused():
    k = key()
    assert [hit(k, limit=3, window_s=60) for _ in range(5)] == [True, True, True, False, False]


def test_keys_are_counted_apart():
    a, b = key(), key()
    assert hit(a, limit=1, window_s=60)
    assert not hit(a, limit=1, window_s=60)
    assert hit(b, limit=1, window_s=60)


def test_a_new_window_starts_a_new_count():
    k = key()
    window = 1
    time.sleep(window - time.time() % window + 0.01)  # the start of a window
    assert hit(k, limit=1, window_s=window)
    assert not hit(k, limit=1, window_s=window)
    time.sleep(window)
    assert hit(k, limit=1, window_s=window)


def test_concurrent_hits_never_let_more_than_the_limit_through():
    k, results = key(), []
    barrier = threading.Barrier(20)

    def one() -> None:
        barrier.wait()
        results.append(hit(k, limit=10, window_s=60))

    threads = [threading.Thread(target=one) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert sorted(results) == [False] * 10 + [True] * 10


def test_the_cache_is_the_configured_one(settings):
    expected = "RedisCache" if getattr(settings, "REDIS_URL", "") else "LocMemCache"
    assert type(caches["default"]).__name__ == expected
