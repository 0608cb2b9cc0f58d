"""Where the sockets' database work runs: in lanes of one thread each, a room always in the same.

Channels runs every ORM call of a process on one thread (`database_sync_to_async`, thread
sensitive), so a facilitator's action waits there behind the proposals and version checks of
every other room of its worker: bench/school.py measured 40 rooms of 30 phones at a fan-out p99
26 times the room's alone, with under half a core used (the thread waits on PostgreSQL about
45 % of its time). On PostgreSQL a worker therefore runs `DB_LANES` threads (4 by default), and a
session's work always goes to the same lane (its id modulo the lanes): one room's commands,
proposals and reads keep the order they had on one thread, while rooms run side by side.

SQLite takes one writer at a time: one lane there, Channels' own thread, exactly as before.
"""

from __future__ import annotations

import threading
import zlib
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import ParamSpec, TypeVar

from channels.db import database_sync_to_async
from django.conf import settings

P = ParamSpec("P")
R = TypeVar("R")

_executors: dict[int, ThreadPoolExecutor] = {}
_made = threading.Lock()


def count() -> int:
    return max(1, int(getattr(settings, "DB_LANES", 1)))


def lane_of(key: int | str) -> int:
    """The lane of a session id (or of any other key, e.g. a phone's token before its session
    is known: a read only, which may run beside its room's writes)."""
    lanes = count()
    if lanes == 1:
        return 0
    return (key if isinstance(key, int) else zlib.crc32(key.encode())) % lanes


def _executor(lane: int) -> ThreadPoolExecutor:
    with _made:
        found = _executors.get(lane)
        if found is None:
            found = _executors[lane] = ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"db-lane-{lane}")
        return found


def on(lane: int, fn: Callable[P, R]) -> Callable[P, Awaitable[R]]:
    """`fn` as a coroutine function that runs on this lane's thread (database connections
    cleaned before and after, as database_sync_to_async does)."""
    if count() == 1:
        return database_sync_to_async(fn)
    return database_sync_to_async(fn, thread_sensitive=False, executor=_executor(lane % count()))
