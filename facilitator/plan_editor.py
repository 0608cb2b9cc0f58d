"""The plan editor's form: phases posted as numbered fields, edited in place, shown back.

Every button of the editor posts the whole form, so that what was typed survives moving a
phase up or adding one; only "Save" calls the service.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from django.utils.translation import gettext as _

from game.mechanics import MECHANICS
from game.plans import INFO, WORKSHOP_SECONDS

MECHANIC_ORDER = ("info", "timeline", "duel", "estimate", "verdict", "solutions")
KIND_OF = {name: MECHANICS[name].card_kind for name in MECHANICS} | {INFO: None}
MAX_PHASES = 30
ACTION = re.compile(r"^(up|down|remove)-(\d+)$")


def mechanic_names() -> dict[str, str]:
    return {
        "info": _("No cards (welcome, debrief…)"),
        "timeline": _("Timeline: put history cards in order"),
        "duel": _("Duels: which fact is higher? (cards two by two)"),
        "estimate": _("Estimates: how much?"),
        "verdict": _("Misconceptions: true, false or it depends"),
        "solutions": _("Solutions: choose and rank"),
    }


def _minutes(raw: Any) -> int:
    try:
        return max(0, round(float(str(raw).replace(",", ".")) * 60))
    except ValueError:
        return 0


def phases_from_post(post: Mapping[str, Any], kinds: Mapping[str, str]) -> list[dict[str, Any]]:
    """The phases as posted; cards keep the order typed in the order field, then the deck's."""
    try:
        count = min(int(post.get("phase_count", 0)), MAX_PHASES)
    except ValueError:
        count = 0
    phases = []
    for i in range(count):
        mechanic = post.get(f"phase-{i}-mechanic", INFO)
        if mechanic not in KIND_OF:
            mechanic = INFO
        chosen = [k for k in post.getlist(f"phase-{i}-cards") if kinds.get(k) == KIND_OF[mechanic]]
        typed = [k for k in re.split(r"[\s,;]+", post.get(f"phase-{i}-order", "")) if k in chosen]
        keys = list(dict.fromkeys(typed + chosen))
        phase: dict[str, Any] = {
            "title": post.get(f"phase-{i}-title", "").strip(),
            "mechanic": mechanic,
            "budget": _minutes(post.get(f"phase-{i}-minutes", "")),
            "cards": keys if mechanic != INFO else [],
        }
        if mechanic == "solutions":
            phase["options"] = {"consensus_points": bool(post.get(f"phase-{i}-consensus"))}
        phases.append(phase)
    return phases


def apply_action(phases: list[dict[str, Any]], action: str) -> list[dict[str, Any]]:
    phases = list(phases)
    if action == "add" and len(phases) < MAX_PHASES:
        phases.append({"title": _("New phase"), "mechanic": "verdict", "budget": 600, "cards": []})
    match = ACTION.match(action)
    if match:
        verb, i = match.group(1), int(match.group(2))
        if 0 <= i < len(phases):
            if verb == "remove":
                phases.pop(i)
            elif verb == "up" and i > 0:
                phases[i - 1], phases[i] = phases[i], phases[i - 1]
            elif verb == "down" and i < len(phases) - 1:
                phases[i + 1], phases[i] = phases[i], phases[i + 1]
    return phases


def phase_rows(phases: Sequence[Mapping[str, Any]], deck_cards: Sequence[Any]) -> list[dict[str, Any]]:
    """What the template shows for each phase: its fields and the deck's cards of its kind."""
    names = mechanic_names()
    rows = []
    for i, phase in enumerate(phases):
        kind = KIND_OF.get(phase.get("mechanic"), None)
        keys = list(phase.get("cards", []))
        rows.append(
            {
                "index": i,
                "number": i + 1,
                "title": phase.get("title", ""),
                "mechanic": phase.get("mechanic"),
                "mechanic_name": names.get(phase.get("mechanic"), phase.get("mechanic")),
                "minutes": round(int(phase.get("budget", 0)) / 60, 1)
                if int(phase.get("budget", 0)) % 60
                else int(phase.get("budget", 0)) // 60,
                "cards": [c for c in deck_cards if c.kind == kind] if kind else [],
                "chosen": keys,
                "order": " ".join(keys),
                "consensus": bool(phase.get("options", {}).get("consensus_points")),
                "first": i == 0,
                "last": i == len(phases) - 1,
            }
        )
    return rows


def total_summary(phases: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    total = sum(int(p.get("budget", 0)) for p in phases)
    delta = total - WORKSHOP_SECONDS
    minutes = round(abs(delta) / 60)
    if delta > 0:
        state, text = "over", _("%(n)s min over the 2 hours") % {"n": minutes}
    elif delta < 0:
        state, text = "under", _("%(n)s min under the 2 hours") % {"n": minutes}
    else:
        state, text = "exact", _("exactly the 2 hours")
    return {"seconds": total, "text": _hm(total), "state": state, "delta": text}


def _hm(seconds: int) -> str:
    hours, minutes = divmod(round(seconds / 60), 60)
    return _("%(h)s h %(m)02d min") % {"h": hours, "m": minutes}


def _basis(slug: str) -> str:
    return _("not stated") if slug == "none" else slug


def _kind(kind: str) -> str:
    names = {"fact": _("Impact fact"), "misconception": _("Misconception"), "solution": _("Solution")}
    return names.get(kind, _("History") if kind == "history" else kind)


PATTERNS = [
    (r"a plan has at least one phase", lambda m: _("A plan has at least one phase.")),
    (r"a plan needs at least one phase with cards", lambda m: _("A plan needs at least one phase with cards.")),
    (
        r"phase (\d+): a title of 1 to (\d+) characters",
        lambda m: _("Phase %(n)s: a title of 1 to %(max)s characters.") % {"n": m[1], "max": m[2]},
    ),
    (
        r"phase (\d+): a time budget in seconds, up to (\d+)",
        lambda m: _("Phase %(n)s: a time of 1 to %(max)s minutes.") % {"n": m[1], "max": int(m[2]) // 60},
    ),
    (r"phase (\d+): choose at least one card", lambda m: _("Phase %(n)s: choose at least one card.") % {"n": m[1]}),
    (
        r"phase (\d+): duels take cards two by two",
        lambda m: _("Phase %(n)s: duels take cards two by two (an even number).") % {"n": m[1]},
    ),
    (
        r"phase (\d+): an info phase has no cards",
        lambda m: _("Phase %(n)s: a phase without a game has no cards.") % {"n": m[1]},
    ),
    (
        r"phase (\d+): (\S+) and (\S+) are not in comparable units",
        lambda m: (
            _(
                "Phase %(n)s: %(a)s and %(b)s cannot meet in a duel: their units do not convert into each other "
                "(or they are shares, ratios or counts)."
            )
            % {"n": m[1], "a": m[2], "b": m[3]}
        ),
    ),
    (
        r"phase (\d+): (\S+) and (\S+) do not count the same thing \(basis (\S+) and (\S+)\)",
        lambda m: (
            _("Phase %(n)s: %(a)s and %(b)s cannot meet in a duel: they do not count the same thing (%(x)s, %(y)s).")
            % {"n": m[1], "a": m[2], "b": m[3], "x": _basis(m[4]), "y": _basis(m[5])}
        ),
    ),
    (
        r"phase (\d+): (\S+) and (\S+) overlap: no clear winner",
        lambda m: (
            _("Phase %(n)s: %(a)s and %(b)s cannot meet in a duel: their values overlap, so neither is clearly higher.")
            % {"n": m[1], "a": m[2], "b": m[3]}
        ),
    ),
    (
        r"phase (\d+): (\S+) is a floor \('more than'\): there is no value to estimate",
        lambda m: (
            _("Phase %(n)s: %(a)s is a floor (“more than”): it has no value to estimate.") % {"n": m[1], "a": m[2]}
        ),
    ),
    (
        r"phase (\d+): (\S+) is not a (\w+) card",
        lambda m: (
            _("Phase %(n)s: %(a)s is not the right kind of card for this game (expected: %(kind)s).")
            % {"n": m[1], "a": m[2], "kind": _kind(m[3])}
        ),
    ),
    (r"phase (\d+): (.*)", lambda m: _("Phase %(n)s: %(problem)s") % {"n": m[1], "problem": m[2]}),
]


def error_list(reason: str) -> list[str]:
    """plan_errors' messages, in the interface's language where they are known."""
    out = []
    for problem in filter(None, (p.strip() for p in reason.split("; "))):
        for pattern, say in PATTERNS:
            match = re.fullmatch(pattern, problem)
            if match:
                out.append(say(match))
                break
        else:
            out.append(problem)
    return out
