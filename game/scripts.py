"""The pages' ES modules (static/js): what a module imports, and the URLs a page gives them.

A module's static imports (`import ... from "./x.js"`) are rewritten to the cache-busted
names by the static files storage; a mechanic's module is imported by name when a round
needs it (static/js/mechanics/index.js), which no storage rewrites. So the pages give those
URLs as JSON (`mechanic-modules`): the cache-busted copy is fetched, and its own imports
are the page's modules, not second copies under their plain names. A phone's pages also
preload every module it will run, so that they arrive together instead of one level of
imports per round trip (bench/phone_bytes.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from django.conf import settings
from django.templatetags.static import static

from game.mechanics import MECHANICS

SCRIPTS = settings.BASE_DIR / "static" / "js"
_IMPORT = re.compile(r'^import [^;]*?from "(\.{1,2}/[^"]+)";', re.M)  # static imports only


@lru_cache(maxsize=64)
def imported(module: str) -> tuple[str, ...]:
    """`module` (a path under static/js) and every module it imports, each once, itself first."""
    path = (SCRIPTS / module).resolve()
    found = [module]
    for name in _IMPORT.findall(path.read_text(encoding="utf-8")):
        relative = str((path.parent / name).resolve().relative_to(SCRIPTS.resolve()))
        found += [m for m in imported(relative) if m not in found]
    return tuple(found)


def mechanic_module(name: str) -> str:
    return f"mechanics/{name}.js"


def known(mechanics: Iterable[str]) -> list[str]:
    """The mechanics among `mechanics` that have a module (not "info"), sorted."""
    return sorted(name for name in set(mechanics) if name in MECHANICS)


def phone_modules(mechanics: Iterable[str] = ()) -> list[str]:
    """What a phone runs: phone.js, what it imports, and the modules of `mechanics`."""
    found: list[str] = []
    for module in ["phone.js", *map(mechanic_module, known(mechanics))]:
        found += [m for m in imported(module) if m not in found]
    return found


def mechanic_urls(mechanics: Iterable[str] | None = None) -> dict[str, str]:
    """name → the URL its module is served at (every mechanic's when None)."""
    names = known(MECHANICS if mechanics is None else mechanics)
    return {name: static(f"js/{mechanic_module(name)}") for name in names}
