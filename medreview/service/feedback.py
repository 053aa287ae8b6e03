"""What clinicians did with medreview's cards: issued, accepted, overridden and why.

Every card the service returns is remembered (its uuid, service and rule; never
the patient), and the CDS Client's feedback on it is stored beside it, in one
SQLite file. ``medreview feedback report`` sums it up per rule, so that the
people who own the rules see which ones clinicians follow and which they override.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

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


class FeedbackStore:
    """One SQLite file, safe to use from the service's threads."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(self.path, check_same_thread=False)
        self._db.executescript(_SCHEMA)
        self._db.commit()

    def issued(self, service: str, cards: Iterable[tuple[str, str]]) -> None:
        """Remember the cards of one response: (card uuid, rule id) pairs."""
        now = _now()
        with self._lock:
            self._db.executemany(
                "INSERT OR IGNORE INTO card VALUES (?, ?, ?, ?)",
                [(uuid, service, rule, now) for uuid, rule in cards],
            )
            self._db.commit()

    def record(self, service: str, items: Iterable[dict[str, Any]]) -> int:
        """Store feedback items as the CDS Hooks feedback request gives them; return how many."""
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
        with self._lock:
            self._db.executemany("INSERT INTO feedback VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
            self._db.commit()
        return len(rows)

    def report(self) -> list[RuleFeedback]:
        """Per rule: cards issued, accepted, overridden, and the override reasons."""
        with self._lock:
            issued = dict(self._db.execute("SELECT rule, count(*) FROM card GROUP BY rule"))
            outcomes = self._db.execute(
                "SELECT coalesce(c.rule, '(unknown card)'), f.outcome, "
                "coalesce(f.reason_display, f.reason_code, 'no reason given'), count(*) "
                "FROM feedback f LEFT JOIN card c ON c.uuid = f.card GROUP BY 1, 2, 3"
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
        with self._lock:
            self._db.close()


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
