"""Errors of the printables: each message names what the deck author or facilitator must fix."""

from __future__ import annotations

import unicodedata


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
        name = unicodedata.name(char, "").lower()
        what = f" ({name})" if name else ""
        super().__init__(
            f"{where}: the character {char!r} (U+{ord(char):04X}){what} is not in the embedded font; replace it"
        )


class UnshapedScript(PrintError):
    """A character of a script the embedded font and the PDF writer cannot set correctly: a
    right-to-left script would print its letters unjoined and left to right."""

    def __init__(self, where: str, char: str, script: str) -> None:
        self.where, self.char = where, char
        super().__init__(
            f"{where}: the character {char!r} (U+{ord(char):04X}) is {script}, which this PDF cannot print "
            "correctly; write this card in a left-to-right Latin, Greek or Cyrillic script"
        )


class ImageTooCoarse(PrintError):
    def __init__(self, where: str, ppi: float, size: str) -> None:
        self.where, self.ppi = where, ppi
        on = f" on {size} cards" if size else ""
        super().__init__(
            f"{where}: the image would print at {ppi:.0f} ppi{on}, below the 200 ppi a print needs; "
            "use a larger image (it prints sharply at 300 ppi)"
        )
