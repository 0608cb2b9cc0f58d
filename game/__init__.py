"""The live game.

The pure core (no Django, no I/O, tested without a database): engine.py (the rules of a
session), mechanics/ (one module per way of playing a round, and their registry), plans.py
(a workshop's phases into rounds), debrief.py (what the room did).

The live parts around it: services.py (the one bridge: load, apply the engine, save, then
broadcast), selectors.py (reads), messages.py (the typed wire protocol), errors.py (codes into
words), broadcast.py and fanout.py (the one sender, the per-worker relay), batching.py,
consumers.py (sockets), views.py (pages), report.py (the session report's data), models.py.
"""
