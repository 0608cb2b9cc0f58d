"""People and rooms for live-session tests: a facilitator's open room and phones in teams."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.test import Client

from cards.models import Deck
from cards.services import deck_import
from config.asgi import application
from game import services
from game.models import GameSession
from tests.cards.factories import deck_bytes, deck_document

ORIGIN = (b"origin", b"http://localhost")
MISCONCEPTIONS = [
    {
        "key": f"B{i}",
        "kind": "misconception",
        "front": f"Idée reçue {i}",
        "back": f"Explication {i}",
        "verdict": verdict,
        "notes": "",
        "sources": [{"author": "Latitudes", "title": "", "year": 2024, "url": ""}],
    }
    for i, verdict in enumerate(["false", "depends", "true"], start=1)
]


@dataclass
class Phone:
    nickname: str
    token: str
    player_id: int
    public_id: str
    team: str


@pytest.fixture
def small_deck(db) -> Deck:
    deck_import(raw=deck_bytes(deck_document(cards=MISCONCEPTIONS)))
    return Deck.objects.get(slug="essai-fr")


@pytest.fixture
def room(facilitator, small_deck) -> GameSession:
    session = services.session_create(
        owner=facilitator, deck=small_deck, card_keys=["B1", "B2", "B3"], title="3e B", team_count=2, duration=60
    )
    services.session_command(user=facilitator, session_id=session.pk, name="open", args={})
    session.refresh_from_db()
    return session


def join(room: GameSession, nickname: str, team: str | None) -> Phone:
    player, token = services.player_join(code=room.code, nickname=nickname, team_id=team)
    return Phone(nickname, token, player.pk, player.public_id, player.team_id)


@pytest.fixture
def phones(room) -> dict[str, Phone]:
    """Ada and Bob in team t1 (Ada, first in, is its captain), Chloé alone in t2."""
    return {"ada": join(room, "Ada", "t1"), "bob": join(room, "Bob", "t1"), "chloe": join(room, "Chloé", "t2")}


async def connect_phone(room: GameSession, phone: Phone | None, token: str | None = None) -> WebsocketCommunicator:
    token = token if token is not None else phone.token
    comm = WebsocketCommunicator(
        application, f"/ws/play/{room.code}/", headers=[ORIGIN, (b"cookie", f"atelier_player={token}".encode())]
    )
    connected, _ = await comm.connect()
    assert connected
    return comm


async def connect_staff(room: GameSession, user) -> WebsocketCommunicator:
    client = Client()
    await sync_to_async(client.force_login)(user)
    cookie = f"sessionid={client.cookies['sessionid'].value}".encode()
    comm = WebsocketCommunicator(application, f"/ws/staff/{room.pk}/", headers=[ORIGIN, (b"cookie", cookie)])
    comm.accepted, comm.close_code = await comm.connect()
    return comm


async def receive(comm: WebsocketCommunicator, timeout: float = 2) -> dict:
    """The next message, first those a command's ack overtook (see `command`)."""
    pending = getattr(comm, "pending", None)
    if pending:
        return pending.pop(0)
    return json.loads(await comm.receive_from(timeout=timeout))


async def receive_until(comm: WebsocketCommunicator, kind: str, check=lambda m: True, timeout: float = 3) -> dict:
    """The next message of this type that passes the check (others are skipped)."""
    while True:
        message = await receive(comm, timeout)
        if message["type"] == kind and check(message):
            return message


async def drain(comm: WebsocketCommunicator) -> list[dict]:
    out = list(getattr(comm, "pending", []))
    comm.pending = []
    while not await comm.receive_nothing(timeout=0.15):
        out.append(await receive(comm))
    return out


async def command(staff: WebsocketCommunicator, command_name: str, **args) -> dict:
    """Send a facilitator command; returns its ack or error.

    Broadcasts may reach this socket before the ack: they are kept for the next receive.
    """
    await staff.send_json_to({"type": "command", "name": command_name, **args})
    skipped = []
    while True:
        message = json.loads(await staff.receive_from(timeout=2))
        if message["type"] in ("ack", "error"):
            staff.pending = getattr(staff, "pending", []) + skipped
            return message
        skipped.append(message)
