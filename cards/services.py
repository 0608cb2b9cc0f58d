from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction

from cards import deckfile, spreadsheet
from cards.images import ImageRejected, image_normalize, image_pixels
from cards.models import Card, Deck, Source


@dataclass
class ImportReport:
    slug: str
    created_deck: bool
    added: list[str]
    updated: list[str]
    removed: list[str]
    unchanged: int
    dry_run: bool
    data: deckfile.DeckData | None = None  # the deck as read, for checks after the import (printing)

    @property
    def changed(self) -> bool:
        return self.created_deck or bool(self.added or self.updated or self.removed)

    def summary(self) -> str:
        verb = "would be" if self.dry_run else "were"
        deck = f"deck {self.slug!r} ({'new' if self.created_deck else 'existing'})"
        return (
            f"{deck}: {len(self.added)} cards {verb} added, {len(self.updated)} updated, "
            f"{len(self.removed)} removed, {self.unchanged} unchanged."
        )


_CARD_FIELDS = (
    "kind",
    "front",
    "back",
    "notes",
    "value",
    "value_max",
    "bound",
    "unit",
    "scope",
    "as_of",
    "status",
    "basis",
    "comparison",
    "verdict",
    "actors",
    "year",
)


def _normalized_images(deck: deckfile.DeckData) -> list[deckfile.DeckError]:
    errors = []
    budget = settings.DECK_IMAGES_MAX_PIXELS  # decoding is the costly part: bounded per import
    for position, card in enumerate(deck.cards, start=1):
        if card.image is None:
            continue
        budget -= image_pixels(card.image.data)
        if budget < 0:
            message = f"the deck's images add up to more than {settings.DECK_IMAGES_MAX_PIXELS} pixels"
            errors.append(deckfile.DeckError(message, position, card.key, "image"))
            break
        try:
            card.image = deckfile.ImageData("image/png", image_normalize(card.image.data))
        except ImageRejected as exc:
            errors.append(deckfile.DeckError(str(exc), position, card.key, "image"))
    return errors


def deck_import(*, raw: bytes, dry_run: bool = False) -> ImportReport:
    """Create or update a deck from a deck file: all or nothing.

    Raises DeckFileError listing every problem; in that case nothing has been written.
    """
    deck_in = deckfile.parse_deck(raw, max_bytes=settings.DECK_FILE_MAX_BYTES)
    return deck_import_data(deck_in=deck_in, dry_run=dry_run)


def deck_import_data(*, deck_in: deckfile.DeckData, dry_run: bool = False) -> ImportReport:
    """The same import from a deck already read (a spreadsheet, cards.spreadsheet): checked by the
    same validator, written all or nothing."""
    errors = deckfile.deck_errors(deck_in)
    if errors:
        raise deckfile.DeckFileError(errors)
    errors = _normalized_images(deck_in)
    if errors:
        raise deckfile.DeckFileError(errors)

    with transaction.atomic():
        deck, created = Deck.objects.select_for_update().get_or_create(
            slug=deck_in.slug,
            defaults={"language": deck_in.language, "title": deck_in.title},
        )
        deck_changed = created
        for name in ("family", "language", "title", "description", "version"):
            if getattr(deck, name) != getattr(deck_in, name):
                setattr(deck, name, getattr(deck_in, name))
                deck_changed = True
        if deck_changed:
            deck.save()
        existing = {card.key: card for card in deck.cards.prefetch_related("sources")}
        report = ImportReport(deck.slug, created, [], [], [], 0, dry_run, deck_in)
        for position, card_in in enumerate(deck_in.cards):
            card = existing.pop(card_in.key, None)
            if card is None:
                card = Card(deck=deck, key=card_in.key)
                report.added.append(card_in.key)
            elif card.position == position and card.to_data() == card_in:
                report.unchanged += 1
                continue
            else:
                report.updated.append(card_in.key)
            card.position = position
            for name in _CARD_FIELDS:
                setattr(card, name, getattr(card_in, name))
            card.image = card_in.image.data if card_in.image else None
            card.save()
            card.sources.all().delete()
            Source.objects.bulk_create(
                Source(card=card, position=i, author=s.author, title=s.title, year=s.year, url=s.url)
                for i, s in enumerate(card_in.sources)
            )
        report.removed = sorted(existing)
        Card.objects.filter(pk__in=[card.pk for card in existing.values()]).delete()
        if dry_run:
            transaction.set_rollback(True)
    return report


def spreadsheet_import(*, raw: bytes, fmt: str, dry_run: bool = False) -> list[ImportReport]:
    """Create or update every deck of a spreadsheet (one per language): all of them or none.

    Raises DeckFileError (a SpreadsheetError, naming sheet, row and column) before anything is written."""
    if len(raw) > settings.DECK_FILE_MAX_BYTES:
        raise deckfile.DeckFileError(
            [deckfile.DeckError(f"the file is {len(raw)} bytes, more than the limit of {settings.DECK_FILE_MAX_BYTES}")]
        )
    decks = spreadsheet.parse_spreadsheet(raw, fmt)
    with transaction.atomic():
        reports = [deck_import_data(deck_in=deck_in, dry_run=dry_run) for deck_in in decks]
        if dry_run:
            transaction.set_rollback(True)
    return reports
