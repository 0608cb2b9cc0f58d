"""Bench-only: build one open room with N players and a running round; print what the load generator needs.

Run with the server's environment (DJANGO_SETTINGS_MODULE=config.settings, DATABASE_URL, REDIS_URL):
    .venv/bin/python bench/setup_room.py --players 200
Players are bulk-created (the join page is not what is measured here); everything else goes
through game.services, so the room is exactly what a facilitator would have made.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import sys
from pathlib import Path
from typing import Any

# Run from the source tree being measured (bench/live.py exports a commit and runs it there).
sys.path.insert(0, os.getcwd())
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402

from cards.models import Deck  # noqa: E402
from cards.services import deck_import  # noqa: E402
from game import broadcast, selectors, services  # noqa: E402
from game.models import GameSession, Player  # noqa: E402

DECK = Path(os.getcwd()) / "cards" / "decks" / "impacts-ia-fr.json"


def team_count_for(players: int) -> int:
    """About five phones a team, as in a classroom, within the engine's limit of 24 teams."""
    return max(2, min(24, players // 5))


def running_room(players: int, teams: int = 0) -> tuple[GameSession, Any, list[str], list[str]]:
    """An open room of `players` phones in `teams` teams (about five a team if 0), its first card
    running: the session (fresh from the database), its facilitator, the phones' tokens and teams.
    Also what bench/inprocess.py measures on."""
    user, _ = get_user_model().objects.get_or_create(username="bench-facilitator")
    deck = Deck.objects.filter(slug="impacts-ia-fr").first()
    if deck is None:
        deck_import(raw=DECK.read_bytes())
        deck = Deck.objects.get(slug="impacts-ia-fr")
    keys = [c["key"] for c in json.loads(DECK.read_text())["cards"] if c["kind"] == "misconception"][:8]
    teams = teams or team_count_for(players)
    GameSession.objects.filter(owner=user).delete()  # one room at a time: each size starts clean
    session = services.session_create(
        owner=user, deck=deck, card_keys=keys, title="Bench", team_count=teams, duration=900
    )
    services.session_command(user=user, session_id=session.pk, name="open", args={})
    state = selectors.state_of(GameSession.objects.get(pk=session.pk))
    team_ids = [t.id for t in state.teams]
    tokens, team_of = [], []
    rows = []
    for i in range(players):
        token = secrets.token_urlsafe(24)
        team = team_ids[i % len(team_ids)]
        tokens.append(token)
        team_of.append(team)
        rows.append(
            Player(
                session=session,
                public_id=f"p{i:07x}",
                token_hash=selectors.token_hash(token),
                nickname=f"Bench {i}",
                team_id=team,
            )
        )
    Player.objects.bulk_create(rows, batch_size=500)
    services.session_command(user=user, session_id=session.pk, name="start", args={})
    session.refresh_from_db()
    return session, user, tokens, team_of


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--players", type=int, required=True)
    parser.add_argument("--teams", type=int, default=0)
    args = parser.parse_args()
    session, user, tokens, team_of = running_room(args.players, args.teams)
    team_ids = [t.id for t in selectors.state_of(session).teams]

    store = SessionStore()
    store["_auth_user_id"] = str(user.pk)
    store["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    store["_auth_user_hash"] = user.get_session_auth_hash()
    store.create()

    state_text = broadcast.state_text(session)
    json.dump(
        {
            "session_id": session.pk,
            "code": session.code,
            "version": session.version,
            "round": selectors.state_of(session).round.number,
            "teams": team_ids,
            "tokens": tokens,
            "team_of": team_of,
            "staff_cookie": f"sessionid={store.session_key}",
            "state_bytes": len(state_text.encode()),
        },
        sys.stdout,
    )


if __name__ == "__main__":
    main()
