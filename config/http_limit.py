"""How a worker runs its HTTP requests: a bounded number at once, each in one thread.

Django's ASGI handler gives every request a thread of its own and no bound: in a join storm
(bench/school.py, 1200 phones in 60 s) a worker had 60 request threads at once, each holding a
pooled PostgreSQL connection while it waited for the GIL, until the 17th waited past the pool's
timeout and its phone got a 500 (430 of 1200 in one run). `BoundedHTTP` lets `limit` requests
into Django at once per worker; the others wait their turn in the event loop, where waiting
costs nothing, so a request never waits for a connection and the pool's timeout only ever means
that PostgreSQL is unreachable. Websockets are not concerned (their database work has its own
thread).

`one_thread` is the innermost middleware: it is sync-only, so Django runs the whole stack in
the request's one thread. Without it the middleware below WhiteNoise (which is sync-only) ran
in async mode, each of their process_request / process_response hooks hopped to the request's
thread and back (about 13 hops a page instead of 3).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from game.perloop import PerLoop


class BoundedHTTP:
    """At most `limit` HTTP requests inside `app` at once (per event loop, i.e. per worker)."""

    def __init__(self, app: Any, limit: int) -> None:
        if limit < 1:
            raise ValueError("HTTP_CONCURRENCY must be at least 1")
        self.app = app
        self.slots: PerLoop[asyncio.Semaphore] = PerLoop(lambda: asyncio.Semaphore(limit))

    async def __call__(self, scope: dict[str, Any], receive: Callable[..., Any], send: Callable[..., Any]) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        async with self.slots.get():
            await self.app(scope, receive, send)


def one_thread(get_response: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """Sync-only (Django's default for a function middleware): see the module's docstring."""

    def middleware(request: Any) -> Any:
        return get_response(request)

    return middleware
