"""Every way a deck file can be wrong: a clear message, and nothing written."""

import json

import pytest
from django.core.management import CommandError, call_command

from cards.deckfile import DeckFileError
from cards.models import Card, Deck, Source
from cards.services import deck_import
from tests.cards.factories import deck_bytes, deck_document


def errors_of(raw: bytes) -> list[str]:
    with pytest.raises(DeckFileError) as caught:
        deck_import(raw=raw)
    return [str(e) for e in caught.value.errors]


def nothing_written():
    return Deck.objects.count() == 0 and Card.objects.count() == 0 and Source.objects.count() == 0


@pytest.mark.django_db
def test_malformed_json_gives_line_and_column():
    errors = errors_of(b'{"format": "atelier-ia-deck",\n "cards": [,]}')
    assert len(errors) == 1 and "malformed JSON at line 2, column" in errors[0]
    assert nothing_written()


@pytest.mark.django_db
def test_text_that_is_not_utf8_is_refused():
    assert "not UTF-8" in errors_of("{}".encode("utf-16"))[0]


@pytest.mark.django_db
def test_a_json_file_that_is_not_a_deck_is_refused():
    assert "not a deck file" in errors_of(b'{"hello": 1}')[0]


@pytest.mark.django_db
def test_an_unknown_format_version_is_refused():
    doc = deck_document()
    doc["format_version"] = 3
    assert errors_of(deck_bytes(doc)) == ["unknown format version 3; this program reads versions 1 and 2"]


@pytest.mark.django_db
def test_an_oversize_file_is_refused_before_parsing(settings):
    settings.DECK_FILE_MAX_BYTES = 100
    assert "more than the limit of 100" in errors_of(deck_bytes())[0]
    assert nothing_written()


@pytest.mark.django_db
def test_duplicate_keys_are_refused_with_both_positions():
    doc = deck_document()
    doc["cards"][3]["key"] = "A7"
    errors = errors_of(deck_bytes(doc))
    assert errors == ["card #4, key 'A7', field 'key': duplicate key, already used by card #1"]
    assert nothing_written()


@pytest.mark.django_db
def test_several_invalid_cards_write_nothing_and_each_error_is_listed():
    doc = deck_document()
    del doc["cards"][0]["value"]  # a fact without value
    doc["cards"][0]["sources"] = []  # ...and without source
    doc["cards"][1]["verdict"] = "maybe"
    doc["cards"][3]["year"] = "1950"  # a string, not a number
    doc["cards"][2]["valeu"] = 3  # a typo
    errors = errors_of(deck_bytes(doc))
    assert "card #1, key 'A7', field 'value': a fact needs a numeric value" in errors
    assert "card #1, key 'A7', field 'sources': a fact needs at least one source" in errors
    assert any(e.startswith("card #2, key 'B3', field 'verdict'") for e in errors)
    assert "card #4, key 'D1', field 'year': must be a whole number" in errors
    assert any(e.startswith("card #3, key 'C8', field 'valeu': unknown field") for e in errors)
    assert nothing_written()


@pytest.mark.django_db
def test_an_invalid_card_in_an_update_leaves_the_deck_as_it_was():
    deck_import(raw=deck_bytes())
    doc = deck_document()
    doc["cards"][0]["front"] = "Texte corrigé"
    doc["cards"][2]["actors"] = ["aliens"]
    errors_of(deck_bytes(doc))
    assert Card.objects.get(key="A7").front == "Une requête à ChatGPT"


@pytest.mark.django_db
def test_a_bad_source_url_and_an_unknown_unit_are_located():
    doc = deck_document()
    doc["cards"][0]["sources"][0]["url"] = "javascript:alert(1)"
    doc["cards"][0]["unit"] = "furlongs"
    errors = errors_of(deck_bytes(doc))
    assert any("field 'sources[1].url'" in e for e in errors)
    assert any("field 'unit': unknown unit 'furlongs'" in e for e in errors)


@pytest.mark.django_db
def test_a_bad_image_is_refused_and_named(settings):
    doc = deck_document()
    doc["cards"][3]["image"] = {"type": "image/png", "data": "aGVsbG8="}  # "hello"
    errors = errors_of(deck_bytes(doc))
    assert errors == ["card #4, key 'D1', field 'image': not an accepted image (PNG, JPEG, WEBP, GIF)"]
    assert nothing_written()


@pytest.mark.django_db
def test_the_command_lists_every_problem(tmp_path):
    doc = deck_document()
    doc["cards"][1]["verdict"] = ""
    doc["cards"][3]["year"] = None
    path = tmp_path / "deck.json"
    path.write_text(json.dumps(doc))
    with pytest.raises(CommandError) as caught:
        call_command("import_deck", str(path))
    text = str(caught.value)
    assert "nothing was imported, 2 problems" in text
    assert "card #2, key 'B3', field 'verdict'" in text and "card #4, key 'D1', field 'year'" in text
    assert nothing_written()
