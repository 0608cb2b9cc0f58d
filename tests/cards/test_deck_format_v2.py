"""Deck file format 2: a fact carries its scope, the year of its data, its status, a floor or a
range and a comparability basis; version 1 files are still read (upgraded) and written as 2."""

import copy

import pytest

from cards.deckfile import DeckFileError, dump_deck, parse_deck
from cards.models import Card
from cards.services import deck_import
from tests.cards.factories import deck_bytes, deck_document

FACT_V2 = {
    "key": "A27",
    "kind": "fact",
    "front": "Une longue requête à un modèle de « raisonnement »",
    "back": "Plus de 29 Wh.",
    "value": 29,
    "bound": "more_than",
    "unit": "Wh",
    "scope": "une longue requête, via les API commerciales",
    "as_of": "2025",
    "status": ["estimated"],
    "basis": "data-centre",
    "comparison": "",
    "notes": "",
    "sources": [
        {
            "author": "Jegham et al.",
            "title": "How Hungry is AI?",
            "year": 2025,
            "url": "https://arxiv.org/abs/2505.09598",
        }
    ],
}


def v2(cards):
    doc = deck_document(cards)
    doc["format_version"] = 2
    return doc


def errors_of(doc) -> list[str]:
    with pytest.raises(DeckFileError) as caught:
        parse_deck(deck_bytes(doc), max_bytes=1_000_000)
    return [str(e) for e in caught.value.errors]


def test_a_version_1_file_is_upgraded_and_written_as_version_2():
    deck = parse_deck(deck_bytes(deck_document()), max_bytes=1_000_000)
    fact = deck.cards[0]
    assert (fact.scope, fact.as_of, fact.status, fact.bound, fact.basis) == ("", "", [], "", "")
    out = dump_deck(deck)
    assert b'"format_version": 2' in out
    assert parse_deck(out, max_bytes=1_000_000) == deck


def test_a_version_1_file_may_not_use_version_2_fields():
    doc = deck_document([copy.deepcopy(FACT_V2)])
    assert "card #1, key 'A27', field 'scope': unknown field" in " ".join(errors_of(doc))


def test_the_new_fields_round_trip_in_a_fixed_order():
    deck = parse_deck(deck_bytes(v2([copy.deepcopy(FACT_V2)])), max_bytes=1_000_000)
    fact = deck.cards[0]
    assert (fact.bound, fact.scope, fact.as_of, fact.status, fact.basis) == (
        "more_than",
        "une longue requête, via les API commerciales",
        "2025",
        ["estimated"],
        "data-centre",
    )
    text = dump_deck(deck).decode()
    order = [text.index(f'"{name}"') for name in ("value", "bound", "unit", "scope", "as_of", "status", "basis")]
    assert order == sorted(order)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"status": ["rumoured"]}, "field 'status': unknown status 'rumoured'"),
        ({"status": ["measured", "measured"]}, "field 'status': a status is listed twice"),
        ({"status": "measured"}, "field 'status': must be a list of strings"),
        ({"bound": "about"}, "field 'bound': unknown bound 'about'"),
        ({"value_max": 40}, "field 'bound': a value is either a floor"),
        ({"basis": "Whole Server"}, "field 'basis': a basis is 1 to 40 lowercase"),
        ({"scope": "x" * 301}, "field 'scope': too long: 301 characters, at most 300"),
    ],
)
def test_bad_new_fields_are_refused_and_located(change, expected):
    card = copy.deepcopy(FACT_V2) | change
    assert any(expected in e for e in errors_of(v2([card]))), errors_of(v2([card]))


@pytest.mark.django_db
def test_the_new_fields_are_stored_and_reimport_is_idempotent():
    raw = deck_bytes(v2([copy.deepcopy(FACT_V2)]))
    deck_import(raw=raw)
    card = Card.objects.get(key="A27")
    assert (card.bound, card.as_of, card.status, card.basis) == ("more_than", "2025", ["estimated"], "data-centre")
    assert not deck_import(raw=raw).changed


def test_provenance_says_how_sure_a_figure_is_in_both_languages():
    from cards.provenance import is_caution, provenance_line

    assert provenance_line(["debated", "estimated"], "2023", "fr") == "Estimé · chiffre débattu · données 2023"
    assert provenance_line(["claimed"], "2025", "en") == (
        "Claimed by the company, not independently checked · data 2025"
    )
    assert provenance_line([], "", "fr") == ""
    assert is_caution(["measured", "claimed"]) and not is_caution(["measured", "estimated"])
