"""The debrief's data: the scores over the rounds end on the scores, unscored polls stay out,
replays count as the scores count them; the debrief state carries the session's footprint."""

from __future__ import annotations

import pytest

from game.debrief import debrief, score_progress
from game.engine import PlanItem, Round, SessionState, Team
from tests.game.conftest import command, connect_staff, drain, receive_until


def round_(number: int, index: int, mechanic: str, points: dict[str, int], status: str = "revealed") -> Round:
    return Round(number, index, [], mechanic, status, 60, points=points)  # type: ignore[arg-type]


def state_with(rounds: list[Round]) -> SessionState:
    return SessionState(
        teams=[Team("t1", "Les Bits"), Team("t2", "Les Octets")],
        plan=[PlanItem([], r.mechanic) for r in rounds],
        rounds=rounds,
    )


def test_the_scores_over_the_rounds_add_up_to_the_scores():
    state = state_with(
        [
            round_(1, 0, "verdict", {"t1": 1, "t2": 0}),
            round_(2, 1, "opinion", {}),  # a poll scores nothing: not on the chart
            round_(3, 2, "estimate", {"t1": 2, "t2": 3}),
            round_(4, 3, "verdict", {"t1": 5}, status="closed"),  # not revealed: not counted
        ]
    )
    progress = score_progress(state)
    assert progress["rounds"] == [
        {"number": 1, "card": 1, "mechanic": "verdict"},
        {"number": 3, "card": 3, "mechanic": "estimate"},
    ]
    assert progress["teams"] == [
        {"team": "t1", "name": "Les Bits", "scores": [1, 3]},
        {"team": "t2", "name": "Les Octets", "scores": [0, 3]},
    ]
    assert {t["team"]: t["scores"][-1] for t in progress["teams"]} == state.team_scores()


def test_a_replayed_card_counts_as_the_scores_count_it():
    state = state_with([round_(1, 0, "verdict", {"t1": 1, "t2": 0}), round_(2, 0, "verdict", {"t1": 0, "t2": 1})])
    progress = score_progress(state)
    assert [t["scores"] for t in progress["teams"]] == [[1, 1], [0, 1]]
    assert {t["team"]: t["scores"][-1] for t in progress["teams"]} == state.team_scores()


def test_the_debrief_carries_the_progress():
    assert debrief(state_with([]), {})["progress"] == {
        "rounds": [],
        "teams": [{"team": "t1", "name": "Les Bits", "scores": []}, {"team": "t2", "name": "Les Octets", "scores": []}],
    }


@pytest.mark.django_db(transaction=True)
async def test_the_debrief_state_carries_the_footprint_with_its_source(room, facilitator):
    staff = await connect_staff(room, facilitator)
    await drain(staff)
    assert (await command(staff, "show_debrief"))["type"] == "ack"
    state = await receive_until(staff, "state", lambda m: "debrief" in m)
    found = state["debrief"]["footprint"]
    assert found["bytes"] == 0 and found["source"]["url"] == "https://doi.org/10.1111/jiec.12630"
    assert "débattu" in found["status"].lower()  # in the session's language
    await staff.disconnect()
