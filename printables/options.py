"""Print options, checked in one place for the views and the management commands."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from printables.errors import OptionError
from printables.layout import CARD_SIZES, DUPLEX_MODES, PAPERS

MAX_OFFSET_MM = 10.0
FACES = ("both", "fronts", "backs")
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


@dataclass(frozen=True)
class DeckOptions:
    card_size: str = "poker"
    paper: str = "a4"
    bleed: bool = True
    duplex: str = "long"  # long | short | fold
    grayscale: bool = False
    offset_x: float = 0.0  # mm, applied to back pages: + moves the backs right as seen from the back side
    offset_y: float = 0.0  # mm, + moves the backs up as seen from the back side
    faces: str = "both"  # both | fronts | backs: a printer without duplex prints one, then the other
    howto: bool = True  # a first sheet saying how to print and cut (with a blank back)

    def __post_init__(self) -> None:
        _choice("size", self.card_size, CARD_SIZES)
        _choice("paper", self.paper, PAPERS)
        _choice("duplex", self.duplex, DUPLEX_MODES)
        _choice("faces", self.faces, FACES)
        if self.faces != "both" and self.duplex == "fold":
            raise OptionError("fold mode prints each front beside its back: choose faces=both, or duplex long or short")
        for name, value in (("offset_x", self.offset_x), ("offset_y", self.offset_y)):
            if not -MAX_OFFSET_MM <= value <= MAX_OFFSET_MM:
                raise OptionError(f"{name} must be between -{MAX_OFFSET_MM:g} and {MAX_OFFSET_MM:g} mm, not {value:g}")


def _choice(name: str, value: str, allowed: Mapping[str, object] | tuple[str, ...]) -> None:
    if value not in allowed:
        raise OptionError(f"unknown {name} {value!r}; expected one of {', '.join(allowed)}")


def _flag(name: str, raw: str) -> bool:
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise OptionError(f"{name} must be 1 or 0 (or true/false), not {raw!r}")


def _millimetres(name: str, raw: str) -> float:
    try:
        value = float(raw.replace(",", "."))
    except ValueError:
        raise OptionError(f"{name} must be a number of millimetres, not {raw!r}") from None
    if value != value:  # NaN
        raise OptionError(f"{name} must be a number of millimetres, not {raw!r}")
    return value


QUERY_NAMES = ("size", "paper", "bleed", "duplex", "grayscale", "offset_x", "offset_y", "faces", "howto", "cards")


def deck_options_from_query(query: Mapping[str, str]) -> DeckOptions:
    """Options from an address's query string: size, paper, bleed, duplex, grayscale, offset_x, offset_y,
    faces, howto."""
    unknown = sorted(set(query) - set(QUERY_NAMES))
    if unknown:
        raise OptionError(f"unknown option {unknown[0]!r}; known options: {', '.join(QUERY_NAMES)}")
    return DeckOptions(
        card_size=query.get("size", "poker"),
        paper=query.get("paper", "a4"),
        bleed=_flag("bleed", query["bleed"]) if "bleed" in query else True,
        duplex=query.get("duplex", "long"),
        grayscale=_flag("grayscale", query["grayscale"]) if "grayscale" in query else False,
        offset_x=_millimetres("offset_x", query["offset_x"]) if "offset_x" in query else 0.0,
        offset_y=_millimetres("offset_y", query["offset_y"]) if "offset_y" in query else 0.0,
        faces=query.get("faces", "both"),
        howto=_flag("howto", query["howto"]) if "howto" in query else True,
    )
