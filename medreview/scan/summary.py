"""What a scan tells at its end, on stderr: how many patients, with what verdicts, how fast.

It counts, and it never names a patient: no CPR number or patient id reaches it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from medreview.labels_da import SECTORS
from medreview.render.fhir import review_of
from medreview.scan.previous import Tally

REVIEW_ORDER = ("required", "recommended", "optional", "none")


@dataclass
class ScanSummary:
    read: int = 0
    evaluated: int = 0
    failed: int = 0
    reviews: Counter[str] = field(default_factory=Counter)
    review_sectors: Counter[str] = field(default_factory=Counter)
    resumed_after: int = 0
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)
    tally: Tally | None = None  # with --previous: tasks new, open and resolved
    previous_as_of: str | None = None

    def count(self, ok: bool, review: str | None, sector: str | None) -> None:
        self.read += 1
        if not ok:
            self.failed += 1
            return
        self.evaluated += 1
        self.reviews[review or "none"] += 1
        if review and review != "none":
            self.review_sectors[sector or "unknown"] += 1

    def count_line(self, line: dict[str, Any]) -> None:
        """Count a line already in the output (when a scan is resumed)."""
        if "error" in line or line.get("resourceType") == "OperationOutcome":
            self.count(False, None, None)
        elif line.get("resourceType") == "Bundle":
            self.count(True, *review_of(line))
        else:
            owner = line["review"]["owner"]
            self.count(True, line["review"]["status"], owner["sector"] if owner else None)

    @property
    def rate(self) -> float:
        scanned = self.read - self.resumed_after
        return scanned / self.seconds if self.seconds > 0 else 0.0

    def text(self) -> str:
        lines = [
            f"medreview scan: {self.read:,} patient{'' if self.read == 1 else 's'} read, "
            f"{self.evaluated:,} evaluated, "
            f"{self.failed:,} failed, in {self.seconds:.1f} s ({self.rate:,.0f} patients/s)"
        ]
        if self.resumed_after:
            lines.append(f"  resumed after the {self.resumed_after:,} patients already written")
        reviews = ", ".join(f"{status} {self.reviews[status]:,}" for status in REVIEW_ORDER)
        lines.append(f"  medication reviews: {reviews}")
        if self.review_sectors:
            sectors = ", ".join(
                f"{SECTORS.get(sector, sector)} {count:,}"
                for sector, count in sorted(
                    self.review_sectors.items(), key=lambda kv: (-kv[1], kv[0])
                )
            )
            lines.append(f"  reviews due, by the owner's sector: {sectors}")
        if self.tally is not None:
            tally = self.tally
            lines.append(
                f"  tasks since the previous scan ({self.previous_as_of}): new {tally.new:,}, "
                f"open {tally.open:,}, resolved {tally.resolved:,}"
                + (
                    f" ({tally.not_compared:,} of patients not evaluated now, not compared)"
                    if tally.not_compared
                    else ""
                )
            )
        if self.failed:
            lines.append(f"  {self.failed:,} could not be evaluated: see their error lines")
        lines.extend(f"  note: {note}" for note in self.notes)
        return "\n".join(lines)
