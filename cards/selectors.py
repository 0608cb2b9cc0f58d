from __future__ import annotations

from django.db.models import Prefetch

from cards import deckfile
from cards.models import Card, Deck, Source


def deck_data(*, deck: Deck) -> deckfile.DeckData:
    """The whole deck as plain data, in two queries whatever its size."""
    cards = deck.cards.prefetch_related(Prefetch("sources", queryset=Source.objects.order_by("position", "id")))
    return deckfile.DeckData(
        slug=deck.slug,
        family=deck.family,
        language=deck.language,
        title=deck.title,
        description=deck.description,
        version=deck.version,
        cards=[card.to_data() for card in cards],
    )


def deck_export(*, slug: str) -> bytes:
    return deckfile.dump_deck(deck_data(deck=Deck.objects.get(slug=slug)))


def family_decks(*, slug: str) -> list[deckfile.DeckData]:
    """The deck and its translations (same family), the deck first, then by language."""
    deck = Deck.objects.get(slug=slug)
    others = Deck.objects.filter(family=deck.family).exclude(pk=deck.pk).order_by("language") if deck.family else []
    return [deck_data(deck=deck), *(deck_data(deck=other) for other in others)]


def card_translation(*, card: Card, language: str) -> Card | None:
    if not card.deck.family:
        return None
    return (
        Card.objects.filter(deck__family=card.deck.family, deck__language=language, key=card.key)
        .exclude(deck=card.deck)
        .first()
    )
