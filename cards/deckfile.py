"""The deck file format (see docs/deck-format.md): plain data, parsing, checks, writing.

Pure module, no Django: the importer, the exporter, the admin's checks, the game engine
and the printables share these dataclasses and this one validator, so a card is judged
the same way wherever it comes from.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from dataclasses import dataclass, field
from typing import Any

from cards.jsonbounds import TooDeep, loads_bounded
from cards.units import UNITS

FORMAT_NAME = "atelier-ia-deck"
FORMAT_VERSION = 2
READABLE_VERSIONS = (1, 2)  # version 1 files are upgraded on reading (no scope, date or status)
KINDS = ("fact", "misconception", "solution", "history")
VERDICTS = ("true", "false", "depends")
ACTORS = ("individual", "organisation", "policy")
LANGUAGES = ("fr", "en")
IMAGE_TYPES = ("image/png",)
# How sure a figure is (see ../shared/reference/facts.md): a card may carry several.
STATUSES = ("measured", "estimated", "claimed", "debated")
BOUNDS = ("more_than",)  # "more than 29 Wh": the value is a floor
BASIS_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
KEY_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$")
SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,59}$")
URL_RE = re.compile(r"^https?://[^\s<>\"]+$")

MAX_LENGTHS = {
    "front": 300,
    "back": 700,
    "notes": 1500,
    "comparison": 300,
    "scope": 300,
    "as_of": 40,
    "title": 120,
    "description": 1000,
    "author": 300,
    "source_title": 300,
    "url": 500,
}
YEAR_MIN, YEAR_MAX = -3000, 2100
MAX_DEPTH = 10  # a deck file nests 4 levels (document, cards, card, sources/image): room to grow

COMMON_FIELDS = ("key", "kind", "front", "back", "notes", "sources", "image")
KIND_FIELDS_V1 = {"fact": ("value", "value_max", "unit", "comparison")}
KIND_FIELDS = {
    "fact": ("value", "value_max", "bound", "unit", "scope", "as_of", "status", "basis", "comparison"),
    "misconception": ("verdict",),
    "solution": ("actors",),
    "history": ("year",),
}
SOURCE_FIELDS = ("author", "title", "year", "url")
DECK_FIELDS = ("slug", "family", "language", "title", "description", "version")


@dataclass
class SourceData:
    author: str
    title: str = ""
    year: int | None = None
    url: str = ""


@dataclass
class ImageData:
    content_type: str
    data: bytes


@dataclass
class CardData:
    key: str
    kind: str
    front: str
    back: str
    notes: str = ""
    sources: list[SourceData] = field(default_factory=list)
    image: ImageData | None = None
    value: float | None = None
    value_max: float | None = None
    bound: str = ""  # "" or "more_than"
    unit: str = ""
    scope: str = ""  # what exactly is counted, in the deck's language
    as_of: str = ""  # the year (or years) of the data: "2023", "2018–2019"
    status: list[str] = field(default_factory=list)  # some of STATUSES, in that order
    basis: str = ""  # facts compare in a duel only on the same basis ("" included)
    comparison: str = ""
    verdict: str = ""
    actors: list[str] = field(default_factory=list)
    year: int | None = None


@dataclass
class DeckData:
    slug: str
    language: str
    title: str
    family: str = ""
    description: str = ""
    version: str = "1"
    cards: list[CardData] = field(default_factory=list)


@dataclass(frozen=True)
class DeckError:
    """One problem, located so that an author can find it in the file."""

    message: str
    position: int | None = None  # 1-based card position in the file
    key: str = ""
    field: str = ""

    def __str__(self) -> str:
        where = []
        if self.position is not None:
            where.append(f"card #{self.position}")
        if self.key:
            where.append(f"key {self.key!r}")
        if self.field:
            where.append(f"field {self.field!r}")
        return f"{', '.join(where)}: {self.message}" if where else self.message


class DeckFileError(Exception):
    def __init__(self, errors: list[DeckError]) -> None:
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


# --- validation of plain data (used by the importer, the models and the admin) ---


def card_errors(card: CardData) -> list[DeckError]:
    """Every inconsistency of one card, as (field, message) errors without position."""
    errors: list[DeckError] = []

    def err(name: str, message: str) -> None:
        errors.append(DeckError(message, key=card.key, field=name))

    if not KEY_RE.match(card.key or ""):
        err("key", "a key is 1 to 40 letters, digits, '-', '_' or '.', starting with a letter or digit")
    if card.kind not in KINDS:
        err("kind", f"unknown kind {card.kind!r}; expected one of {', '.join(KINDS)}")
    for name in ("front", "back"):
        if not (getattr(card, name) or "").strip():
            err(name, "this text is required")
    for name in ("front", "back", "notes", "comparison", "scope", "as_of"):
        text = getattr(card, name) or ""
        if len(text) > MAX_LENGTHS[name]:
            err(name, f"too long: {len(text)} characters, at most {MAX_LENGTHS[name]}")
    if card.kind == "fact":
        if card.value is None:
            err("value", "a fact needs a numeric value")
        elif card.value <= 0:
            err("value", "a fact's value must be positive (it is placed on a log scale)")
        if card.value_max is not None and card.value is not None and card.value_max < card.value:
            err("value_max", "the top of the range is below its bottom (value)")
        if not card.unit:
            err("unit", "a fact needs a unit")
        elif card.unit not in UNITS:
            err("unit", f"unknown unit {card.unit!r}; known units: {', '.join(UNITS)}")
        if not card.sources:
            err("sources", "a fact needs at least one source")
        if card.bound and card.bound not in BOUNDS:
            err("bound", f"unknown bound {card.bound!r}; expected {', '.join(BOUNDS)} or nothing")
        if card.bound and card.value_max is not None:
            err("bound", "a value is either a floor ('more than') or a range, not both")
        for status in card.status:
            if status not in STATUSES:
                err("status", f"unknown status {status!r}; expected some of {', '.join(STATUSES)}")
        if len(set(card.status)) != len(card.status):
            err("status", "a status is listed twice")
        if card.basis and not BASIS_RE.match(card.basis):
            err("basis", "a basis is 1 to 40 lowercase letters, digits and '-'")
    elif card.kind == "misconception":
        if card.verdict not in VERDICTS:
            err("verdict", f"a misconception needs a verdict: one of {', '.join(VERDICTS)}")
    elif card.kind == "solution":
        if not card.actors:
            err("actors", f"a solution needs who can act: some of {', '.join(ACTORS)}")
        for actor in card.actors:
            if actor not in ACTORS:
                err("actors", f"unknown actor {actor!r}; expected some of {', '.join(ACTORS)}")
        if len(set(card.actors)) != len(card.actors):
            err("actors", "an actor is listed twice")
    elif card.kind == "history":
        if card.year is None:
            err("year", "a history card needs a year")
        elif not YEAR_MIN <= card.year <= YEAR_MAX:
            err("year", f"the year must be between {YEAR_MIN} and {YEAR_MAX}")
    for index, source in enumerate(card.sources, start=1):
        where = f"sources[{index}]"
        if not source.author.strip():
            err(f"{where}.author", "a source needs its authors or publisher")
        if len(source.author) > MAX_LENGTHS["author"]:
            err(f"{where}.author", f"too long, at most {MAX_LENGTHS['author']} characters")
        if len(source.title) > MAX_LENGTHS["source_title"]:
            err(f"{where}.title", f"too long, at most {MAX_LENGTHS['source_title']} characters")
        if source.year is not None and not YEAR_MIN <= source.year <= YEAR_MAX:
            err(f"{where}.year", f"the year must be between {YEAR_MIN} and {YEAR_MAX}")
        if source.url and (not URL_RE.match(source.url) or len(source.url) > MAX_LENGTHS["url"]):
            err(f"{where}.url", "a URL starts with http:// or https:// and has no spaces")
    return errors


def deck_errors(deck: DeckData) -> list[DeckError]:
    errors: list[DeckError] = []
    if not SLUG_RE.match(deck.slug or ""):
        errors.append(DeckError("a slug is lowercase letters, digits and '-'", field="deck.slug"))
    if deck.family and not SLUG_RE.match(deck.family):
        errors.append(DeckError("a family is lowercase letters, digits and '-'", field="deck.family"))
    if deck.language not in LANGUAGES:
        errors.append(DeckError(f"language must be one of {', '.join(LANGUAGES)}", field="deck.language"))
    if not deck.title.strip():
        errors.append(DeckError("a deck needs a title", field="deck.title"))
    if len(deck.title) > MAX_LENGTHS["title"]:
        errors.append(DeckError("the title is too long", field="deck.title"))
    seen: dict[str, int] = {}
    for position, card in enumerate(deck.cards, start=1):
        for error in card_errors(card):
            errors.append(DeckError(error.message, position, card.key, error.field))
        if card.key in seen:
            errors.append(
                DeckError(f"duplicate key, already used by card #{seen[card.key]}", position, card.key, "key")
            )
        else:
            seen[card.key] = position
    return errors


# --- parsing a file into plain data ---


class _Reader:
    """Reads one JSON object field by field, collecting type errors instead of stopping."""

    def __init__(self, errors: list[DeckError], position: int | None, key: str, prefix: str = "") -> None:
        self.errors, self.position, self.key, self.prefix = errors, position, key, prefix

    def error(self, name: str, message: str) -> None:
        self.errors.append(DeckError(message, self.position, self.key, self.prefix + name))

    def text(self, obj: dict[str, Any], name: str, required: bool = True) -> str:
        if name not in obj:
            if required:
                self.error(name, "missing")
            return ""
        value = obj[name]
        if not isinstance(value, str):
            self.error(name, "must be a string")
            return ""
        return value

    def integer(self, obj: dict[str, Any], name: str) -> int | None:
        value = obj.get(name)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.error(name, "must be a whole number")
            return None
        return int(value)

    def number(self, obj: dict[str, Any], name: str) -> float | None:
        value = obj.get(name)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.error(name, "must be a number")
            return None
        return float(value)

    def unknown(self, obj: dict[str, Any], allowed: tuple[str, ...]) -> None:
        for name in obj:
            if name not in allowed:
                self.error(name, f"unknown field; expected only {', '.join(allowed)}")


def _parse_card(raw: Any, position: int, errors: list[DeckError], version: int = FORMAT_VERSION) -> CardData | None:
    if not isinstance(raw, dict):
        errors.append(DeckError("a card must be a JSON object", position))
        return None
    key: str = raw["key"] if isinstance(raw.get("key"), str) else ""
    r = _Reader(errors, position, key)
    kind = r.text(raw, "kind")
    kind_fields = (KIND_FIELDS_V1 if version == 1 else {}).get(kind) or KIND_FIELDS.get(kind, ())
    r.unknown(raw, COMMON_FIELDS + kind_fields)
    card = CardData(
        key=r.text(raw, "key"),
        kind=kind,
        front=r.text(raw, "front"),
        back=r.text(raw, "back"),
        notes=r.text(raw, "notes", required=False),
    )
    if kind == "fact":
        card.value = r.number(raw, "value")
        card.value_max = r.number(raw, "value_max")
        card.bound = r.text(raw, "bound", required=False)
        card.unit = r.text(raw, "unit")
        card.scope = r.text(raw, "scope", required=False)
        card.as_of = r.text(raw, "as_of", required=False)
        card.basis = r.text(raw, "basis", required=False)
        status = raw.get("status", [])
        if not isinstance(status, list) or not all(isinstance(s, str) for s in status):
            r.error("status", "must be a list of strings")
        else:
            card.status = list(status)
        card.comparison = r.text(raw, "comparison", required=False)
    elif kind == "misconception":
        card.verdict = r.text(raw, "verdict")
    elif kind == "solution":
        actors = raw.get("actors", [])
        if not isinstance(actors, list) or not all(isinstance(a, str) for a in actors):
            r.error("actors", "must be a list of strings")
        else:
            card.actors = list(actors)
    elif kind == "history":
        card.year = r.integer(raw, "year")
    sources = raw.get("sources", [])
    if not isinstance(sources, list):
        r.error("sources", "must be a list")
        sources = []
    for index, raw_source in enumerate(sources, start=1):
        sr = _Reader(errors, position, key, f"sources[{index}].")
        if not isinstance(raw_source, dict):
            sr.error("", "a source must be a JSON object")
            continue
        sr.unknown(raw_source, SOURCE_FIELDS)
        card.sources.append(
            SourceData(
                author=sr.text(raw_source, "author"),
                title=sr.text(raw_source, "title", required=False),
                year=sr.integer(raw_source, "year"),
                url=sr.text(raw_source, "url", required=False),
            )
        )
    image = raw.get("image")
    if image is not None:
        ir = _Reader(errors, position, key, "image.")
        if not isinstance(image, dict):
            r.error("image", "must be null or an object with 'type' and 'data'")
        else:
            ir.unknown(image, ("type", "data"))
            content_type = ir.text(image, "type")
            if content_type and content_type not in IMAGE_TYPES:
                ir.error("type", f"must be one of {', '.join(IMAGE_TYPES)}")
            try:
                data = base64.b64decode(ir.text(image, "data"), validate=True)
                card.image = ImageData(content_type, data)
            except (binascii.Error, ValueError):
                ir.error("data", "is not valid base64")
    return card


def parse_deck(raw_bytes: bytes, *, max_bytes: int) -> DeckData:
    """Parse and check a deck file; raise DeckFileError listing every problem found."""
    if len(raw_bytes) > max_bytes:
        raise DeckFileError([DeckError(f"the file is {len(raw_bytes)} bytes, more than the limit of {max_bytes}")])
    try:
        document = loads_bounded(raw_bytes.decode("utf-8"), max_depth=MAX_DEPTH)
    except TooDeep as exc:
        raise DeckFileError([DeckError(f"malformed deck file: {exc}")]) from None
    except UnicodeDecodeError as exc:
        raise DeckFileError([DeckError(f"the file is not UTF-8 text ({exc.reason} at byte {exc.start})")]) from exc
    except json.JSONDecodeError as exc:
        raise DeckFileError([DeckError(f"malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}")]) from exc
    if not isinstance(document, dict) or document.get("format") != FORMAT_NAME:
        raise DeckFileError([DeckError(f"not a deck file: the 'format' field must be {FORMAT_NAME!r}")])
    version = document.get("format_version")
    if isinstance(version, bool) or version not in READABLE_VERSIONS:
        readable = " and ".join(str(v) for v in READABLE_VERSIONS)
        raise DeckFileError([DeckError(f"unknown format version {version!r}; this program reads versions {readable}")])
    errors: list[DeckError] = []
    r = _Reader(errors, None, "", "deck.")
    raw_deck = document.get("deck")
    if not isinstance(raw_deck, dict):
        raise DeckFileError([DeckError("missing the 'deck' object", field="deck")])
    r.unknown(raw_deck, DECK_FIELDS)
    deck = DeckData(
        slug=r.text(raw_deck, "slug"),
        language=r.text(raw_deck, "language"),
        title=r.text(raw_deck, "title"),
        family=r.text(raw_deck, "family", required=False),
        description=r.text(raw_deck, "description", required=False),
        version=r.text(raw_deck, "version", required=False) or "1",
    )
    _Reader(errors, None, "").unknown(document, ("format", "format_version", "deck", "cards"))
    raw_cards = document.get("cards")
    if not isinstance(raw_cards, list):
        errors.append(DeckError("missing the 'cards' list", field="cards"))
        raw_cards = []
    for position, raw in enumerate(raw_cards, start=1):
        card = _parse_card(raw, position, errors, version)
        if card is not None:
            deck.cards.append(card)
    errors.extend(deck_errors(deck))
    if errors:
        raise DeckFileError(_unique(errors))
    return deck


def _unique(errors: list[DeckError]) -> list[DeckError]:
    seen: set[DeckError] = set()
    result = []
    for error in errors:
        if error not in seen:
            seen.add(error)
            result.append(error)
    return result


# --- writing plain data to a file (deterministic: same deck, same bytes) ---


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def card_to_dict(card: CardData) -> dict[str, Any]:
    out: dict[str, Any] = {"key": card.key, "kind": card.kind, "front": card.front, "back": card.back}
    if card.kind == "fact":
        out["value"] = _number(card.value) if card.value is not None else None
        if card.value_max is not None:
            out["value_max"] = _number(card.value_max)
        if card.bound:
            out["bound"] = card.bound
        out["unit"] = card.unit
        out["scope"] = card.scope
        out["as_of"] = card.as_of
        out["status"] = list(card.status)
        if card.basis:
            out["basis"] = card.basis
        out["comparison"] = card.comparison
    elif card.kind == "misconception":
        out["verdict"] = card.verdict
    elif card.kind == "solution":
        out["actors"] = list(card.actors)
    elif card.kind == "history":
        out["year"] = card.year
    out["notes"] = card.notes
    out["sources"] = [{"author": s.author, "title": s.title, "year": s.year, "url": s.url} for s in card.sources]
    if card.image is not None:
        out["image"] = {
            "type": card.image.content_type,
            "data": base64.b64encode(card.image.data).decode("ascii"),
        }
    return out


def dump_deck(deck: DeckData) -> bytes:
    document = {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "deck": {
            "slug": deck.slug,
            "family": deck.family,
            "language": deck.language,
            "title": deck.title,
            "description": deck.description,
            "version": deck.version,
        },
        "cards": [card_to_dict(card) for card in deck.cards],
    }
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
