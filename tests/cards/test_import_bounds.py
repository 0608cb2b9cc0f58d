"""Deck imports are bounded before the costly part (issue 14): the file's size before reading
it, the nesting of its JSON, and the pixels decoded from all its images together."""

import base64
import io
import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils import translation
from PIL import Image

from cards.admin import CardForm
from cards.deckfile import DeckFileError, parse_deck
from cards.models import Deck
from cards.services import deck_import
from tests.cards.factories import deck_bytes, deck_document


def png(size: tuple[int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (10, 120, 200)).save(out, format="PNG")
    return out.getvalue()


@pytest.mark.django_db
def test_an_oversized_file_is_refused_without_being_read(settings, tmp_path, monkeypatch):
    settings.DECK_FILE_MAX_BYTES = 1000
    path = tmp_path / "big.json"
    path.write_bytes(b" " * 5000)
    opened = []
    monkeypatch.setattr(Path, "open", lambda self, *a, **k: opened.append(self))
    monkeypatch.setattr(Path, "read_bytes", lambda self: opened.append(self))
    with pytest.raises(CommandError, match="the file is 5000 bytes, more than 1000"):
        call_command("import_deck", str(path))
    assert opened == []
    assert not Deck.objects.exists()


def test_a_deeply_nested_deck_file_is_a_deck_error():
    for raw in (b"[" * 100_000, b'{"format": "atelier-ia-deck", "cards": ' + b"[" * 50 + b"]" * 50 + b"}"):
        with pytest.raises(DeckFileError, match="nested too deeply"):
            parse_deck(raw, max_bytes=1_000_000)


@pytest.mark.django_db
def test_images_past_the_pixel_budget_of_one_import_are_refused(settings):
    settings.DECK_IMAGES_MAX_PIXELS = 250_000  # each image alone is within CARD_IMAGE_MAX_PIXELS
    doc = deck_document()
    for card in doc["cards"][:3]:
        card["image"] = {"type": "image/png", "data": base64.b64encode(png((400, 300))).decode()}
    with pytest.raises(DeckFileError) as caught:
        deck_import(raw=deck_bytes(doc))
    [error] = caught.value.errors
    assert error.position == 3 and "images add up to more than 250000 pixels" in str(error)
    assert not Deck.objects.exists()
    settings.DECK_IMAGES_MAX_PIXELS = 400_000  # the same deck fits a larger budget
    assert deck_import(raw=deck_bytes(doc)).created_deck


@pytest.mark.django_db
def test_an_oversized_image_upload_is_refused_before_reading(settings, monkeypatch):
    settings.CARD_IMAGE_MAX_BYTES = 100
    upload = SimpleUploadedFile("big.png", png((64, 64)), content_type="image/png")
    monkeypatch.setattr(SimpleUploadedFile, "read", lambda *a: pytest.fail("the upload was read"), raising=False)
    form = CardForm(data={}, files={"image_upload": upload})
    with translation.override("en"):
        form.is_valid()
    assert "more than the limit of 100" in " ".join(form.errors.get("image_upload", []))


def test_the_fixture_deck_is_valid():
    assert parse_deck(json.dumps(deck_document()).encode(), max_bytes=1_000_000).cards
