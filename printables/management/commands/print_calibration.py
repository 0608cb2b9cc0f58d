from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from printables.deck_pdf import calibration_pdf
from printables.errors import PrintError
from printables.management.args import add_layout_arguments, output_write


class Command(BaseCommand):
    help = "Write the duplex calibration page (PDF): print it double-sided, read the back offset."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("-o", "--output", default="calibration.pdf")
        parser.add_argument("--language", choices=["fr", "en"], default="fr")
        add_layout_arguments(parser, card_options=False)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            data = calibration_pdf(
                paper=options["paper"],
                duplex=options["duplex"],
                offset=(options["offset_x"], options["offset_y"]),
                language=options["language"],
            )
        except PrintError as error:
            raise CommandError(str(error)) from error
        target = output_write(options["output"], data)
        self.stdout.write(f"Calibration page written to {target}.")
