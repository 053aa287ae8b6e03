"""The service's SQLite files (feedback, tokens seen): opened one way, written in transactions."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def connect(path: Path) -> sqlite3.Connection:
    """A connection in WAL mode whose commits wait for the OS, not the disk.

    WAL lets the service's processes read while one writes; ``synchronous=NORMAL`` in
    WAL mode survives a crash of the process, and a power cut may lose only the last
    commits: for cards issued and five-minute tokens, a fair price for commits some 50
    times faster. Statements commit on their own unless inside :func:`transaction`.
    """
    db = sqlite3.connect(path, timeout=10, isolation_level=None, check_same_thread=False)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    return db


@contextmanager
def transaction(db: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One commit for everything in the block, or none of it."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")
