"""Every mechanic's messages through the real ASGI application, on the ready 2-hour plan."""

import pytest
from asgiref.sync import sync_to_async
from django.core.management import call_command

from game import services
from game.models import GameSession, Plan, Proposal
from game.report import report_csv, report_data
from tests.game.conftest import command as send_command
from tests.game.conftest import connect_phone, connect_staff, drain, join, receive_until

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def plan_room(facilitator):
    call_command("load_default_decks")
    call_command("load_default_plans")
    plan = Plan.objects.get(owner=None, deck__slug="impacts-ia-fr")
    session = services.session_create_from_plan(owner=facilitator, plan=plan, title="2nde A", team_count=2)
    services.session_command(user=facilitator, session_id=session.pk, name="open", args={})
    session.refresh_from_db()
    return session


async def play(staff, phone, choose):
    """Start or go to the next round, let the phone answer with choose(round), reveal; returns the reveal."""
    await drain(staff)
    await staff.send_json_to({"type": "hello"})  # the state may have come before the command's ack
    round_ = (await receive_until(staff, "state", lambda m: m["round"] and m["round"]["status"] == "answering"))[
        "round"
    ]
    await drain(phone)
    await phone.send_json_to({"type": "propose", "round": round_["number"], "choice": choose(round_)})
    ack = await receive_until(phone, "ack")
    await send_command(staff, "reveal")
    await staff.send_json_to({"type": "hello"})
    state = await receive_until(staff, "state", lambda m: m["round"]["status"] == "revealed")
    return round_, ack, state["round"]["reveal"]


async def test_each_mechanic_round_trip(plan_room, facilitator):
    ada = await sync_to_async(join)(plan_room, "Ada", "t1")
    staff = await connect_staff(plan_room, facilitator)
    phone = await connect_phone(plan_room, ada)
    await send_command(staff, "start")

    # The opening poll: a statement, the scale, no card; the room's spread at the reveal.
    round_, ack, reveal = await play(staff, phone, lambda r: 4)
    assert round_["mechanic"] == "opinion" and round_["card"] is None and round_["choices"]["scale"] == [1, 2, 3, 4, 5]
    assert round_["choices"]["statement"].startswith("Utiliser l’IA au quotidien")
    assert reveal["opinion"]["now"]["counts"] == [0, 0, 0, 1, 0] and reveal["points"] == {}

    # Timeline: the hand comes shuffled, never in year order; the answer is an order of keys.
    await send_command(staff, "next")
    round_, ack, reveal = await play(staff, phone, lambda r: sorted(r["choices"], key=lambda k: int(k[1:])))
    assert round_["mechanic"] == "timeline" and len(round_["cards"]) == 8
    assert all("year" not in card for card in round_["cards"])
    assert reveal["answer"] == ["D1", "D4", "D6", "D8", "D10", "D12", "D14", "D19"]
    assert reveal["points"]["t1"] == 10 and reveal["points"]["t2"] == 0  # a round's 10 points: every pair of 8
    assert reveal["rule"] == {"max": 10, "pairs": 28, "dealt": 14}  # the deal had half the pairs right
    assert {c["key"]: c["year"] for c in reveal["cards"]}["D8"] == 2012

    # Duel: two facts, no value before the reveal; the answer is the higher one's key.
    await send_command(staff, "next")
    round_, ack, reveal = await play(staff, phone, lambda r: "A4")
    assert round_["mechanic"] == "duel" and [c["key"] for c in round_["cards"]] == ["A4", "A31"]
    assert all("value" not in card and "quantity" not in card for card in round_["cards"])
    assert reveal["answer"] == ["A31"] and reveal["points"]["t1"] == 0
    assert [c["quantity"] for c in reveal["cards"]] == ["57 à 3\u202f353\u00a0J", "2,9\u00a0Wh"]

    await send_command(staff, "next")  # the second duel, skipped with the others: the estimates follow
    for _ in range(5):
        assert (await send_command(staff, "skip"))["type"] == "ack"
    # Estimate: a number; scored by orders of magnitude.
    round_, ack, reveal = await play(staff, phone, lambda r: 0.2)
    assert round_["mechanic"] == "estimate" and round_["card"]["unit"] == "mL"
    assert ack["choice"] == 0.2 and reveal["answer"] == {"value": 0.26, "value_max": None}
    assert reveal["points"]["t1"] == 10 and reveal["rule"] == {"max": 10, "ten": 7, "hundred": 3}

    await send_command(staff, "start", index=19)  # the solutions, after the misconceptions
    # Solutions: pick and rank three; the room's tally is revealed.
    round_, ack, reveal = await play(staff, phone, lambda r: [c["key"] for c in r["cards"]][:3])
    assert round_["mechanic"] == "solutions" and round_["choices"] == {"picks": 3}
    picked = ack["choice"]
    assert reveal["tally"][picked[0]]["ranks"] == [1, 0, 0] and reveal["points"]["t1"] == 10

    await send_command(staff, "end")
    await staff.send_json_to({"type": "hello"})
    final = await receive_until(staff, "state", lambda m: m["session"]["lifecycle"] == "ended")
    assert [row["key"] for row in final["debrief"]["solutions"]] == picked
    assert final["debrief"]["estimates"][0]["key"] == "A25"
    assert await Proposal.objects.acount() == 5
    data = await sync_to_async(report_data)(await GameSession.objects.aget(pk=plan_room.pk))
    assert [r["mechanic"] for r in data["rounds"]] == ["opinion", "timeline", "duel", "estimate", "solutions"]
    assert data["teams"][0]["members"] == ["Ada"]
    assert "Frise chronologique" in await sync_to_async(report_csv)(data)  # the game in words
    for comm in (phone, staff):
        await comm.disconnect()


async def test_projector_only_answers_entered_by_the_facilitator(plan_room, facilitator):
    staff = await connect_staff(plan_room, facilitator)
    await send_command(staff, "start", index=len(plan_room.state["plan"]) - 9)  # the first misconception
    await staff.send_json_to({"type": "hello"})
    state = await receive_until(staff, "state", lambda m: m["round"] and m["round"]["mechanic"] == "verdict")
    number = state["round"]["number"]
    assert (await send_command(staff, "enter_answer", round=number, team="t1", answer="false"))["type"] == "ack"
    assert (await send_command(staff, "enter_answer", round=number, team="t2", answer="true"))["type"] == "ack"
    refused = await send_command(staff, "enter_answer", round=number, team="t2", answer="maybe")
    assert refused["code"] == "refused"
    await staff.send_json_to({"type": "hello"})
    counted = await receive_until(staff, "state", lambda m: m["round"]["answered"] == 2)
    assert counted["round"]["reveal"] is None
    await send_command(staff, "reveal")
    await staff.send_json_to({"type": "hello"})
    reveal = (await receive_until(staff, "state", lambda m: m["round"]["status"] == "revealed"))["round"]["reveal"]
    assert reveal["answers"] == {"t1": "false", "t2": "true"} and reveal["points"] == {"t1": 10, "t2": 0}
    await staff.disconnect()


async def test_a_break_and_the_debrief_screen_reach_the_room(plan_room, facilitator):
    staff = await connect_staff(plan_room, facilitator)
    await send_command(staff, "start")
    await send_command(staff, "break", minutes=10)
    await staff.send_json_to({"type": "hello"})
    state = await receive_until(staff, "state", lambda m: m["session"]["break_until"])
    assert state["session"]["break_until"] - state["now"] == pytest.approx(600, abs=2)
    assert state["plan"]["clock"]["status"] == "ahead"  # the opening poll was planned to start at 7 min
    assert (await send_command(staff, "break", minutes=0))["code"] == "refused"
    await send_command(staff, "end_break")
    await send_command(staff, "show_debrief")
    await staff.send_json_to({"type": "hello"})
    shown = await receive_until(staff, "state", lambda m: m["session"]["screen"] == "debrief")
    assert set(shown["debrief"]) >= {"ranking", "misconceptions", "estimates", "solutions", "room_score"}
    await staff.disconnect()
