"""Fuzzing the deck file parser (cards.deckfile.parse_deck): whatever a file holds, the only
exception is the documented DeckFileError, each of its errors a located message."""

from __future__ import annotations

import copy
import json
import math

from hypothesis import given
from hypothesis import strategies as st

from cards.deckfile import DeckData, DeckFileError, parse_deck
from tests.cards.factories import deck_document
from tests.fuzz.strategies import FUZZ, deeply_nested, json_values

MAX_BYTES = 200_000


def parse(raw: bytes) -> DeckData | None:
    try:
        return parse_deck(raw, max_bytes=MAX_BYTES)
    except DeckFileError as error:
        errors = error.errors
    assert errors and all(str(e) for e in errors)  # each one a located message
    return None


def paths(value, prefix=()):
    """Every place in a document where a value sits: (key or index, ...)."""
    yield prefix
    if isinstance(value, dict):
        for key, child in value.items():
            yield from paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from paths(child, (*prefix, index))


VALID = deck_document()
PLACES = [p for p in paths(VALID) if p]


@st.composite
def mutated_decks(draw: st.DrawFn) -> bytes:
    """A valid deck file with a few values replaced, removed or added, anywhere."""
    document = copy.deepcopy(VALID)
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        place = draw(st.sampled_from(PLACES))
        parent = document
        try:
            for step in place[:-1]:
                parent = parent[step]
            action = draw(st.sampled_from(["replace", "delete", "add"]))
            if action == "replace":
                parent[place[-1]] = draw(json_values)
            elif action == "delete":
                del parent[place[-1]]
            elif isinstance(parent, dict):
                parent[draw(st.text(max_size=10))] = draw(json_values)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation changed the shape: that is mutation enough
    return json.dumps(document).encode()  # NaN and Infinity included: Python reads them


@FUZZ
@given(st.binary(max_size=2000))
def test_any_bytes_are_parsed_or_refused_with_deck_file_error(raw):
    parse(raw)


@FUZZ
@given(mutated_decks())
def test_a_damaged_deck_file_is_parsed_or_refused_with_deck_file_error(raw):
    deck = parse(raw)
    if deck is not None:
        assert deck.slug and all(card.key for card in deck.cards)
        assert all(math.isfinite(c.value) for c in deck.cards if c.value is not None)  # no NaN


@FUZZ
@given(json_values)
def test_any_json_document_is_refused_with_deck_file_error(value):
    assert parse(json.dumps(value).encode()) is None


@FUZZ
@given(deeply_nested())
def test_nesting_of_any_depth_is_refused_not_crashed(text):
    assert parse(text.encode()) is None


def test_nan_and_infinity_are_refused():
    for constant in (float("nan"), float("inf")):
        document = copy.deepcopy(VALID)
        document["cards"][0]["value"] = constant
        assert parse(json.dumps(document).encode()) is None


def test_the_unmutated_deck_parses():
    assert parse(json.dumps(VALID).encode()) is not None
