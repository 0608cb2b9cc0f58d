"""The pure engine: every transition and the scoring, with no database and no clock."""

import dataclasses
import json

import pytest

from game import engine
from game.engine import GameError, PlanItem, SessionState, Vote
from game.mechanics.base import majority

T0 = 1_000_000.0
CARDS = {
    key: {"key": key, "kind": "misconception", "verdict": verdict}
    for key, verdict in (("B1", "false"), ("B5", "depends"), ("B7", "false"))
}
HAND = [CARDS["B1"]]


def new_session(scoring="competitive", teams=("Rouge", "Bleu"), duration=60) -> SessionState:
    plan = [PlanItem([key], "verdict") for key in CARDS]
    return engine.session_new(plan=plan, scoring=scoring, team_names=teams, duration=duration)


def playing(**kwargs) -> SessionState:
    return engine.start(engine.open_room(new_session(**kwargs)), T0)


def code_of(call) -> str:
    with pytest.raises(GameError) as caught:
        call()
    return caught.value.code


def vote(player, team, choice, at=0.0):
    return Vote(player, team, choice, T0 + at)


# --- creation and the room ---


def test_a_new_session_is_a_draft_with_its_teams():
    state = new_session()
    assert state.lifecycle == "draft" and [t.id for t in state.teams] == ["t1", "t2"]
    assert [t.name for t in state.teams] == ["Rouge", "Bleu"]


def test_creation_refuses_an_empty_plan_a_bad_scoring_and_a_bad_duration():
    assert code_of(lambda: engine.session_new(plan=[], scoring="competitive", team_names=["A"], duration=60)) == (
        "empty_plan"
    )
    assert code_of(lambda: new_session(scoring="chaos")) == "bad_scoring"
    assert code_of(lambda: new_session(duration=5)) == "bad_duration"


def test_joining_needs_an_open_unlocked_room():
    draft = new_session()
    assert code_of(lambda: engine.check_can_join(draft)) == "room_closed"
    lobby = engine.open_room(draft)
    engine.check_can_join(lobby)
    assert code_of(lambda: engine.check_can_join(engine.lock_room(lobby, True))) == "room_locked"
    engine.check_can_join(engine.lock_room(engine.lock_room(lobby, True), False))
    assert code_of(lambda: engine.check_can_join(engine.end(lobby, T0))) == "room_closed"


def test_opening_twice_is_refused():
    assert code_of(lambda: engine.open_room(engine.open_room(new_session()))) == "wrong_lifecycle"


def test_rules_never_change_the_state_they_are_given():
    state = engine.open_room(new_session())
    before = json.dumps(state.to_json())
    engine.start(state, T0)
    engine.add_team(state, "Vert")
    assert json.dumps(state.to_json()) == before


def test_the_state_round_trips_through_json():
    state = engine.pause(playing(), T0 + 10)
    again = SessionState.from_json(json.loads(json.dumps(state.to_json())))
    assert again == state


def _every_container_filled() -> SessionState:
    """A state where each list and dict of every class holds something, nested where JSON may nest."""
    state = engine.session_new(
        plan=[PlanItem(["B1", "B5"], "verdict", 0), PlanItem(["B7"], "verdict", 1)],
        scoring="competitive",
        team_names=("Rouge", "Bleu"),
        duration=60,
        phases=[
            engine.Phase("Ouverture", "verdict", 300, {"weight": 2, "nested": {"list": [1, [2, 3]]}}),
            engine.Phase("Suite", "verdict", 300),
        ],
    )
    state = engine.start(engine.open_room(state), T0)
    state.round.locked["t1"] = ["B1", ["B5"]]
    state.round.answers["t2"] = {"ranking": ["B5", "B1"]}
    state.round.points["t1"] = 3
    state.round.options["extra"] = [{"a": 1}]
    return state


def test_the_explicit_json_is_what_dataclasses_would_say():
    """to_json is written field by field: a field added to a class and forgotten there fails here."""
    state = _every_container_filled()
    assert state.to_json() == dataclasses.asdict(state)
    assert SessionState.from_json(json.loads(json.dumps(state.to_json()))) == state


def test_a_copy_is_deep_and_to_json_shares_nothing():
    state = _every_container_filled()
    before = json.dumps(state.to_json())
    for other in (state.copy(), SessionState.from_json(state.to_json())):
        assert other == state
        other.teams.append(engine.Team("t9", "Vert"))
        other.teams[0].name = "Changé"
        other.plan[0].card_keys.append("B7")
        other.phases[0].options["nested"]["list"][1].append(4)
        other.phases[0].options["weight"] = 5
        played = other.rounds[0]
        played.card_keys.append("B7")
        played.locked["t1"][1].append("B7")
        played.answers["t2"]["ranking"].reverse()
        played.points["t2"] = 1
        played.options["extra"][0]["a"] = 2
        other.rounds.append(played)
        assert json.dumps(state.to_json()) == before


# --- teams ---


def test_teams_are_added_renamed_and_removed():
    state = engine.add_team(new_session(), "  Les   Verts  ")
    assert state.teams[-1].id == "t3" and state.teams[-1].name == "Les Verts"
    state = engine.rename_team(state, "t3", "Vertes")
    assert state.team("t3").name == "Vertes"
    state = engine.remove_team(state, "t3")
    assert [t.id for t in state.teams] == ["t1", "t2"]
    assert engine.add_team(state, "X").teams[-1].id == "t4"  # ids are never reused


def test_team_names_are_cleaned_and_limited():
    assert engine.add_team(new_session(), "A\x00\u202eB\n").teams[-1].name == "A B"
    assert code_of(lambda: engine.add_team(new_session(), "\x07 ")) == "empty_name"
    assert code_of(lambda: engine.add_team(new_session(), "x" * 31)) == "name_too_long"
    assert code_of(lambda: engine.rename_team(new_session(), "t9", "X")) == "unknown_team"


def test_the_last_team_cannot_be_removed():
    state = new_session(teams=("Seule",))
    assert code_of(lambda: engine.remove_team(state, "t1")) == "last_team"


def test_choosing_a_team_is_for_the_lobby_only():
    lobby = engine.open_room(new_session())
    engine.check_can_choose_team(lobby, "t2")
    assert code_of(lambda: engine.check_can_choose_team(lobby, "t9")) == "unknown_team"
    assert code_of(lambda: engine.check_can_choose_team(engine.start(lobby, T0), "t2")) == "teams_frozen"


def test_a_newcomer_goes_to_the_smallest_team():
    state = new_session(teams=("A", "B", "C"))
    assert engine.team_for_newcomer(state, {"t1": 2, "t2": 1, "t3": 1}) == "t2"


def test_balance_moves_the_fewest_players_and_evens_teams():
    members = [("p1", "t1"), ("p2", "t1"), ("p3", "t1"), ("p4", "t1"), ("p5", ""), ("p6", "t2")]
    moves = engine.balance(["t1", "t2", "t3"], members)
    teams = dict(members) | moves
    sizes = sorted(list(teams.values()).count(t) for t in ("t1", "t2", "t3"))
    assert sizes == [2, 2, 2]
    assert "p1" not in moves and "p2" not in moves and "p6" not in moves


def test_the_captain_is_the_earliest_member():
    assert engine.captain(["p7", "p2"]) == "p7"
    assert engine.captain([]) is None


# --- rounds and the clock ---


def test_start_opens_the_first_card_with_a_deadline():
    state = playing(duration=45)
    current = state.round
    assert state.lifecycle == "playing"
    assert (current.number, current.index, current.card_keys[0], current.status) == (1, 0, "B1", "answering")
    assert current.deadline == T0 + 45


def test_pause_keeps_the_remaining_time_and_resume_restores_it():
    state = engine.pause(playing(), T0 + 20)
    assert state.round.status == "paused" and state.round.remaining == 40 and state.round.deadline is None
    assert code_of(lambda: engine.check_can_propose(state, T0 + 21, 1, "t1", "true", HAND)) == "paused"
    state = engine.resume(state, T0 + 500)
    assert state.round.status == "answering" and state.round.deadline == T0 + 540
    assert code_of(lambda: engine.resume(state, T0 + 501)) == "not_paused"


def test_extend_adds_time_while_answering_paused_or_after_time_is_up():
    assert engine.extend(playing(), T0 + 10, 30).round.deadline == T0 + 90
    assert engine.extend(engine.pause(playing(), T0 + 10), T0 + 11, 30).round.remaining == 80
    reopened = engine.extend(playing(), T0 + 100, 30)
    assert reopened.round.status == "answering" and reopened.round.deadline == T0 + 130


def test_the_countdown_closes_answers():
    state = playing()
    engine.check_can_propose(state, T0 + 59.9, 1, "t1", "true", HAND)
    assert code_of(lambda: engine.check_can_propose(state, T0 + 60, 1, "t1", "true", HAND)) == "time_up"
    assert code_of(lambda: engine.pause(state, T0 + 61)) == "not_answering"  # closed by the countdown
    assert engine.extend(state, T0 + 61, 30).round.deadline == T0 + 91  # reopened from closed


def test_close_stops_answers_at_once():
    state = engine.close(playing(), T0 + 5)
    assert state.round.status == "closed"
    assert code_of(lambda: engine.check_can_propose(state, T0 + 6, 1, "t1", "true", HAND)) == "time_up"


def test_set_duration_applies_to_the_next_cards():
    state = engine.set_duration(playing(), 120)
    assert state.round.duration == 60
    assert engine.start(state, T0 + 70).round.deadline == T0 + 190
    assert code_of(lambda: engine.set_duration(state, 901)) == "bad_duration"
    assert code_of(lambda: engine.set_duration(state, "60")) == "bad_duration"


def test_next_starts_new_cards_and_back_shows_the_previous_one_as_it_was():
    state = engine.reveal(playing(), T0 + 5, [CARDS["B1"]], {"t1": "false", "t2": "true"})
    state = engine.next_card(state, T0 + 10)
    assert (state.round.number, state.round.index) == (2, 1)
    state = engine.back(state, T0 + 20)
    assert (state.round.number, state.round.status) == (1, "revealed")
    state = engine.next_card(state, T0 + 30)
    assert state.round.number == 2 and len(state.rounds) == 2  # shown again, not replayed
    assert code_of(lambda: engine.back(engine.back(state, T0 + 31), T0 + 32)) == "no_previous_card"


def test_next_after_the_last_card_is_refused():
    state = playing()
    for _ in range(2):
        state = engine.next_card(state, T0)
    assert code_of(lambda: engine.next_card(state, T0)) == "no_more_cards"


def test_restart_replays_the_card_under_a_new_round_number():
    state = engine.reveal(playing(), T0 + 5, [CARDS["B1"]], {"t1": "false"})
    state = engine.restart(state, T0 + 10)
    assert (state.round.number, state.round.index, state.round.status) == (2, 0, "answering")


def test_skip_marks_the_card_and_starts_the_next():
    state = engine.skip(playing(), T0 + 5)
    assert state.rounds[0].status == "skipped" and state.round.index == 1
    assert state.team_scores() == {"t1": 0, "t2": 0}


def test_end_closes_the_room_and_the_open_round():
    state = engine.end(playing(), T0 + 5)
    assert state.lifecycle == "ended" and state.round.status == "closed"
    assert code_of(lambda: engine.end(state, T0 + 6)) == "wrong_lifecycle"
    assert code_of(lambda: engine.start(state, T0 + 6)) == "wrong_lifecycle"


def test_commands_that_need_a_card_are_refused_in_the_lobby():
    lobby = engine.open_room(new_session())
    for rule in (engine.pause, engine.close, engine.skip):
        assert code_of(lambda rule=rule: rule(lobby, T0)) == "no_card"


# --- proposals, locks and team answers ---


def test_a_proposal_must_be_for_the_current_round_a_real_team_and_a_known_answer():
    state = playing()
    assert engine.check_can_propose(state, T0, 1, "t1", "depends", HAND) == "depends"
    assert code_of(lambda: engine.check_can_propose(state, T0, 2, "t1", "true", HAND)) == "not_current_round"
    assert code_of(lambda: engine.check_can_propose(state, T0, 1, "", "true", HAND)) == "no_team"
    assert code_of(lambda: engine.check_can_propose(state, T0, 1, "t1", "maybe", HAND)) == "bad_choice"


def test_majority_wins():
    votes = [vote("a", "t1", "true"), vote("b", "t1", "false", 1), vote("c", "t1", "false", 2)]
    assert majority(votes, captain_id="a") == "false"


def test_the_captain_breaks_a_tie():
    votes = [vote("a", "t1", "true"), vote("b", "t1", "false", 1)]
    assert majority(votes, captain_id="b") == "false"
    assert majority(votes, captain_id="a") == "true"


def test_a_tie_without_the_captain_goes_to_the_earliest_answer():
    votes = [vote("b", "t1", "false", 5), vote("c", "t1", "true", 1)]
    assert majority(votes, captain_id="a") == "true"


def test_no_vote_is_no_answer():
    assert majority([], captain_id="a") is None


def test_the_captain_locks_the_team_answer_and_nobody_else_can():
    state = playing()
    votes = [vote("a", "t1", "true"), vote("b", "t1", "false", 1), vote("z", "t2", "depends")]
    assert code_of(lambda: engine.lock_team(state, T0 + 1, 1, "t1", "b", "a", votes)) == "not_captain"
    locked = engine.lock_team(state, T0 + 1, 1, "t1", "a", "a", votes)
    assert locked.round.locked == {"t1": "true"}
    assert code_of(lambda: engine.check_can_propose(locked, T0 + 2, 1, "t1", "false", HAND)) == "team_locked"
    engine.check_can_propose(locked, T0 + 2, 1, "t2", "false", HAND)  # the other team plays on
    assert code_of(lambda: engine.lock_team(locked, T0 + 3, 1, "t1", "a", "a", votes)) == "team_locked"


def test_a_captain_cannot_lock_an_empty_answer_or_after_time():
    state = playing()
    assert code_of(lambda: engine.lock_team(state, T0, 1, "t1", "a", "a", [])) == "nothing_to_lock"
    votes = [vote("a", "t1", "true")]
    assert code_of(lambda: engine.lock_team(state, T0 + 61, 1, "t1", "a", "a", votes)) == "time_up"


def test_settled_answers_take_the_lock_over_the_majority():
    state = engine.lock_team(playing(), T0, 1, "t1", "a", "a", [vote("a", "t1", "true")])
    votes = [vote("a", "t1", "true"), vote("b", "t1", "false"), vote("c", "t1", "false"), vote("z", "t2", "false")]
    assert engine.settled_answers(state, votes, {"t1": "a", "t2": "z"}) == {"t1": "true", "t2": "false"}


def test_answered_counts_teams_with_a_vote_or_a_lock():
    state = engine.lock_team(playing(teams=("A", "B", "C")), T0, 1, "t3", "c", "c", [vote("c", "t3", "true")])
    assert engine.answered_teams(state, {"t1"}) == 2
    assert engine.answered_teams(state, {"t1", "gone"}) == 2


# --- scoring ---


def test_competitive_scoring_gives_a_round_s_points_to_each_right_team_answer():
    state = engine.reveal(playing(teams=("A", "B", "C")), T0 + 5, [CARDS["B1"]], {"t1": "false", "t2": "true"})
    assert state.round.status == "revealed"
    assert state.round.answers == {"t1": "false", "t2": "true", "t3": None}
    assert state.round.points == {"t1": 10, "t2": 0, "t3": 0}
    state = engine.start(state, T0 + 10)
    state = engine.reveal(state, T0 + 15, [CARDS["B5"]], {"t1": "depends", "t2": "depends"})
    assert state.team_scores() == {"t1": 20, "t2": 10, "t3": 0}


def test_cooperative_scoring_adds_every_team_to_the_room_score():
    state = engine.reveal(playing(scoring="cooperative"), T0, [CARDS["B1"]], {"t1": "false", "t2": "false"})
    assert state.room_score() == 20


def test_reveal_twice_and_reveal_of_a_skipped_card_are_refused():
    state = engine.reveal(playing(), T0, [CARDS["B1"]], {})
    assert code_of(lambda: engine.reveal(state, T0, [CARDS["B1"]], {})) == "already_revealed"
    last = engine.skip(engine.start(engine.start(playing(), T0), T0), T0)  # skip the last card
    assert code_of(lambda: engine.reveal(last, T0, [CARDS["B7"]], {})) == "skipped"


def test_a_replayed_card_counts_once_per_reveal_and_skipped_rounds_count_nothing():
    state = engine.reveal(playing(), T0, [CARDS["B1"]], {"t1": "false"})
    state = engine.reveal(engine.restart(state, T0 + 1), T0 + 2, [CARDS["B1"]], {"t2": "false"})
    assert state.team_scores() == {"t1": 10, "t2": 10}
