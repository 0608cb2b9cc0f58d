"""Print (as JSON) an open room with N phones over T teams and the facilitator's session
cookie, in the database DATABASE_URL points to. Run as `python -m tests.production.room N T`."""

from __future__ import annotations

import json
import os
import sys


def main(players: int, teams: int) -> dict:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.contrib.sessions.backends.db import SessionStore

    from cards.models import Deck
    from cards.selectors import deck_data
    from game import services

    user = get_user_model().objects.create_user(username=f"facilitator-{os.getpid()}", password="not-used-here-1")
    deck = Deck.objects.get(slug="impacts-ia-fr")
    keys = [card.key for card in deck_data(deck=deck).cards if card.kind == "misconception"][:4]
    session = services.session_create(
        owner=user, deck=deck, card_keys=keys, title="Deux workers", team_count=teams, duration=600
    )
    services.session_command(user=user, session_id=session.pk, name="open", args={})
    phones = []
    for i in range(players):
        player, token = services.player_join(code=session.code, nickname=f"Phone {i}", team_id=f"t{i % teams + 1}")
        phones.append({"token": token, "public_id": player.public_id, "team": player.team_id, "id": player.pk})
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return {
        "session_id": session.pk,
        "code": session.code,
        "staff_cookie": f"sessionid={store.session_key}",
        "phones": phones,
    }


if __name__ == "__main__":
    print(json.dumps(main(int(sys.argv[1]), int(sys.argv[2]))))
