"""The default decks: one card per active row of the reference, in both languages, exactly as sourced.

Where ../shared/reference/facts.md is beside the project (as in CI), every card is checked against
its row: kind, value or range, floor, unit, year of the data, status, verdict, actors, year and
every URL. Everywhere, the two languages must agree on every language-neutral field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pytest
from django.core.management import call_command

from cards.deckfile import STATUSES, dump_deck, parse_deck
from cards.models import Card, Deck
from cards.units import UNITS

DECKS = Path(__file__).resolve().parents[2] / "cards" / "decks"
REFERENCE = Path(__file__).resolve().parents[3] / "shared" / "reference" / "facts.md"
LANGUAGES = ("fr", "en")
SECTIONS = {"A": "fact", "B": "misconception", "C": "solution", "D": "history"}
CARD_COUNT = 94
BACK_MAX = 350

# The reference's unit text (its start) -> the deck's unit code. Longest first, so "kWh" is not read as "Wh".
UNIT_TEXTS = {
    "×": "x",
    "%": "%",
    "prompts per day": "per_day",
    "people": "people",
    "kg CO2e": "kgCO2e",
    "g CO2e": "gCO2e",
    "t CO2e": "tCO2e",
    "GWh": "GWh",
    "TWh": "TWh",
    "kWh": "kWh",
    "Wh": "Wh",
    "MJ": "MJ",
    "mL": "mL",
    "J": "J",
}
VERDICT_TEXTS = {"false": "false", "it depends": "depends", "true": "true"}
# The question a table can play alone, at the end of each front.
PLAY_QUESTIONS = {
    "misconception": {"fr": "Vrai, faux ou ça dépend\u202f?", "en": "True, false or it depends?"},
    "history": {"fr": "En quelle année\u202f?", "en": "In what year?"},
    "solution": {"fr": "Qui peut agir\u202f?", "en": "Who can act?"},
}
URL_RE = re.compile(r"https?://[^\s|]+")
ID_RE = re.compile(r"\b([ABCD]\d+)\b")


# --- the reference, read table by table ---


@dataclass
class Reference:
    rows: dict[str, dict[str, str]] = field(default_factory=dict)  # active id -> column name -> cell
    retired: dict[str, dict[str, str]] = field(default_factory=dict)


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


@cache
def _parse_reference(text: str) -> Reference:
    """Only the tables under the headings "## A." to "## D."; a table whose second column is
    "retired because" is the retired-ids table, whatever section it sits in."""
    reference = Reference()
    section = None
    header: list[str] | None = None
    for line in text.splitlines():
        heading = re.match(r"^##\s+([A-Z])\.\s", line)
        if line.startswith("#"):
            section = heading.group(1) if heading and heading.group(1) in SECTIONS else None
            header = None
            continue
        if not line.startswith("|"):
            header = None
            continue
        if section is None:
            continue
        cells = _cells(line)
        if header is None:
            header = [c.lower() for c in cells]
            continue
        if all(set(c) <= set("-: ") for c in cells):
            continue  # the |---|---| line
        assert len(cells) == len(header), f"a row of the reference does not match its table's columns: {line[:80]}"
        row = dict(zip(header, cells, strict=True))
        key = row["id"]
        assert re.fullmatch(r"[ABCD]\d+", key), key
        if header[1] == "retired because":
            reference.retired[key] = row
        else:
            assert key[0] == section, f"{key} is in the table of section {section}"
            assert key not in reference.rows, f"{key} twice in the reference"
            reference.rows[key] = row
    return reference


def reference() -> Reference:
    if not REFERENCE.exists():
        pytest.skip(f"the reference facts are not beside the project ({REFERENCE})")
    return _parse_reference(REFERENCE.read_text())


def _sources_cell(row: dict[str, str]) -> str:
    return row.get("sources", row.get("source", ""))


def _urls(text: str) -> list[str]:
    return [url.rstrip(".,;)") for url in URL_RE.findall(text)]


CITED_RE = re.compile(r"\(([ABCD]\d+) URLs?\)")


def row_urls(ref: Reference, key: str, seen: frozenset[str] = frozenset()) -> set[str]:
    """Every URL the card of this row must carry: those written in its sources cell; for a citation
    "Google, Aug. 2025 (A7 URLs)", the URLs of that work in row A7's sources (the citation whose
    text names the same author); for "sources of A7, A37", "(A20 sources)" or any other id named,
    every URL that row's card carries."""
    urls: set[str] = set()
    for citation in _sources_cell(ref.rows[key]).split(";"):
        urls |= set(_urls(citation))
        text = URL_RE.sub(" ", citation)
        for match in CITED_RE.finditer(text):
            urls |= _cited_urls(ref, match.group(1), text[: match.start()], seen | {key})
        for other in ID_RE.findall(CITED_RE.sub(" ", text)):
            if other != key and other not in seen and other in ref.rows:
                urls |= row_urls(ref, other, seen | {key})
    return urls


def _cited_urls(ref: Reference, key: str, citing: str, seen: frozenset[str]) -> set[str]:
    author = re.search(r"[A-ZÉ][\w-]+", citing)
    for citation in _sources_cell(ref.rows[key]).split(";"):
        if author and author.group(0) in URL_RE.sub(" ", citation) and _urls(citation):
            return set(_urls(citation))
    return row_urls(ref, key, seen)  # no citation of that author: the whole row


def expected_unit(text: str) -> str:
    for start in sorted(UNIT_TEXTS, key=len, reverse=True):
        if text.startswith(start):
            return UNIT_TEXTS[start]
    raise AssertionError(f"no unit code for the reference's unit {text!r}: add it to UNIT_TEXTS")


def expected_values(text: str) -> tuple[float, float | None]:
    low, _, high = text.replace(",", "").partition("–")
    return float(low), (float(high) if high else None)


def expected_as_of(text: str) -> str:
    """The first year or year range of the "as of" cell: "2028 (projection published 2025)" -> "2028"."""
    match = re.search(r"\d{4}(?:–\d{4})?", text)
    assert match, f"no year in the 'as of' cell {text!r}"
    return match.group(0)


def expected_status(text: str) -> list[str]:
    """The status words of the cell, in the deck format's order; a projection or a figure computed
    from others is an estimate; only the word "claimed" makes a claimed figure."""
    found = {
        "measured": r"\bmeasured\b",
        "estimated": r"\bestimated\b|\bprojection\b|\bcomputed\b",
        "claimed": r"\bclaimed\b",
        "debated": r"\bdebated\b",
    }
    return [status for status in STATUSES if re.search(found[status], text)]


# --- the decks ---


@cache
def _deck(language: str):
    return parse_deck((DECKS / f"impacts-ia-{language}.json").read_bytes(), max_bytes=10_000_000)


def deck(language):
    return _deck(language)


def _number_key(key: str) -> tuple[int, int]:
    return ("ABCD".index(key[0]), int(key[1:]))


# --- against the reference (where it is present) ---


def test_the_reference_is_read_table_by_table():
    ref = reference()
    assert ref.retired, "the retired-ids table was not found"
    assert not set(ref.retired) & set(ref.rows)
    for key, row in ref.rows.items():
        assert _sources_cell(row), f"{key}: no sources column read"
    assert all(row["id"].startswith("A") == ("value" in row) for row in ref.rows.values())


@pytest.mark.parametrize("language", LANGUAGES)
def test_one_card_per_active_row_in_reference_order_retired_ids_absent(language):
    ref = reference()
    keys = [card.key for card in deck(language).cards]
    assert keys == sorted(ref.rows, key=_number_key)
    assert not set(ref.retired) & set(keys)
    for card in deck(language).cards:
        assert card.kind == SECTIONS[card.key[0]], card.key


def test_every_fact_is_its_reference_row():
    ref = reference()
    for card in deck("fr").cards:
        if card.kind != "fact":
            continue
        row = ref.rows[card.key]
        value, value_max = expected_values(row["value"])
        assert (card.value, card.value_max) == (value, value_max), card.key
        floor = "more than" in row["unit"] or "more than" in row["value"]
        assert card.bound == ("more_than" if floor else ""), card.key
        assert card.unit == expected_unit(row["unit"]), (card.key, row["unit"])
        assert card.as_of == expected_as_of(row["as of"]), card.key
        assert card.status == expected_status(row["status"]), (card.key, row["status"])


def test_every_misconception_solution_and_milestone_is_its_reference_row():
    ref = reference()
    for card in deck("fr").cards:
        row = ref.rows[card.key]
        if card.kind == "misconception":
            assert card.verdict == VERDICT_TEXTS[row["verdict"]], card.key
        elif card.kind == "solution":
            assert card.actors == [a.strip() for a in row["who"].split(",")], card.key
        elif card.kind == "history":
            assert card.year == int(row["year"]), card.key


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_card_carries_every_url_of_its_row_and_of_the_rows_it_refers_to(language):
    ref = reference()
    for card in deck(language).cards:
        carried = {source.url for source in card.sources}
        missing = row_urls(ref, card.key) - carried
        assert not missing, (card.key, sorted(missing))
        known = {url for row in ref.rows.values() for url in _urls(" ".join(row.values()))}
        invented = {url for url in carried if url} - known
        assert not invented, (card.key, sorted(invented))


def test_a_row_without_url_gets_a_source_without_url():
    ref = reference()
    for card in deck("fr").cards:
        if not row_urls(ref, card.key):
            assert card.sources and any(not s.url for s in card.sources), card.key


def _numbers(text: str, language: str) -> list[str]:
    """The numbers a card's text states, written as the reference writes them (no thousands
    separator, decimal point); card ids ("A27") are not numbers."""
    if language == "fr":
        text = re.sub(r"(?<=\d)\u202f(?=\d{3})", "", text)  # 2\u202f500 -> 2500
        text = re.sub(r"(?<=\d),(?=\d)", ".", text)  # 0,24 -> 0.24
    else:
        text = re.sub(r"(?<=\d),(?=\d{3})", "", text)  # 2,500 -> 2500
    return re.findall(r"\d+(?:\.\d+)?", ID_RE.sub(" ", text))


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_card_states_a_number_the_reference_does_not_give(language):
    reference()  # skips without the reference
    given = set(re.findall(r"\d+(?:\.\d+)?", REFERENCE.read_text().replace(",", "")))
    for card in deck(language).cards:
        for name in ("front", "back", "scope", "comparison", "notes"):
            for number in _numbers(getattr(card, name), language):
                assert number in given, (card.key, name, number)


# --- everywhere (with or without the reference) ---


NEUTRAL_FIELDS = ("key", "kind", "value", "value_max", "bound", "unit", "as_of", "status", "basis")
NEUTRAL_FIELDS += ("verdict", "actors", "year")


def test_both_languages_agree_field_by_field():
    fr, en = deck("fr"), deck("en")
    assert (fr.family, en.family) == ("impacts-ia", "impacts-ia")
    assert (fr.version, fr.language, en.language) == (en.version, "fr", "en")
    assert len(fr.cards) == len(en.cards) == CARD_COUNT
    for a, b in zip(fr.cards, en.cards, strict=True):
        for name in NEUTRAL_FIELDS:
            assert getattr(a, name) == getattr(b, name), (a.key, name)
        assert [(s.url, s.year) for s in a.sources] == [(s.url, s.year) for s in b.sources], a.key


def test_keys_are_in_section_then_number_order():
    keys = [card.key for card in deck("fr").cards]
    assert keys == sorted(keys, key=_number_key)
    assert {key[0] for key in keys} == set(SECTIONS)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_fact_is_sourced_dated_and_qualified(language):
    for card in deck(language).cards:
        if card.kind != "fact":
            continue
        assert card.sources and all(s.author.strip() for s in card.sources), card.key
        assert card.status, card.key
        assert re.fullmatch(r"\d{4}(–\d{4})?", card.as_of), (card.key, card.as_of)
        assert card.scope.strip(), card.key


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_card_has_notes_a_short_back_and_sourced_authors(language):
    for card in deck(language).cards:
        assert card.notes.strip(), card.key
        assert len(card.back) <= BACK_MAX, (card.key, len(card.back))
        assert all(s.author.strip() for s in card.sources), card.key


@pytest.mark.parametrize("language", LANGUAGES)
def test_fronts_carry_the_question_a_table_plays(language):
    for card in deck(language).cards:
        front = card.front.strip()
        if card.kind == "fact":
            assert front.endswith("?"), card.key
        else:
            assert front.endswith(PLAY_QUESTIONS[card.kind][language]), (card.key, front[-40:])


def test_french_typography():
    for card in deck("fr").cards:
        for name in ("front", "back", "scope", "comparison", "notes"):
            text = getattr(card, name)
            where = (card.key, name)
            assert "'" not in text, (*where, "apostrophe ’")
            assert not re.search(r" [?;!]", text), (*where, "narrow no-break space before ? ; !")
            assert not re.search(r" [:»]|« ", text), (*where, "no-break space before : » and after «")
            assert not re.search(r"\d\.\d", text.replace("Llama 3.1", "")), (*where, "decimal comma")
            assert "CO2" not in text, (*where, "CO₂")


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_number_never_breaks_from_its_unit_and_co2_has_its_subscript(language):
    units = r"(?:Wh|kWh|MWh|GWh|TWh|J|MJ|g|kg|t|mL|Mt|mg|km|GW)"
    for card in deck(language).cards:
        for name in ("front", "back", "scope", "comparison", "notes"):
            text = getattr(card, name)
            assert not re.search(r"\d " + units + r"\b", text), (card.key, name, "no-break space before the unit")
            assert "CO2" not in text, (card.key, name, "CO₂")


def test_a_fact_with_a_basis_has_a_unit_that_can_duel():
    """Facts duel only on the same basis and in units that convert: a basis on a share, a ratio or
    a count would promise a duel that can never be played."""
    based = [card for card in deck("fr").cards if card.kind == "fact" and card.basis]
    assert based
    for card in based:
        assert UNITS[card.unit].dimension not in {"share", "ratio", "count"}, (card.key, card.unit)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_shipped_files_are_in_the_exporters_own_form(language):
    raw = (DECKS / f"impacts-ia-{language}.json").read_bytes()
    assert dump_deck(parse_deck(raw, max_bytes=10_000_000)) == raw


@pytest.mark.django_db
def test_load_default_decks_is_idempotent():
    call_command("load_default_decks")
    first = sorted(Card.objects.filter(deck__slug="impacts-ia-fr").values_list("key", "pk", "front"))
    call_command("load_default_decks")
    assert set(Deck.objects.values_list("slug", flat=True)) >= {"impacts-ia-fr", "impacts-ia-en"}
    for slug in ("impacts-ia-fr", "impacts-ia-en"):
        assert Card.objects.filter(deck__slug=slug).count() == CARD_COUNT
    assert sorted(Card.objects.filter(deck__slug="impacts-ia-fr").values_list("key", "pk", "front")) == first
