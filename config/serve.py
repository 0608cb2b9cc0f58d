"""`daphne`, with bounded websockets that fail politely: `python -m config.serve <daphne args>`.

Two things daphne has no option for, set on its websocket library (autobahn):
- a frame over --websocket-max-message-size is answered with a close frame, 1009 (message too
  big) and the reason, instead of a TCP reset (autobahn's failByDrop), so the browser knows why;
- that size bounds what a client sends only: autobahn applies it to what the server sends
  too, and a room's state or roster is bigger than any message a client may send.
"""

from __future__ import annotations

from typing import Any

from daphne import server
from daphne.cli import CommandLineInterface
from daphne.ws_protocol import WebSocketFactory, WebSocketProtocol


class IncomingBoundProtocol(WebSocketProtocol):
    def sendMessage(self, *args: Any, **kwargs: Any) -> None:  # noqa: N802 (autobahn's name)
        limit: int = self.maxMessagePayloadSize  # type: ignore[has-type]  # set by autobahn's factory
        self.maxMessagePayloadSize = 0
        try:
            super().sendMessage(*args, **kwargs)
        finally:
            self.maxMessagePayloadSize = limit


class PoliteWebSocketFactory(WebSocketFactory):
    protocol = IncomingBoundProtocol

    def setProtocolOptions(self, *args: Any, **options: Any) -> None:  # noqa: N802 (autobahn's name)
        super().setProtocolOptions(*args, **options)
        super().setProtocolOptions(failByDrop=False)


if __name__ == "__main__":
    server.WebSocketFactory = PoliteWebSocketFactory  # type: ignore[misc]
    CommandLineInterface.entrypoint()
