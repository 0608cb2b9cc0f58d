"""Proposals that arrive together are written together (see services.player_propose_many).

No timer and no added delay: while one batch is being written, the proposals that arrive
queue up and form the next batch. A lone proposal is written at once.
"""

from __future__ import annotations

import asyncio
from typing import Any

from game import broadcast, services
from game.perloop import PerLoop


class ProposalBatcher:
    def __init__(self) -> None:
        self.pending: list[tuple[services.ProposalRequest, asyncio.Future[Any]]] = []
        self.writing = False

    async def submit(self, request: services.ProposalRequest) -> Any:
        """The stored choice once its batch has committed; raises its GameError if refused."""
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self.pending.append((request, future))
        if not self.writing:
            self.writing = True
            asyncio.ensure_future(self._write())
        result = await future
        if isinstance(result, Exception):
            raise result
        return result

    async def _write(self) -> None:
        try:
            while self.pending:
                batch, self.pending = self.pending, []
                try:
                    results = await broadcast.call_and_publish(
                        services.player_propose_many, requests=[r for r, _ in batch]
                    )
                except Exception as exc:  # the whole batch failed: every sender is told
                    results = [exc] * len(batch)
                for (_, future), result in zip(batch, results, strict=True):
                    if not future.done():
                        future.set_result(result)
        finally:
            self.writing = False


_batchers: PerLoop[ProposalBatcher] = PerLoop(ProposalBatcher)


def batcher() -> ProposalBatcher:
    return _batchers.get()
