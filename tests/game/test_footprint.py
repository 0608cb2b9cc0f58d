"""The session's footprint: every frame to and from a phone counted by the server, stored per
session, added up across sockets; the projector's and control panel's frames are not a phone's."""

from __future__ import annotations

import pytest
from channels.db import database_sync_to_async
from django.test import Client

from game import footprint
from game.models import SessionFootprint
from tests.game.conftest import command, connect_phone, connect_staff, drain

pytestmark = pytest.mark.django_db(transaction=True)


def utf8(messages) -> int:
    import json

    return sum(len(json.dumps(m, ensure_ascii=False, separators=(",", ":")).encode()) for m in messages)


async def stored(room):
    await database_sync_to_async(footprint.flush)()
    row = await database_sync_to_async(lambda: SessionFootprint.objects.filter(session=room).first())()
    return row


async def test_frames_to_and_from_phones_are_counted_and_stored(room, phones, facilitator):
    staff = await connect_staff(room, facilitator)
    await drain(staff)
    ada = await connect_phone(room, phones["ada"])
    chloe = await connect_phone(room, phones["chloe"])
    got = await drain(ada) + await drain(chloe)  # each: you, state, team
    await ada.send_to(text_data='{"type":"ping"}')
    got += await drain(ada)  # pong
    assert (await command(staff, "start"))["type"] == "ack"
    await drain(staff)
    got += await drain(ada) + await drain(chloe)  # the new state, the teams' views
    await ada.disconnect()
    await chloe.disconnect()  # a closing socket stores its counts
    row = await database_sync_to_async(lambda: SessionFootprint.objects.get(session=room))()
    # The messages are sent as compact JSON: what the phones received is what was counted.
    assert row.frames_sent == len(got) and row.bytes_sent == utf8(got)
    assert row.frames_received == 1 and row.bytes_received == len('{"type":"ping"}')
    await staff.disconnect()


async def test_sockets_of_one_session_add_up_and_flushes_store_only_what_grew(room, phones):
    ada = await connect_phone(room, phones["ada"])
    first = await drain(ada)
    row = await stored(room)
    assert row.frames_sent == len(first)
    bob = await connect_phone(room, phones["bob"])
    second = await drain(bob) + await drain(ada)
    row = await stored(room)
    again = await stored(room)  # nothing new: nothing added twice
    assert row.frames_sent == again.frames_sent == len(first) + len(second)
    assert row.bytes_sent == utf8(first) + utf8(second)
    await ada.disconnect()
    await bob.disconnect()


async def test_a_staff_socket_moves_nothing_in_the_phones_count(room, facilitator):
    staff = await connect_staff(room, facilitator)
    await drain(staff)
    await staff.disconnect()
    assert await stored(room) is None


def test_the_phone_pages_are_counted_by_their_cookie(room, phones):
    client = Client()
    client.cookies["atelier_player"] = phones["ada"].token
    response = client.get(f"/play/{room.code}")
    assert response.status_code == 200
    footprint.flush()
    row = SessionFootprint.objects.get(session=room)
    assert row.http_responses == 1 and row.http_bytes > len(response.content)
    Client().get("/")  # a page without a player cookie: nobody's
    footprint.flush()
    assert SessionFootprint.objects.get(session=room).http_responses == 1


def test_the_energy_range_follows_the_bytes():
    figures = footprint.footprint_figures(
        dict(bytes_sent=10**9, bytes_received=0, frames_sent=1, frames_received=0, http_bytes=0, http_responses=0)
    )
    assert figures["bytes"] == 10**9
    assert figures["wh_high"] == pytest.approx(60)  # 0.06 kWh per GB (Aslan et al. 2018, 2015 figure)
    assert figures["wh_low"] == pytest.approx(2)
    assert figures["source"]["url"] == "https://doi.org/10.1111/jiec.12630"
