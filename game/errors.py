"""What each GameError code says to people, in the session's language."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from game.engine import GameError

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
    "wrong_phase": _("Not possible at this stage of the session."),
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
    "bad_hand": _("These cards cannot be played together: %(reason)s"),
    "bad_plan": _("This plan cannot be played: %(reason)s"),
    "bad_break": _("A break lasts from 1 to %(max)s minutes."),
    "no_break": _("There is no break going on."),
    "forbidden": _("Only the facilitator can do this."),
    "unavailable": _("Not saved: the server cannot reach its database right now. Retrying…"),
    "too_fast": _("Too many messages at once: wait a second, then try again."),
}


def error_text(error: GameError, language: str = "fr") -> str:
    template = MESSAGES.get(error.code, _("Not possible now."))
    with translation.override(language):
        return str(template) % error.params if error.params else str(template)
