"""Data retention: old sessions are purged with everything about them, and a facilitator's
deletion leaves nothing of the session behind."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from game import selectors, services
from game.models import GameSession, Player, Proposal
from tests.game.conftest import join, phones, room, small_deck  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db


def age(session: GameSession, days: int) -> None:
    GameSession.objects.filter(pk=session.pk).update(updated_at=timezone.now() - timedelta(days=days))


@pytest.fixture
def played(room, phones, facilitator):  # noqa: F811
    """The room with a card started and a proposal from every phone."""
    services.session_command(user=facilitator, session_id=room.pk, name="start", args={})
    room.refresh_from_db()
    number = selectors.state_of(room).round.number
    for phone in phones.values():
        services.player_propose_many([services.ProposalRequest(phone.player_id, number, "false")])
    return room


@pytest.fixture
def recent(facilitator, small_deck):  # noqa: F811
    session = services.session_create(owner=facilitator, deck=small_deck, card_keys=["B1"], title="Cette semaine")
    services.session_command(user=facilitator, session_id=session.pk, name="open", args={})
    join(session, "Zoé", None)
    return session


def purge(*args: str) -> str:
    out = StringIO()
    call_command("purge_sessions", *args, stdout=out)
    return out.getvalue()


def test_sessions_older_than_the_retention_are_purged_with_players_and_proposals(played, recent, settings):
    settings.SESSION_RETENTION_DAYS = 30
    age(played, 31)
    age(recent, 29)
    output = purge()
    assert "deleted 1 session, 3 players, 3 proposals" in output
    assert list(GameSession.objects.all()) == [recent]
    assert not Player.objects.filter(session_id=played.pk).exists()
    assert not Proposal.objects.filter(session_id=played.pk).exists()
    assert Player.objects.filter(session=recent).count() == 1


def test_days_option_overrides_the_setting(played, recent):
    age(played, 10)
    age(recent, 3)
    assert "deleted 1 session," in purge("--days", "7")
    assert list(GameSession.objects.all()) == [recent]


def test_dry_run_counts_and_deletes_nothing(played):
    age(played, 100)
    assert "would delete 1 session, 3 players, 3 proposals" in purge("--dry-run")
    assert GameSession.objects.count() == 1 and Proposal.objects.count() == 3


def test_a_facilitators_deletion_removes_everything_about_the_session(played, recent, facilitator):
    player_ids = list(Player.objects.filter(session=played).values_list("pk", flat=True))
    services.session_delete(user=facilitator, session_id=played.pk)
    assert not GameSession.objects.filter(pk=played.pk).exists()
    assert not Player.objects.filter(pk__in=player_ids).exists()
    assert not Proposal.objects.filter(session_id=played.pk).exists()
    assert not Proposal.objects.filter(player_id__in=player_ids).exists()
    assert GameSession.objects.filter(pk=recent.pk).exists()  # only that session
