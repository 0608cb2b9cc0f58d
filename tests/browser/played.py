"""A whole default plan played through the services, for the debrief's browser tests: 12 teams,
40 phones, every round answered (deterministically, some right and some wrong), then ended.

Run inside the live server's database: `manage.py shell -c "from tests.browser.played import
main; main()"`; prints the session id, code and one phone's token and public id as JSON."""

from __future__ import annotations

import json
import random

TEAMS = 12
PHONES = 40


def choice_for(mechanic: str, keys: list[str], cards: dict, rng: random.Random):
    if mechanic == "verdict":
        return rng.choice(["true", "false", "depends"])
    if mechanic == "duel":
        return rng.choice(keys)
    if mechanic == "estimate":
        card = cards[keys[0]]
        return float(f"{card['value'] * 10 ** rng.uniform(-2.5, 2.5):.3g}")
    if mechanic == "timeline":
        order = sorted(keys, key=lambda k: cards[k].get("year") or 0)
        for _ in range(rng.randint(0, 3)):
            i = rng.randrange(len(order) - 1)
            order[i], order[i + 1] = order[i + 1], order[i]
        return order
    if mechanic == "solutions":
        return rng.sample(keys, min(3, len(keys)))
    if mechanic == "opinion":
        return rng.randint(1, 5)
    raise ValueError(mechanic)


def main(language: str = "fr") -> dict:
    from django.contrib.auth import get_user_model

    from game import selectors, services
    from game.models import Plan, SessionFootprint

    rng = random.Random(13)
    user = get_user_model().objects.get(username="animateur")
    plan = Plan.objects.get(owner=None, deck__slug=f"impacts-ia-{language}")
    session = services.session_create_from_plan(
        owner=user, plan=plan, title="Atelier complet", team_count=TEAMS, duration=600
    )
    run = lambda name, **args: services.session_command(user=user, session_id=session.pk, name=name, args=args)  # noqa: E731
    run("open")
    players = []
    for i in range(PHONES):
        player, token = services.player_join(code=session.code, nickname=f"Élève {i + 1}", team_id=f"t{i % TEAMS + 1}")
        players.append((player, token))
    session.refresh_from_db()
    cards = selectors.cards_of(session)
    total = len(selectors.state_of(session).plan)
    for index in range(total):
        run("start" if index == 0 else "next")
        session.refresh_from_db()
        current = selectors.state_of(session).round
        requests = [
            services.ProposalRequest(p.pk, current.number, choice_for(current.mechanic, current.card_keys, cards, rng))
            for p, _ in players
        ]
        services.player_propose_many(requests)
        run("reveal")
    run("end")
    # What a 2-hour session's phones move, about (bench/: some 60 kB per phone and card).
    SessionFootprint.objects.update_or_create(
        session=session,
        defaults={
            "bytes_sent": 31_400_000,
            "bytes_received": 410_000,
            "frames_sent": 61_000,
            "frames_received": 9_800,
            "http_bytes": 2_300_000,
            "http_responses": 520,
        },
    )
    player, token = players[0]
    out = {"session_id": session.pk, "code": session.code, "token": token, "public_id": player.public_id}
    print(json.dumps(out))
    return out
