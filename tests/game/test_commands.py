"""One registry of staff commands (game.commands): the wire parser checks the arguments it
declares, the service applies what it declares and refreshes what it says."""

from __future__ import annotations

import json

import pytest

from game.commands import COMMANDS
from game.messages import BadMessage, parse_client

SAMPLE = {"int": 30, "text": "t1", "answer": "false"}


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_the_parser_takes_each_command_with_the_arguments_its_entry_declares(name):
    command = COMMANDS[name]
    full = {"type": "command", "name": name} | {a.name: SAMPLE[a.kind] for a in command.args}
    assert parse_client(json.dumps(full)).args == {a.name: SAMPLE[a.kind] for a in command.args}
    for arg in command.args:
        if not arg.optional:
            with pytest.raises(BadMessage, match=f"needs '{arg.name}'"):
                parse_client(json.dumps({k: v for k, v in full.items() if k != arg.name}))
        if arg.kind == "int":
            with pytest.raises(BadMessage, match="whole number"):
                parse_client(json.dumps(full | {arg.name: "30"}))


def test_an_unknown_command_is_refused_by_the_parser():
    with pytest.raises(BadMessage, match="unknown command"):
        parse_client(json.dumps({"type": "command", "name": "drop_tables"}))


def test_the_commands_that_move_the_round_refresh_every_team_and_the_team_ones_the_roster():
    assert {n for n, c in COMMANDS.items() if "all_teams" in c.refresh} == {
        "start",
        "next",
        "back",
        "restart",
        "close",
        "skip",
        "end",
        "reveal",
    }
    roster = {n for n, c in COMMANDS.items() if "roster" in c.refresh}
    assert roster == {
        "add_team",
        "rename_team",
        "remove_team",
        "balance",
        "rename_player",
        "move_player",
        "remove_player",
    }
    assert COMMANDS["enter_answer"].refresh == {"team"}
