"""Decks authored in a spreadsheet: XLSX, ODS or CSV, one row per card, the languages side by side.

A sheet "deck" holds each deck's title, slug... (one column per language); a sheet "cards" holds
one row per card: its key and kind, then every field. A text field has one column per language
(`front_fr`, `front_en`); any other field has one column shared by the languages (`value`,
`unit`...) unless the decks differ on it, when it is written per language too (`as_of_fr`,
`as_of_en`): both forms are read. Sources are columns as well: `source1_author_fr`,
`source1_title_fr`, `source1_year`, `source1_url`, then `source2_...`. Lists (status, actors) are
comma-separated words. A CSV file is the "cards" sheet after the "deck" sheet, each opened by a
line holding only its name in brackets ([deck], [cards]).

Reading builds plain DeckData for cards.deckfile's one validator, and every problem names its
sheet, row and column, as the author sees them. Pure module (no Django): the import itself is
cards.services.deck_import_data, all or nothing.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from cards.deckfile import (
    DECK_FIELDS,
    KIND_FIELDS,
    LANGUAGES,
    CardData,
    DeckData,
    DeckError,
    DeckFileError,
    SourceData,
    deck_errors,
)

FORMATS = ("xlsx", "ods", "csv")
DECK_SHEET, CARDS_SHEET = "deck", "cards"
TEXT_FIELDS = ("front", "back", "comparison", "scope", "notes")  # always one column per language
COMMON_TEXT = ("front", "back", "notes")  # every kind has them; comparison and scope are a fact's
SOURCE_TEXT = ("author", "title")
NUMBER_FIELDS = ("value", "value_max")
INTEGER_FIELDS = ("year",)
LIST_FIELDS = ("status", "actors")
CARD_FIELDS = (
    "value",
    "value_max",
    "bound",
    "unit",
    "as_of",
    "status",
    "basis",
    "verdict",
    "actors",
    "year",
)
MAX_SOURCES = 20
MAX_ROWS = 5000  # a deck is a few hundred cards at most: beyond, the file is not a deck


Cell = str | int | float | None
Row = list[Cell]


@dataclass
class Table:
    name: str
    rows: list[Row] = field(default_factory=list)


class SpreadsheetError(DeckFileError):
    """Problems located by sheet, row and column (DeckFileError, so callers treat both alike)."""


def spreadsheet_format(filename: str) -> str | None:
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    return ext if ext in FORMATS else None


# --- writing ---


def _columns(decks: Sequence[DeckData]) -> list[tuple[str, str, str | None]]:
    """(column name, field, language or None when shared) in the order an author reads them."""
    langs = [deck.language for deck in decks]
    by_lang = [{card.key: card for card in deck.cards} for deck in decks]
    keys = list(dict.fromkeys(key for cards in by_lang for key in cards))

    def differs(name: str) -> bool:
        for key in keys:
            values = [repr(getattr(cards[key], name)) for cards in by_lang if key in cards]
            if len(set(values)) > 1:
                return True
        return False

    def used(name: str) -> bool:
        return any(getattr(card, name) not in ("", None, []) for deck in decks for card in deck.cards)

    columns: list[tuple[str, str, str | None]] = [("key", "key", None), ("kind", "kind", None)]
    for name in ("front", "back"):
        columns += [(f"{name}_{lang}", name, lang) for lang in langs]
    for name in CARD_FIELDS:
        if not used(name):
            continue
        if differs(name):
            columns += [(f"{name}_{lang}", name, lang) for lang in langs]
        else:
            columns.append((name, name, None))
    for name in ("comparison", "scope", "notes"):
        if used(name):
            columns += [(f"{name}_{lang}", name, lang) for lang in langs]
    count = max((len(card.sources) for deck in decks for card in deck.cards), default=0)
    for n in range(1, count + 1):
        for part in ("author", "title"):
            columns += [(f"source{n}_{part}_{lang}", f"source{n}.{part}", lang) for lang in langs]
        for part in ("year", "url"):
            differing = any(
                len({_source_part(cards[key], n, part) for cards in by_lang if key in cards}) > 1 for key in keys
            )
            if differing:
                columns += [(f"source{n}_{part}_{lang}", f"source{n}.{part}", lang) for lang in langs]
            else:
                columns.append((f"source{n}_{part}", f"source{n}.{part}", None))
    return columns


def _source_part(card: CardData, n: int, part: str) -> Cell:
    if len(card.sources) < n:
        return None
    value = getattr(card.sources[n - 1], part)
    return None if value == "" else value


def _cell(card: CardData | None, name: str) -> Cell:
    if card is None:
        return None
    if name.startswith("source"):
        n, part = name[len("source") :].split(".")
        return _source_part(card, int(n), part)
    value = getattr(card, name)
    if name in LIST_FIELDS:
        return ", ".join(value) or None
    if name in NUMBER_FIELDS and value is not None:
        return int(value) if float(value).is_integer() else value
    return None if value in ("", None) else value


def decks_tables(decks: Sequence[DeckData]) -> list[Table]:
    """The decks (translations of each other, one per language) as a "deck" and a "cards" table."""
    if not decks:
        raise ValueError("no deck to write")
    langs = [deck.language for deck in decks]
    if len(set(langs)) != len(langs):
        raise DeckFileError([DeckError("a spreadsheet holds one deck per language")])
    for deck in decks:
        images = [card.key for card in deck.cards if card.image is not None]
        if images:
            raise DeckFileError(
                [DeckError(f"cards with an image cannot go into a spreadsheet ({', '.join(images)}): use JSON")]
            )
    meta = Table(DECK_SHEET, [["field", *langs]])
    for name in DECK_FIELDS:
        if name == "language":  # the column's heading says it
            continue
        meta.rows.append([name, *[getattr(deck, name) or None for deck in decks]])
    columns = _columns(decks)
    cards = Table(CARDS_SHEET, [[name for name, _, _ in columns]])
    by_lang = {deck.language: {card.key: card for card in deck.cards} for deck in decks}
    keys = list(dict.fromkeys(card.key for deck in decks for card in deck.cards))
    for key in keys:
        present = [by_lang[lang][key] for lang in langs if key in by_lang[lang]]
        row: Row = []
        for _name, name, lang in columns:
            if name == "key":
                row.append(key)
            elif name == "kind":
                row.append(present[0].kind)
            elif lang is None:
                row.append(_cell(present[0], name))
            else:
                row.append(_cell(by_lang[lang].get(key), name))
        cards.rows.append(row)
    return [meta, cards]


def write_xlsx(tables: Sequence[Table]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    if book.active is not None:
        book.remove(book.active)
    for table in tables:
        sheet = book.create_sheet(table.name)
        for r, row in enumerate(table.rows, start=1):
            for c, value in enumerate(row, start=1):
                if value is None:
                    continue
                cell = sheet.cell(row=r, column=c, value=value)
                if isinstance(value, str):
                    cell.data_type = "s"  # never a formula, whatever the text starts with
                    if "\n" in value:
                        cell.alignment = Alignment(wrap_text=True, vertical="top")
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "C2" if table.name == CARDS_SHEET else "B2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def write_ods(tables: Sequence[Table]) -> bytes:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table as OdsTable
    from odf.table import TableCell, TableRow
    from odf.text import P

    document = OpenDocumentSpreadsheet()
    for table in tables:
        sheet = OdsTable(name=table.name)
        for row in table.rows:
            tr = TableRow()
            for value in row:
                if value is None:
                    tr.addElement(TableCell())
                elif isinstance(value, bool) or not isinstance(value, int | float):
                    cell = TableCell(valuetype="string")
                    for line in str(value).split("\n"):
                        cell.addElement(P(text=line))
                    tr.addElement(cell)
                else:
                    cell = TableCell(valuetype="float", value=repr(value))
                    cell.addElement(P(text=repr(value)))
                    tr.addElement(cell)
            sheet.addElement(tr)
        document.spreadsheet.addElement(sheet)
    out = io.BytesIO()
    document.write(out)
    return out.getvalue()


FORMULA_STARTS = ("=", "+", "-", "@")


def _csv_text(value: Cell) -> Cell:
    """A text a spreadsheet would run as a formula gets a leading quote, which reading removes."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS + ("'",)):
        return "'" + value
    return value


def write_csv(tables: Sequence[Table], delimiter: str = ",") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n", delimiter=delimiter)
    for index, table in enumerate(tables):
        if index:
            writer.writerow([])
        writer.writerow([f"[{table.name}]"])
        for row in table.rows:
            writer.writerow(["" if v is None else _csv_text(v) for v in row])
    # the byte order mark lets spreadsheet software read the file as UTF-8
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def dump_spreadsheet(decks: Sequence[DeckData], fmt: str) -> bytes:
    tables = decks_tables(decks)
    writers: dict[str, Callable[[Sequence[Table]], bytes]] = {"xlsx": write_xlsx, "ods": write_ods, "csv": write_csv}
    if fmt not in writers:
        raise ValueError(f"unknown spreadsheet format {fmt!r}; expected one of {', '.join(FORMATS)}")
    return writers[fmt](tables)


# --- reading ---


def _plain(value: Any) -> Cell:
    if value is None:
        return None
    if isinstance(value, bool):
        return str(value).upper()
    if isinstance(value, int | float):
        return value
    text = str(value)
    return text if text.strip() else None


def read_xlsx(data: bytes) -> list[Table]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise SpreadsheetError([DeckError(f"not an XLSX file that can be read ({exc})")]) from exc
    tables = []
    for sheet in book.worksheets:
        rows = []
        for row in sheet.iter_rows(values_only=True):
            rows.append([_plain(v) for v in row])
            if len(rows) > MAX_ROWS:
                raise SpreadsheetError([DeckError(f"sheet {sheet.title!r} has more than {MAX_ROWS} rows")])
        tables.append(Table(sheet.title, rows))
    book.close()
    return tables


def read_ods(data: bytes) -> list[Table]:
    from odf import teletype
    from odf.namespaces import TABLENS
    from odf.opendocument import load
    from odf.table import Table as OdsTable
    from odf.table import TableCell, TableRow
    from odf.text import P

    try:
        document = load(io.BytesIO(data))
    except Exception as exc:  # odfpy raises whatever its XML and zip readers raise
        raise SpreadsheetError([DeckError(f"not an ODS file that can be read ({type(exc).__name__})")]) from exc
    tables = []
    for sheet in document.spreadsheet.getElementsByType(OdsTable):
        rows: list[Row] = []
        for tr in sheet.getElementsByType(TableRow):
            row: Row = []
            for cell in tr.getElementsByType(TableCell):
                repeat = int(cell.getAttrNS(TABLENS, "number-columns-repeated") or 1)
                kind = cell.getAttrNS("urn:oasis:names:tc:opendocument:xmlns:office:1.0", "value-type")
                value: Cell
                if kind in ("float", "percentage", "currency"):
                    raw = cell.getAttrNS("urn:oasis:names:tc:opendocument:xmlns:office:1.0", "value")
                    number = float(raw)
                    value = int(number) if number.is_integer() and "." not in raw and "e" not in raw.lower() else number
                else:
                    value = _plain("\n".join(teletype.extractText(p) for p in cell.getElementsByType(P)))
                row += [value] * min(repeat, 1000)
            repeat_rows = int(tr.getAttrNS(TABLENS, "number-rows-repeated") or 1)
            if any(v is not None for v in row):
                rows += [row] * min(repeat_rows, MAX_ROWS)
            else:
                rows += [[]] * min(repeat_rows, 5)  # trailing empty rows: a few are enough to keep numbering
            if len(rows) > MAX_ROWS:
                raise SpreadsheetError(
                    [DeckError(f"sheet {sheet.getAttribute('name')!r} has more than {MAX_ROWS} rows")]
                )
        tables.append(Table(sheet.getAttribute("name"), rows))
    return tables


def _csv_delimiter(text: str) -> str:
    """',' or ';' (what a French spreadsheet writes) or a tab: the one that splits the header row
    into the most columns. csv.Sniffer guesses the quote character too, and guesses it wrong on
    card texts full of quotes and apostrophes."""
    best, widest = ",", 0
    for delimiter in (",", ";", "\t"):
        for row in csv.reader(io.StringIO(text[:20000]), delimiter=delimiter):
            if row and not (len(row) == 1 and row[0].strip().startswith("[")):
                if len(row) > widest:
                    best, widest = delimiter, len(row)
                break
    return best


def read_csv(data: bytes) -> list[Table]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SpreadsheetError([DeckError(f"the CSV file is not UTF-8 text (byte {exc.start})")]) from exc
    delimiter = _csv_delimiter(text)
    tables: list[Table] = []
    current: Table | None = None
    for line, row in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), start=1):
        cells: Row = [
            None if v == "" else (v[1:] if v[:1] == "'" and v[1:2] in FORMULA_STARTS + ("'",) else v) for v in row
        ]
        first = str(cells[0]).strip() if cells and cells[0] is not None else ""
        if first.startswith("[") and first.endswith("]") and all(v is None for v in cells[1:]):
            current = Table(first[1:-1].strip(), [])
            current.first_line = line  # type: ignore[attr-defined]
            tables.append(current)
            continue
        if current is None:
            current = Table(CARDS_SHEET, [])
            current.first_line = 1  # type: ignore[attr-defined]
            tables.append(current)
        current.rows.append(cells)
        if line > MAX_ROWS:
            raise SpreadsheetError([DeckError(f"the CSV file has more than {MAX_ROWS} lines")])
    return tables


READERS = {"xlsx": read_xlsx, "ods": read_ods, "csv": read_csv}


@dataclass(frozen=True)
class Place:
    """Where a value sits, as the author's spreadsheet numbers it."""

    sheet: str
    row: int
    column: str

    def __str__(self) -> str:
        return f"sheet {self.sheet!r}, row {self.row}, column {self.column!r}"


class _Located:
    """Errors with their place, gathered while reading, reported all at once."""

    def __init__(self) -> None:
        self.errors: list[DeckError] = []

    def add(self, place: Place | str, message: str, key: str = "") -> None:
        self.errors.append(DeckError(f"{place}: {message}", key=key))


def _line_of(table: Table, index: int) -> int:
    """The row number the author sees for table.rows[index] (1-based, CSV: the file's line)."""
    return getattr(table, "first_line", 0) + index + 1


def _header(table: Table) -> tuple[int, list[str]]:
    for index, row in enumerate(table.rows):
        if any(v is not None for v in row):
            return index, [str(v).strip() if v is not None else "" for v in row]
    return -1, []


def _text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def parse_spreadsheet(data: bytes, fmt: str) -> list[DeckData]:
    """The decks of a spreadsheet (one per language it has), each checked by the deck validator.

    Raises SpreadsheetError listing every problem with its sheet, row and column."""
    if fmt not in READERS:
        raise SpreadsheetError([DeckError(f"unknown spreadsheet format {fmt!r}; expected one of {', '.join(FORMATS)}")])
    tables = {table.name.strip().lower(): table for table in READERS[fmt](data)}
    errors = _Located()
    if DECK_SHEET not in tables or CARDS_SHEET not in tables:
        missing = [name for name in (DECK_SHEET, CARDS_SHEET) if name not in tables]
        raise SpreadsheetError(
            [DeckError(f"the spreadsheet needs the sheets 'deck' and 'cards'; missing: {', '.join(missing)}")]
        )
    decks = _read_deck_sheet(tables[DECK_SHEET], errors)
    if decks:
        places = _read_cards_sheet(tables[CARDS_SHEET], decks, errors)
        for deck in decks.values():
            for error in deck_errors(deck):
                place = places.get((deck.language, error.position, error.field)) if error.position else None
                if place is None and error.position is not None:
                    place = places.get((deck.language, error.position, "key"))
                    where = f"{place}" if place else f"sheet 'cards', card #{error.position}"
                    errors.add(f"{where} ({deck.language}, field {error.field!r})", error.message, error.key)
                elif place is None:
                    column = error.field.removeprefix("deck.")
                    errors.add(f"sheet 'deck', row {column!r}, column {deck.language!r}", error.message)
                else:
                    errors.add(place, error.message, error.key)
    if errors.errors:
        raise SpreadsheetError(errors.errors)
    return list(decks.values())


def _read_deck_sheet(table: Table, errors: _Located) -> dict[str, DeckData]:
    start, header = _header(table)
    if start < 0 or not header or header[0].lower() != "field":
        errors.add(f"sheet {table.name!r}, row 1", "the first row must read: field, then one language code a column")
        return {}
    langs: dict[int, str] = {}
    for c, name in enumerate(header[1:], start=1):
        if not name:
            continue
        if name not in LANGUAGES:
            errors.add(
                Place(table.name, _line_of(table, start), name), f"unknown language; expected {', '.join(LANGUAGES)}"
            )
        elif name in langs.values():
            errors.add(Place(table.name, _line_of(table, start), name), "this language has two columns")
        else:
            langs[c] = name
    values: dict[str, dict[str, str]] = {lang: {} for lang in langs.values()}
    for index in range(start + 1, len(table.rows)):
        row = table.rows[index]
        if not row or all(v is None for v in row):
            continue
        name = _text(row[0]).strip()
        if name not in DECK_FIELDS:
            errors.add(
                Place(table.name, _line_of(table, index), "field"),
                f"unknown field {name!r}; expected {', '.join(DECK_FIELDS)}",
            )
            continue
        for c, lang in langs.items():
            values[lang][name] = _text(row[c] if c < len(row) else None)
            if name == "language" and values[lang][name] not in ("", lang):
                errors.add(Place(table.name, _line_of(table, index), lang), f"this column is the {lang!r} deck")
    decks = {}
    for lang, fields in values.items():
        decks[lang] = DeckData(
            slug=fields.get("slug", ""),
            language=lang,
            title=fields.get("title", ""),
            family=fields.get("family", ""),
            description=fields.get("description", ""),
            version=fields.get("version", "") or "1",
        )
    return decks


def _card_columns(header: list[str], langs: Iterable[str]) -> tuple[dict[tuple[str, str], int], list[str]]:
    """(field, language) -> column index, '' standing for every language; and unknown columns."""
    known: dict[tuple[str, str], int] = {}
    unknown = []
    langs = set(langs)
    for index, raw in enumerate(header):
        name = raw.strip()
        if not name:
            continue
        base, _, lang = name.rpartition("_")
        if lang not in LANGUAGES:
            base, lang = name, ""
        if base.startswith("source"):
            number, _, part = base[len("source") :].partition("_")
            if number.isdigit() and 1 <= int(number) <= MAX_SOURCES and part in ("author", "title", "year", "url"):
                known[(f"source{int(number)}.{part}", lang)] = index
                continue
        shared = base in CARD_FIELDS or (base in ("key", "kind") and not lang)
        per_language = bool(lang) and (base in TEXT_FIELDS or base in CARD_FIELDS)
        if shared or per_language:
            known[(base, lang)] = index
        else:
            unknown.append(name)
        if lang and lang not in langs:
            unknown.append(name)
    return known, unknown


def _read_cards_sheet(table: Table, decks: dict[str, DeckData], errors: _Located) -> dict[tuple[str, int, str], Place]:
    """Fill each deck's cards from the rows; return where each (language, card position, field) was read."""
    start, header = _header(table)
    places: dict[tuple[str, int, str], Place] = {}
    if start < 0:
        errors.add(f"sheet {table.name!r}", "no header row")
        return places
    columns, unknown = _card_columns(header, decks)
    for name in unknown:
        errors.add(
            Place(table.name, _line_of(table, start), name),
            "unknown column; text columns end with a language (front_fr), see docs/spreadsheets.md",
        )
    for name in ("key", "kind"):
        if (name, "") not in columns:
            errors.add(f"sheet {table.name!r}, row {_line_of(table, start)}", f"no {name!r} column")
    if errors.errors:
        return places
    counts = {lang: 0 for lang in decks}
    for index in range(start + 1, len(table.rows)):
        row = table.rows[index]
        if not row or all(v is None for v in row):
            continue
        line = _line_of(table, index)

        def cell(name: str, lang: str, row: Row = row) -> tuple[Cell, str] | None:
            """The cell for a field in a language (its own column, else the shared one) and its column."""
            for wanted in (lang, ""):
                if (name, wanted) in columns:
                    c = columns[(name, wanted)]
                    return (row[c] if c < len(row) else None), header[c]
            return None

        key = _text(row[columns[("key", "")]] if columns[("key", "")] < len(row) else None).strip()
        kind = _text(row[columns[("kind", "")]] if columns[("kind", "")] < len(row) else None).strip()
        for lang, deck in decks.items():
            front = cell("front", lang)
            if (
                front is None
                or front[0] is None
                and not any(
                    (cell(n, lang) or (None, ""))[0] is not None for n in ("back", "comparison", "scope", "notes")
                )
            ):
                continue  # no such card in this language
            counts[lang] += 1
            position = counts[lang]
            card = CardData(key=key, kind=kind, front="", back="")
            places[(lang, position, "key")] = Place(table.name, line, "key")
            places[(lang, position, "kind")] = Place(table.name, line, "kind")
            for name in TEXT_FIELDS + CARD_FIELDS:
                found = cell(name, lang)
                if found is None:
                    continue
                value, column = found
                place = Place(table.name, line, column)
                places[(lang, position, name)] = place
                if value is None:
                    continue
                if name not in COMMON_TEXT and kind in KIND_FIELDS and name not in KIND_FIELDS[kind]:
                    errors.add(place, f"a {kind} card has no {name!r}", key)
                    continue
                _set(card, name, value, place, errors, key)
            _read_sources(card, cell, lang, position, table.name, line, places, errors, key)
            deck.cards.append(card)
    return places


def _set(card: CardData, name: str, value: Cell, place: Place, errors: _Located, key: str) -> None:
    if name in NUMBER_FIELDS:
        number = _number(value)
        if number is None:
            errors.add(place, f"must be a number, not {value!r}", key)
        setattr(card, name, number)
    elif name in INTEGER_FIELDS:
        whole = _whole(value)
        if whole is None:
            errors.add(place, f"must be a whole number, not {value!r}", key)
        setattr(card, name, whole)
    elif name in LIST_FIELDS:
        setattr(card, name, [part.strip() for part in _text(value).split(",") if part.strip()])
    else:
        setattr(card, name, _text(value))


def _number(value: Cell) -> float | None:
    if isinstance(value, int | float):
        return float(value)
    try:
        return float(
            _text(value).strip().replace("\u202f", "").replace("\u00a0", "").replace(" ", "").replace(",", ".")
        )
    except ValueError:
        return None


def _whole(value: Cell) -> int | None:
    number = _number(value)
    if number is None or not number.is_integer():
        return None
    return int(number)


def _read_sources(
    card: CardData,
    cell: Any,
    lang: str,
    position: int,
    sheet: str,
    line: int,
    places: dict[tuple[str, int, str], Place],
    errors: _Located,
    key: str,
) -> None:
    places[(lang, position, "sources")] = Place(sheet, line, f"source1_author_{lang}")
    for n in range(1, MAX_SOURCES + 1):
        parts = {part: cell(f"source{n}.{part}", lang) for part in ("author", "title", "year", "url")}
        if all(found is None for found in parts.values()):
            if n > 1 and all(cell(f"source{m}.author", lang) is None for m in range(n, MAX_SOURCES + 1)):
                return
            continue
        if all(found is None or found[0] is None for found in parts.values()):
            continue
        source = SourceData(author="")
        index = len(card.sources) + 1
        for part, found in parts.items():
            if found is None:
                continue
            value, column = found
            place = Place(sheet, line, column)
            places[(lang, position, f"sources[{index}].{part}")] = place
            if part == "year":
                if value is not None:
                    whole = _whole(value)
                    if whole is None:
                        errors.add(place, f"must be a whole number, not {value!r}", key)
                    source.year = whole
            else:
                setattr(source, part, _text(value).strip() if part == "url" else _text(value))
        card.sources.append(source)
