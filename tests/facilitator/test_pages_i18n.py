"""The interface's French and English catalogues are complete and compiled (a fresh machine may have no gettext)."""

from __future__ import annotations

import gettext
import re

from django.conf import settings

LOCALE = settings.BASE_DIR / "locale"


def po_entries(language: str) -> dict[str, str]:
    text = (LOCALE / language / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    assert "#, fuzzy" not in text.split('msgid ""', 2)[-1], "fuzzy entries are ignored by msgfmt"
    entries = {}
    for block in text.split("\n\n"):
        msgid = re.search(r'^msgid "(.*)"$', block, re.M)
        msgstr = re.search(r'^msgstr(?:\[0\])? "(.*)"$', block, re.M)
        context = re.search(r'^msgctxt "(.*)"$', block, re.M)
        if msgid and msgstr and msgid.group(1):
            # a msgid in a context is filed as gettext files it: "context\x04msgid"
            key = f"{context.group(1)}\x04{msgid.group(1)}" if context else msgid.group(1)
            entries[key] = msgstr.group(1)
    return entries


def test_every_french_string_is_translated_and_compiled():
    entries = po_entries("fr")
    assert entries
    untranslated = [k for k, v in entries.items() if not v]
    assert untranslated == []
    with (LOCALE / "fr" / "LC_MESSAGES" / "django.mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    assert compiled.gettext("Join a game") == "Rejoindre une partie"
    stale = [k for k in entries if "\\" not in k and compiled.gettext(k) == k and entries[k] != k]
    assert stale == [], "run compilemessages: the .mo is older than the .po"


def test_the_english_catalogue_exists_for_every_string():
    assert po_entries("en").keys() == po_entries("fr").keys()
