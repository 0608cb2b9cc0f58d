"""Migration 0002 renames the session's lifecycle apart from workshop phases, in the column and
in the stored state, so that a session saved before it plays on after it."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from game import engine

BEFORE = [("game", "0001_squashed_0003")]
AFTER = [("game", "0002_lifecycle_footprint")]


@pytest.mark.django_db(transaction=True)
def test_a_session_saved_before_the_rename_keeps_its_lifecycle():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    owner = old.get_model("auth", "User").objects.create(username="before-rename")
    state = engine.SessionState(lifecycle="playing").to_json()
    state["phase"] = state.pop("lifecycle")
    old.get_model("game", "GameSession").objects.create(
        owner=owner, title="Before", code="OLD123", phase="playing", state=state
    )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    from game.models import GameSession

    session = GameSession.objects.get(code="OLD123")
    assert session.lifecycle == "playing"
    assert "phase" not in session.state
    assert engine.SessionState.from_json(session.state).lifecycle == "playing"
