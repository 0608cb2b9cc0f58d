"""Units a fact card may use, so that two facts can be compared and a value estimated.

Pure module (no Django): the deck file, the engine and the printables all read it.
Each unit belongs to a dimension and converts to that dimension's base unit; two facts
are comparable only when their units share a dimension.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Unit:
    code: str
    dimension: str
    factor: float  # multiply by this to get the dimension's base unit
    label_fr: str
    label_en: str

    def label(self, language: str) -> str:
        return self.label_fr if language == "fr" else self.label_en


_UNITS = [
    Unit("J", "energy", 1.0, "J", "J"),
    Unit("Wh", "energy", 3_600.0, "Wh", "Wh"),
    Unit("kWh", "energy", 3_600_000.0, "kWh", "kWh"),
    Unit("MJ", "energy", 1_000_000.0, "MJ", "MJ"),
    Unit("MWh", "energy", 3.6e9, "MWh", "MWh"),
    Unit("GWh", "energy", 3.6e12, "GWh", "GWh"),
    Unit("TWh", "energy", 3.6e15, "TWh", "TWh"),
    Unit("gCO2e", "carbon", 1.0, "g CO₂e", "g CO₂e"),
    Unit("kgCO2e", "carbon", 1_000.0, "kg CO₂e", "kg CO₂e"),
    Unit("tCO2e", "carbon", 1_000_000.0, "t CO₂e", "t CO₂e"),
    Unit("g", "mass", 1.0, "g", "g"),
    Unit("kg", "mass", 1_000.0, "kg", "kg"),
    Unit("t", "mass", 1_000_000.0, "t", "t"),
    Unit("mL", "water", 1.0, "mL", "mL"),
    Unit("L", "water", 1_000.0, "L", "L"),
    Unit("km", "distance", 1.0, "km", "km"),
    Unit("%", "share", 1.0, "%", "%"),
    Unit("x", "ratio", 1.0, "×", "×"),
    Unit("count", "count", 1.0, "", ""),
    Unit("people", "count", 1.0, "personnes", "people"),
    Unit("per_day", "count", 1.0, "par jour", "per day"),
    Unit("USD", "money", 1.0, "$ US", "US$"),
]

UNITS: dict[str, Unit] = {unit.code: unit for unit in _UNITS}


def unit_get(code: str) -> Unit:
    try:
        return UNITS[code]
    except KeyError:
        raise ValueError(f"unknown unit {code!r}; known units: {', '.join(UNITS)}") from None


def to_base(value: float, code: str) -> float:
    return value * unit_get(code).factor


def comparable(code_a: str, code_b: str) -> bool:
    """Two quantities can be put face to face only in the same dimension."""
    a, b = unit_get(code_a), unit_get(code_b)
    return a.dimension == b.dimension and a.dimension not in {"share", "ratio", "count"}


def format_number(value: float, language: str) -> str:
    """1287.5 -> '1 287,5' in French, '1,287.5' in English; no trailing '.0'."""
    text = f"{value:,.6f}".rstrip("0").rstrip(".")
    if language == "fr":
        return text.replace(",", "\u202f").replace(".", ",")
    return text


def format_quantity(value: float, value_max: float | None, code: str, language: str, bound: str = "") -> str:
    """'0,24 à 0,42 Wh', 'plus de 29 Wh' (bound 'more_than'), '2 ×'."""
    unit = unit_get(code)
    number = format_number(value, language)
    if bound == "more_than":
        number = ("plus de " if language == "fr" else "more than ") + number
    if value_max is not None and value_max != value:
        joiner = " à " if language == "fr" else " to "
        number = f"{number}{joiner}{format_number(value_max, language)}"
    label = unit.label(language)
    if not label:
        return number
    if code == "x":
        return f"{number} ×" if language == "fr" else f"{number}×"
    if code == "%":
        return f"{number}\u202f%" if language == "fr" else f"{number}%"
    return f"{number}\u00a0{label}"
