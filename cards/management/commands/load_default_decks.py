from pathlib import Path

from django.core.management.base import BaseCommand

from cards.services import deck_import

DECKS_DIR = Path(__file__).resolve().parents[2] / "decks"


class Command(BaseCommand):
    help = "Create or update the default decks shipped in cards/decks/ (idempotent)."

    def handle(self, *args, **options):
        for path in sorted(DECKS_DIR.glob("*.json")):
            report = deck_import(raw=path.read_bytes())
            self.stdout.write(f"{path.name}: {report.summary()}")
