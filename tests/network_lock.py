"""The machine's own network changes, kept apart from the browsers of the other test pass.

scripts/test.py runs its two passes at once. A test that adds an address to the host's own
network namespace (test_partition's link to its hosts) makes every Chromium of the machine drop
the requests it has in flight (net::ERR_NETWORK_CHANGED): a browser test of the other pass then
fails for nothing. Such a test holds this lock exclusively while its addresses exist; each
browser test holds it shared (tests/browser/conftest.py), so the two never overlap."""

from __future__ import annotations

import fcntl
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

LOCK = Path(tempfile.gettempdir()) / "atelier-test-network.lock"


@contextmanager
def network_lock(exclusive: bool) -> Iterator[None]:
    with open(LOCK, "a") as held:
        fcntl.flock(held, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
        try:
            yield
        finally:
            fcntl.flock(held, fcntl.LOCK_UN)
