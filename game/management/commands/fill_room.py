"""A full room without a room: a session from a plan, opened, with its teams and players joined
through the same service as the phones (game.services.player_join). For rehearsing the control
panel and for the browser tests that need 40 people and no 40 browsers."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from game import selectors, services
from game.engine import GameError
from game.errors import error_text
from game.models import GameSession, Plan

# Real first names, short and long, with accents and hyphens; the longest take all of
# engine.NICKNAME_MAX (24), the worst case of a roster.
NICKNAMES = [
    "Chloé",
    "Dylan",
    "Inès",
    "Léo",
    "Marie-Amélie Fontaine",
    "Jean-Christophe Lefebvre",
    "Noé",
    "Yasmine",
    "Gabriel",
    "Anaïs",
    "Maximilien-Alexandre",
    "Zoé",
    "Louis",
    "Fatoumata Diallo",
    "Hugo",
    "Lina",
    "Éloïse",
    "Nathan",
    "Wassim",
    "Capucine",
    "Bartholomé-Marie Dupont",
    "Jade",
    "Tom",
    "Maëlys",
    "Rayan",
    "Salomé",
    "Timothée",
    "Aya",
    "Kylian",
    "Océane",
    "Baptiste",
    "Manon",
    "Ibrahim",
    "Clémentine",
    "Sacha",
    "Lou",
    "Théophile",
    "Nour",
    "Axel",
    "Héloïse-Margaux Lemoine",
]


class Command(BaseCommand):
    help = "Create an open session from a plan with N teams and M players already joined (rehearsals, tests)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--owner", default="animateur", help="the facilitator's username")
        parser.add_argument("--plan", default="atelier-2h-fr", help="a plan's slug, or the title of one of the owner's")
        parser.add_argument("--title", default="Salle pleine")
        parser.add_argument("--teams", type=int, default=12)
        parser.add_argument("--players", type=int, default=40)
        parser.add_argument(
            "--team-name", action="append", default=[], help="a name for the next team, in order (repeatable)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user = get_user_model().objects.filter(username=options["owner"]).first()
        if user is None:
            raise CommandError(f"no user {options['owner']!r}")
        wanted = options["plan"]
        plan = (
            Plan.objects.filter(slug=wanted, owner=None).first()
            or Plan.objects.filter(title=wanted, owner=user).order_by("-id").first()
        )
        if plan is None:
            raise CommandError(f"no plan {wanted!r}")
        try:
            session = services.session_create_from_plan(
                owner=user, plan=plan, title=options["title"], team_count=options["teams"]
            )
            services.session_command(user=user, session_id=session.pk, name="open", args={})
            teams = [team.id for team in selectors.state_of(GameSession.objects.get(pk=session.pk)).teams]
            for team_id, name in zip(teams, options["team_name"], strict=False):
                services.session_command(
                    user=user, session_id=session.pk, name="rename_team", args={"team": team_id, "label": name}
                )
            for i in range(options["players"]):
                cycle, index = divmod(i, len(NICKNAMES))
                nickname = f"{NICKNAMES[index][:20]} {cycle + 1}" if cycle else NICKNAMES[index]
                services.player_join(code=session.code, nickname=nickname, team_id=teams[i % len(teams)])
        except GameError as error:
            raise CommandError(error_text(error)) from error
        self.stdout.write(f"session {session.pk} code {session.code}: {len(teams)} teams, {options['players']} players")
