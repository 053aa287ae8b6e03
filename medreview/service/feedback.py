"""What clinicians did with medreview's cards: issued, accepted, overridden and why.

Every card the service returns is remembered (its uuid, service and rule; never
the patient), and the CDS Client's feedback on it is stored beside it, in one
SQLite file. ``medreview feedback report`` sums it up per rule, so that the
people who own the rules see which ones clinicians follow and which they override.
"""

from __future__ import annotations

import json
import logging
import queue
import sqlite3
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from medreview.errors import ServiceError
from medreview.service.sqlite_files import connect, transaction

log = logging.getLogger("medreview.service.feedback")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS card (
    uuid TEXT PRIMARY KEY, service TEXT NOT NULL, rule TEXT NOT NULL, issued TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS feedback (
    card TEXT NOT NULL, service TEXT NOT NULL, outcome TEXT NOT NULL,
    accepted_suggestions INTEGER NOT NULL DEFAULT 0,
    reason_system TEXT, reason_code TEXT, reason_display TEXT, comment TEXT,
    outcome_time TEXT, received TEXT NOT NULL
);
"""


@dataclass(frozen=True)
class RuleFeedback:
    rule: str
    issued: int
    accepted: int
    overridden: int
    reasons: tuple[tuple[str, int], ...]  # override reasons, most frequent first


class UnknownCards(ServiceError):
    """Feedback names cards this service never issued (or issued for another service)."""

    def __init__(self, cards: list[str]) -> None:
        super().__init__(", ".join(cards))
        self.cards = cards


class FeedbackStore:
    """One SQLite file (WAL), shared by the service's threads and processes.

    The cards of each response are written by one writer thread, many responses to a
    commit, so that a hook call never waits for the disk; feedback first waits for what
    was queued before it, so that a card is known as soon as its response has left.
    """

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        if not self.path.parent.is_dir():
            raise FileNotFoundError(f"{self.path.parent}: no such folder for the feedback store")
        self._lock = threading.Lock()
        self._db = connect(self.path)
        self._db.executescript(_SCHEMA)
        self._queue: queue.Queue[list[tuple[str, str, str, str]] | None] = queue.Queue()
        self._progress = threading.Condition()
        self._queued = 0  # batches put on the queue
        self._written = 0  # batches written
        self._writer = threading.Thread(target=self._write, name="feedback-writer", daemon=True)
        self._writer.start()

    def issued(self, service: str, cards: Iterable[tuple[str, str]]) -> None:
        """Remember the cards of one response: (card uuid, rule id) pairs, written soon."""
        now = _now()
        rows = [(uuid, service, rule, now) for uuid, rule in cards]
        if rows:
            with self._progress:
                self._queued += 1
                self._queue.put(rows)

    def _write(self) -> None:
        stop = False
        while not stop:
            batches = [self._queue.get()]
            while True:  # take what else is waiting: one commit for many responses
                try:
                    batches.append(self._queue.get_nowait())
                except queue.Empty:
                    break
            stop = None in batches
            rows = [row for batch in batches if batch is not None for row in batch]
            try:
                with self._lock, transaction(self._db):
                    self._db.executemany("INSERT OR IGNORE INTO card VALUES (?, ?, ?, ?)", rows)
            except sqlite3.Error:
                log.exception("%d issued cards not recorded in %s", len(rows), self.path)
            with self._progress:
                self._written += len(batches)
                self._progress.notify_all()

    def flush(self, timeout: float = 10.0) -> None:
        """Wait until every card queued so far is written."""
        with self._progress:
            target = self._queued
            self._progress.wait_for(lambda: self._written >= target, timeout=timeout)

    def record(self, service: str, items: Iterable[dict[str, Any]]) -> int:
        """Store feedback items as the CDS Hooks feedback request gives them; return how many.

        Every item must name a card this service issued: otherwise nothing is stored, and
        UnknownCards names the ones it did not issue.
        """
        items = list({str(item["card"]): item for item in items}.values())  # the last per card
        self.flush()
        cards = sorted({str(item["card"]) for item in items})
        with self._lock:
            known = {
                uuid
                for (uuid,) in self._db.execute(
                    "SELECT uuid FROM card WHERE service = ? AND uuid IN "
                    "(SELECT value FROM json_each(?))",
                    (service, json.dumps(cards)),
                )
            }
        unknown = [card for card in cards if card not in known]
        if unknown:
            raise UnknownCards(unknown)
        rows = []
        for item in items:
            reason = (item.get("overrideReason") or {}).get("reason") or {}
            rows.append(
                (
                    item["card"],
                    service,
                    item["outcome"],
                    len(item.get("acceptedSuggestions") or []),
                    reason.get("system"),
                    reason.get("code"),
                    reason.get("display"),
                    (item.get("overrideReason") or {}).get("userComment"),
                    item.get("outcomeTimestamp"),
                    _now(),
                )
            )
        with self._lock, transaction(self._db):
            self._db.executemany("INSERT INTO feedback VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        return len(rows)

    def report(self) -> list[RuleFeedback]:
        """Per rule: cards issued, accepted, overridden, and the override reasons."""
        with self._lock:
            issued = dict(self._db.execute("SELECT rule, count(*) FROM card GROUP BY rule"))
            # Each card counts once, by what the clinician did last with it.
            outcomes = self._db.execute(
                "SELECT coalesce(c.rule, '(unknown card)'), f.outcome, "
                "coalesce(f.reason_display, f.reason_code, 'no reason given'), count(*) "
                "FROM feedback f JOIN (SELECT max(rowid) AS last FROM feedback GROUP BY card) l "
                "ON f.rowid = l.last "
                "LEFT JOIN card c ON c.uuid = f.card GROUP BY 1, 2, 3"
            ).fetchall()
        counts: dict[str, dict[str, int]] = {}
        reasons: dict[str, dict[str, int]] = {}
        for rule, outcome, reason, count in outcomes:
            counts.setdefault(rule, {}).setdefault(outcome, 0)
            counts[rule][outcome] += count
            if outcome == "overridden":
                reasons.setdefault(rule, {})[reason] = count
        rules = sorted(set(issued) | set(counts))
        return [
            RuleFeedback(
                rule=rule,
                issued=issued.get(rule, 0),
                accepted=counts.get(rule, {}).get("accepted", 0),
                overridden=counts.get(rule, {}).get("overridden", 0),
                reasons=tuple(
                    sorted(reasons.get(rule, {}).items(), key=lambda kv: (-kv[1], kv[0]))
                ),
            )
            for rule in rules
        ]

    def close(self) -> None:
        """Write what is queued, then close the file."""
        with self._progress:
            self._queued += 1
            self._queue.put(None)
        self._writer.join(timeout=10)
        with self._lock:
            self._db.close()


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
