"""What the room's phones moved, counted by the server, and what that may have cost in energy.

Counted: the websocket messages sent to and received from phones (their UTF-8 payload, without
the websocket, TCP/IP or TLS framing) and the responses to the phones' page requests (body and
headers, as the app sends them). Not counted: the projector and the control panel, whatever a
proxy in front adds, retries the network makes.

The cost per message is an integer add in memory (`Meter.sent` / `Meter.received`, called by
game.consumers.PlayConsumer.send / .receive). Each process adds its counts to the session's
row (SessionFootprint) with an F() update every FLUSH_SECONDS, when a socket closes, and before
a report is made: two workers (or twenty) add up, and no frame waits for the database.

The energy estimate is one published figure for data transmission, shown as an order of
magnitude with its range, year, scope and status (ENERGY below): the figures in the
literature differ by 10x and more, depending on what they count.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
import time
from collections.abc import Mapping
from typing import Any

from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import F
from django.utils import translation
from django.utils.translation import gettext_noop

log = logging.getLogger(__name__)

FLUSH_SECONDS = 5.0


class Meter:
    """One session's counts in this process. The websocket counts are written by the event
    loop's thread only, the page counts under a lock (Django runs views in threads); the
    counts only grow, and a flush stores what grew since the last one."""

    __slots__ = (
        "session_id",
        "bytes_sent",
        "bytes_received",
        "frames_sent",
        "frames_received",
        "http",
        "sockets",
        "stored",
    )

    def __init__(self, session_id: int) -> None:
        self.session_id = session_id
        self.bytes_sent = self.bytes_received = self.frames_sent = self.frames_received = 0
        self.http = [0, 0]  # bytes, responses (under _http_lock)
        self.sockets = 0
        self.stored = (0, 0, 0, 0, 0, 0)

    def sent(self, text: str | None, data: bytes | None) -> None:
        self.frames_sent += 1
        self.bytes_sent += utf8_length(text) if text is not None else len(data or b"")

    def received(self, text: str | None, data: bytes | None) -> None:
        self.frames_received += 1
        self.bytes_received += utf8_length(text) if text is not None else len(data or b"")

    def totals(self) -> tuple[int, int, int, int, int, int]:
        with _http_lock:
            http_bytes, responses = self.http
        return (self.bytes_sent, self.bytes_received, self.frames_sent, self.frames_received, http_bytes, responses)


class _NoMeter(Meter):
    """A socket not (yet) known as a room's phone: nothing to count."""

    def sent(self, text: str | None, data: bytes | None) -> None:
        pass

    def received(self, text: str | None, data: bytes | None) -> None:
        pass


NO_METER = _NoMeter(0)
_meters: dict[int, Meter] = {}
_http_lock = threading.Lock()
_flush_lock = threading.Lock()
_last_flush = 0.0
_flushers: dict[asyncio.AbstractEventLoop, asyncio.Task[None]] = {}
# The relay hands the same text to every socket of a group: its length is taken once.
_last_text: str = ""
_last_length = 0


def utf8_length(text: str) -> int:
    global _last_text, _last_length
    if text.isascii():  # O(1) in CPython
        return len(text)
    if text is not _last_text:
        _last_text, _last_length = text, len(text.encode())
    return _last_length


def meter(session_id: int) -> Meter:
    found = _meters.get(session_id)
    if found is None:
        found = _meters[session_id] = Meter(session_id)
    return found


def attach(session_id: int) -> Meter:
    """A phone's socket opened (in an event loop): its meter, and this loop's flusher running."""
    found = meter(session_id)
    found.sockets += 1
    loop = asyncio.get_running_loop()
    task = _flushers.get(loop)
    if task is None or task.done():
        for old in [lp for lp in _flushers if lp.is_closed()]:
            del _flushers[old]
        _flushers[loop] = loop.create_task(_flush_every(FLUSH_SECONDS))
    return found


async def detach(found: Meter) -> None:
    """A phone's socket closed: its counts are stored now (a session often ends this way)."""
    if found is NO_METER:
        return
    found.sockets -= 1
    await _flush_async()


async def _flush_async() -> None:
    from channels.db import database_sync_to_async

    # Off the worker's one database thread (thread_sensitive=False): bookkeeping never delays a
    # phone's answer, nor queues behind it while PostgreSQL is unreachable (each try waits for
    # the pool's timeout).
    with contextlib.suppress(DatabaseError):
        await database_sync_to_async(flush, thread_sensitive=False)()


async def _flush_every(seconds: float) -> None:
    while True:
        await asyncio.sleep(seconds)
        if any(m.totals() != m.stored for m in list(_meters.values())):
            try:
                await _flush_async()
            except Exception:  # never let the flusher die: counts wait for the next round
                log.warning("footprint: flush failed", exc_info=True)


def reset() -> None:
    """Forget every count not stored yet (between tests: a process-wide registry)."""
    global _last_flush
    with _flush_lock:
        _meters.clear()
        _sessions_by_token.clear()
        _last_flush = 0.0


def count_response(session_id: int, size: int) -> None:
    """A phone page's response (from a Django thread); stored at most every FLUSH_SECONDS."""
    found = meter(session_id)
    with _http_lock:
        found.http[0] += size
        found.http[1] += 1
    if time.monotonic() - _last_flush >= FLUSH_SECONDS:
        with contextlib.suppress(DatabaseError):
            flush()


def flush() -> None:
    """Add what this process counted since its last flush to each session's row (sync)."""
    global _last_flush
    from game.models import SessionFootprint

    with _flush_lock:
        _last_flush = time.monotonic()
        for found in list(_meters.values()):
            now = found.totals()
            delta = [a - b for a, b in zip(now, found.stored, strict=True)]
            if any(delta):
                _store(SessionFootprint, found.session_id, delta)
                found.stored = now
            if found.sockets <= 0 and found.totals() == found.stored:
                _meters.pop(found.session_id, None)


FIELDS = ("bytes_sent", "bytes_received", "frames_sent", "frames_received", "http_bytes", "http_responses")


def _store(model: Any, session_id: int, delta: list[int]) -> None:
    from game.models import GameSession

    changes = {name: F(name) + value for name, value in zip(FIELDS, delta, strict=True) if value}
    if model.objects.filter(session_id=session_id).update(**changes):
        return
    if not GameSession.objects.filter(pk=session_id).exists():  # deleted meanwhile: nothing to keep
        return
    try:
        with transaction.atomic():
            model.objects.create(session_id=session_id, **dict(zip(FIELDS, delta, strict=True)))
    except IntegrityError:  # another worker created it meanwhile, or the session is gone
        model.objects.filter(session_id=session_id).update(**changes)


# --- the energy estimate: one published figure, with what it covers ---

ENERGY: dict[str, Any] = {
    # Aslan et al. 2018: 0.06 kWh/GB for 2015, halving about every 2 years since 2000. The low end
    # is that trend carried on to 2025 (our extrapolation, 0.06 / 2**5), not a published figure.
    "kwh_per_gb": 0.06,
    "kwh_per_gb_low": 0.002,
    "year": 2015,
    "scope": gettext_noop(
        "data transmission over fixed-line core and access networks, developed countries; "
        "not the phones, the Wi-Fi, mobile networks or the server"
    ),
    "status": gettext_noop("Estimated, debated: published figures differ by 10 times and more"),
    "low_note": gettext_noop(
        "Low end: the same figure halved every 2 years up to 2025, the trend the authors found since 2000 "
        "(our extrapolation)"
    ),
    "source": {
        "author": "J. Aslan, K. Mayers, J. G. Koomey, C. France",
        "title": "Electricity Intensity of Internet Data Transmission: Untangling the Estimates, "
        "Journal of Industrial Ecology 22(4), 785–798",
        "year": 2018,
        "url": "https://doi.org/10.1111/jiec.12630",
    },
}


def summary(session_id: int, language: str) -> dict[str, Any]:
    """The session's stored counts and the energy range they stand for (Wh), worded in the
    session's language, as the projector, the phones and the report show them."""
    from game.models import SessionFootprint

    row = SessionFootprint.objects.filter(session_id=session_id).values(*FIELDS).first() or dict.fromkeys(FIELDS, 0)
    with translation.override(language):
        words = {key: translation.gettext(ENERGY[key]) for key in ("scope", "status", "low_note")}
    return footprint_figures(row) | words


def footprint_figures(row: Mapping[str, int]) -> dict[str, Any]:
    total = int(row["bytes_sent"]) + int(row["bytes_received"]) + int(row["http_bytes"])
    gigabytes = total / 1e9
    return {
        **{name: int(row[name]) for name in FIELDS},
        "bytes": total,
        "wh_low": gigabytes * ENERGY["kwh_per_gb_low"] * 1000,
        "wh_high": gigabytes * ENERGY["kwh_per_gb"] * 1000,
        "kwh_per_gb": ENERGY["kwh_per_gb"],
        "kwh_per_gb_low": ENERGY["kwh_per_gb_low"],
        "year": ENERGY["year"],
        "source": ENERGY["source"],
    }


# --- the phones' pages ---

_sessions_by_token: dict[str, int] = {}  # token hash -> session id
TOKENS_KEPT = 10_000


def _session_of_token(token: str) -> int | None:
    from game.models import Player
    from game.selectors import token_hash

    if not token or len(token) > 100:
        return None
    hashed = token_hash(token)
    if hashed not in _sessions_by_token:
        if len(_sessions_by_token) >= TOKENS_KEPT:
            _sessions_by_token.clear()
        found = Player.objects.filter(token_hash=hashed).values_list("session_id", flat=True).first()
        if found is None:
            return None  # not kept: the player may join in a moment
        _sessions_by_token[hashed] = found
    return _sessions_by_token[hashed]


def _response_size(response: Any) -> int:
    body = len(response.content) if not response.streaming else int(response.get("Content-Length") or 0)
    headers = sum(len(k) + len(v) + 4 for k, v in response.items()) + 17  # "HTTP/1.1 200 OK\r\n"
    return body + headers + sum(len(c.output()) + 2 for c in response.cookies.values())


def count_phone_pages(get_response: Any) -> Any:
    """Middleware: the size of every response to a phone of a room (known by its player cookie,
    or by the cookie its join sets), static files included. Sits above GZip: compressed sizes."""
    from game.services import PLAYER_COOKIE

    def middleware(request: Any) -> Any:
        response = get_response(request)
        token = request.COOKIES.get(PLAYER_COOKIE) or ""
        if not token and PLAYER_COOKIE in response.cookies:
            token = response.cookies[PLAYER_COOKIE].value
        if token:
            try:
                session_id = _session_of_token(token)
                if session_id is not None:
                    count_response(session_id, _response_size(response))
            except DatabaseError:  # never fail a page for a count
                log.debug("footprint: page not counted", exc_info=True)
        return response

    return middleware
