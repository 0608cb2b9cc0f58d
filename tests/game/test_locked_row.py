"""A session write's hand-written locked read and save (game.services._locked, _save_state)."""

import pytest
from django.db import transaction

from game import services
from game.models import GameSession

READ = ("id", "owner_id", "title", "language", "code", "lifecycle", "version", "state", "cards")


def test_the_locked_read_is_the_row_as_the_orm_reads_it(room):
    with transaction.atomic():
        locked = services._locked(room.pk)
    orm = GameSession.objects.get(pk=room.pk)
    assert [getattr(locked, name) for name in READ] == [getattr(orm, name) for name in READ]
    assert locked.deck_id == orm.deck_id and locked.created_at == orm.created_at  # deferred, loaded if asked


def test_a_session_that_is_not_there_is_said_so(room):
    with transaction.atomic(), pytest.raises(GameSession.DoesNotExist):
        services._locked(room.pk + 1000)


def test_the_cards_are_decoded_once_per_session_and_read_again_for_another_one(room):
    kept = services._cards_cache[room.pk]
    assert kept[0] == room.code and kept[1] == room.cards
    services._cards_cache[room.pk] = (room.code, [{"key": "kept"}])
    with transaction.atomic():
        assert services._locked(room.pk).cards == [{"key": "kept"}]
    # The same id for another session (SQLite gives back the ids of a rolled-back transaction).
    services._cards_cache[room.pk] = ("ANOTHER", [{"key": "another"}])
    with transaction.atomic():
        assert services._locked(room.pk).cards == room.cards
    assert services._cards_cache[room.pk] == (room.code, room.cards)


def test_a_command_saves_its_state_and_the_next_version_once(room, facilitator):
    before = GameSession.objects.get(pk=room.pk)
    services.session_command(user=facilitator, session_id=room.pk, name="lock_room", args={})
    after = GameSession.objects.get(pk=room.pk)
    assert after.version == before.version + 1
    assert after.state["locked"] is True and after.lifecycle == after.state["lifecycle"] == "lobby"
    assert after.updated_at > before.updated_at
    assert after.cards == before.cards and after.code == before.code
