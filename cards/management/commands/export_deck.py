import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cards.deckfile import DeckFileError
from cards.models import Deck
from cards.selectors import deck_export, family_decks
from cards.spreadsheet import dump_spreadsheet, spreadsheet_format


class Command(BaseCommand):
    help = (
        "Write a deck to a deck file (see docs/deck-format.md); to .xlsx, .ods or .csv, the deck and its "
        "translations side by side (docs/spreadsheets.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("-o", "--output", type=Path, help="file to write (default: standard output)")

    def handle(self, *args, slug: str, output: Path | None, **options):
        fmt = spreadsheet_format(output.name) if output is not None else None
        try:
            if fmt:
                decks = family_decks(slug=slug)
                data = dump_spreadsheet(decks, fmt)
                languages = ", ".join(deck.slug for deck in decks)
                self.stderr.write(f"{fmt.upper()}: {languages} side by side")
            else:
                data = deck_export(slug=slug)
        except DeckFileError as exc:
            raise CommandError(str(exc)) from exc
        except Deck.DoesNotExist:
            known = ", ".join(Deck.objects.values_list("slug", flat=True)) or "none"
            raise CommandError(f"no deck {slug!r}; known decks: {known}") from None
        if output is None:
            sys.stdout.buffer.write(data)
            return
        output.write_bytes(data)
        self.stderr.write(f"{slug}: {len(data)} bytes written to {output}")
