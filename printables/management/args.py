"""Arguments shared by the print commands, and loading a deck as plain data."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError

from cards.deckfile import DeckData
from printables.layout import CARD_SIZES, DUPLEX_MODES, PAPERS


def add_layout_arguments(parser: argparse.ArgumentParser, *, card_options: bool = True) -> None:
    parser.add_argument("--paper", choices=list(PAPERS), default="a4")
    parser.add_argument(
        "--duplex",
        choices=list(DUPLEX_MODES),
        default="long",
        help="long edge (default), short edge, or fold: front and back side by side",
    )
    parser.add_argument(
        "--offset-x", type=float, default=0.0, help="mm added to the backs, + to the right (see the calibration page)"
    )
    parser.add_argument("--offset-y", type=float, default=0.0, help="mm added to the backs, + upwards")
    if card_options:
        parser.add_argument(
            "--size",
            choices=list(CARD_SIZES),
            default="poker",
            help="poker 63×88 mm (default), bridge 57×88, tarot 70×120, mini 44×63",
        )
        parser.add_argument("--no-bleed", action="store_true", help="no 3 mm bleed around the cards")
        parser.add_argument("--grayscale", action="store_true", help="ink-saving variant: no colour, no large fills")
        parser.add_argument(
            "--faces",
            choices=["both", "fronts", "backs"],
            default="both",
            help="both (default), or one side only: a printer without duplex prints the fronts, then the backs",
        )
        parser.add_argument("--no-howto", action="store_true", help="no first sheet saying how to print and cut")


def add_cards_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--cards", default=None, help="comma-separated card keys, printed in this order (a plan's cards)"
    )


def deck_load(slug: str) -> DeckData:
    from cards.models import Deck
    from cards.selectors import deck_data

    try:
        return deck_data(deck=Deck.objects.get(slug=slug))
    except Deck.DoesNotExist:
        known = ", ".join(Deck.objects.order_by("slug").values_list("slug", flat=True)) or "none"
        raise CommandError(f"unknown deck {slug!r}; known decks: {known}") from None


def output_write(path: str, data: bytes) -> Path:
    target = Path(path)
    try:
        target.write_bytes(data)
    except OSError as exc:
        raise CommandError(f"cannot write {target}: {exc}") from exc
    return target


def plan_phases_load(plan_id: int | None, deck: DeckData, *, cards: str | None) -> list[dict[str, Any]] | None:
    """The phases of plan `plan_id` (None without one); the plan must be of the deck printed."""
    if plan_id is None:
        return None
    if cards:
        raise CommandError("choose either --plan or --cards, not both")
    from game.models import Plan

    plan = Plan.objects.filter(pk=plan_id).select_related("deck").first()
    if plan is None:
        raise CommandError(f"no plan {plan_id}")
    if plan.deck.slug != deck.slug:
        raise CommandError(f"plan {plan_id} is for deck {plan.deck.slug!r}, not {deck.slug!r}")
    return list(plan.phases)
