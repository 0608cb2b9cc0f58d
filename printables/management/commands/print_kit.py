from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

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
        parser.add_argument("--site", default="", help="the site's address, printed on the poster without a session")
        add_cards_argument(parser)
        parser.add_argument("--plan", type=int, default=None, help="a plan's cards only, its guide phase by phase")

    def handle(self, *args: Any, **options: Any) -> None:
        deck = deck_load(options["slug"])
        try:
            phases = plan_phases_load(options["plan"], deck, cards=options["cards"])
            keys = plan_keys(phases) if phases is not None else keys_parse(options["cards"])
            cards = cards_select(deck, keys)
            data = kit_pdf(
                deck,
                cards=cards,
                join_url=options["join_url"],
                join_code=options["join_code"],
                site_url=options["site"],
                paper=options["paper"],
                phases=phases,
            )
        except PrintError as error:
            raise CommandError(str(error)) from error
        target = output_write(options["output"] or f"{deck.slug}-kit.pdf", data)
        self.stdout.write(f"Kit for {len(cards)} cards written to {target} ({len(data) // 1024} KB).")
