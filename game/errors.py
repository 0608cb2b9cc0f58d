"""What each GameError code and each Problem says to people, in the session's language.

The one place where errors become words: the engine, the plans and the mechanics raise and
return codes with parameters (GameError, Problem); pages, sockets and commands word them here.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from game.engine import GameError
from game.mechanics import Problem

MESSAGES = {
    "unknown_code": _("No open session has this code. Check the code on the screen."),
    "room_closed": _("This session is not open."),
    "room_locked": _("The room is locked: ask the facilitator to let you in."),
    "teams_frozen": _("Teams are set once the game has started: ask the facilitator to move you."),
    "unknown_team": _("This team does not exist."),
    "unknown_player": _("This player is not in the session."),
    "empty_name": _("A name cannot be empty."),
    "name_too_long": _("A name has at most %(max)s characters."),
    "nickname_taken": _("This nickname is taken: choose another one."),
    "too_many_teams": _("At most %(max)s teams."),
    "last_team": _("A session keeps at least one team."),
    "no_team": _("You are not in a team yet."),
    "bad_scoring": _("Unknown scoring mode."),
    "empty_plan": _("Choose at least one card."),
    "no_mechanic": _("No game uses this kind of card yet."),
    "bad_duration": _("A countdown lasts from %(min)s to %(max)s seconds."),
    "wrong_lifecycle": _("Not possible at this stage of the session."),
    "no_such_card": _("There is no such card in the plan."),
    "no_more_cards": _("That was the last card."),
    "no_previous_card": _("This is the first card."),
    "no_card": _("No card is being played."),
    "not_answering": _("Answers are not open."),
    "not_paused": _("The game is not paused."),
    "paused": _("The game is paused."),
    "time_up": _("Time is up for this card."),
    "not_current_round": _("This card is no longer being played."),
    "team_locked": _("Your team's answer is already locked."),
    "not_captain": _("Only the team's captain can lock the answer."),
    "nothing_to_lock": _("Nobody in the team has answered yet."),
    "already_revealed": _("The answer is already revealed."),
    "skipped": _("This card was skipped."),
    "bad_choice": _("This is not one of the possible answers."),
    "bad_command": _("Unknown command."),
    "bad_hand": _("These cards cannot be played together."),
    "bad_plan": _("This plan cannot be played."),
    "not_lockable": _("In this game everyone answers for themselves: there is nothing to lock."),
    "bad_break": _("A break lasts from 1 to %(max)s minutes."),
    "no_break": _("There is no break going on."),
    "forbidden": _("Only the facilitator can do this."),
    "unavailable": _("Not saved: the server cannot reach its database right now. Retrying…"),
    "too_fast": _("Too many messages at once: wait a second, then try again."),
}


# A plan's or a hand's problems; %(n)s is the phase's number. Codes raised by the mechanics
# (game/mechanics/*.py) and by game/plans.py.
PROBLEMS: dict[str, Promise] = {
    "plan_empty": _("A plan has at least one phase."),
    "plan_no_rounds": _("A plan needs at least one phase with cards."),
    "phase_not_object": _("Phase %(n)s: not a phase."),
    "phase_title": _("Phase %(n)s: a title of 1 to %(max)s characters."),
    "phase_budget": _("Phase %(n)s: a time of 1 to %(max)s minutes."),
    "unknown_mechanic": _("Phase %(n)s: there is no game %(mechanic)s."),
    "phase_cards": _("Phase %(n)s: the cards are a list of card keys."),
    "phase_options": _("Phase %(n)s: the options are not readable."),
    "missing_cards": _("Phase %(n)s: the deck has no card %(keys)s."),
    "phase_takes_no_cards": _("Phase %(n)s: a phase without a game has no cards."),
    "no_card_chosen": _("Phase %(n)s: choose at least one card."),
    "option_text": _("Phase %(n)s: the text of 1 to %(max)s characters is missing."),
    "phase_weight": _("Phase %(n)s: a weight is a whole number from %(min)s to %(max)s."),
    "weight_unscored": _("Phase %(n)s: this game gives no points, so it takes no weight."),
    "hand_size": _("Phase %(n)s: a round of this game shows %(low)s to %(high)s cards."),
    "wrong_kind": _("Phase %(n)s: %(a)s is not the right kind of card for this game (expected: %(kind)s)."),
    "no_unit": _("Phase %(n)s: %(key)s has no known unit."),
    "duel_odd": _("Phase %(n)s: duels take cards two by two (an even number)."),
    "duel_units": _(
        "Phase %(n)s: %(a)s and %(b)s cannot meet in a duel: their units do not convert into each other "
        "(or they are shares, ratios or counts)."
    ),
    "duel_basis": _(
        "Phase %(n)s: %(a)s and %(b)s cannot meet in a duel: they do not count the same thing (%(x)s, %(y)s)."
    ),
    "duel_overlap": _(
        "Phase %(n)s: %(a)s and %(b)s cannot meet in a duel: their values overlap, so neither is clearly higher."
    ),
    "floor_estimate": _("Phase %(n)s: %(a)s is a floor (“more than”): it has no value to estimate."),
}


def _kind(kind: Any) -> str:
    names = {
        "fact": _("Impact fact"),
        "misconception": _("Misconception"),
        "solution": _("Solution"),
        "history": _("History"),
    }
    return str(names.get(str(kind), kind))


def problem_text(problem: Problem) -> str:
    """One problem in words, in the active language."""
    params = dict(problem.params) | {"n": problem.phase if problem.phase is not None else "?"}
    params.setdefault("a", params.get("key"))
    if problem.code == "phase_budget":
        params["max"] = int(params["max"]) // 60
    if problem.code == "wrong_kind":
        params["kind"] = _kind(params.get("kind"))
    if problem.code == "duel_basis":
        params["x"] = params["x"] or gettext("not stated")
        params["y"] = params["y"] or gettext("not stated")
    template = PROBLEMS.get(problem.code)
    if template is None:
        return gettext("Phase %(n)s: not possible (%(code)s).") % {"n": params["n"], "code": problem.code}
    return str(template) % params


def problem_texts(problems: Iterable[Problem], language: str | None = None) -> list[str]:
    if language is None:
        return [problem_text(p) for p in problems]
    with translation.override(language):
        return [problem_text(p) for p in problems]


def error_text(error: GameError, language: str = "fr") -> str:
    template = MESSAGES.get(error.code, _("Not possible now."))
    with translation.override(language):
        params = {k: v for k, v in error.params.items() if not isinstance(v, Problem | list)}
        text = str(template) % params if params else str(template)
        return " ".join([text, *error_texts(error)])


def error_texts(error: GameError) -> list[str]:
    """The problems a GameError carries (a plan's, a hand's), worded in the active language."""
    problems = list(error.params.get("problems", []))
    if isinstance(error.params.get("problem"), Problem):
        problems.append(error.params["problem"])
    return [problem_text(p) for p in problems]
