"""The tokens already seen: each ``jti``, kept until its token would have expired anyway.

In one SQLite file (WAL), so that every worker process of one service, and the
service after a restart, refuse a token that was used once. Whether a jti is new
is one atomic statement: an insert that, on a clash, replaces only an entry whose
token has expired; SQLite serialises writers across processes.
"""

from __future__ import annotations

import sqlite3
import threading
import time
import weakref
from pathlib import Path

from medreview.service.sqlite_files import connect

_SCHEMA = """
CREATE TABLE IF NOT EXISTS seen_token (jti TEXT PRIMARY KEY, expires REAL NOT NULL);
CREATE INDEX IF NOT EXISTS seen_token_expires ON seen_token (expires);
"""
PRUNE_EVERY_SECONDS = 60.0


class ReplayCache:
    """Every jti seen by any process using this file, until its token expires.

    One connection per process, used under a lock: each check is one statement of some
    microseconds, and SQLite serialises writers anyway. (A connection per thread was
    left open by every thread that ended, which Python 3.13 reports as a ResourceWarning;
    :meth:`close`, which the service calls when it stops, closes the one.)
    """

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        if not self.path.parent.is_dir():
            raise FileNotFoundError(f"{self.path.parent}: no such folder for the replay store")
        self._lock = threading.Lock()
        self._pruned = 0.0
        self._db: sqlite3.Connection | None = connect(self.path)
        self._db.executescript(_SCHEMA)
        # Closed when the cache is dropped without close(), as a test's app may be.
        self._finalizer = weakref.finalize(self, self._db.close)

    def first_time(self, jti: str, expires: float) -> bool:
        """Record ``jti`` until ``expires`` (a Unix time); False if it is still recorded."""
        now = time.time()
        with self._lock:
            db = self._db
            if db is None:
                raise RuntimeError("the replay cache is closed")
            cursor = db.execute(
                "INSERT INTO seen_token (jti, expires) VALUES (?, ?) "
                "ON CONFLICT (jti) DO UPDATE SET expires = excluded.expires "
                "WHERE seen_token.expires < ?",
                (jti, expires, now),
            )
            first = cursor.rowcount == 1
            if now - self._pruned > PRUNE_EVERY_SECONDS:
                self._pruned = now
                db.execute("DELETE FROM seen_token WHERE expires < ?", (now,))
        return first

    def close(self) -> None:
        """Close the file; a later check raises."""
        with self._lock:
            self._db = None
            self._finalizer()
