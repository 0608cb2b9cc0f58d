"""No file compares mechanic names but the mechanic's own module and the registries.

A mechanic is one Python module (game/mechanics/<name>.py) and one JS module
(static/js/mechanics/<name>.js); game/mechanics/__init__.py and static/js/mechanics/index.js
list them. Anywhere else, asking "is this round a duel?" means the next mechanic would have to
be added there too: the screens, the engine and the pages ask the mechanic instead.
"""

from __future__ import annotations

import re
from pathlib import Path

from game.mechanics import INFO, MECHANICS

ROOT = Path(__file__).resolve().parent.parent
OWN = (ROOT / "game" / "mechanics", ROOT / "static" / "js" / "mechanics")
SCANNED = ("game", "facilitator", "cards", "printables", "config", "static/js", "templates")
NAMES = "|".join(sorted(MECHANICS))
LITERAL = rf"""["'`](?:{NAMES})["'`]"""
COMPARISONS = [
    re.compile(rf"(?:===?|!==?|\bnot in\b|\bin\b|\bcase\b)\s*[(\[{{]?\s*{LITERAL}"),  # x == "duel", in ("duel", ...)
    re.compile(rf"{LITERAL}\s*(?:===?|!==?|\bin\b)"),  # "duel" == x
    re.compile(rf"\[\s*{LITERAL}\s*,[^\]]*\]\s*\.includes\("),  # ["timeline", "solutions"].includes(...)
    re.compile(rf"""\.mechanic\b[^;\n]*{LITERAL}"""),  # r.mechanic ... "duel" on one line
    re.compile(rf"""{LITERAL}[^;\n]*\.mechanic\b"""),
]
JS_TABLE = re.compile(rf"^\s*(?:{NAMES})\s*:\s*\S")  # a JS table keyed by mechanic: { duel: ..., verdict: ... }


def offences(text: str, js: bool = False) -> list[str]:
    patterns = [*COMPARISONS, JS_TABLE] if js else COMPARISONS
    return [line.strip() for line in text.splitlines() if any(p.search(line) for p in patterns)]


def sources() -> list[Path]:
    files = []
    for top in SCANNED:
        for path in sorted((ROOT / top).rglob("*")):
            mine = any(path.is_relative_to(own) for own in OWN)
            if path.suffix in (".py", ".js", ".html") and "migrations" not in path.parts and not mine:
                files.append(path)
    return files


def test_no_file_outside_the_mechanics_compares_mechanic_names():
    found = {}
    for path in sources():
        name = str(path.relative_to(ROOT))
        lines = offences(path.read_text(encoding="utf-8"), js=path.suffix == ".js")
        if lines:
            found[name] = lines
    assert found == {}


def test_the_scan_reads_the_screens_the_engine_and_the_pages():
    names = {str(p.relative_to(ROOT)) for p in sources()}
    assert {"game/engine.py", "game/messages.py", "facilitator/plan_editor.py", "static/js/phone.js"} <= names
    assert {"static/js/screen.js", "static/js/control.js", "facilitator/templates/facilitator/plan_edit.html"} <= names
    assert not any(n.startswith(("game/mechanics/", "static/js/mechanics/")) for n in names)


def test_the_scan_catches_the_comparisons_the_code_used_to_make():
    before = [
        'if phases and phases[-1]["mechanic"] == mechanic and mechanic in ("verdict", "estimate"):',
        'if mechanic == "duel" and len(keys) % 2:',
        'shown = shuffled(hand, current.number) if current.mechanic in ("timeline", "solutions") else hand',
        '  if (r.mechanic === "duel") return cut(cardOf(r, choice).front, n);',
        '      const said = ["timeline", "solutions"].includes(r.mechanic) ? "✓" : words(T, r, answer, 28);',
        '{% if row.mechanic == "solutions" %}',
        '    for mechanic in ("verdict", "estimate", "timeline", "solutions"):',
        "    match mechanic:\n        case 'timeline':",
    ]
    assert [bool(offences(line)) for line in before] == [True] * len(before)
    assert offences('    duel: T("duel_prompt"),', js=True)  # the phone's old table of prompts
    fine = [
        'back["verdict"] = card.get("verdict")',
        '<p id="verdict" class="verdict"></p>',
        'const head = $("verdict");',
        f"if mechanic == {INFO!r}:",  # a phase with no game is not a mechanic
        'hand.className = "hand-view hand-" + r.mechanic;',
    ]
    assert [offences(line) for line in fine] == [[]] * len(fine)
