"""The plan editor's form: phases posted as numbered fields, edited in place, shown back.

Every button of the editor posts the whole form, so that what was typed survives moving a
phase up or adding one; only "Save" calls the service.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from django.http import QueryDict
from django.utils.translation import gettext as _

from game.mechanics import INFO, INFO_LABEL, MECHANICS, NEW_PHASE
from game.mechanics.base import ROUND_POINTS, WEIGHT_DEFAULT, WEIGHT_MAX, WEIGHT_MIN, WEIGHT_OPTION
from game.plans import WORKSHOP_SECONDS

KIND_OF = {name: MECHANICS[name].plays.kind for name in MECHANICS} | {INFO: None}
MAX_PHASES = 30
ACTION = re.compile(r"^(up|down|remove)-(\d+)$")


def mechanic_names() -> dict[str, str]:
    """The games a phase may play, in the editor's order (a phase with no game first)."""
    return {INFO: _(INFO_LABEL)} | {name: _(m.label) for name, m in MECHANICS.items()}


def _option_field(i: int, name: str) -> str:
    return f"phase-{i}-option-{name}"


def _weight_field(i: int) -> str:
    return _option_field(i, WEIGHT_OPTION)  # an option every scored mechanic has


def _weight(raw: Any) -> Any:
    """The weight as typed: a whole number, or the text itself for game.plans to refuse."""
    text = str(raw or "").strip()
    if not text:
        return WEIGHT_DEFAULT
    try:
        return int(text)
    except ValueError:
        return text


def _minutes(raw: Any) -> int:
    try:
        return max(0, round(float(str(raw).replace(",", ".")) * 60))
    except ValueError:
        return 0


def phases_from_post(post: QueryDict, kinds: Mapping[str, str]) -> list[dict[str, Any]]:
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
        spec = MECHANICS.get(mechanic)
        options: dict[str, Any] = {}
        if spec is not None and spec.options:
            options = spec.clean_options({o.name: post.get(_option_field(i, o.name)) for o in spec.options})
        if spec is not None and spec.scored:
            weight = _weight(post.get(_weight_field(i)))
            if weight != WEIGHT_DEFAULT:  # a plan says only the weights that differ
                options[WEIGHT_OPTION] = weight
        if options or (spec is not None and spec.options):
            phase["options"] = options
        phases.append(phase)
    return phases


def apply_action(phases: list[dict[str, Any]], action: str) -> list[dict[str, Any]]:
    phases = list(phases)
    if action == "add" and len(phases) < MAX_PHASES:
        phases.append({"title": _("New phase"), "mechanic": NEW_PHASE, "budget": 600, "cards": []})
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
        kind = KIND_OF.get(str(phase.get("mechanic")), None)
        spec = MECHANICS.get(str(phase.get("mechanic")))
        keys = list(phase.get("cards", []))
        values = phase.get("options", {}) if isinstance(phase.get("options"), dict) else {}
        options = [
            {
                "field": _option_field(i, o.name),
                "kind": o.kind,
                "label": _(o.label),
                "value": values.get(o.name, False if o.kind == "bool" else ""),
                "max_length": o.max_length,
            }
            for o in (spec.options if spec else ())
        ]
        rows.append(
            {
                "index": i,
                "number": i + 1,
                "title": phase.get("title", ""),
                "mechanic": phase.get("mechanic"),
                "mechanic_name": names.get(str(phase.get("mechanic")), phase.get("mechanic")),
                "minutes": round(int(phase.get("budget", 0)) / 60, 1)
                if int(phase.get("budget", 0)) % 60
                else int(phase.get("budget", 0)) // 60,
                "cards": [c for c in deck_cards if c.kind == kind] if kind else [],
                "chosen": keys,
                "order": " ".join(keys),
                "options": options,
                "weighted": spec is not None and spec.scored,
                "weight_field": _weight_field(i),
                "weight": values.get(WEIGHT_OPTION, WEIGHT_DEFAULT),
                "pairs": spec is not None and spec.plays.hand == (2, 2),
                "takes_cards": kind is not None,
                "first": i == 0,
                "last": i == len(phases) - 1,
            }
        )
    return rows


def weight_limits() -> dict[str, Any]:
    """The weight field's bounds and what it means, for the template."""
    hint = _("A round is worth up to %(points)s points times this weight (0: practice, no points).")
    return {"min": WEIGHT_MIN, "max": WEIGHT_MAX, "hint": hint % {"points": ROUND_POINTS}}


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
