"""The per-process relay: lost group memberships are joined again, broadcasts resume."""

import pytest
from channels.layers import InMemoryChannelLayer, get_channel_layer

from game import fanout
from tests.game.conftest import command as send_command
from tests.game.conftest import connect_phone, connect_staff, drain, receive_until

pytestmark = pytest.mark.django_db(transaction=True)


async def forget_groups():
    """What a Redis restart or a group expiry does to the layer (django/channels#1371)."""
    layer = get_channel_layer()
    if isinstance(layer, InMemoryChannelLayer):
        layer.groups.clear()
    else:
        await layer.flush()


async def test_broadcasts_resume_after_the_layer_forgets_its_groups(room, phones, facilitator):
    staff = await connect_staff(room, facilitator)
    ada = await connect_phone(room, phones["ada"])
    await drain(ada)
    await forget_groups()
    await send_command(staff, "lock_room")
    assert await ada.receive_nothing(timeout=0.3)  # lost: the layer no longer knows the group
    await fanout.relay().rejoin()
    await send_command(staff, "unlock_room")
    state = await receive_until(ada, "state", lambda m: not m["session"]["locked"])
    assert state["session"]["lifecycle"] == "lobby"
    await ada.send_json_to({"type": "hello"})  # and a resync gives the truth from the database
    assert (await receive_until(ada, "state"))["v"] == state["v"]
    for comm in (ada, staff):
        await comm.disconnect()


async def test_a_failing_socket_does_not_stop_the_others(room, phones, facilitator):
    staff = await connect_staff(room, facilitator)
    ada, bob = await connect_phone(room, phones["ada"]), await connect_phone(room, phones["bob"])
    for comm in (ada, bob):
        await drain(comm)

    class Broken:
        async def send(self, text_data=None, bytes_data=None, close=False):
            raise ConnectionError("gone")

    await fanout.relay().join(f"room-{room.pk}", Broken())
    await send_command(staff, "lock_room")
    for comm in (ada, bob):
        assert (await receive_until(comm, "state"))["session"]["locked"]
    for comm in (ada, bob, staff):
        await comm.disconnect()


async def test_after_a_layer_outage_the_relay_resends_what_was_missed(room, phones, facilitator, monkeypatch):
    from game import broadcast

    staff = await connect_staff(room, facilitator)
    ada = await connect_phone(room, phones["ada"])
    await drain(ada)
    real_send = broadcast._send

    def down(group, event):
        raise ConnectionError("layer down")

    monkeypatch.setattr(broadcast, "_send", down)
    await forget_groups()  # what a Redis restart does
    assert (await send_command(staff, "lock_room"))["type"] == "ack"  # stored, acknowledged
    assert (await send_command(staff, "rename_team", team="t1", label="Les Rapides"))["type"] == "ack"
    assert await ada.receive_nothing(timeout=0.3)  # nothing reached the phone
    assert fanout.relay().broken  # the failed broadcast told the relay

    monkeypatch.setattr(broadcast, "_send", real_send)  # the layer is back
    assert await fanout.relay().check()
    state = await receive_until(ada, "state")
    assert state["session"]["locked"] and state["teams"][0]["name"] == "Les Rapides"
    you = await receive_until(ada, "you")
    assert you["player"]["team"] == "t1"
    # The groups were joined again: the next change arrives through the layer.
    await send_command(staff, "unlock_room")
    assert not (await receive_until(ada, "state"))["session"]["locked"]
    assert not await fanout.relay().check()  # nothing to do once healthy
    for comm in (ada, staff):
        await comm.disconnect()


async def test_a_change_committed_after_its_socket_went_away_is_still_broadcast(room, phones, facilitator):
    """The layer messages of a command leave from the event loop once its service returns
    (broadcast.call_and_publish): when the facilitator's socket is gone meanwhile (its handler
    cancelled), what the service commits is still sent to the room."""
    import asyncio
    import threading

    from game import broadcast, services

    ada = await connect_phone(room, phones["ada"])
    await drain(ada)
    running, go_on = threading.Event(), threading.Event()

    def command_held_until_cancelled(**kwargs):
        running.set()
        go_on.wait(10)
        services.session_command(**kwargs)

    handler = asyncio.ensure_future(
        broadcast.call_and_publish(
            command_held_until_cancelled, user=facilitator, session_id=room.pk, name="lock_room", args={}
        )
    )
    await asyncio.get_running_loop().run_in_executor(None, running.wait, 10)
    handler.cancel()  # what Channels does to a handler when its socket closes
    go_on.set()
    state = await receive_until(ada, "state", lambda m: m["session"]["locked"], timeout=10)
    assert state["session"]["locked"]
    assert handler.cancelled()
    await ada.disconnect()


async def test_a_change_a_worker_could_not_publish_reaches_the_other_workers_sockets(
    room, phones, facilitator, monkeypatch
):
    """Worker B commits a change while it believes the layer down (it alone was cut off, or its
    relay had not yet seen Redis come back). Worker A never saw the layer fail, so its own watch
    would never resync its phones: B, once back, asks every worker of the session to."""
    staff = await connect_staff(room, facilitator)
    ada = await connect_phone(room, phones["ada"])  # on worker A: this event loop's relay
    await drain(ada)
    layer_down = fanout.layer_down
    monkeypatch.setattr(fanout, "layer_down", lambda: True)  # what worker B believes
    assert (await send_command(staff, "lock_room"))["type"] == "ack"  # committed, not published
    assert await ada.receive_nothing(timeout=0.3)
    monkeypatch.setattr(fanout, "layer_down", layer_down)
    assert not fanout.relay().broken and not await fanout.relay().check()  # A has nothing to resync
    assert await ada.receive_nothing(timeout=0.3)

    worker_b = fanout.Relay()  # the relay of the worker that committed it, back
    worker_b.broken = True
    assert await worker_b.check()
    state = await receive_until(ada, "state", lambda m: m["session"]["locked"])
    assert state["session"]["lifecycle"] == "lobby"
    assert not fanout._unsent  # asked once
    assert not await worker_b.check()
    for comm in (ada, staff):
        await comm.disconnect()
