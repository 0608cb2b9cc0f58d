from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from printables.deck_pdf import deck_pdf
from printables.errors import PrintError
from printables.management.args import (
    add_cards_argument,
    add_layout_arguments,
    deck_load,
    output_write,
    plan_phases_load,
)
from printables.options import DeckOptions
from printables.selection import cards_select, keys_parse, plan_keys


class Command(BaseCommand):
    help = "Write a deck as printable card sheets (PDF): fronts, mirrored backs, crop marks."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug")
        parser.add_argument("-o", "--output", default=None, help="PDF file to write (default: SLUG.pdf)")
        add_layout_arguments(parser)
        add_cards_argument(parser)
        parser.add_argument("--plan", type=int, default=None, help="print a plan's cards only, in plan order")

    def handle(self, *args: Any, **options: Any) -> None:
        deck = deck_load(options["slug"])
        try:
            print_options = DeckOptions(
                card_size=options["size"],
                paper=options["paper"],
                bleed=not options["no_bleed"],
                duplex=options["duplex"],
                grayscale=options["grayscale"],
                offset_x=options["offset_x"],
                offset_y=options["offset_y"],
                faces=options["faces"],
                howto=not options["no_howto"],
            )
            phases = plan_phases_load(options["plan"], deck, cards=options["cards"])
            keys = plan_keys(phases) if phases is not None else keys_parse(options["cards"])
            cards = cards_select(deck, keys)
            data = deck_pdf(deck, cards=cards, options=print_options)
        except PrintError as error:
            raise CommandError(str(error)) from error
        target = output_write(options["output"] or f"{deck.slug}.pdf", data)
        self.stdout.write(f"{len(cards)} cards written to {target} ({len(data) // 1024} KB).")
