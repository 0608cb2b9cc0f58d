"""Hyphenation for printed text (pyphen's dictionaries), so that a long word is broken at a
syllable with a hyphen rather than cut anywhere.

ReportLab calls the hyphenator only for a word that does not fit at the end of a line; it cuts a
word without a hyphen only when the word has no hyphenation point left (a URL, a number).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator

import pyphen

DICTIONARIES = {"fr": "fr", "en": "en_GB"}  # the decks write British English ("organisation")
MIN_WORD = 6  # shorter words are never broken


@functools.cache
def hyphenator(language: str) -> Callable[[str], Iterator[tuple[str, str]]]:
    """A callable giving a word's (left, right) splits, best first, as ReportLab's styles take."""
    dictionary = pyphen.Pyphen(lang=DICTIONARIES.get(language, "en_GB"), left=3, right=3)
    return dictionary.iterate
