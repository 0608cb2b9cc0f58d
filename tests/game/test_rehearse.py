"""`manage.py rehearse`: a room filled without phones, through the services, and driven a line at
a time (what the projector's fit test plays a whole plan with)."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from game import selectors
from game.models import GameSession, Player, Proposal


@pytest.fixture
def ready_plans(db):
    call_command("load_default_decks", stdout=io.StringIO())
    call_command("load_default_plans", stdout=io.StringIO())


def rehearse(*args: str, stdin: str | None = None, monkeypatch=None) -> list[str]:
    out = io.StringIO()
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    call_command("rehearse", *args, stdout=out)
    return out.getvalue().splitlines()


def test_a_new_session_from_a_ready_plan_is_opened_and_filled(ready_plans, facilitator):
    lines = rehearse("--plan", "impacts-ia-fr", "--owner", facilitator.username, "--teams", "5", "--players", "12")
    _, session_id, code = lines[0].split()
    session = GameSession.objects.get(pk=int(session_id), code=code)
    state = selectors.state_of(session)
    assert state.lifecycle == "lobby"
    assert len(state.teams) == 5
    players = Player.objects.filter(session=session)
    assert players.count() == 12
    assert sorted(selectors.team_sizes(session).values()) == [2, 2, 2, 3, 3]
    assert len({p.nickname for p in players}) == 12


def test_more_teams_and_players_in_an_open_room(ready_plans, facilitator):
    code = rehearse("--plan", "impacts-ia-fr", "--owner", facilitator.username, "--teams", "2")[0].split()[2]
    rehearse(code, "--teams", "4", "--players", "8")
    session = GameSession.objects.get(code=code)
    assert len(selectors.state_of(session).teams) == 4
    assert Player.objects.filter(session=session).count() == 8


def test_the_console_plays_rounds_with_every_player_proposing(ready_plans, facilitator, monkeypatch):
    code = rehearse("--plan", "impacts-ia-fr", "--owner", facilitator.username, "--teams", "3", "--players", "7")[
        0
    ].split()[2]
    script = "start\nanswer\nreveal\nnext\nanswer\nanswer\nbreak 5\nend_break\nbogus\nreveal\nanswer\n"
    lines = rehearse(code, "--console", stdin=script, monkeypatch=monkeypatch)
    assert lines[1:] == [
        "ok start",
        "ok answer 7",
        "ok reveal",
        "ok next",
        "ok answer 7",
        "ok answer 7",  # the same players again: their proposals change, no new one
        "ok break 5",
        "ok end_break",
        "error bad_command",
        "ok reveal",
        "error no_round_answering",
    ]
    session = GameSession.objects.get(code=code)
    assert Proposal.objects.filter(session=session).count() == 14
    state = selectors.state_of(session)
    assert [r.status for r in state.rounds] == ["revealed", "revealed"]
    assert all(answer is not None for answer in state.rounds[1].answers.values())


def test_a_session_is_needed():
    with pytest.raises(CommandError):
        call_command("rehearse", stdout=io.StringIO())


def test_the_worst_roster_long_names_and_named_teams_from_the_owners_plan(ready_plans, facilitator):
    """What the control panel's test fills its room with: a plan of the owner's by its title, the
    first teams renamed, real names up to the longest a nickname can be."""
    from game import services
    from game.models import Plan

    ready = Plan.objects.get(owner=None, deck__slug="impacts-ia-fr")
    services.plan_update(
        user=facilitator, plan=services.plan_copy(user=facilitator, plan=ready), title="Mine", phases=ready.phases
    )
    lines = rehearse(
        "--plan",
        "Mine",
        "--owner",
        facilitator.username,
        "--teams",
        "5",
        "--players",
        "12",
        "--team-name",
        "Les Inséparables",
        "--long-names",
    )
    session = GameSession.objects.get(pk=int(lines[0].split()[1]))
    assert session.plan.title == "Mine"
    assert [t.name for t in selectors.state_of(session).teams][0] == "Les Inséparables"
    players = Player.objects.filter(session=session)
    assert sorted(selectors.team_sizes(session).values()) == [2, 2, 2, 3, 3]
    assert len({p.nickname.lower() for p in players}) == 12
    assert max(len(p.nickname) for p in players) == 24  # the longest a nickname can be


def test_rehearse_says_which_plan_it_cannot_find(ready_plans, facilitator):
    with pytest.raises(CommandError, match="no plan 'nowhere'"):
        rehearse("--owner", facilitator.username, "--plan", "nowhere")
