"""Checks before printing, for a deck as read from a file: which cards would be refused, in which
sizes, and why (an image too coarse, a script the PDF cannot set, text that does not fit).

The import runs them to warn the author early; printing refuses the same cards for the same
reasons (printables.cards), so that a facilitator never finds out at the printer.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import ngettext

from cards.deckfile import DeckData
from printables.cards import card_prepare, image_box, image_ppi
from printables.deck_pdf import card_geometry
from printables.errors import PrintError
from printables.fonts import fonts_register
from printables.layout import CARD_SIZES

MIN_PPI = 200


@dataclass(frozen=True)
class PrintProblem:
    size: str
    key: str
    message: str

    def __str__(self) -> str:
        return f"{self.size}: {self.message}"


def print_problems(deck: DeckData, sizes: tuple[str, ...] = tuple(CARD_SIZES)) -> list[PrintProblem]:
    """Every card that a print in one of `sizes` would refuse, with the reason (one per card and size)."""
    fonts_register()
    problems = []
    for size in sizes:
        geometry = card_geometry(size, bleed=True)
        for number, card in enumerate(deck.cards, start=1):
            try:
                card_prepare(card, deck=deck, number=number, total=len(deck.cards), geometry=geometry, grayscale=False)
            except PrintError as error:
                problems.append(PrintProblem(size, card.key, str(error)))
    return problems


def coarse_images(deck: DeckData) -> list[str]:
    """'card A7: the image (40 × 40 px) prints at 35 ppi on poker cards...': one line per card."""
    lines = []
    for card in deck.cards:
        if card.image is None:
            continue
        low = {size: image_ppi(card.image.data, image_box(card_geometry(size, bleed=True))) for size in CARD_SIZES}
        coarse = {size: ppi for size, ppi in low.items() if ppi < MIN_PPI}
        if coarse:
            where = ", ".join(f"{ppi:.0f} ppi on {size} cards" for size, ppi in coarse.items())
            lines.append(f"card {card.key}: the image would print at {where}; printing needs {MIN_PPI} ppi")
    return lines


def print_report(deck: DeckData) -> list[str]:
    """What an import says about printing: each size with the cards it would refuse, or that all fit."""
    by_size: dict[str, list[PrintProblem]] = {size: [] for size in CARD_SIZES}
    for problem in print_problems(deck):
        by_size[problem.size].append(problem)
    lines = []
    for size, problems in by_size.items():
        if not problems:
            lines.append(f"{size}: every card fits")
            continue
        keys = ", ".join(p.key for p in problems)
        with translation.override("en"):  # the import's log, in English like the rest of the line
            refused = ngettext("%(n)s card would not print", "%(n)s cards would not print", len(problems))
        lines.append(f"{size}: {refused % {'n': len(problems)}} ({keys})")
        lines += [f"    {p.message}" for p in problems]
    return lines
