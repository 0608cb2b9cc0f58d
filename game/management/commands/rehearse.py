"""A full room without a room: fake teams, players and their proposals, for a rehearsal.

    manage.py rehearse CODE --teams 12 --players 40          fill an open room
    manage.py rehearse --plan impacts-ia-fr --owner animateur --teams 12 --players 40
                                                             a new session from a plan, opened, filled
    manage.py rehearse --plan "My plan" --owner animateur --long-names --team-name "Les Inséparables"
                      the owner's plan by its title; real names up to the longest a nickname can
                      be (the worst case of a roster); the first teams renamed, in order
    manage.py rehearse CODE --answer                         every player proposes for the round on screen
    manage.py rehearse CODE --console                        then one line at a time from stdin:
        answer            every player proposes for the round on screen
        <command> [n]     a facilitator's command (game.commands: start, reveal, next, break 5,
                          show_debrief, end...), as the session's owner

Everything goes through game.services, as phones and the control panel do: the players join,
propose and are told apart only by their (generated) nicknames. The proposals are drawn at
random (--seed) among what a phone may answer. Each console line answers with one line,
"ok ..." or "error ...".
"""

from __future__ import annotations

import random
import sys
from collections.abc import Sequence
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from game import selectors, services
from game.commands import COMMANDS
from game.engine import GameError
from game.mechanics import MECHANICS
from game.models import GameSession, Plan, Player
from game.names import nickname_generate

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
    help = "Fill a session with fake teams, players and proposals, to rehearse or test the screens."

    def add_arguments(self, parser):
        parser.add_argument("code", nargs="?", help="the session's join code")
        parser.add_argument("--plan", help="create a session from this plan (id, or a ready plan's deck slug)")
        parser.add_argument("--owner", help="the facilitator's username (with --plan)")
        parser.add_argument("--title", default="Répétition")
        parser.add_argument("--teams", type=int, default=0, help="teams the room has at least")
        parser.add_argument("--players", type=int, default=0, help="players the room has at least")
        parser.add_argument(
            "--team-name", action="append", default=[], help="the next team's name, in order (repeatable)"
        )
        parser.add_argument("--long-names", action="store_true", help="real names, the longest of 24 characters")
        parser.add_argument("--answer", action="store_true", help="every player proposes for the round on screen")
        parser.add_argument("--console", action="store_true", help="then read commands from stdin")
        parser.add_argument("--seed", type=int, default=13)

    def handle(self, *args, **options):
        self.rng = random.Random(options["seed"])
        if not options["plan"] and not options["code"]:
            raise CommandError("give a session's code, or --plan and --owner")
        found = self._create(options) if options["plan"] else selectors.session_by_code(options["code"])
        if found is None:
            raise CommandError(f"no open session with the code {options['code']!r}")
        session = found
        self.session_id = session.pk
        self.owner = session.owner
        self._fill(options["teams"], options["players"], options["team_name"], options["long_names"])
        session.refresh_from_db()
        self.stdout.write(f"session {session.pk} {session.code}")
        if options["answer"]:
            self.stdout.write(self._answer())
        if options["console"]:
            self.stdout.flush()
            for line in sys.stdin:
                if line.strip():
                    self.stdout.write(self._line(line.split()))
                    self.stdout.flush()

    def _create(self, options) -> GameSession:
        if not options["owner"]:
            raise CommandError("--plan needs --owner")
        owner = get_user_model().objects.filter(username=options["owner"]).first()
        if owner is None:
            raise CommandError(f"no user {options['owner']!r}")
        plan_ref = options["plan"]
        plan = (
            Plan.objects.filter(pk=int(plan_ref)).first()
            if plan_ref.isdigit()
            else Plan.objects.filter(owner=None, deck__slug=plan_ref).first()
            or Plan.objects.filter(owner=owner, title=plan_ref).order_by("-id").first()
        )
        if plan is None:
            raise CommandError(f"no plan {plan_ref!r}")
        teams = max(1, min(options["teams"] or 4, 24))
        session = services.session_create_from_plan(owner=owner, plan=plan, title=options["title"], team_count=teams)
        self._command("open", [], session.pk, owner)
        return session

    def _command(self, name: str, rest: list[str], session_id: int | None = None, owner: Any = None) -> None:
        spec = COMMANDS.get(name)
        if spec is None:
            raise GameError("bad_command")
        args: dict[str, Any] = {}
        for arg, value in zip(spec.args, rest, strict=False):
            args[arg.name] = int(value) if arg.kind == "int" else value
        services.session_command(
            user=owner or self.owner, session_id=session_id or self.session_id, name=name, args=args
        )

    def _fill(self, teams: int, players: int, team_names: Sequence[str] = (), long_names: bool = False) -> None:
        session = GameSession.objects.get(pk=self.session_id)
        state = selectors.state_of(session)
        for n in range(len(state.teams), min(teams, 24)):
            self._command("add_team", [f"Équipe {n + 1}"])
        state = selectors.state_of(GameSession.objects.get(pk=self.session_id))
        ids = [t.id for t in state.teams]
        for team_id, name in zip(ids, team_names, strict=False):
            services.session_command(
                user=self.owner, session_id=self.session_id, name="rename_team", args={"team": team_id, "label": name}
            )
        have = Player.objects.filter(session=session).count()
        for n in range(have, players):
            if long_names:
                cycle, index = divmod(n, len(NICKNAMES))
                nickname = f"{NICKNAMES[index][:20]} {cycle + 1}" if cycle else NICKNAMES[index]
            else:
                nickname = nickname_generate(session.language)
                while Player.objects.filter(session=session, nickname__iexact=nickname).exists():
                    nickname = nickname_generate(session.language)
            services.player_join(code=session.code, nickname=nickname, team_id=ids[n % len(ids)] if ids else None)

    def _answer(self) -> str:
        session = GameSession.objects.get(pk=self.session_id)
        state = selectors.state_of(session)
        current = state.round
        if current is None or current.status != "answering":
            return "error no_round_answering"
        cards = selectors.round_cards(session, state)
        mechanic = MECHANICS[current.mechanic]
        choices = mechanic.choices(cards, current.options)
        keys = [c["key"] for c in cards]
        requests = []
        for player in Player.objects.filter(session=session).exclude(team_id="").order_by("pk"):
            choice = mechanic.sample(choices, keys, self.rng)
            if choice is not None:
                requests.append(services.ProposalRequest(player.pk, current.number, choice))
        results = services.player_propose_many(requests)
        failed = [r for r in results if isinstance(r, GameError)]
        if failed:
            return f"error {failed[0].code} ({len(failed)} of {len(results)})"
        return f"ok answer {len(results)}"

    def _line(self, words: list[str]) -> str:
        try:
            if words[0] == "answer":
                return self._answer()
            self._command(words[0], words[1:])
        except GameError as error:
            return f"error {error.code}"
        except (ValueError, KeyError) as error:
            return f"error {error}"
        return "ok " + " ".join(words)
