"""Errors of the printables: each message names what the deck author or facilitator must fix."""

from __future__ import annotations


class PrintError(ValueError):
    """The deck cannot be printed as asked."""


class OptionError(PrintError):
    """A print option is unknown or out of range."""


class TextDoesNotFit(PrintError):
    def __init__(self, where: str, detail: str = "") -> None:
        self.where = where
        message = f"{where}: the text does not fit, even at the smallest size (7 pt); shorten it"
        super().__init__(f"{where}: {detail}" if detail else message)


class MissingGlyph(PrintError):
    def __init__(self, where: str, char: str) -> None:
        self.where, self.char = where, char
        super().__init__(f"{where}: the character {char!r} (U+{ord(char):04X}) is not in the embedded font; replace it")
