"""Hypothesis strategies shared by the fuzz tests: JSON values, and values nested past any bound."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

# Bounded so that the whole fuzz suite runs in well under a minute, the same inputs every run
# (derandomize: a CI failure is reproduced locally), and nothing written to a .hypothesis folder.
FUZZ = settings(
    max_examples=400,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)

scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=40)
json_values = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=12), children, max_size=5),
    max_leaves=30,
)


@st.composite
def deeply_nested(draw: st.DrawFn) -> str:
    depth = draw(st.integers(min_value=5, max_value=3000))
    opener, closer = draw(st.sampled_from([("[", "]"), ('{"a":', "}")]))
    inner = json.dumps(draw(scalars))
    return opener * depth + inner + closer * draw(st.integers(min_value=0, max_value=depth))
