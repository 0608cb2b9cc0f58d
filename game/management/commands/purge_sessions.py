from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone, translation
from django.utils.translation import ngettext

from game.models import GameSession, Player, Proposal


class Command(BaseCommand):
    help = (
        "Delete sessions (with their players and proposals) untouched for more than "
        "SESSION_RETENTION_DAYS days. Meant for a daily cron."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None, help="retention in days (default: the setting)")
        parser.add_argument("--dry-run", action="store_true", help="count what would be deleted, delete nothing")

    def handle(self, *args, days: int | None, dry_run: bool, **options):
        days = settings.SESSION_RETENTION_DAYS if days is None else days
        if days < 0:
            raise CommandError("--days must be 0 or more")
        cutoff = timezone.now() - timedelta(days=days)
        old = GameSession.objects.filter(updated_at__lt=cutoff)
        sessions = old.count()
        players = Player.objects.filter(session__in=old).count()
        proposals = Proposal.objects.filter(session__in=old).count()
        if not dry_run:
            old.delete()
        verb = "would delete" if dry_run else "deleted"
        with translation.override("en"):  # an operator's log, in English like the rest of the line
            counted = ", ".join(
                [
                    ngettext("%(n)s session", "%(n)s sessions", sessions) % {"n": sessions},
                    ngettext("%(n)s player", "%(n)s players", players) % {"n": players},
                    ngettext("%(n)s proposal", "%(n)s proposals", proposals) % {"n": proposals},
                ]
            )
        self.stdout.write(f"purge_sessions: {verb} {counted} not updated since {cutoff:%Y-%m-%d %H:%M} ({days} days)")
