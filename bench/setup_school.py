"""Bench-only: build R rooms of a school, each with its own facilitator; print what the load generator needs.

Run with the server's environment (DJANGO_SETTINGS_MODULE=config.settings, DATABASE_URL, REDIS_URL):
    .venv/bin/python bench/setup_school.py --rooms 40 --players 30          # rooms playing a round
    .venv/bin/python bench/setup_school.py --rooms 40 --players 0 --teams 6 # open rooms, nobody yet

With players, they are bulk-created (the join flow is what the join storm measures) with public
ids that carry their room's number, so that a message delivered to the wrong room is seen, and
the first card is started. Without players the rooms are open, in the lobby, for the join storm.
Everything else goes through game.services, as a facilitator would have done it.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import sys
from pathlib import Path

# Run from the source tree being measured (bench/school.py exports a commit and runs it there).
sys.path.insert(0, os.getcwd())
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402

from cards.models import Deck  # noqa: E402
from cards.services import deck_import  # noqa: E402
from game import selectors, services  # noqa: E402
from game.models import GameSession, Player  # noqa: E402

DECK = Path(os.getcwd()) / "cards" / "decks" / "impacts-ia-fr.json"


def staff_cookie(user) -> str:
    store = SessionStore()
    store["_auth_user_id"] = str(user.pk)
    store["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    store["_auth_user_hash"] = user.get_session_auth_hash()
    store.create()
    return f"sessionid={store.session_key}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rooms", type=int, required=True)
    parser.add_argument("--players", type=int, required=True, help="phones per room (0: open rooms, nobody yet)")
    parser.add_argument("--teams", type=int, default=0, help="teams per room (default: about five phones a team)")
    parser.add_argument("--tag", default="school", help="names the facilitators: one set of rooms per tag")
    args = parser.parse_args()

    deck = Deck.objects.filter(slug="impacts-ia-fr").first()
    if deck is None:
        deck_import(raw=DECK.read_bytes())
        deck = Deck.objects.get(slug="impacts-ia-fr")
    keys = [c["key"] for c in json.loads(DECK.read_text())["cards"] if c["kind"] == "misconception"][:8]
    teams = args.teams or max(2, min(24, args.players // 5))
    rooms = []
    for r in range(args.rooms):
        user, _ = get_user_model().objects.get_or_create(username=f"bench-{args.tag}-{r}")
        GameSession.objects.filter(owner=user).delete()
        session = services.session_create(
            owner=user, deck=deck, card_keys=keys, title=f"Salle {r}", team_count=teams, duration=900
        )
        services.session_command(user=user, session_id=session.pk, name="open", args={})
        state = selectors.state_of(GameSession.objects.get(pk=session.pk))
        team_ids = [t.id for t in state.teams]
        tokens, public_ids, team_of, rows = [], [], [], []
        for i in range(args.players):
            token = secrets.token_urlsafe(24)
            public_id = f"p{r:03x}{i:05x}"  # the room is in the id: a stray team view is seen
            team = team_ids[i % len(team_ids)]
            tokens.append(token)
            public_ids.append(public_id)
            team_of.append(team)
            rows.append(
                Player(
                    session=session,
                    public_id=public_id,
                    token_hash=selectors.token_hash(token),
                    nickname=f"Salle {r} élève {i}",
                    team_id=team,
                )
            )
        Player.objects.bulk_create(rows, batch_size=500)
        if args.players:
            services.session_command(user=user, session_id=session.pk, name="start", args={})
        session.refresh_from_db()
        current = selectors.state_of(session).round
        rooms.append(
            {
                "session_id": session.pk,
                "code": session.code,
                "version": session.version,
                "round": current.number if current else None,
                "teams": team_ids,
                "tokens": tokens,
                "public_ids": public_ids,
                "team_of": team_of,
                "staff_cookie": staff_cookie(user),
            }
        )
    json.dump({"rooms": rooms}, sys.stdout)


if __name__ == "__main__":
    main()
