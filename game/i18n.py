"""The scripts' words: gettext's `djangojs` domain (extracted from static/js by
`manage.py makemessages -d djangojs`), as Django's JavaScript catalogue gives it.

The pages embed it as JSON (`{% js_catalogue %}`): under the CSP no inline script runs, and the
phone gets its words with the page, in the same round trip. static/js/i18n.js reads it and
offers gettext, ngettext and interpolate to every module.

A phone is light in bytes: its page carries only the words of the modules it loads
(`{% js_catalogue modules %}`: phone.js and what it imports, and its session's mechanics), read
once from their gettext/ngettext calls.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation.trans_real import DjangoTranslation
from django.views.i18n import JavaScriptCatalog

from game.scripts import SCRIPTS, imported

_CALL = re.compile(r'\bn?gettext\(\s*("(?:[^"\\]|\\.)*")')  # a call's msgid (a plural's singular)


@lru_cache(maxsize=8)
def _catalogue(language: str) -> dict[str, Any]:
    view = JavaScriptCatalog(domain="djangojs")
    # our catalogue only (LOCALE_PATHS), not the admin's scripts' words
    ours = [str(path) for path in settings.LOCALE_PATHS]
    view.translation = DjangoTranslation(language, domain="djangojs", localedirs=ours)
    # a word that is its own translation (English) needs no bytes: i18n.js shows the msgid
    return {msgid: text for msgid, text in view.get_catalog().items() if text != msgid}


@lru_cache(maxsize=64)
def _words_of(module: str) -> frozenset[str]:
    """The msgids a module of static/js (a path relative to it) and those it imports say."""
    words: set[str] = set()
    for name in imported(module):
        source = (SCRIPTS / name).read_text(encoding="utf-8")
        words |= {json.loads(literal) for literal in _CALL.findall(source)}
    return frozenset(words)


@lru_cache(maxsize=64)
def _filtered(language: str, modules: frozenset[str]) -> dict[str, Any]:
    words = frozenset().union(*(_words_of(module) for module in modules))
    return {msgid: text for msgid, text in _catalogue(language).items() if msgid in words}


def js_catalogue(language: str | None = None, modules: Iterable[str] | None = None) -> dict[str, Any]:
    """msgid → translation (a list of forms for a plural) in the current language; English
    words are their own msgids, so English sends only the plurals' forms it needs. With
    `modules` (paths under static/js), only the words those modules and their imports say."""
    language = language or get_language() or "fr"
    if modules is None:
        return _catalogue(language)
    return _filtered(language, frozenset(modules))
