"""The worklist: one row per task, most urgent patients first, in bounded memory.

Rows are sorted by the patient's priority (1 first), then due date, then owner.

Rows are sorted in runs of ``RUN_ROWS`` written to temporary files and merged,
so that a region's worklist sorts without holding it all in memory.
"""

from __future__ import annotations

import csv
import heapq
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

import orjson

from medreview.ruleset import RuleSet

RUN_ROWS = 100_000
COLUMNS = (
    "priority",
    "owner_sector",
    "owner_role",
    "owner_reference",
    "patient",
    "cpr_masked",
    "rule",
    "level",
    "action",
    "due",
    "reason",
    "priority_reasons",
)


class Row(NamedTuple):
    priority: int
    owner_sector: str
    owner_role: str
    owner_reference: str
    patient: str
    cpr_masked: str
    rule: str
    level: str
    action: str
    due: str
    reason: str
    priority_reasons: str


def worklist_order(row: Row) -> tuple[int | str, ...]:
    """By priority, then due date; then owner, patient and rule, so that the order is total."""
    return (
        row.priority,
        row.due,
        row.owner_sector,
        row.owner_role,
        row.owner_reference,
        row.patient,
        row.rule,
    )


def rows_of(spooled: dict[str, Any], ruleset: RuleSet) -> Iterator[Row]:
    """The worklist rows of one spooled record (none for an error or a patient with no task)."""
    result = spooled["result"]
    if "error" in result:
        return
    levels = {finding["rule"]: finding["level"] for finding in result["findings"]}
    why = "; ".join(
        f"{reason['reason'].rstrip('.')} (+{reason['points']})"
        for reason in result["priority_reasons"]
    )
    for task in result["tasks"]:
        owner = task["owner"]
        rule = ruleset.by_id.get(task["rule"])
        yield Row(
            result["priority"],
            owner["sector"],
            owner["role"],
            owner["reference"] or "",
            result["patient"],
            spooled.get("cpr") or "",
            task["rule"],
            levels.get(task["rule"], ""),
            task["action"],
            task["due"],
            rule.title.da if rule else "",
            why,
        )


def sorted_rows(rows: Iterable[Row], workdir: Path) -> Iterator[Row]:
    """``rows`` in worklist order (:func:`worklist_order`), with bounded memory."""
    runs: list[Path] = []
    batch: list[Row] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= RUN_ROWS:
            runs.append(_write_run(sorted(batch, key=worklist_order), workdir, len(runs)))
            batch = []
    batch.sort(key=worklist_order)
    if not runs:
        yield from batch
        return
    handles = [path.open("rb") for path in runs]
    try:
        yield from heapq.merge(
            batch, *(_read_run(handle) for handle in handles), key=worklist_order
        )
    finally:
        for handle in handles:
            handle.close()


def _write_run(rows: list[Row], workdir: Path, number: int) -> Path:
    path = workdir / f"run-{number}.ndjson"
    with path.open("wb") as handle:
        for row in rows:
            handle.write(orjson.dumps(tuple(row)) + b"\n")
    return path


def _read_run(handle: IO[bytes]) -> Iterator[Row]:
    for line in handle:
        yield Row(*orjson.loads(line))


def write_csv(rows: Iterable[Row], out: SupportsWrite[str]) -> int:
    """Write the worklist as CSV (a header, then the rows); return how many rows."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    count = 0
    for row in rows:
        writer.writerow(row)
        count += 1
    return count


def temporary_workdir() -> tempfile.TemporaryDirectory[str]:
    return tempfile.TemporaryDirectory(prefix="medreview-worklist-")
