"""The one bridge between the database and the engine.

Each write loads what the rule needs, applies the pure engine, saves inside
transaction.atomic() with the session row locked, and only after the commit broadcasts.
Everything a client is told has already been committed.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import threading
import time
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, TypedDict, Unpack

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models.functions import Now
from django.db.transaction import TransactionManagementError
from django.utils import timezone

from cards.deckfile import card_to_dict
from cards.models import Deck
from cards.selectors import deck_data
from game import broadcast, engine, plans, selectors
from game.commands import COMMANDS
from game.engine import GameError, SessionState, Vote
from game.errors import problem_texts
from game.mechanics import MECHANICS, Problem
from game.models import GameSession, Plan, Player, Proposal, WorkerHeartbeat
from game.names import nickname_generate, team_names

PLAYER_COOKIE = "atelier_player"
_STATE_FIELD = GameSession._meta.get_field("state")
_UPDATED_FIELD = GameSession._meta.get_field("updated_at")


def _now() -> float:
    return time.time()


def _new_code() -> str:
    while True:
        code = "".join(secrets.choice(selectors.CODE_ALPHABET) for _ in range(selectors.CODE_LENGTH))
        if not GameSession.objects.filter(code=code).exists():
            return code


# Every write of a live session locks its row, reads it and writes it back: a facilitator action
# is little more than that, so both are one hand-written statement (the ORM's compilation of
# `select_for_update().get()` and `save(update_fields=...)` cost more than the queries).
# game_gamesession: GameSession. The columns a write or its broadcast reads, in the model's order
# (Model.from_db takes them so); the others (deck, plan, dates) stay deferred, loaded only if
# something asks for them.
_LOCKED_FIELDS = ("id", "owner_id", "title", "language", "code", "lifecycle", "version", "state")
_LOCKED_SQL = (
    "SELECT id, owner_id, title, language, code, lifecycle, version, state FROM game_gamesession WHERE id = %s"
)
_CARDS_SQL = "SELECT cards FROM game_gamesession WHERE id = %s"
_SAVE_SQL = "UPDATE game_gamesession SET state = %s, lifecycle = %s, version = %s, updated_at = %s WHERE id = %s"

# A session's cards (GameSession.cards, about 2 KB of JSON a card) are written once, when it is
# created, and never again: decoded once per process and session, not on every locked read
# (0.1 ms of the 0.7 an action's transaction took on SQLite). Keyed by the id and the join code,
# so that an id used again (SQLite gives back the ids of a rolled-back transaction) is read again.
# Shared between the readers: nothing may change these lists and dicts (nothing does).
_CARDS_CACHED = 256
_cards_cache: dict[int, tuple[str, list[dict[str, Any]]]] = {}
_cards_lock = threading.Lock()


def _locked(session_id: int) -> GameSession:
    """The session row, locked until the transaction ends (FOR UPDATE where the database has it;
    SQLite locks the whole database on the first write)."""
    if connection.get_autocommit():  # as select_for_update()
        raise TransactionManagementError("the session row is locked inside transaction.atomic() only")
    sql = _LOCKED_SQL + (" FOR UPDATE" if connection.features.has_select_for_update else "")
    with connection.cursor() as cursor:
        cursor.execute(sql, [session_id])
        row = cursor.fetchone()
        if row is None:
            raise GameSession.DoesNotExist(f"no session {session_id}")
        values = [*row[:-1], selectors.json_column(row[-1])]
        code, cached = values[4], _cards_cache.get(session_id)
        if cached is not None and cached[0] == code:
            cards = cached[1]
        else:
            cursor.execute(_CARDS_SQL, [session_id])
            cards = selectors.json_column(cursor.fetchone()[0])
            with _cards_lock:  # the only writer and the only iteration
                if len(_cards_cache) >= _CARDS_CACHED:
                    _cards_cache.pop(next(iter(_cards_cache)))  # the oldest entry
                _cards_cache[session_id] = (code, cards)
    return GameSession.from_db(connection.alias, (*_LOCKED_FIELDS, "cards"), [*values, cards])


def _save_state(session: GameSession, state: SessionState) -> None:
    """The new state, its lifecycle and the next version, in one UPDATE of the locked row."""
    data = state.to_json()
    now = timezone.now()
    version = session.version + 1  # the row is locked: nobody else moved it since _locked
    with connection.cursor() as cursor:
        cursor.execute(
            _SAVE_SQL,
            [
                _STATE_FIELD.get_db_prep_value(data, connection),
                state.lifecycle,
                version,
                _UPDATED_FIELD.get_db_prep_value(now, connection),
                session.pk,
            ],
        )
    session.state, session.lifecycle, session.version, session.updated_at = data, state.lifecycle, version, now


def _after_commit(
    changes: broadcast.Changes, session: GameSession | None = None, state: SessionState | None = None
) -> None:
    # What is committed is acknowledged as committed: a broadcast that fails (the channel
    # layer or the database gone between the commit and the send) is logged and left to the
    # phones' resync, never turned into an error for the writer. The locked session row and its
    # state as saved go with the changes, so that the broadcast reads and decodes nothing again.
    changes.session, changes.committed = session, state
    transaction.on_commit(lambda: broadcast.publish_safely(changes))


# --- facilitator ---


class RoomOptions(TypedDict, total=False):
    """How a new session plays, whatever its cards come from (defaults in _session_from_phases)."""

    scoring: str
    team_count: int
    duration: int  # seconds a card
    projector_only: bool


def session_create(
    *, owner: Any, deck: Deck, card_keys: list[str], title: str, **options: Unpack[RoomOptions]
) -> GameSession:
    """A session on chosen cards of a deck, each played with its kind's own mechanic."""
    by_key = {card.key: card for card in deck_data(deck=deck).cards}
    if not card_keys or any(key not in by_key for key in card_keys):
        raise GameError("no_such_card" if card_keys else "empty_plan")
    budget = options.get("duration", 60) + 60
    phases: list[dict[str, Any]] = []
    for key in card_keys:
        mechanic = engine.mechanic_for(by_key[key].kind)
        if phases and phases[-1]["mechanic"] == mechanic and MECHANICS[mechanic].plays.one_a_round:
            phases[-1]["cards"].append(key)
            phases[-1]["budget"] += budget
        else:
            phases.append({"title": mechanic, "mechanic": mechanic, "budget": budget, "cards": [key]})
    return _session_from_phases(owner=owner, deck=deck, plan=None, phases=phases, title=title, options=options)


def session_create_from_plan(*, owner: Any, plan: Plan, title: str, **options: Unpack[RoomOptions]) -> GameSession:
    deck = plan.deck
    return _session_from_phases(owner=owner, deck=deck, plan=plan, phases=plan.phases, title=title, options=options)


def _session_from_phases(
    *, owner: Any, deck: Deck, plan: Plan | None, phases: list[dict[str, Any]], title: str, options: RoomOptions
) -> GameSession:
    team_count = options.get("team_count", 4)
    by_key = {card.key: card_to_dict(card) for card in deck_data(deck=deck).cards}
    errors = plans.plan_errors(phases, by_key)
    if errors:
        raise GameError("bad_plan", problems=errors)
    engine_phases, items = plans.plan_expand(phases)
    if not 1 <= team_count <= engine.TEAMS_MAX:
        raise GameError("too_many_teams", max=engine.TEAMS_MAX)
    state = engine.session_new(
        plan=items,
        scoring=options.get("scoring", "competitive"),
        team_names=team_names(deck.language, team_count),
        duration=options.get("duration", 60),
        cards=by_key,
        phases=engine_phases,
        projector_only=options.get("projector_only", False),
    )
    used = dict.fromkeys(key for item in items for key in item.card_keys)
    snapshot = []
    for key in used:
        card = dict(by_key[key])
        card.pop("image", None)  # images stay in the deck; a session needs only the texts
        snapshot.append(card)
    return GameSession.objects.create(
        owner=owner,
        deck=deck,
        plan=plan,
        title=engine.clean_text(title, 80),
        language=deck.language,
        code=_new_code(),
        lifecycle=state.lifecycle,
        state=state.to_json(),
        cards=snapshot,
    )


def _plan_errors(deck: Deck, phases: Any) -> list[Problem]:
    return plans.plan_errors(phases, {card.key: card_to_dict(card) for card in deck_data(deck=deck).cards})


def plan_load_default(*, document: dict[str, Any]) -> tuple[Plan, bool]:
    """Create or update a ready-made plan (no owner) from its shipped file."""
    deck = Deck.objects.filter(slug=document["deck"]).first()
    if deck is None:
        raise ValueError(f"no deck {document['deck']!r}: load the decks first")
    errors = _plan_errors(deck, document["phases"])
    if errors:
        raise ValueError("; ".join(problem_texts(errors, "en")))
    plan, created = Plan.objects.update_or_create(
        owner=None,
        slug=document["slug"],
        defaults={"deck": deck, "title": document["title"], "phases": document["phases"]},
    )
    return plan, created


def plan_copy(*, user: Any, plan: Plan) -> Plan:
    """A facilitator edits a copy, never the shared ready-made plan."""
    if plan.owner_id not in (None, user.pk):
        raise GameError("forbidden")
    copy_word = "copie" if plan.deck.language == "fr" else "copy"
    title = engine.clean_text(f"{plan.title[:70]} ({copy_word})", 80)
    return Plan.objects.create(deck=plan.deck, owner=user, title=title, phases=plan.phases)


def plan_update(*, user: Any, plan: Plan, title: str, phases: Any) -> Plan:
    """Save an edited plan; refuses a plan that cannot be played, saying what is wrong."""
    if plan.owner_id != user.pk:
        raise GameError("forbidden")
    errors = _plan_errors(plan.deck, phases)
    if errors:
        raise GameError("bad_plan", problems=errors)
    plan.title = engine.clean_text(title, 80)
    plan.phases = phases
    plan.save(update_fields=["title", "phases", "updated_at"])
    return plan


def session_delete(*, user: Any, session_id: int) -> None:
    """Delete a session and everything about it: players, proposals, results."""
    GameSession.objects.get(pk=session_id, owner=user).delete()


class _Room:
    """A command's view of the locked session (game.commands.Room): the database and what to refresh."""

    def __init__(self, session: GameSession, state: SessionState, now: float, changes: broadcast.Changes) -> None:
        self.session, self.state, self.now, self.changes = session, state, now, changes

    def votes(self) -> list[Vote]:
        current = self.state.round
        return selectors.round_votes(self.session, current.number) if current else []

    def captains(self) -> dict[str, str | None]:
        return selectors.captains(self.session)

    def round_cards(self) -> list[dict[str, Any]]:
        return selectors.round_cards(self.session, self.state)

    def clear_team(self, team_id: str) -> None:
        """The members of a removed team have no team any more."""
        members = Player.objects.filter(session=self.session, team_id=team_id)
        for player in members:
            self.changes.moved[player.public_id] = (player.team_id, "")
        members.update(team_id="", team_since=timezone.now())

    def balance(self) -> None:
        members = [(p.public_id, p.team_id) for p in Player.objects.filter(session=self.session)]
        for public_id, team_id in engine.balance([t.id for t in self.state.teams], members).items():
            old = dict(members)[public_id]
            Player.objects.filter(session=self.session, public_id=public_id).update(
                team_id=team_id, team_since=timezone.now()
            )
            self.changes.moved[public_id] = (old, team_id)

    def _player(self, public_id: str) -> Player:
        player = Player.objects.filter(session=self.session, public_id=public_id).first()
        if player is None:
            raise GameError("unknown_player")
        return player

    def rename_player(self, player: str, nickname: str) -> None:
        found = self._player(player)
        found.nickname = _unique_nickname(self.session, engine.clean_text(nickname, engine.NICKNAME_MAX), found)
        found.save(update_fields=["nickname"])
        self.changes.renamed.add(found.public_id)
        if found.team_id:
            self.changes.teams.add(found.team_id)

    def move_player(self, player: str, team: str) -> None:
        found = self._player(player)
        self.state.team(team)
        self.changes.moved[found.public_id] = (found.team_id, team)
        found.team_id, found.team_since = team, timezone.now()
        found.save(update_fields=["team_id", "team_since"])

    def remove_player(self, player: str) -> None:
        found = self._player(player)
        self.changes.removed[found.public_id] = found.team_id
        found.delete()


def session_command(*, user: Any, session_id: int, name: str, args: dict[str, Any]) -> None:
    """A facilitator's command (game.commands); checked against the session's owner every time."""
    command = COMMANDS.get(name)
    with transaction.atomic():
        try:
            session = _locked(session_id)
        except GameSession.DoesNotExist:
            raise GameError("forbidden") from None
        if user is None or not user.is_authenticated or session.owner_id != user.pk:
            raise GameError("forbidden")
        if command is None:
            raise GameError("bad_command")
        state = selectors.state_of(session)
        changes = broadcast.Changes(session.pk, state=True)
        new = command.apply(_Room(session, state, _now(), changes), args)
        changes.roster |= "roster" in command.refresh
        changes.all_teams |= "all_teams" in command.refresh
        if "team" in command.refresh:
            changes.teams.add(args["team"])
        _save_state(session, new)
        _after_commit(changes, session, new)


def _unique_nickname(session: GameSession, nickname: str, player: Player | None = None) -> str:
    others = Player.objects.filter(session=session, nickname__iexact=nickname)
    if player is not None:
        others = others.exclude(pk=player.pk)
    if others.exists():
        raise GameError("nickname_taken")
    return nickname


# --- players ---


def join_token(*, session_id: int, attempt: str) -> str:
    """The player token of one join attempt: a retried join finds the same player again."""
    mac = hmac.new(settings.SECRET_KEY.encode(), f"join:{session_id}:{attempt}".encode(), hashlib.sha256)
    return base64.urlsafe_b64encode(mac.digest()[:24]).decode("ascii")


def player_join(
    *, code: str, nickname: str, team_id: str | None, attempt: str = "", found: GameSession | None = None
) -> tuple[Player, str]:
    """A phone joins an open room; returns the player and the token the phone keeps.

    `attempt` is the random id of the join form the phone got: submitting the same form again
    (a lost response, a double tap, a reload) is the same player with the same token, never a
    second one. `found` is the room as the caller already read it by `code` (the join page
    does): it is not looked up again, and its row is read again, locked, in any case.
    """
    if found is None or found.code != code:
        found = selectors.session_by_code(code)
    if found is None:
        raise GameError("unknown_code")
    token = join_token(session_id=found.pk, attempt=attempt) if attempt else secrets.token_urlsafe(24)
    with transaction.atomic():
        session = _locked(found.pk)
        already = selectors.player_by_token(session=session, token=token) if attempt else None
        if already is not None:
            already.session = session  # the row as locked: the caller's page reads nothing again
            return already, token
        state = selectors.state_of(session)
        engine.check_can_join(state)
        if nickname and nickname.strip():
            clean = _unique_nickname(session, engine.clean_text(nickname, engine.NICKNAME_MAX))
        else:
            clean = nickname_generate(session.language)
            while Player.objects.filter(session=session, nickname__iexact=clean).exists():
                clean = nickname_generate(session.language)
        if team_id:
            state.team(team_id)
            if state.lifecycle != "lobby":
                team_id = None  # once playing, newcomers are placed where they are needed
        if not team_id:
            team_id = engine.team_for_newcomer(state, selectors.team_sizes(session))
        while True:
            public_id = "p" + secrets.token_hex(4)
            if not Player.objects.filter(session=session, public_id=public_id).exists():
                break
        try:
            player = Player.objects.create(
                session=session,
                public_id=public_id,
                token_hash=selectors.token_hash(token),
                nickname=clean,
                team_id=team_id,
            )
        except IntegrityError:  # pragma: no cover - a 192-bit token collision
            raise GameError("unknown_player") from None
        _save_state(session, state)  # team sizes are part of the room state: new version
        _after_commit(broadcast.Changes(session.pk, state=True, roster=True, teams={team_id}), session, state)
    return player, token


def _player_locked(player_id: int) -> tuple[Player, GameSession]:
    try:
        player = Player.objects.select_related("session").get(pk=player_id)
    except Player.DoesNotExist:
        raise GameError("unknown_player") from None
    return player, _locked(player.session_id)


def player_choose_team(*, player_id: int, team_id: str) -> None:
    with transaction.atomic():
        player, session = _player_locked(player_id)
        state = selectors.state_of(session)
        engine.check_can_choose_team(state, team_id)
        if player.team_id == team_id:
            return
        changes = broadcast.Changes(session.pk, state=True, roster=True)
        changes.moved[player.public_id] = (player.team_id, team_id)
        player.team_id, player.team_since = team_id, timezone.now()
        player.save(update_fields=["team_id", "team_since"])
        _save_state(session, state)
        _after_commit(changes, session, state)


@dataclass(frozen=True)
class ProposalRequest:
    player_id: int
    round_number: Any
    choice: Any


def player_propose_many(requests: list[ProposalRequest]) -> list[Any]:
    """Store a batch of proposals in one transaction; each result is the stored choice or a GameError.

    Under a burst, the proposals that arrive while a batch is being written form the next
    batch (game.batching): one lock of the session row, one bulk upsert and one team view
    per team for the whole batch, instead of per proposal. Nothing is acknowledged before
    its batch has committed.
    """
    results: list[Any] = [None] * len(requests)
    players = Player.objects.in_bulk({r.player_id for r in requests})
    by_session: dict[int, list[int]] = {}
    for position, request in enumerate(requests):
        player = players.get(request.player_id)
        if player is None:
            results[position] = GameError("unknown_player")
        else:
            by_session.setdefault(player.session_id, []).append(position)
    for session_id, positions in by_session.items():
        with transaction.atomic():
            session = _locked(session_id)
            state = selectors.state_of(session)
            cards = selectors.round_cards(session, state)
            now = _now()
            latest: dict[tuple[int, Any], Proposal] = {}
            for position in positions:
                request, player = requests[position], players[requests[position].player_id]
                try:
                    clean = engine.check_can_propose(
                        state, now, request.round_number, player.team_id, request.choice, cards
                    )
                except GameError as error:
                    results[position] = error
                    continue
                results[position] = clean
                # A phone that changed its mind twice in one batch: the last proposal stands.
                latest[(player.pk, request.round_number)] = Proposal(
                    session=session,
                    round_number=request.round_number,
                    player=player,
                    team_id=player.team_id,
                    choice=clean,
                )
            if not latest:
                continue
            rows = list(latest.values())
            round_number = rows[0].round_number
            answered_before = selectors.teams_with_votes(session, round_number)
            Proposal.objects.bulk_create(
                rows,
                update_conflicts=True,
                unique_fields=["player", "round_number"],
                update_fields=["choice", "team_id", "updated_at"],
            )
            teams = {row.team_id for row in rows}
            # "N teams have answered" goes to the staff screens only, not to every phone.
            changes = broadcast.Changes(session.pk, teams=teams, progress=not teams <= answered_before)
            _after_commit(changes, session, state)
    return results


def player_lock(*, player_id: int, round_number: Any) -> Any:
    with transaction.atomic():
        player, session = _player_locked(player_id)
        state = selectors.state_of(session)
        members = selectors.team_members(session, player.team_id)
        captain_id = engine.captain([p.public_id for p in members])
        votes = selectors.round_votes(session, round_number, player.team_id)
        new = engine.lock_team(state, _now(), round_number, player.team_id, player.public_id, captain_id, votes)
        _save_state(session, new)
        _after_commit(broadcast.Changes(session.pk, state=True, teams={player.team_id}), session, new)
    return new.round.locked[player.team_id] if new.round else None


# --- workers ---


def worker_layer_ok(*, worker: str) -> None:
    """This worker reached the channel layer just now (database time, one clock for all)."""
    _, created = WorkerHeartbeat.objects.update_or_create(worker=worker, defaults={"layer_ok_at": Now()})
    if created:  # a worker that starts clears the rows of workers long gone
        WorkerHeartbeat.objects.filter(layer_ok_at__lt=timezone.now() - timedelta(hours=1)).delete()
