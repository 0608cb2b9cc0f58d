"""The periodic check every screen sends: `ping` answered by the room's version, nothing more."""

import pytest

from game import consumers
from tests.game.conftest import command as send_command
from tests.game.conftest import connect_phone, connect_staff, drain, receive, receive_until

pytestmark = pytest.mark.django_db(transaction=True)


async def test_a_ping_is_answered_with_the_rooms_version_and_follows_every_change(
    room, phones, facilitator, monkeypatch
):
    monkeypatch.setattr(consumers, "VERSION_TTL_S", 0)  # every ping reads the database here
    phone = await connect_phone(room, phones["ada"])
    state = await receive_until(phone, "state")
    await drain(phone)
    await phone.send_json_to({"type": "ping"})
    assert await receive(phone) == {"type": "pong", "v": state["v"]}
    staff = await connect_staff(room, facilitator)
    await send_command(staff, "lock_room")
    await receive_until(phone, "state", lambda m: m["session"]["locked"])
    await drain(phone)
    await phone.send_json_to({"type": "ping"})
    assert await receive(phone) == {"type": "pong", "v": state["v"] + 1}
    # the projector and control panel check the same way
    await drain(staff)
    await staff.send_json_to({"type": "ping"})
    assert await receive_until(staff, "pong") == {"type": "pong", "v": state["v"] + 1}
    await phone.disconnect()
    await staff.disconnect()


async def test_a_room_full_of_pings_reads_the_version_once_a_second(room, monkeypatch):
    reads = []

    async def counted(session_id):
        reads.append(session_id)
        return 7

    monkeypatch.setattr(consumers, "_version", counted)
    monkeypatch.setattr(consumers, "_versions", {})
    answers = [await consumers.room_version(room.pk) for _ in range(1000)]
    assert answers == [7] * 1000 and reads == [room.pk]
