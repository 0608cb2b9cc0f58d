"""Live sessions through the real ASGI application, socket by socket."""

import asyncio
import time

import pytest
from channels.testing import WebsocketCommunicator

from config.asgi import application
from game import services
from game.consumers import CLOSE_TOO_BIG, MESSAGES_BURST, MESSAGES_PER_SECOND
from game.engine import GameError
from game.errors import error_text
from game.models import Proposal
from tests.game.conftest import (
    ORIGIN,
    connect_phone,
    connect_staff,
    drain,
    receive,
    receive_until,
)
from tests.game.conftest import command as send_command

pytestmark = pytest.mark.django_db(transaction=True)


def message_for(code: str) -> str:
    """What the player is told, in the session's language (French)."""
    return error_text(GameError(code), "fr")


async def start_card(staff):
    ack = await send_command(staff, "start")
    assert ack["type"] == "ack", ack
    return await receive_until(staff, "state", lambda m: m["round"] and m["round"]["status"] == "answering")


async def test_a_joining_phone_gets_who_it_is_the_room_and_its_team(room, phones):
    ada = await connect_phone(room, phones["ada"])
    you, state, team = await receive(ada), await receive(ada), await receive(ada)
    assert you == {"type": "you", "player": {"id": phones["ada"].public_id, "nickname": "Ada", "team": "t1"}}
    assert state["type"] == "state" and state["session"]["code"] == room.code
    assert state["session"]["lifecycle"] == "lobby"
    assert [(t["id"], t["size"]) for t in state["teams"]] == [("t1", 2), ("t2", 1)]
    assert team["type"] == "team" and [m["nickname"] for m in team["members"]] == ["Ada", "Bob"]
    assert team["captain"] == phones["ada"].public_id
    await ada.disconnect()


async def test_an_unknown_token_is_told_and_closed(room, phones):
    comm = await connect_phone(room, None, token="not-a-token")
    assert (await receive(comm))["code"] == "unknown_player"
    assert (await comm.receive_output(timeout=1))["type"] == "websocket.close"


async def test_the_player_cookie_is_found_among_the_browsers_other_cookies(room, phones):
    """A phone's socket reads its cookie header itself (no CookieMiddleware on its route)."""
    cookies = f"csrftoken=abc; django_language=fr; atelier_player={phones['bob'].token}; theme=dark"
    bob = WebsocketCommunicator(application, f"/ws/play/{room.code}/", headers=[ORIGIN, (b"cookie", cookies.encode())])
    assert (await bob.connect())[0]
    assert (await receive(bob))["player"]["nickname"] == "Bob"
    await bob.disconnect()
    anonymous = WebsocketCommunicator(application, f"/ws/play/{room.code}/", headers=[ORIGIN])
    assert (await anonymous.connect())[0]
    assert (await receive(anonymous))["code"] == "unknown_player"
    assert (await anonymous.receive_output(timeout=1))["type"] == "websocket.close"


async def test_a_foreign_origin_is_refused(room, phones):
    comm = WebsocketCommunicator(
        application,
        f"/ws/play/{room.code}/",
        headers=[(b"origin", b"https://evil.example"), (b"cookie", f"atelier_player={phones['ada'].token}".encode())],
    )
    connected, _ = await comm.connect()
    assert not connected


async def test_teammates_see_proposals_and_the_other_team_does_not(room, phones, facilitator):
    staff = await connect_staff(room, facilitator)
    ada, bob, chloe = [await connect_phone(room, phones[n]) for n in ("ada", "bob", "chloe")]
    for comm in (ada, bob, chloe):
        await drain(comm)
    state = await start_card(staff)
    number = state["round"]["number"]
    assert state["round"]["card"]["front"] == "Idée reçue 1" and state["round"]["reveal"] is None
    for comm in (ada, bob, chloe):
        await drain(comm)

    await ada.send_json_to({"type": "propose", "round": number, "choice": "true"})
    assert await receive_until(ada, "ack") == {"type": "ack", "of": "propose", "round": number, "choice": "true"}
    team = await receive_until(bob, "team")
    assert {m["nickname"]: m["proposal"] for m in team["members"]} == {"Ada": "true", "Bob": None}
    seen_by_chloe = await drain(chloe)
    assert all(m["type"] != "team" for m in seen_by_chloe)
    assert "Ada" not in str(seen_by_chloe) and phones["ada"].public_id not in str(seen_by_chloe)
    progress = await receive_until(staff, "progress")
    assert progress == {"type": "progress", "round": number, "answered": 1, "teams": 2}
    await staff.send_json_to({"type": "hello"})
    projector = await receive_until(staff, "state")
    assert projector["round"]["answered"] == 1 and projector["round"]["reveal"] is None
    assert await Proposal.objects.acount() == 1
    for comm in (ada, bob, chloe, staff):
        await comm.disconnect()


async def test_the_captain_locks_and_a_teammate_cannot(room, phones, facilitator):
    staff = await connect_staff(room, facilitator)
    ada, bob = await connect_phone(room, phones["ada"]), await connect_phone(room, phones["bob"])
    number = (await start_card(staff))["round"]["number"]
    await ada.send_json_to({"type": "propose", "round": number, "choice": "false"})
    await receive_until(ada, "ack")
    await bob.send_json_to({"type": "lock", "round": number})
    error = await receive_until(bob, "error")
    assert error["code"] == "refused" and error["message"] == message_for("not_captain")
    await ada.send_json_to({"type": "lock", "round": number})
    assert (await receive_until(ada, "ack"))["answer"] == "false"
    team = await receive_until(bob, "team", lambda m: m["locked"])
    assert team["answer"] == "false"
    await bob.send_json_to({"type": "propose", "round": number, "choice": "true"})
    assert (await receive_until(bob, "error"))["message"] == message_for("team_locked")
    for comm in (ada, bob, staff):
        await comm.disconnect()


async def test_reveal_shows_the_answer_and_each_team_answer_everywhere(room, phones, facilitator):
    staff = await connect_staff(room, facilitator)
    ada, chloe = await connect_phone(room, phones["ada"]), await connect_phone(room, phones["chloe"])
    number = (await start_card(staff))["round"]["number"]
    await ada.send_json_to({"type": "propose", "round": number, "choice": "false"})
    await receive_until(ada, "ack")
    await chloe.send_json_to({"type": "propose", "round": number, "choice": "true"})
    await receive_until(chloe, "ack")
    assert (await send_command(staff, "reveal"))["type"] == "ack"
    for comm in (staff, ada, chloe):
        state = await receive_until(comm, "state", lambda m: m["round"]["status"] == "revealed")
        reveal = state["round"]["reveal"]
        assert reveal["answer"] == "false" and reveal["back"] == "Explication 1"
        assert reveal["answers"] == {"t1": "false", "t2": "true"} and reveal["points"] == {"t1": 10, "t2": 0}
        assert reveal["rule"] == {"max": 10}
        assert reveal["sources"][0]["author"] == "Latitudes"
        assert [t["score"] for t in state["teams"]] == [10, 0]
    for comm in (ada, chloe, staff):
        await comm.disconnect()


async def test_a_reconnecting_phone_comes_back_with_its_team_and_proposal(room, phones, facilitator):
    staff = await connect_staff(room, facilitator)
    bob = await connect_phone(room, phones["bob"])
    number = (await start_card(staff))["round"]["number"]
    await bob.send_json_to({"type": "propose", "round": number, "choice": "depends"})
    await receive_until(bob, "ack")
    await bob.disconnect()

    again = await connect_phone(room, phones["bob"])
    you, state, team = await receive(again), await receive(again), await receive(again)
    assert you["player"]["team"] == "t1" and you["player"]["id"] == phones["bob"].public_id
    assert state["round"]["number"] == number and state["round"]["status"] == "answering"
    assert {m["nickname"]: m["proposal"] for m in team["members"]}["Bob"] == "depends"
    await again.send_json_to({"type": "hello"})
    assert [m["type"] for m in [await receive(again) for _ in range(3)]] == ["you", "state", "team"]
    for comm in (again, staff):
        await comm.disconnect()


async def test_state_versions_increase_with_every_change(room, phones, facilitator):
    staff = await connect_staff(room, facilitator)
    first = await receive_until(staff, "state")
    await send_command(staff, "lock_room")
    locked = await receive_until(staff, "state", lambda m: m["session"]["locked"])
    assert locked["v"] == first["v"] + 1
    await staff.disconnect()


async def test_a_student_cannot_send_facilitator_commands(room, phones, facilitator):
    ada = await connect_phone(room, phones["ada"])
    await drain(ada)
    await ada.send_json_to({"type": "command", "name": "reveal"})
    assert (await receive_until(ada, "error"))["code"] == "forbidden"
    await ada.send_json_to({"type": "hello"})
    assert (await receive(ada))["type"] == "you"  # still connected
    await ada.disconnect()


async def test_another_facilitator_cannot_open_the_staff_socket(room, other_facilitator):
    comm = await connect_staff(room, other_facilitator)
    closed = await comm.receive_output(timeout=1)
    assert closed == {"type": "websocket.close", "code": 4003}


async def test_a_player_acts_only_for_its_own_team(room, phones, facilitator):
    staff = await connect_staff(room, facilitator)
    chloe = await connect_phone(room, phones["chloe"])
    number = (await start_card(staff))["round"]["number"]
    await chloe.send_json_to({"type": "propose", "round": number, "choice": "true", "team": "t1", "player": "x"})
    await receive_until(chloe, "ack")
    stored = await Proposal.objects.select_related("player").aget()
    assert (stored.team_id, stored.player.nickname) == ("t2", "Chloé")
    for comm in (chloe, staff):
        await comm.disconnect()


@pytest.mark.parametrize(
    ("frame", "expected"),
    [
        ("not json", "not JSON"),
        ("[1, 2]", "JSON object"),
        ('{"type": "dance"}', "unknown message type"),
        ('{"type": "propose", "round": "1", "choice": "true"}', "'round' must be a whole number"),
        ('{"type": "propose", "round": 1}', "'choice' is missing"),
        ('{"type": "choose_team", "team": 42}', "'team' must be a string"),
        ('{"type": "propose", "round": 1, "choice": [[[[["deep"]]]]]}', "nested too deeply"),
        ("[" * 3000, "nested too deeply"),
        ('{"a":' * 600 + "1" + "}" * 600, "nested too deeply"),
    ],
)
async def test_malformed_frames_are_answered_and_the_socket_stays_up(room, phones, frame, expected):
    ada = await connect_phone(room, phones["ada"])
    # The snapshot comes once the socket has joined its groups (a round trip to Redis in pass 2):
    # its first message is waited for, so that the drain does not end before it has begun.
    await receive_until(ada, "you")
    await drain(ada)
    await ada.send_to(text_data=frame)
    error = await receive(ada)
    assert error["type"] == "error" and error["code"] == "bad_message" and expected in error["message"]
    await ada.send_to(bytes_data=b"\x00\x01")
    assert (await receive(ada))["code"] == "bad_message"
    await ada.send_json_to({"type": "hello"})
    assert (await receive(ada))["type"] == "you"
    await ada.disconnect()


async def test_a_late_proposal_is_refused_with_a_reason(room, phones, facilitator):
    staff = await connect_staff(room, facilitator)
    ada = await connect_phone(room, phones["ada"])
    number = (await start_card(staff))["round"]["number"]
    await send_command(staff, "close")
    await ada.send_json_to({"type": "propose", "round": number, "choice": "true"})
    error = await receive_until(ada, "error")
    assert error["code"] == "refused" and error["message"] == message_for("time_up")
    assert await Proposal.objects.acount() == 0
    for comm in (ada, staff):
        await comm.disconnect()


async def test_moving_a_player_switches_its_team_view(room, phones, facilitator):
    staff = await connect_staff(room, facilitator)
    bob = await connect_phone(room, phones["bob"])
    await drain(bob)
    ack = await send_command(staff, "move_player", player=phones["bob"].public_id, team="t2")
    assert ack["type"] == "ack"
    you = await receive_until(bob, "you")
    assert you["player"]["team"] == "t2"
    team = await receive_until(bob, "team")
    assert team["team"] == "t2" and [m["nickname"] for m in team["members"]] == ["Chloé", "Bob"]
    assert team["captain"] == phones["chloe"].public_id  # the newcomer does not take over
    roster = await receive_until(
        staff, "roster", lambda m: {p["nickname"]: p["team"] for p in m["players"]}["Bob"] == "t2"
    )
    assert [p["nickname"] for p in roster["players"]] == ["Ada", "Bob", "Chloé"]
    for comm in (bob, staff):
        await comm.disconnect()


async def test_a_removed_player_is_told_and_cannot_come_back(room, phones, facilitator):
    staff = await connect_staff(room, facilitator)
    bob = await connect_phone(room, phones["bob"])
    await drain(bob)
    await send_command(staff, "remove_player", player=phones["bob"].public_id)
    assert (await receive_until(bob, "removed")) == {"type": "removed"}
    again = await connect_phone(room, phones["bob"])
    assert (await receive(again))["code"] == "unknown_player"
    await staff.disconnect()


async def test_a_refused_command_says_why_and_changes_nothing(room, phones, facilitator):
    staff = await connect_staff(room, facilitator)
    first = await receive_until(staff, "state")
    error = await send_command(staff, "reveal")
    assert error["type"] == "error" and error["code"] == "refused"
    bad = await send_command(staff, "rename_team", team="t1", label="\x00")
    assert bad["message"] == message_for("empty_name")
    await staff.send_json_to({"type": "hello"})
    assert (await receive_until(staff, "state"))["v"] == first["v"]
    await staff.disconnect()


async def test_a_frame_over_the_limit_is_answered_then_closed(room, phones):
    ada = await connect_phone(room, phones["ada"])
    await drain(ada)
    await ada.send_to(text_data="x" * 5000)
    error = await receive(ada)
    assert error["type"] == "error" and error["code"] == "too_big" and "too long" in error["message"]
    assert (await ada.receive_output(timeout=2)) == {"type": "websocket.close", "code": CLOSE_TOO_BIG}


async def test_a_burst_past_the_budget_is_refused_without_database_work(room, phones, monkeypatch):
    calls = []
    real_lock = services.player_lock

    def counting_lock(**kwargs):
        calls.append(kwargs)
        return real_lock(**kwargs)

    monkeypatch.setattr(services, "player_lock", counting_lock)
    ada = await connect_phone(room, phones["ada"])
    await drain(ada)
    total = MESSAGES_BURST * 3
    started = time.monotonic()
    for _ in range(total):
        await ada.send_to(text_data='{"type": "lock", "round": 1}')
    answers = [await receive(ada) for _ in range(total)]
    elapsed = time.monotonic() - started
    refused = [a for a in answers if a.get("code") == "too_fast"]
    assert refused and refused[0]["message"] == message_for("too_fast")
    # Only what the budget let through reached the service (and the database).
    assert len(calls) + len(refused) == total
    assert len(calls) <= MESSAGES_BURST + MESSAGES_PER_SECOND * elapsed + 1
    await asyncio.sleep(1.1)  # the budget refills: the socket is heard again
    await ada.send_json_to({"type": "hello"})
    assert (await receive(ada))["type"] == "you"
    await ada.disconnect()
