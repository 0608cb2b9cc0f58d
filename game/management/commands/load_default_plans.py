import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from game.services import plan_load_default

PLANS_DIR = Path(__file__).resolve().parents[2] / "plans"


class Command(BaseCommand):
    help = "Create or update the ready-made plans shipped in game/plans/ (idempotent; decks first)."

    def handle(self, *args, **options):
        for path in sorted(PLANS_DIR.glob("*.json")):
            document = json.loads(path.read_text())
            try:
                plan, created = plan_load_default(document=document)
            except ValueError as exc:
                raise CommandError(f"{path.name}: {exc}") from exc
            self.stdout.write(f"{path.name}: plan {plan.title!r} {'created' if created else 'up to date'}.")
