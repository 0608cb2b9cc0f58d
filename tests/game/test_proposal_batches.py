"""Proposals written in batches: each one judged on its own, all stored before any is acknowledged."""

import asyncio

import pytest

from game import services
from game.engine import GameError
from game.models import Proposal
from game.services import ProposalRequest
from tests.game.conftest import command as send_command
from tests.game.conftest import connect_phone, connect_staff, join, receive_until


def start(room, facilitator) -> int:
    services.session_command(user=facilitator, session_id=room.pk, name="start", args={})
    room.refresh_from_db()
    return room.state["rounds"][-1]["number"]


def test_a_batch_keeps_the_good_proposals_and_reports_each_refusal(room, phones, facilitator):
    number = start(room, facilitator)
    ada, bob, chloe = phones["ada"], phones["bob"], phones["chloe"]
    results = services.player_propose_many(
        [
            ProposalRequest(ada.player_id, number, "true"),
            ProposalRequest(bob.player_id, number, "maybe"),  # not an answer
            ProposalRequest(chloe.player_id, number + 1, "true"),  # not the current round
            ProposalRequest(999_999, number, "true"),  # no such player
            ProposalRequest(ada.player_id, number, "false"),  # Ada changed her mind: the last one stands
        ]
    )
    assert results[0] == "true" and results[4] == "false"
    assert [r.code for r in results[1:4]] == ["bad_choice", "not_current_round", "unknown_player"]
    stored = Proposal.objects.get()
    assert (stored.player_id, stored.choice, stored.team_id) == (ada.player_id, "false", "t1")


def test_a_refused_proposal_comes_back_as_its_error_and_stores_nothing(room, phones, facilitator):
    number = start(room, facilitator)
    (result,) = services.player_propose_many([services.ProposalRequest(phones["ada"].player_id, number, "nope")])
    assert isinstance(result, GameError) and result.code == "bad_choice"
    assert not Proposal.objects.exists()


@pytest.mark.django_db(transaction=True)
async def test_a_burst_of_proposals_is_all_acknowledged_and_all_stored(room, facilitator):
    from asgiref.sync import sync_to_async

    phones = [await sync_to_async(join)(room, f"Élève {i}", None) for i in range(40)]
    staff = await connect_staff(room, facilitator)
    sockets = [await connect_phone(room, phone) for phone in phones]
    await send_command(staff, "start")
    number = (await sync_to_async(lambda: (room.refresh_from_db(), room.state["rounds"][-1]["number"]))())[1]
    choices = ["true", "false", "depends"]
    await asyncio.gather(
        *(s.send_json_to({"type": "propose", "round": number, "choice": choices[i % 3]}) for i, s in enumerate(sockets))
    )
    acks = [await receive_until(s, "ack") for s in sockets]
    assert [a["choice"] for a in acks] == [choices[i % 3] for i in range(40)]
    assert await Proposal.objects.filter(round_number=number).acount() == 40
    progress = await receive_until(staff, "progress", lambda m: m["answered"] == 2)
    assert progress["teams"] == 2
    for comm in (*sockets, staff):
        await comm.disconnect()
