"""With the database unreachable, a socket is told "unavailable" (the page shows "retrying"),
never acknowledged for what is not stored (issue 14)."""

import pytest
from channels.testing import WebsocketCommunicator
from django.db import OperationalError

from config.asgi import application
from game import batching, consumers, services
from game.engine import GameError
from game.errors import error_text
from tests.game.conftest import ORIGIN, connect_phone, drain, receive

pytestmark = pytest.mark.django_db(transaction=True)


def down(*args, **kwargs):
    raise OperationalError("connection to server at 127.0.0.1, port 5432 failed: Connection refused")


async def test_a_proposal_that_cannot_be_stored_is_never_acknowledged(room, phones, monkeypatch):
    ada = await connect_phone(room, phones["ada"])
    await drain(ada)
    monkeypatch.setattr(services, "player_propose_many", down)
    await ada.send_json_to({"type": "propose", "round": 1, "choice": "true"})
    answer = await receive(ada)
    assert answer == {
        "type": "error",
        "code": "unavailable",
        "message": error_text(GameError("unavailable"), "fr"),
    }
    assert await ada.receive_nothing(timeout=0.2)  # and no ack after it
    await ada.disconnect()
    assert batching.batcher().pending == []


async def test_a_connection_the_database_cannot_serve_is_told_to_retry(room, phones, monkeypatch):
    monkeypatch.setattr(consumers, "_player_for", down_async)
    comm = WebsocketCommunicator(
        application,
        f"/ws/play/{room.code}/",
        headers=[ORIGIN, (b"cookie", f"atelier_player={phones['ada'].token}".encode())],
    )
    connected, _ = await comm.connect()
    assert connected
    assert (await receive(comm))["code"] == "unavailable"
    assert (await comm.receive_output(timeout=2)) == {"type": "websocket.close", "code": consumers.CLOSE_RETRY}


async def down_async(*args, **kwargs):
    down()
