"""config.http_limit: a worker lets a bounded number of HTTP requests into Django at once."""

import asyncio

import pytest
from django.conf import settings

from config.http_limit import BoundedHTTP, one_thread


def test_at_most_limit_requests_run_at_once_and_the_others_wait_their_turn():
    inside, most, done = 0, 0, []

    async def app(scope, receive, send):
        nonlocal inside, most
        inside += 1
        most = max(most, inside)
        await asyncio.sleep(0.01)
        inside -= 1
        done.append(scope["path"])

    bounded = BoundedHTTP(app, 3)

    async def main():
        await asyncio.gather(*(bounded({"type": "http", "path": f"/{i}"}, None, None) for i in range(10)))

    asyncio.run(main())
    assert most == 3
    assert sorted(done) == sorted(f"/{i}" for i in range(10))  # every request served, none refused


def test_other_scopes_are_not_bounded():
    seen = []

    async def app(scope, receive, send):
        seen.append(scope["type"])
        await asyncio.sleep(0.01)

    bounded = BoundedHTTP(app, 1)

    async def main():
        await asyncio.gather(*(bounded({"type": "lifespan"}, None, None) for _ in range(3)))

    asyncio.run(main())
    assert seen == ["lifespan"] * 3


def test_a_limit_below_one_is_refused():
    with pytest.raises(ValueError):
        BoundedHTTP(lambda *a: None, 0)


def test_the_innermost_middleware_is_sync_only():
    # one_thread, innermost and sync-only, keeps every middleware above it in sync mode (Django
    # adapts each middleware to the mode of the one below): no per-hook hop to the event loop.
    assert settings.MIDDLEWARE[-1] == "config.http_limit.one_thread"
    assert getattr(one_thread, "sync_capable", True) and not getattr(one_thread, "async_capable", False)
