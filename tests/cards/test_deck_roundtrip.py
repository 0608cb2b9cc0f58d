import base64
import io

import pytest
from django.core.management import call_command
from PIL import Image

from cards.models import Card, Deck
from tests.cards.factories import deck_bytes, deck_document


def png(width=40, height=30) -> str:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(out, format="PNG")
    return base64.b64encode(out.getvalue()).decode()


@pytest.mark.django_db
def test_export_import_export_gives_the_same_bytes(tmp_path):
    doc = deck_document()
    doc["cards"][3]["image"] = {"type": "image/png", "data": png()}
    doc["cards"][0]["value_max"] = 4
    (tmp_path / "in.json").write_bytes(deck_bytes(doc))
    call_command("import_deck", str(tmp_path / "in.json"))
    call_command("export_deck", "essai-fr", "-o", str(tmp_path / "one.json"))
    Deck.objects.all().delete()
    assert Card.objects.count() == 0
    call_command("import_deck", str(tmp_path / "one.json"))
    call_command("export_deck", "essai-fr", "-o", str(tmp_path / "two.json"))
    one, two = (tmp_path / "one.json").read_bytes(), (tmp_path / "two.json").read_bytes()
    assert one == two
    assert "Une requête à ChatGPT".encode() in one  # real UTF-8, not \u escapes
    assert b'"value_max": 4,' in one


@pytest.mark.django_db
def test_an_oversize_image_is_shrunk_and_stored_as_png(settings):
    settings.CARD_IMAGE_MAX_SIDE = 100
    doc = deck_document()
    doc["cards"][3]["image"] = {"type": "image/png", "data": png(400, 200)}
    from cards.services import deck_import

    deck_import(raw=deck_bytes(doc))
    stored = Image.open(io.BytesIO(bytes(Card.objects.get(key="D1").image)))
    assert stored.format == "PNG" and stored.size == (100, 50)
