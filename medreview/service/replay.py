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
from pathlib import Path

from medreview.service.sqlite_files import connect

_SCHEMA = """
CREATE TABLE IF NOT EXISTS seen_token (jti TEXT PRIMARY KEY, expires REAL NOT NULL);
CREATE INDEX IF NOT EXISTS seen_token_expires ON seen_token (expires);
"""
PRUNE_EVERY_SECONDS = 60.0


class ReplayCache:
    """Every jti seen by any process using this file, until its token expires."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        if not self.path.parent.is_dir():
            raise FileNotFoundError(f"{self.path.parent}: no such folder for the replay store")
        self._local = threading.local()
        self._pruned = 0.0
        self._db().executescript(_SCHEMA)

    def _db(self) -> sqlite3.Connection:
        db: sqlite3.Connection | None = getattr(self._local, "db", None)
        if db is None:
            db = self._local.db = connect(self.path)
        return db

    def first_time(self, jti: str, expires: float) -> bool:
        """Record ``jti`` until ``expires`` (a Unix time); False if it is still recorded."""
        now = time.time()
        db = self._db()
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
