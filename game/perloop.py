"""One object per running event loop: a worker process has one loop, a test suite opens many."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class PerLoop(Generic[T]):
    """`get()` is the instance of the running loop, made on first use; those of closed loops go."""

    def __init__(self, factory: Callable[[], T]) -> None:
        self.factory = factory
        self.instances: dict[asyncio.AbstractEventLoop, T] = {}

    def get(self) -> T:
        loop = asyncio.get_running_loop()
        found = self.instances.get(loop)
        if found is None:
            for old in [lp for lp in self.instances if lp.is_closed()]:
                del self.instances[old]
            found = self.instances[loop] = self.factory()
        return found

    def live(self) -> list[T]:
        """The instances of loops still open (read from any thread)."""
        return [found for loop, found in list(self.instances.items()) if not loop.is_closed()]
