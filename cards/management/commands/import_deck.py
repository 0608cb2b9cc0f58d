from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import ngettext

from cards.deckfile import DeckFileError
from cards.services import deck_import, spreadsheet_import
from cards.spreadsheet import spreadsheet_format


class Command(BaseCommand):
    help = (
        "Create or update a deck from a deck file (all or nothing), or every deck of a spreadsheet "
        "(.xlsx, .ods, .csv). See docs/deck-format.md and docs/spreadsheets.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="check and report, write nothing")

    def handle(self, *args, file: Path, dry_run: bool, **options):
        limit = settings.DECK_FILE_MAX_BYTES
        try:
            size = file.stat().st_size
            if size > limit:  # refused before reading it
                raise CommandError(f"{file}: nothing was imported, the file is {size} bytes, more than {limit}")
            with file.open("rb") as stream:
                raw = stream.read(limit + 1)  # a file growing meanwhile is still read no further
        except OSError as exc:
            raise CommandError(f"cannot read {file}: {exc.strerror}") from exc
        fmt = spreadsheet_format(file.name)
        try:
            reports = (
                spreadsheet_import(raw=raw, fmt=fmt, dry_run=dry_run)
                if fmt
                else [deck_import(raw=raw, dry_run=dry_run)]
            )
        except DeckFileError as exc:
            n = len(exc.errors)
            with translation.override("en"):  # an operator's log, in English like the rest of the line
                problems = ngettext("%(n)s problem", "%(n)s problems", n) % {"n": n}
            lines = [f"{file}: nothing was imported, {problems}:"]
            lines += [f"  - {error}" for error in exc.errors]
            raise CommandError("\n".join(lines)) from exc
        for report in reports:
            self.stdout.write(("Dry run, nothing written. " if dry_run else "") + report.summary())
            if report.data is not None:
                self._print_checks(report.data, full=dry_run)

    def _print_checks(self, deck, *, full: bool) -> None:
        """Flag what printing would refuse; a dry run also says which cards fit which sizes."""
        from printables.checks import coarse_images, print_report

        for line in coarse_images(deck):
            self.stdout.write(f"Warning: {line}.")
        if full:
            self.stdout.write("Printing, size by size:")
            for line in print_report(deck):
                self.stdout.write(f"  {line}")
