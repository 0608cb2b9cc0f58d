"""How sure a figure is, in words: the one place that turns a fact's status, data year and
bound into the phrases every screen, printed card, guide and report shows.

Pure module (no Django), like cards.deckfile: the printables render under the deck's language,
not the request's, so the two languages are spelled out here.
"""

from __future__ import annotations

from collections.abc import Iterable

from cards.deckfile import STATUSES

STATUS_WORDS: dict[str, dict[str, str]] = {
    "fr": {
        "measured": "mesuré",
        "estimated": "estimé",
        "claimed": "annoncé par l’entreprise, non vérifié",
        "debated": "chiffre débattu",
    },
    "en": {
        "measured": "measured",
        "estimated": "estimated",
        "claimed": "claimed by the company, not independently checked",
        "debated": "debated figure",
    },
}
DATA_AS_OF = {"fr": "données {year}", "en": "data {year}"}
# A figure the room should not take at face value: the screens show it as a caution.
CAUTION = frozenset({"claimed", "debated"})


def status_words(statuses: Iterable[str], language: str) -> list[str]:
    words = STATUS_WORDS["fr" if language == "fr" else "en"]
    given = set(statuses)
    return [words[s] for s in STATUSES if s in given]


def is_caution(statuses: Iterable[str]) -> bool:
    return bool(CAUTION.intersection(statuses))


def provenance_line(statuses: Iterable[str], as_of: str, language: str) -> str:
    """'Estimé · chiffre débattu · données 2023' (capitalised, empty when nothing is known)."""
    parts = status_words(statuses, language)
    if as_of:
        parts.append(DATA_AS_OF["fr" if language == "fr" else "en"].format(year=as_of))
    text = " · ".join(parts)
    return text[:1].upper() + text[1:]
