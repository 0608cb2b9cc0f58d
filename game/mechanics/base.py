"""What every mechanic shares: the cards it is handed, the votes it settles, the problems it reports.

Pure module, no Django. A mechanic is one module of this package (verdict, duel, estimate,
timeline, solutions, opinion) holding one subclass of `Mechanic`; the registry
(`game.mechanics`) lists them. Nothing outside the package asks which mechanic a round is.
"""

from __future__ import annotations

import hashlib
import math
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from random import Random
from typing import Any, ClassVar, Literal, Protocol

from cards.units import UNITS
from game.mechanics.report import Cell, Line, ReportSection, ReportTable

Card = Mapping[str, Any]
OptionKind = Literal["bool", "text"]

# Every scored round is worth the same at most, whatever its mechanic: ROUND_POINTS, times the
# weight its phase gives it (the plan's phase option "weight", checked by game.plans; 1 when
# absent, 0 for a round played for practice). A mechanic gives each team a share of it (0 to 1).
# Why 10: a verdict or a duel is all or nothing, but an estimate's bands (all, two thirds, one
# third: 10, 7, 3) and a timeline's pairs need room for partial credit in whole points, and a room
# adds tens in its head; a whole-number weight keeps every score a whole number.
ROUND_POINTS = 10
WEIGHT_OPTION = "weight"
WEIGHT_DEFAULT = 1
WEIGHT_MIN, WEIGHT_MAX = 0, 5


def weight_of(options: Mapping[str, Any]) -> int:
    """The weight a round's options give it (the default for none, or one the plan refuses)."""
    value = options.get(WEIGHT_OPTION, WEIGHT_DEFAULT)
    valid = isinstance(value, int) and not isinstance(value, bool) and WEIGHT_MIN <= value <= WEIGHT_MAX
    return value if valid else WEIGHT_DEFAULT


def points_of(share: Fraction, most: int) -> int:
    """A share (0 to 1) of a round's `most` points in whole points, halves rounded up (exactly:
    a Fraction, so that 10 x 15/100 is 2, not 1.4999...)."""
    return math.floor(most * min(Fraction(1), max(Fraction(0), share)) + Fraction(1, 2))


def gettext_noop(message: str) -> str:
    """Marks a string for the catalogues (makemessages reads this name); translated where shown."""
    return message


def ngettext_noop(singular: str, plural: str) -> tuple[str, str]:
    """Marks a count's two forms (ngettext); the screens pick one by the count's plural rule."""
    return singular, plural


@dataclass(frozen=True)
class Problem:
    """Why something cannot be played, as data: a code and its parameters, worded in one place
    (game.errors.problem_text). `phase` is the plan's phase number (1-based) when there is one."""

    code: str
    params: Mapping[str, Any] = field(default_factory=dict)
    phase: int | None = None

    def at(self, phase: int) -> Problem:
        return Problem(self.code, self.params, phase)


class CodedError(Exception):
    """An error as data: a code and its parameters, worded where it is shown (game.errors)."""

    def __init__(self, code: str, **params: Any) -> None:
        self.code = code
        self.params = params
        super().__init__(code)


class ChoiceError(CodedError, ValueError):
    """A proposal or a hand that does not fit the round (the engine turns it into a GameError)."""

    @property
    def problem(self) -> Problem:
        return Problem(self.code, self.params)


@dataclass(frozen=True)
class Vote:
    """One member's proposal, as the engine sees it."""

    player_id: str
    team_id: str
    choice: Any
    at: float  # when it was last changed (earliest wins a tie the captain did not break)


class PlayedRound(Protocol):
    """A round as a mechanic reads it (game.engine.Round): never written here."""

    @property
    def number(self) -> int: ...
    @property
    def mechanic(self) -> str: ...
    @property
    def card_keys(self) -> list[str]: ...
    @property
    def answers(self) -> dict[str, Any]: ...
    @property
    def points(self) -> dict[str, int]: ...
    @property
    def options(self) -> dict[str, Any]: ...


@dataclass(frozen=True)
class Option:
    """A setting a plan's phase may hold for its mechanic, as the plan editor shows it."""

    name: str
    kind: OptionKind
    label: str  # a msgid (gettext_noop), translated by the editor
    max_length: int = 0  # for text
    required: bool = True  # False: a text that may stay empty


def majority(votes: Sequence[Vote], captain_id: str | None) -> Any:
    """Most common proposal; the captain breaks a tie, else the earliest proposal among the tied."""
    if not votes:
        return None
    counts: dict[str, int] = {}
    first_at: dict[str, float] = {}
    by_key: dict[str, Any] = {}
    for vote in votes:
        key = repr(vote.choice)
        counts[key] = counts.get(key, 0) + 1
        first_at[key] = min(first_at.get(key, vote.at), vote.at)
        by_key[key] = vote.choice
    best = max(counts.values())
    tied = [key for key, count in counts.items() if count == best]
    if len(tied) == 1:
        return by_key[tied[0]]
    for vote in votes:
        if vote.player_id == captain_id and repr(vote.choice) in tied:
            return vote.choice
    return by_key[min(tied, key=lambda key: first_at[key])]


def round_sig(value: float, digits: int = 3) -> float:
    if value == 0:
        return 0.0
    return round(value, digits - 1 - int(math.floor(math.log10(abs(value)))))


def log_median(values: Sequence[float]) -> float:
    return round_sig(10 ** statistics.median(sorted(math.log10(v) for v in values)))


def source_of(source: Mapping[str, Any]) -> dict[str, Any]:
    """A source as every screen shows it."""
    return {k: source.get(k) for k in ("author", "title", "year", "url")}


def colon(language: str) -> str:
    """' :' in French (the report's typography), ':' in English."""
    return " :" if language == "fr" else ":"


def keys_of(cards: Sequence[Card]) -> list[str]:
    return [str(card["key"]) for card in cards]


def shuffled(cards: Sequence[Card], seed: int) -> list[Card]:
    """A fixed order that does not give the answer away (not the deck's, not the years')."""
    return sorted(cards, key=lambda c: hashlib.sha256(f"{seed}:{c['key']}".encode()).hexdigest())


@dataclass(frozen=True)
class Plays:
    """The cards a mechanic's rounds show."""

    kind: str | None  # the kind of card; None: it plays no card
    hand: tuple[int, int] = (1, 1)  # how many cards a round shows (min, max)
    one_a_round: bool = False  # a phase's cards make one round each
    shuffled: bool = False  # the hand is shown in an order that gives nothing away
    default_for_kind: bool = False  # a chosen card of this kind is played with this mechanic


class Mechanic:
    """One way a round is played. Subclasses set the class attributes and override what differs.

    The engine calls clean, settle, deal and score; the plans module rounds and plan_problems;
    the wire protocol deal, choices, truth, rule and reveal; the debrief debrief; the plan
    editor label and options. Its scoring is its `shares`; `score` turns them into points.
    """

    name: ClassVar[str]
    label: ClassVar[str]  # the plan editor's name for it (a msgid)
    plays: ClassVar[Plays]  # the cards its rounds show
    scored: ClassVar[bool] = True  # False: no points, no team results on the screens
    lockable: ClassVar[bool] = True  # a captain may settle the team's answer early
    shared_in_team: ClassVar[bool] = True  # members see each other's proposals
    options: ClassVar[tuple[Option, ...]] = ()
    debrief_keys: ClassVar[tuple[str, ...]] = ()  # what it adds to the debrief

    # --- the engine ---

    def clean(self, choice: Any, cards: Sequence[Card]) -> Any:
        """The proposal as stored, or ChoiceError."""
        if choice not in keys_of(cards):
            raise ChoiceError("not_in_hand")
        return choice

    def settle(self, votes: Sequence[Vote], captain_id: str | None) -> Any:
        """A team's answer from its members' proposals (None when nobody proposed)."""
        return majority(votes, captain_id)

    def deal(self, hand: Sequence[Card], seed: int) -> list[Card]:
        """The hand in the order the screens show it (the round's number is the seed), which the
        engine also scores against (a timeline's baseline)."""
        return shuffled(hand, seed) if self.plays.shuffled else list(hand)

    def max_points(self, options: Mapping[str, Any]) -> int:
        """What a round of it is worth at most: the same for every mechanic, times the weight of
        its phase; 0 when it gives no points."""
        return ROUND_POINTS * weight_of(options) if self.scored else 0

    def shares(
        self, answers: Mapping[str, Any], dealt: Sequence[Card], options: Mapping[str, Any]
    ) -> dict[str, Fraction]:
        """Every team's share of the round's points, 0 to 1, at once (a team's may depend on the
        others'); `dealt` is the hand in the order it was shown. This is the mechanic's rule."""
        return {team: Fraction(0) for team in answers}

    def score(self, answers: Mapping[str, Any], dealt: Sequence[Card], options: Mapping[str, Any]) -> dict[str, int]:
        """Every team's points: its share of the round's maximum, in whole points."""
        most = self.max_points(options)
        return {team: points_of(share, most) for team, share in self.shares(answers, dealt, options).items()}

    def rule(self, dealt: Sequence[Card], options: Mapping[str, Any]) -> dict[str, Any]:
        """How the points are given, as the figures the reveal's sentence says (its JS module
        words it): at least the round's maximum."""
        return {"max": self.max_points(options)}

    # --- plans ---

    def check_hand(self, cards: Sequence[Card]) -> None:
        """Refuse a hand that does not fit (raises ChoiceError)."""
        low, high = self.plays.hand
        if not low <= len(cards) <= high:
            raise ChoiceError("hand_size", mechanic=self.name, low=low, high=high)
        for card in cards:
            if card.get("kind") != self.plays.kind:
                raise ChoiceError("wrong_kind", key=card.get("key"), kind=self.plays.kind)
            if self.plays.kind == "fact" and card.get("unit") not in UNITS:
                raise ChoiceError("no_unit", key=card.get("key"))
        self.check_cards(cards)

    def check_cards(self, cards: Sequence[Card]) -> None:
        """What this mechanic refuses beyond the number and kind of cards."""

    def rounds(self, keys: Sequence[str]) -> list[list[str]]:
        """The hands a phase with these cards plays."""
        if not keys:
            return []
        return [[key] for key in keys] if self.plays.one_a_round else [list(keys)]

    def plan_problems(self, keys: Sequence[str], options: Mapping[str, Any]) -> list[Problem]:
        """What is wrong with a phase's cards and options before its hands are checked."""
        problems = [] if keys or self.plays.hand[0] == 0 else [Problem("no_card_chosen")]
        for option in self.options:
            value = options.get(option.name)
            if option.kind == "text" and not option.required and not (isinstance(value, str) and value.strip()):
                continue
            if option.kind == "text" and not (isinstance(value, str) and 0 < len(value.strip()) <= option.max_length):
                problems.append(Problem("option_text", {"option": option.name, "max": option.max_length}))
        return problems

    def clean_options(self, raw: Mapping[str, Any]) -> dict[str, Any]:
        """The options as the editor posts them (bool: present or not; text: stripped)."""
        out: dict[str, Any] = {}
        for option in self.options:
            value = raw.get(option.name)
            out[option.name] = bool(value) if option.kind == "bool" else str(value or "").strip()
        return out

    # --- what the screens are sent ---

    def choices(self, shown: Sequence[Card], options: Mapping[str, Any]) -> Any:
        """What a phone may answer."""
        return keys_of(shown)

    def truth(self, hand: Sequence[Card]) -> Any:
        """The right answer, for the reveal and the report (None: no single right answer)."""
        return None

    def sample(self, choices: Any, keys: Sequence[str], rng: Random) -> Any:
        """One answer a phone could give, drawn at random (rehearsals: manage.py rehearse)."""
        return rng.choice(choices) if isinstance(choices, list) and choices else None

    def reveal(
        self, current: PlayedRound, hand: Sequence[Card], earlier: Sequence[PlayedRound], language: str
    ) -> dict[str, Any]:
        """What the reveal adds to (or replaces in) the answer, the backs, answers and points."""
        return {}

    def debrief(self, played: Sequence[tuple[PlayedRound, list[Card]]], language: str, top: int) -> dict[str, Any]:
        """Its sections of the debrief, from its revealed rounds (the last of each card)."""
        return {}

    # --- the session report (game.report.report_data's rounds and debrief; printables.report) ---

    report_title: ClassVar[str] = ""  # msgid: what a round of it is called in the report
    report_lists_hand: ClassVar[bool] = False  # its cards are listed above the right answer
    report_gives_quantity: ClassVar[bool] = False  # its lines already give the facts' quantities

    def report_hand_line(self, card: Card, language: str) -> Line:
        return [("card_full", card.get("key"))]

    def report_truth(self, played: Mapping[str, Any], language: str) -> list[Line]:
        """The right answer, a line each."""
        return [[("say", gettext_noop("No right answer."))]]

    def report_answer(self, played: Mapping[str, Any], answer: Any, language: str) -> Cell:
        """A team's answer (never None: the report says "no answer" itself)."""
        return [[("text", answer)]]

    def report_tables(self, played: Mapping[str, Any], language: str) -> list[ReportTable]:
        """Tables of its own under a round (a tally), before the teams' answers."""
        return []

    def report_debrief(self, figures: Mapping[str, Any], language: str) -> list[ReportSection]:
        """Its sections of the report's debrief (from debrief()'s figures)."""
        return []
