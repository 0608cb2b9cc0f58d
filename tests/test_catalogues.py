"""Every string marked for translation in the code, the templates and the mechanics is in the
French and English catalogues (they are kept by hand: this is what makemessages would add)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ("config", "cards", "game", "facilitator", "printables", "templates", "manage.py")


def msgids(po: Path) -> set[str]:
    """The msgids of a .po file (the singular of a plural entry), multi-line ones joined."""
    found = set()
    for block in po.read_text(encoding="utf-8").split("\n\n"):
        match = re.search(r'^msgid ((?:".*"\n)+)(?:msgid_plural|msgstr)', block + "\n", re.M)
        if match:
            text = "".join(re.findall(r'^"(.*)"$', match.group(1), re.M))
            if text:
                found.add(text)
    return found


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs GNU gettext (apt-get install gettext)")
def test_every_marked_string_is_in_both_catalogues(tmp_path):
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__", "*.mo", "*.po"))
        else:
            shutil.copy(source, tmp_path / name)
    (tmp_path / "locale" / "fr" / "LC_MESSAGES").mkdir(parents=True)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "fr", "--no-location"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "config.settings", "PYTHONPATH": str(tmp_path)},
    )
    marked = msgids(tmp_path / "locale" / "fr" / "LC_MESSAGES" / "django.po")
    assert len(marked) > 300
    for language in ("fr", "en"):
        missing = marked - msgids(ROOT / "locale" / language / "LC_MESSAGES" / "django.po")
        assert sorted(missing) == [], language


def translations(po: Path) -> dict[str, str]:
    """msgid → its (first) msgstr, for the entries of a .po file."""
    found = {}
    for block in po.read_text(encoding="utf-8").split("\n\n"):
        msgid = re.search(r'^msgid ((?:".*"\n)+)', block + "\n", re.M)
        msgstr = re.search(r'^msgstr(?:\[0\])? ((?:".*"\n)+)', block + "\n", re.M)
        if msgid and msgstr:
            key = "".join(re.findall(r'^"(.*)"$', msgid.group(1), re.M))
            if key:
                found[key] = "".join(re.findall(r'^"(.*)"$', msgstr.group(1), re.M))
    return found


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs GNU gettext (apt-get install gettext)")
def test_every_script_word_is_in_the_javascript_catalogues(tmp_path):
    """static/js's gettext/ngettext calls (makemessages -d djangojs) are all translated in
    locale/*/djangojs.po: `make messages` adds them, a person translates them."""
    shutil.copytree(ROOT / "static" / "js", tmp_path / "static" / "js")
    shutil.copy(ROOT / "manage.py", tmp_path / "manage.py")
    shutil.copytree(ROOT / "config", tmp_path / "config", ignore=shutil.ignore_patterns("__pycache__"))
    for app in ("cards", "game", "facilitator", "printables"):
        shutil.copytree(ROOT / app, tmp_path / app, ignore=shutil.ignore_patterns("__pycache__", "*.py[co]"))
    (tmp_path / "locale" / "fr" / "LC_MESSAGES").mkdir(parents=True)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-d", "djangojs", "-l", "fr", "--no-location"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "config.settings", "PYTHONPATH": str(tmp_path)},
    )
    marked = msgids(tmp_path / "locale" / "fr" / "LC_MESSAGES" / "djangojs.po")
    assert "Connection lost, reconnecting…" in marked
    for language in ("fr", "en"):
        known = translations(ROOT / "locale" / language / "LC_MESSAGES" / "djangojs.po")
        assert sorted(marked - set(known)) == [], language
        assert sorted(m for m in marked if not known[m]) == [], f"{language}: words left untranslated"


def test_the_page_embeds_the_scripts_words_in_its_language():
    from django.utils import translation

    from game.i18n import js_catalogue

    with translation.override("fr"):
        assert js_catalogue()["Connection lost, reconnecting…"] == "Connexion perdue, reconnexion…"
    with translation.override("en"):
        assert "Connection lost, reconnecting…" not in js_catalogue()  # its own msgid: no bytes


def test_a_phone_page_carries_only_the_words_of_the_scripts_it_loads():
    """game/i18n.py: the phone's catalogue is the words of phone.js (and what it imports) and of
    its session's mechanics, read from their gettext calls; the staff screens get them all."""
    from game.i18n import js_catalogue

    everything = js_catalogue("fr")
    phone = js_catalogue("fr", ["phone.js", "mechanics/verdict.js"])
    assert phone["Right!"] == "Bien vu\u00a0!"  # phone.js's own
    assert phone["It depends"] == "Ça dépend"  # its session's mechanic
    assert phone["Connected"] == everything["Connected"]  # socket.js, imported by phone.js
    assert "Final scores" not in phone  # the projector's (screen.js)
    assert "The true order" not in phone  # a mechanic the session does not play
    assert set(phone) < set(everything)
    # English words are their own msgids: only the plurals' forms travel
    assert all(isinstance(text, list) for text in js_catalogue("en", ["phone.js"]).values())
