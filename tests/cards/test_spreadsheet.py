"""Decks authored in a spreadsheet (XLSX, ODS, CSV): one row per card, the languages side by side,
read through the deck validator, errors naming sheet, row and column, all or nothing."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from cards.deckfile import DeckFileError, dump_deck, parse_deck
from cards.models import Deck
from cards.services import spreadsheet_import
from cards.spreadsheet import FORMATS, decks_tables, dump_spreadsheet, parse_spreadsheet, write_csv, write_xlsx
from tests.printables.decks import DECKS_DIR, small_deck, v2_cards

DOCS = DECKS_DIR.parents[1] / "docs"


def _json_deck(language: str):
    return parse_deck((DECKS_DIR / f"impacts-ia-{language}.json").read_bytes(), max_bytes=10_000_000)


def _pair():
    fr, en = small_deck("fr", v2_cards("fr")), small_deck("en", v2_cards("en"))
    fr.family = en.family = "petit"
    fr.cards[0].as_of, en.cards[0].as_of = "2025", "2025 (Google)"  # differs: written per language
    return [fr, en]


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_round_trip_of_the_default_decks_equals_the_json_decks(fmt):
    decks = [_json_deck("fr"), _json_deck("en")]
    back = parse_spreadsheet(dump_spreadsheet(decks, fmt), fmt)
    assert [dump_deck(d) for d in back] == [dump_deck(d) for d in decks]
    assert [dump_deck(d) for d in back] == [
        (DECKS_DIR / f"impacts-ia-{lang}.json").read_bytes() for lang in ("fr", "en")
    ]


@pytest.mark.parametrize("fmt", FORMATS)
def test_format_2_fields_survive_the_round_trip(fmt):
    decks = _pair()
    back = parse_spreadsheet(dump_spreadsheet(decks, fmt), fmt)
    assert [dump_deck(d) for d in back] == [dump_deck(d) for d in decks]
    assert back[0].cards[1].bound == "more_than" and back[0].cards[0].status == ["measured", "estimated", "claimed"]


def test_shared_fields_have_one_column_and_differing_ones_one_per_language():
    header = decks_tables(_pair())[1].rows[0]
    assert {"key", "kind", "front_fr", "front_en", "value", "unit", "status", "scope_fr", "scope_en"} <= set(header)
    assert "as_of_fr" in header and "as_of_en" in header and "as_of" not in header
    assert "source1_author_fr" in header and "source1_url" in header


def test_a_single_language_sheet_makes_one_deck():
    deck = small_deck("en", v2_cards("en"))
    (back,) = parse_spreadsheet(dump_spreadsheet([deck], "xlsx"), "xlsx")
    assert dump_deck(back) == dump_deck(deck)


def test_csv_with_semicolons_and_text_that_looks_like_a_formula():
    deck = small_deck("fr", v2_cards("fr"))
    deck.cards[1].front = "=1+1 n’est pas une formule"
    data = dump_spreadsheet([deck], "csv")
    assert b"'=1+1" in data  # a spreadsheet opening the file does not run it
    (back,) = parse_spreadsheet(data, "csv")
    assert back.cards[1].front == "=1+1 n’est pas une formule"
    semicolons = write_csv(decks_tables([deck]), delimiter=";")  # what a French spreadsheet saves
    assert dump_deck(parse_spreadsheet(semicolons, "csv")[0]) == dump_deck(deck)


def test_import_and_reimport_of_both_languages_is_all_or_nothing_and_idempotent(db, tmp_path):
    path = tmp_path / "deck.xlsx"
    path.write_bytes(dump_spreadsheet(_pair(), "xlsx"))
    out = io.StringIO()
    call_command("import_deck", str(path), stdout=out)
    assert set(Deck.objects.values_list("slug", flat=True)) == {"petit-fr", "petit-en"}
    again = io.StringIO()
    call_command("import_deck", str(path), stdout=again)
    assert again.getvalue().count("0 cards were added, 0 updated, 0 removed") == 2


def test_export_deck_writes_the_family_side_by_side(db, tmp_path):
    for deck in _pair():
        from cards.services import deck_import

        deck_import(raw=dump_deck(deck))
    target = tmp_path / "petit.ods"
    call_command("export_deck", "petit-fr", "-o", str(target), stderr=io.StringIO())
    fr, en = parse_spreadsheet(target.read_bytes(), "ods")
    assert (fr.slug, en.slug) == ("petit-fr", "petit-en")
    assert dump_deck(fr) == dump_deck(_pair()[0])


def _broken_rows():
    tables = decks_tables(_pair())
    cards = tables[1]
    header = cards.rows[0]
    rows = cards.rows

    def put(row: int, column: str, value):
        rows[row][header.index(column)] = value

    put(1, "value", "beaucoup")  # A7
    put(2, "unit", "parsecs")  # A27
    put(3, "status", "measured, guessed")  # A14
    put(4, "front_en", None)  # A21: the English card has a back and no front
    for column in [c for c in header if c.startswith("source")]:
        put(5, column, None)  # A99: a fact with no source
    return tables


@pytest.mark.parametrize("writer", [write_xlsx, write_csv], ids=["xlsx", "csv"])
def test_a_spreadsheet_with_errors_names_every_cell_and_writes_nothing(db, writer):
    fmt = "xlsx" if writer is write_xlsx else "csv"
    data = writer(_broken_rows())
    with pytest.raises(DeckFileError) as caught:
        spreadsheet_import(raw=data, fmt=fmt)
    text = "\n".join(str(e) for e in caught.value.errors)
    line = (lambda n: n + 1) if fmt == "xlsx" else (lambda n: n + 10)  # CSV: the cards after the deck lines
    assert f"sheet 'cards', row {line(1)}, column 'value': must be a number, not 'beaucoup'" in text
    assert f"sheet 'cards', row {line(2)}, column 'unit': unknown unit 'parsecs'" in text
    assert f"sheet 'cards', row {line(3)}, column 'status': unknown status 'guessed'" in text
    assert f"sheet 'cards', row {line(4)}, column 'front_en': this text is required" in text
    assert f"sheet 'cards', row {line(5)}, column 'source1_author_fr': a fact needs at least one source" in text
    assert f"sheet 'cards', row {line(5)}, column 'source1_author_en': a fact needs at least one source" in text
    assert not Deck.objects.exists()


def test_unknown_columns_and_missing_sheets_are_named(db):
    tables = decks_tables(_pair())
    tables[1].rows[0][tables[1].rows[0].index("unit")] = "unité"
    with pytest.raises(DeckFileError, match=r"sheet 'cards', row 1, column 'unité': unknown column"):
        parse_spreadsheet(write_xlsx(tables), "xlsx")
    with pytest.raises(DeckFileError, match="needs the sheets 'deck' and 'cards'; missing: deck"):
        parse_spreadsheet(write_xlsx(tables[1:]), "xlsx")
    with pytest.raises(DeckFileError, match="not an XLSX file"):
        parse_spreadsheet(b"not a zip", "xlsx")


def test_the_command_reports_each_cell_and_imports_nothing(db, tmp_path):
    path = tmp_path / "broken.csv"
    path.write_bytes(write_csv(_broken_rows()))
    with pytest.raises(CommandError, match=r"nothing was imported, \d+ problems:") as caught:
        call_command("import_deck", str(path))
    assert "column 'unit'" in str(caught.value)
    assert not Deck.objects.exists()


@pytest.mark.parametrize("name", ["deck-example.csv", "deck-example.xlsx"])
def test_the_documented_example_files_import(db, name):
    fmt = name.rsplit(".", 1)[1]
    reports = spreadsheet_import(raw=(DOCS / name).read_bytes(), fmt=fmt, dry_run=True)
    assert [r.slug for r in reports] == ["exemple-fr", "exemple-en"]
    assert all(len(r.added) == 4 for r in reports)
