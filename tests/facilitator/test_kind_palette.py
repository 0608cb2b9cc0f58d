"""A card's kind has one colour and one shape on every screen, the printed card's: the screens'
palette (static/css/kinds.css) is the printables' (printables/cards.py KIND_COLOURS), and every
kind has its shape there."""

from __future__ import annotations

import re
from pathlib import Path

from printables.cards import KIND_COLOURS

# printables.cards._icon: a disc, a triangle pointing up, a square, a diamond
SHAPES = {
    "fact": "circle(",
    "misconception": "polygon(50% 2%, 100% 90%, 0 90%)",
    "solution": "inset(",
    "history": "polygon(50% 0, 100% 50%, 50% 100%, 0 50%)",
}
CSS = Path(__file__).resolve().parents[2] / "static" / "css" / "kinds.css"


def test_the_screens_colours_are_the_printed_ones():
    text = CSS.read_text()
    found = {kind: colour.lower() for kind, colour in re.findall(r"--kind-(\w+):\s*(#[0-9A-Fa-f]{6})", text)}
    assert found == {kind: "#" + colour.hexval()[2:].lower() for kind, colour in KIND_COLOURS.items()}


def test_every_kind_has_its_colour_and_shape():
    text = CSS.read_text()
    for kind in KIND_COLOURS:
        rule = re.search(rf"\[data-kind={kind}\]\s*\{{([^}}]*)\}}", text)
        assert rule, kind
        assert f"--kind: var(--kind-{kind})" in rule.group(1)
        assert f"--kind-shape: {SHAPES[kind]}" in rule.group(1)


def test_the_projector_loads_the_palette():
    screen = Path(__file__).resolve().parents[2] / "facilitator" / "templates" / "facilitator" / "screen.html"
    assert "css/kinds.css" in screen.read_text()
