import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cards.models import Deck
from cards.selectors import deck_export


class Command(BaseCommand):
    help = "Write a deck to a deck file (see docs/deck-format.md)."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("-o", "--output", type=Path, help="file to write (default: standard output)")

    def handle(self, *args, slug: str, output: Path | None, **options):
        try:
            data = deck_export(slug=slug)
        except Deck.DoesNotExist:
            known = ", ".join(Deck.objects.values_list("slug", flat=True)) or "none"
            raise CommandError(f"no deck {slug!r}; known decks: {known}") from None
        if output is None:
            sys.stdout.buffer.write(data)
            return
        output.write_bytes(data)
        self.stderr.write(f"{slug}: {len(data)} bytes written to {output}")
