"""`daphne`, with websockets that fail politely: run as `python -m config.serve <daphne args>`.

Daphne's websocket library (autobahn) drops the TCP connection on a protocol failure by
default (failByDrop), so a frame over --websocket-max-message-size resets the connection and
the browser sees 1006 and no reason. With failByDrop off it sends a close frame instead:
1009 (message too big) with the reason, then closes. Daphne has no option for it.
"""

from __future__ import annotations

from typing import Any

from daphne import server
from daphne.cli import CommandLineInterface
from daphne.ws_protocol import WebSocketFactory


class PoliteWebSocketFactory(WebSocketFactory):
    def setProtocolOptions(self, *args: Any, **options: Any) -> None:  # noqa: N802 (autobahn's name)
        super().setProtocolOptions(*args, **options)
        super().setProtocolOptions(failByDrop=False)


if __name__ == "__main__":
    server.WebSocketFactory = PoliteWebSocketFactory  # type: ignore[misc]
    CommandLineInterface.entrypoint()
