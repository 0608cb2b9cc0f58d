"""The scripts' words: gettext's `djangojs` domain (extracted from static/js by
`manage.py makemessages -d djangojs`), as Django's JavaScript catalogue gives it.

The pages embed it as JSON (`{% js_catalogue %}`): under the CSP no inline script runs, and the
phone gets its words with the page, in the same round trip. static/js/i18n.js reads it and
offers gettext, ngettext and interpolate to every module.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation.trans_real import DjangoTranslation
from django.views.i18n import JavaScriptCatalog


@lru_cache(maxsize=8)
def _catalogue(language: str) -> dict[str, Any]:
    view = JavaScriptCatalog(domain="djangojs")
    # our catalogue only (LOCALE_PATHS), not the admin's scripts' words
    ours = [str(path) for path in settings.LOCALE_PATHS]
    view.translation = DjangoTranslation(language, domain="djangojs", localedirs=ours)
    # a word that is its own translation (English) needs no bytes: i18n.js shows the msgid
    return {msgid: text for msgid, text in view.get_catalog().items() if text != msgid}


def js_catalogue(language: str | None = None) -> dict[str, Any]:
    """msgid → translation (a list of forms for a plural) in the current language; English
    words are their own msgids, so English sends only the plurals' forms it needs."""
    return _catalogue(language or get_language() or "fr")
