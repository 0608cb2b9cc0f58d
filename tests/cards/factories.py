"""Plain deck data for tests: one valid card of each kind, and a deck file built from them."""

from __future__ import annotations

import copy
import json
from typing import Any

SOURCE = {
    "author": "IEA",
    "title": "Electricity 2024",
    "year": 2024,
    "url": "https://www.iea.org/reports/electricity-2024",
}

CARDS: list[dict[str, Any]] = [
    {
        "key": "A7",
        "kind": "fact",
        "front": "Une requête à ChatGPT",
        "back": "Environ 2,9 Wh.",
        "value": 2.9,
        "unit": "Wh",
        "comparison": "10 recherches web",
        "notes": "",
        "sources": [SOURCE],
    },
    {
        "key": "B3",
        "kind": "misconception",
        "front": "« Un chatbot coûte autant qu’une recherche. »",
        "back": "Faux.",
        "verdict": "false",
        "notes": "",
        "sources": [],
    },
    {
        "key": "C8",
        "kind": "solution",
        "front": "Garder ses appareils",
        "back": "La fabrication domine.",
        "actors": ["individual"],
        "notes": "",
        "sources": [],
    },
    {
        "key": "D1",
        "kind": "history",
        "front": "Turing et le jeu de l’imitation",
        "back": "Un texte fondateur.",
        "year": 1950,
        "notes": "",
        "sources": [],
    },
]


def deck_document(cards: list[dict[str, Any]] | None = None, **deck: Any) -> dict[str, Any]:
    return {
        "format": "atelier-ia-deck",
        "format_version": 1,
        "deck": {
            "slug": "essai-fr",
            "family": "essai",
            "language": "fr",
            "title": "Essai",
            "description": "",
            "version": "1",
            **deck,
        },
        "cards": copy.deepcopy(CARDS if cards is None else cards),
    }


def deck_bytes(document: dict[str, Any] | None = None) -> bytes:
    return json.dumps(document or deck_document(), ensure_ascii=False).encode()
