"""Fuzzing the websocket message parser (game.messages.parse_client): whatever a socket sends,
the only exception is the documented BadMessage (TooBig included), and what it accepts is typed."""

from __future__ import annotations

import json
import typing

from hypothesis import example, given
from hypothesis import strategies as st

from game.messages import COMMANDS, MAX_FRAME, BadMessage, ClientMessage, parse_client
from tests.fuzz.strategies import FUZZ, deeply_nested, json_values

KNOWN_TYPES = typing.get_args(typing.get_type_hints(ClientMessage)["type"])  # the protocol's own list
TYPES = [*KNOWN_TYPES, "dance", "", None]
FIELDS = ["round", "choice", "team", "name", "seconds", "index", "minutes", "label", "player", "nickname", "answer"]


@st.composite
def near_messages(draw: st.DrawFn) -> str:
    """Frames that look like the protocol: a known type, known field names, any values."""
    message = {"type": draw(st.sampled_from(TYPES))}
    if message["type"] == "command":
        message["name"] = draw(st.sampled_from([*COMMANDS, "drop_tables"]))
    for field in draw(st.lists(st.sampled_from(FIELDS), max_size=5, unique=True)):
        message[field] = draw(json_values)
    return json.dumps(message)


def parse(text: str | None) -> ClientMessage | None:
    try:
        message = parse_client(text)
    except BadMessage as error:
        refusal = str(error)
    else:
        refusal = None
    if refusal is not None:
        assert refusal  # a message for the sender, always
        return None
    assert message.type in KNOWN_TYPES
    if message.type in ("propose", "lock"):
        assert isinstance(message.round, int) and not isinstance(message.round, bool)
    if message.type == "command":
        assert message.name in COMMANDS and isinstance(message.args, dict)
    json.dumps([message.choice, message.args], allow_nan=False)  # standard JSON only: no NaN
    return message


@FUZZ
@given(st.text(max_size=MAX_FRAME + 200))
def test_any_text_is_parsed_or_refused_with_bad_message(text):
    parse(text)


@FUZZ
@given(json_values)
def test_any_json_value_is_parsed_or_refused_with_bad_message(value):
    parse(json.dumps(value))


@FUZZ
@given(near_messages())
@example('{"type": "command", "name": []}')  # found by this test: unhashable, a TypeError
@example('{"type": "command", "name": {"a": 1}}')
def test_frames_that_look_like_the_protocol_are_parsed_or_refused(text):
    parse(text)


@FUZZ
@given(deeply_nested())
def test_nesting_of_any_depth_is_refused_not_crashed(text):
    assert parse(text) is None or text.count("[") + text.count("{") <= 4


def test_nan_and_infinity_are_refused():
    for constant in ("NaN", "Infinity", "-Infinity"):
        assert parse(f'{{"type": "propose", "round": 1, "choice": {constant}}}') is None


def test_binary_frames_are_refused():
    assert parse(None) is None
