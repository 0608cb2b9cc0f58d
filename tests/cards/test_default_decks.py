"""The default decks: one card per row of the reference, in both languages, every fact sourced."""

import re
from pathlib import Path

import pytest
from django.core.management import call_command

from cards.deckfile import dump_deck, parse_deck
from cards.models import Card, Deck

DECKS = Path(__file__).resolve().parents[2] / "cards" / "decks"
REFERENCE = Path(__file__).resolve().parents[3] / "shared" / "reference" / "facts.md"
KINDS = {"A": "fact", "B": "misconception", "C": "solution", "D": "history"}


def reference_rows() -> dict[str, list[str]]:
    """Row id -> cells, read from ../shared/reference/facts.md."""
    if not REFERENCE.exists():
        pytest.skip(f"the reference facts are not beside the project ({REFERENCE})")
    rows = {}
    for line in REFERENCE.read_text().splitlines():
        match = re.match(r"^\| ([ABCD]\d+) \|(.*)\|$", line)
        if match:
            rows[match.group(1)] = [cell.strip() for cell in match.group(2).split("|")]
    return rows


def deck(language):
    return parse_deck((DECKS / f"impacts-ia-{language}.json").read_bytes(), max_bytes=10_000_000)


@pytest.mark.parametrize("language", ["fr", "en"])
def test_one_card_per_reference_row_of_the_right_kind(language):
    rows = reference_rows()
    cards = deck(language).cards
    assert [c.key for c in cards] == list(rows)
    assert len(cards) >= 63
    for card in cards:
        assert card.kind == KINDS[card.key[0]], card.key


def test_both_languages_share_keys_and_every_answer():
    fr, en = deck("fr"), deck("en")
    assert (fr.family, en.family) == ("impacts-ia", "impacts-ia")
    for a, b in zip(fr.cards, en.cards, strict=True):
        assert (a.key, a.kind, a.value, a.value_max, a.unit, a.verdict, a.actors, a.year) == (
            b.key,
            b.kind,
            b.value,
            b.value_max,
            b.unit,
            b.verdict,
            b.actors,
            b.year,
        )
        assert [s.url for s in a.sources] == [s.url for s in b.sources]


@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_fact_is_sourced_and_every_card_has_notes(language):
    for card in deck(language).cards:
        if card.kind == "fact":
            assert card.sources and all(s.author for s in card.sources), card.key
        assert card.notes.strip(), card.key


def test_answers_match_the_reference():
    rows = reference_rows()
    for card in deck("fr").cards:
        cells = rows[card.key]
        if card.kind == "history":
            assert card.year == int(cells[0]), card.key
        elif card.kind == "misconception":
            assert {"false": "false", "it depends": "depends", "true": "true"}[cells[1]] == card.verdict, card.key
        elif card.kind == "solution":
            assert sorted(card.actors) == sorted(a.strip() for a in cells[1].split(",")), card.key
        elif card.kind == "fact":
            urls = re.findall(r"https?://\S+", cells[1])
            for url in urls:
                assert url in [s.url for s in card.sources], (card.key, url)


def test_every_reference_url_is_carried_onto_the_cards():
    rows = reference_rows()
    used = {s.url for lang in ("fr", "en") for c in deck(lang).cards for s in c.sources}
    for key, cells in rows.items():
        for url in re.findall(r"https?://[^\s|]+", " ".join(cells)):
            assert url in used, (key, url)


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_shipped_files_are_in_the_exporters_own_form(language):
    raw = (DECKS / f"impacts-ia-{language}.json").read_bytes()
    assert dump_deck(parse_deck(raw, max_bytes=10_000_000)) == raw


@pytest.mark.django_db
def test_load_default_decks_is_idempotent():
    call_command("load_default_decks")
    call_command("load_default_decks")
    assert set(Deck.objects.values_list("slug", flat=True)) >= {"impacts-ia-fr", "impacts-ia-en"}
    assert Card.objects.filter(deck__slug="impacts-ia-fr").count() == 63


def test_every_fact_value_is_a_number_of_its_reference_row():
    rows = reference_rows()
    # "doubled" is the reference's word for x2; no other value may be invented.
    worded = {2.0: ("doubled",)}
    for card in deck("fr").cards:
        if card.kind != "fact":
            continue
        text = " ".join(rows[card.key])
        numbers = {float(n) for n in re.findall(r"\d+(?:\.\d+)?", text.replace(",", ""))}
        for value in (card.value, card.value_max):
            if value is None or value in numbers:
                continue
            assert any(word in text for word in worded.get(value, ())), (card.key, value)
