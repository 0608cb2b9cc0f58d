from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from game import joinurl
from game.models import GameSession
from game.selectors import normalize_code
from printables.errors import PrintError
from printables.kit import PAGE_SIZES, kit_pdf
from printables.management.args import add_cards_argument, deck_load, output_write, plan_phases_load
from printables.selection import cards_select, keys_parse, plan_keys


class Command(BaseCommand):
    help = "Write the facilitator kit (PDF): rules, guide with answers, score sheet, join poster, sources."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug")
        parser.add_argument("-o", "--output", default=None, help="PDF file to write (default: SLUG-kit.pdf)")
        parser.add_argument("--paper", choices=list(PAGE_SIZES), default="a4")
        parser.add_argument("--join-url", default="", help="a live session's join address (printed as a QR code)")
        parser.add_argument("--join-code", default="", help="a live session's join code")
        parser.add_argument(
            "--session", default="", help="a live session's code: its join address and code, as the projector shows"
        )
        parser.add_argument(
            "--site",
            default=None,
            help="the site's address, printed on the poster without a session "
            "(default: PUBLIC_URL, else this machine's address on the local network)",
        )
        add_cards_argument(parser)
        parser.add_argument("--plan", type=int, default=None, help="a plan's cards only, its guide phase by phase")

    def handle(self, *args: Any, **options: Any) -> None:
        deck = deck_load(options["slug"])
        base = joinurl.join_base()
        join_url, join_code, site = options["join_url"], options["join_code"], options["site"]
        if options["session"]:
            session = GameSession.objects.filter(code=normalize_code(options["session"])).first()
            if session is None:
                raise CommandError(f"no session with the code {options['session']!r}")
            join_url, join_code = joinurl.join_url(session.code), session.code
        if (options["session"] or site is None) and not base.reachable:
            self.stderr.write(
                f"Warning: {base.url} opens on this machine only; set PUBLIC_URL or connect to the room's network."
            )
        if site is None:
            site = joinurl.site_url() if base.reachable else ""
        try:
            phases = plan_phases_load(options["plan"], deck, cards=options["cards"])
            keys = plan_keys(phases) if phases is not None else keys_parse(options["cards"])
            cards = cards_select(deck, keys)
            data = kit_pdf(
                deck,
                cards=cards,
                join_url=join_url,
                join_code=join_code,
                site_url=site,
                paper=options["paper"],
                phases=phases,
            )
        except PrintError as error:
            raise CommandError(str(error)) from error
        target = output_write(options["output"] or f"{deck.slug}-kit.pdf", data)
        self.stdout.write(f"Kit for {len(cards)} cards written to {target} ({len(data) // 1024} KB).")
