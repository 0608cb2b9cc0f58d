"""Which cards to print, and in which order: the whole deck, or a list of keys (a plan's cards)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from cards.deckfile import CardData, DeckData
from printables.errors import PrintError


def cards_select(deck: DeckData, keys: Sequence[str] | None) -> list[CardData]:
    """The deck's cards in the order of keys (all of them, in deck order, when keys is None)."""
    if keys is None:
        return list(deck.cards)
    by_key = {card.key: card for card in deck.cards}
    missing = [key for key in keys if key not in by_key]
    if missing:
        raise PrintError(f"deck {deck.slug!r} has no card with key {', '.join(repr(k) for k in missing)}")
    if not keys:
        raise PrintError("no card selected")
    return [by_key[key] for key in keys]


def keys_parse(raw: str | None) -> list[str] | None:
    """'A1, B3,C2' -> ['A1', 'B3', 'C2']; None or blank -> None (the whole deck)."""
    if raw is None or not raw.strip():
        return None
    return [key.strip() for key in raw.split(",") if key.strip()]


def plan_keys(phases: Sequence[Mapping[str, Any]]) -> list[str]:
    """A plan's cards in play order: phases in order, each phase's cards in order, each card once."""
    return list(dict.fromkeys(str(key) for phase in phases for key in phase.get("cards", [])))
