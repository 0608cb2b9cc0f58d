"""manage.py fill_room: a full room without phones, joined through the phones' own service."""

import io

import pytest
from django.core.management import CommandError, call_command

from game import selectors
from game.models import GameSession, Player

pytestmark = pytest.mark.django_db


@pytest.fixture
def ready_plans(facilitator):
    call_command("load_default_decks")
    call_command("load_default_plans")


def test_fill_room_opens_a_session_with_its_teams_and_players_spread(facilitator, ready_plans):
    out = io.StringIO()
    options = ["--owner", facilitator.username, "--teams", "5", "--players", "12", "--team-name", "Les Inséparables"]
    call_command("fill_room", *options, stdout=out)
    session = GameSession.objects.get()
    assert out.getvalue() == f"session {session.pk} code {session.code}: 5 teams, 12 players\n"
    state = selectors.state_of(session)
    assert state.lifecycle == "lobby"
    assert [t.name for t in state.teams][0] == "Les Inséparables"
    players = Player.objects.filter(session=session)
    assert players.count() == 12
    assert sorted(selectors.team_sizes(session).values()) == [2, 2, 2, 3, 3]
    assert len({p.nickname.lower() for p in players}) == 12
    assert max(len(p.nickname) for p in players) == 24  # the longest a nickname can be


def test_fill_room_says_which_plan_it_cannot_find(facilitator, ready_plans):
    with pytest.raises(CommandError, match="no plan 'nowhere'"):
        call_command("fill_room", "--owner", facilitator.username, "--plan", "nowhere")
