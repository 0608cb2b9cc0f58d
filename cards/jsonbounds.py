"""JSON from outside, parsed with a bound on its nesting (pure module, no Django).

Python's parser recurses once per level: a few thousand "[" raise RecursionError, which
callers would not expect. Every document read from a socket or a file goes through here and
gets one documented error, TooDeep (a ValueError), for anything nested deeper than it may be,
and only standard JSON: NaN and Infinity are refused like any other malformed JSON.
"""

from __future__ import annotations

import json
from typing import Any


class TooDeep(ValueError):
    def __init__(self, max_depth: int) -> None:
        super().__init__(f"nested too deeply (at most {max_depth} levels of arrays and objects)")
        self.max_depth = max_depth


def depth_of(value: Any) -> int:
    """Levels of arrays and objects in a parsed value, without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if not isinstance(item, dict | list):
            continue
        children = list(item.values()) if isinstance(item, dict) else item
        deepest = max(deepest, level)
        stack.extend((child, level + 1) for child in children if isinstance(child, dict | list))
    return deepest


def _not_json(name: str) -> Any:
    # Python reads NaN and Infinity, which JSON has not: a browser could not read them back.
    raise json.JSONDecodeError(f"{name} is not a JSON number", name, 0)


def loads_bounded(text: str, *, max_depth: int) -> Any:
    """json.loads, raising TooDeep beyond `max_depth` levels, and json.JSONDecodeError as usual
    (NaN and Infinity included)."""
    try:
        value = json.loads(text, parse_constant=_not_json)
    except RecursionError:
        raise TooDeep(max_depth) from None
    if depth_of(value) > max_depth:
        raise TooDeep(max_depth)
    return value
