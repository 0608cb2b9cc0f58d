"""Opinion shift: one statement polled at the start and at the end, anonymous, no points; the
closing poll's reveal, the debrief and the report say how the room moved."""

from __future__ import annotations

import pytest
from asgiref.sync import sync_to_async

from game import engine, services
from game.debrief import debrief
from game.engine import GameError
from game.mechanics import MECHANICS, ChoiceError, Problem, Vote
from game.mechanics.opinion import spread
from game.messages import round_data
from game.models import GameSession, Plan
from game.plans import plan_errors, plan_expand
from game.report import report_csv, report_data
from tests.game.conftest import command as send_command
from tests.game.conftest import connect_phone, connect_staff, drain, join, receive_until

OPINION = MECHANICS["opinion"]
T0 = 1_000_000.0
STATEMENT = "L’IA générative fera plus de bien que de mal à la planète."
CARDS = {"B1": {"key": "B1", "kind": "misconception", "front": "Idée reçue", "verdict": "false"}}
PHASES = [
    {"title": "Votre avis", "mechanic": "opinion", "budget": 300, "options": {"statement": STATEMENT}},
    {"title": "Idée reçue", "mechanic": "verdict", "budget": 300, "cards": ["B1"]},
    {"title": "Votre avis, après", "mechanic": "opinion", "budget": 300, "options": {"statement": STATEMENT}},
]


def votes(team: str, *choices: int) -> list[Vote]:
    return [Vote(f"{team}p{i}", team, choice, T0 + i) for i, choice in enumerate(choices)]


def test_an_answer_is_a_step_of_the_five_step_scale():
    assert [OPINION.clean(step, []) for step in (1, 3, 5)] == [1, 3, 5]
    for bad in (0, 6, 2.5, "3", True, None, [3]):
        with pytest.raises(ChoiceError):
            OPINION.clean(bad, [])


def test_a_team_answer_is_its_members_spread_and_nobody_scores():
    assert OPINION.settle(votes("t1", 1, 5, 5, 4), None) == [1, 0, 0, 1, 2]
    assert OPINION.settle([], None) is None
    answers = {"t1": [1, 0, 0, 1, 2], "t2": [0, 2, 0, 0, 0], "t3": None}
    assert OPINION.score(answers, [], {}) == {"t1": 0, "t2": 0, "t3": 0}
    assert spread(answers | {"t4": 3}) == [1, 2, 1, 1, 2]  # a step entered by the facilitator counts one


def test_a_plan_polls_a_statement_on_no_card():
    assert plan_errors(PHASES, CARDS) == []
    phases, items = plan_expand(PHASES)
    assert [(i.mechanic, i.card_keys, i.phase) for i in items] == [
        ("opinion", [], 0),
        ("verdict", ["B1"], 1),
        ("opinion", [], 2),
    ]
    assert phases[0].options == {"statement": STATEMENT}
    wrong = [
        {"title": "Sans texte", "mechanic": "opinion", "budget": 300, "options": {"statement": "  "}},
        {"title": "Avec carte", "mechanic": "opinion", "budget": 300, "cards": ["B1"], "options": {"statement": "x"}},
        {"title": "Trop long", "mechanic": "opinion", "budget": 300, "options": {"statement": "x" * 201}},
    ]
    assert plan_errors(wrong, CARDS) == [
        Problem("option_text", {"option": "statement", "max": 200}, 1),
        Problem("phase_takes_no_cards", {}, 2),
        Problem("option_text", {"option": "statement", "max": 200}, 3),
    ]


def _session() -> engine.SessionState:
    phases, items = plan_expand(PHASES)
    state = engine.session_new(
        plan=items, scoring="competitive", team_names=["A", "B"], duration=60, cards=CARDS, phases=phases
    )
    return engine.open_room(state)


def _poll(state: engine.SessionState, now: float, team_votes: dict[str, list[int]]) -> engine.SessionState:
    all_votes = [vote for team, choices in team_votes.items() for vote in votes(team, *choices)]
    answers = engine.settled_answers(state, all_votes, {})
    return engine.reveal(state, now, [], answers)


def test_the_closing_poll_shows_the_room_before_and_after_and_nobody_s_answer():
    state = engine.start(_session(), T0)
    assert engine.check_can_propose(state, T0 + 1, 1, "t1", 2, []) == 2
    with pytest.raises(GameError) as refused:
        engine.lock_team(state, T0 + 1, 1, "t1", "t1p0", "t1p0", votes("t1", 2))
    assert refused.value.code == "not_lockable"
    state = _poll(state, T0 + 2, {"t1": [1, 2], "t2": [2]})
    opening = round_data(state.round, {}, "fr", 2, state.rounds)
    assert opening["card"] is None and opening["cards"] == []
    assert opening["choices"] == {"scale": [1, 2, 3, 4, 5], "statement": STATEMENT}
    assert opening["scored"] is False and opening["lockable"] is False
    assert opening["reveal"]["answers"] == {} and opening["reveal"]["points"] == {}
    assert opening["reveal"]["opinion"]["now"]["counts"] == [1, 2, 0, 0, 0]
    assert opening["reveal"]["opinion"]["before"] is None

    state = engine.start(state, T0 + 10)  # the misconception
    state = engine.start(state, T0 + 20)  # the closing poll
    state = _poll(state, T0 + 30, {"t1": [4, 5], "t2": [2]})
    closing = round_data(state.round, {}, "fr", 2, [r for r in state.rounds if r.status == "revealed"])["reveal"]
    assert closing["opinion"]["before"] == {"round": 1, "counts": [1, 2, 0, 0, 0], "votes": 3, "mean": 1.67}
    assert closing["opinion"]["now"] == {"round": 3, "counts": [0, 1, 0, 1, 1], "votes": 3, "mean": 3.67}
    assert state.team_scores() == {"t1": 0, "t2": 0}

    summary = debrief(state, CARDS)["opinions"]
    assert len(summary) == 1 and summary[0]["statement"] == STATEMENT
    assert summary[0]["before"]["counts"] == [1, 2, 0, 0, 0] and summary[0]["after"]["counts"] == [0, 1, 0, 1, 1]
    assert summary[0]["shift"] == 2.0


def test_a_poll_of_another_statement_is_not_its_before():
    other = [dict(PHASES[0]), PHASES[1], {**PHASES[2], "options": {"statement": "Autre chose."}}]
    phases, items = plan_expand(other)
    state = engine.session_new(
        plan=items, scoring="competitive", team_names=["A"], duration=60, cards=CARDS, phases=phases
    )
    state = _poll(engine.start(engine.open_room(state), T0), T0 + 1, {"t1": [5]})
    state = _poll(engine.start(engine.start(state, T0 + 2), T0 + 3), T0 + 4, {"t1": [1]})
    assert round_data(state.round, {}, "fr", 1, state.rounds)["reveal"]["opinion"]["before"] is None
    assert [row["before"] for row in debrief(state, CARDS)["opinions"]] == [None, None]


@pytest.mark.django_db(transaction=True)
async def test_teammates_see_who_answered_never_what_and_the_report_keeps_the_room_s_move(facilitator, small_deck):
    plan = await Plan.objects.acreate(deck=small_deck, owner=facilitator, title="Avis", phases=PHASES)
    session = await sync_to_async(services.session_create_from_plan)(
        owner=facilitator, plan=plan, title="2nde", team_count=1
    )
    await sync_to_async(services.session_command)(user=facilitator, session_id=session.pk, name="open", args={})
    ada = await sync_to_async(join)(session, "Ada", "t1")
    bob = await sync_to_async(join)(session, "Bob", "t1")
    staff = await connect_staff(session, facilitator)
    phones = [await connect_phone(session, ada), await connect_phone(session, bob)]

    async def poll(choices: list[int]) -> dict:
        await drain(staff)
        await staff.send_json_to({"type": "hello"})
        state = await receive_until(staff, "state", lambda m: m["round"] and m["round"]["status"] == "answering")
        number = state["round"]["number"]
        for phone, choice in zip(phones, choices, strict=True):
            await drain(phone)
            await phone.send_json_to({"type": "propose", "round": number, "choice": choice})
            assert (await receive_until(phone, "ack"))["choice"] == choice
        team = await receive_until(phones[0], "team", lambda m: all(x["proposal"] is not None for x in m["members"]))
        assert [m["proposal"] for m in team["members"]] == [True, True]  # who answered, not what
        await send_command(staff, "reveal")
        await staff.send_json_to({"type": "hello"})
        return (await receive_until(staff, "state", lambda m: m["round"]["status"] == "revealed"))["round"]["reveal"]

    await send_command(staff, "start")
    opening = await poll([1, 2])
    assert opening["opinion"]["now"]["counts"] == [1, 1, 0, 0, 0] and opening["answers"] == {}
    await send_command(staff, "start", index=2)
    closing = await poll([4, 5])
    assert closing["opinion"]["before"]["counts"] == [1, 1, 0, 0, 0]
    assert closing["opinion"]["now"]["counts"] == [0, 0, 0, 1, 1]

    data = await sync_to_async(report_data)(await GameSession.objects.aget(pk=session.pk))
    assert [r["mechanic"] for r in data["rounds"]] == ["opinion", "opinion"]
    assert data["debrief"]["opinions"][0]["shift"] == 3.0
    csv = await sync_to_async(report_csv)(data)
    assert "Ada" not in csv and "Bob" not in csv  # counts only, no nickname
    for comm in (*phones, staff):
        await comm.disconnect()
