"""Benchmark (not a test): how long the printables take for the default deck and a 500-card deck.

    .venv/bin/python bench/pdf_export.py

Works on plain deck data (no database). Targets: default deck ≤ 2 s, 500 cards ≤ 15 s.
"""

from __future__ import annotations

import dataclasses
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from cards.deckfile import DeckData, parse_deck  # noqa: E402
from printables.deck_pdf import deck_pdf  # noqa: E402
from printables.kit import kit_pdf  # noqa: E402
from printables.options import DeckOptions  # noqa: E402


def generated_deck(base: DeckData, count: int) -> DeckData:
    """count cards cycled from the base deck, each with its own key and its own source URL (own QR code)."""
    cards = []
    for index in range(count):
        card = dataclasses.replace(base.cards[index % len(base.cards)], key=f"G{index + 1}")
        card.sources = [dataclasses.replace(s, url=f"{s.url}?card={index + 1}" if s.url else "") for s in card.sources]
        cards.append(card)
    return dataclasses.replace(base, slug="generated", cards=cards)


def timed(label: str, make: Callable[[], bytes]) -> None:
    start = time.perf_counter()
    data = make()
    elapsed = time.perf_counter() - start
    print(f"| {label:<44} | {elapsed:7.2f} s | {len(data) / 1024:8.0f} KB |")


def main() -> None:
    deck = parse_deck((ROOT / "cards/decks/impacts-ia-fr.json").read_bytes(), max_bytes=10_000_000)
    big = generated_deck(deck, 500)
    deck_pdf(deck)  # warm-up: font loading happens once per process
    print("| export                                       |    time    |   size      |")
    print("|----------------------------------------------|------------|-------------|")
    timed(f"default FR deck ({len(deck.cards)} cards), poker A4", lambda: deck_pdf(deck))
    timed(
        "default FR deck, grayscale, fold", lambda: deck_pdf(deck, options=DeckOptions(grayscale=True, duplex="fold"))
    )
    timed("default FR kit", lambda: kit_pdf(deck))
    timed("generated deck (500 cards), poker A4", lambda: deck_pdf(big))
    timed("generated kit (500 cards)", lambda: kit_pdf(big))


if __name__ == "__main__":
    main()
