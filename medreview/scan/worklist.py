"""The worklist: one row per task, most urgent patients first, in bounded memory.

Rows are sorted by the patient's priority (1 first), then due date, then owner; with
``--previous``, the tasks gone since the previous scan (``resolved``) come last.
The columns after ``priority_reasons`` were added later, so that a reader of the
first ones by position still reads them.

Rows are sorted in runs of ``RUN_ROWS`` written to temporary files and merged,
so that a region's worklist sorts without holding it all in memory.
"""

from __future__ import annotations

import csv
import heapq
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

import orjson

from medreview.rules.model import RuleSet
from medreview.scan.previous import task_pairs

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
    "patient_name",
    "age",
    "nursing_home",
    "nursing_home_reference",
    "owner_name",
    "message",
    "state",
    "since",
    "resolution",
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
    patient_name: str = ""
    age: str = ""
    nursing_home: str = ""
    nursing_home_reference: str = ""
    owner_name: str = ""
    message: str = ""
    state: str = ""  # new, open or resolved with --previous; else empty
    since: str = ""
    resolution: str = ""  # why a resolved task is gone


def worklist_order(row: Row) -> tuple[int | str, ...]:
    """By priority, then due date; then owner, patient and rule, so that the order is total."""
    return (
        row.state == "resolved",
        row.priority,
        row.due,
        row.owner_sector,
        row.owner_role,
        row.owner_reference,
        row.patient,
        row.rule,
    )


def rows_of(spooled: dict[str, Any], ruleset: RuleSet) -> Iterator[Row]:
    """The worklist rows of one spooled record (none for an error or a patient with no task),
    and of the previous scan's tasks of that patient that are gone."""
    result = spooled["result"]
    who = spooled.get("who") or {}
    track = spooled.get("track") or {}
    if "error" not in result:
        why = "; ".join(
            f"{reason['reason'].rstrip('.')} (+{reason['points']})"
            for reason in result["priority_reasons"]
        )
        states = track.get("states") or []
        for number, (task, finding) in enumerate(task_pairs(result)):
            state, since = states[number] if number < len(states) else ("", "")
            yield _row(
                result["patient"],
                task,
                finding.get("level", ""),
                result["priority"],
                why,
                spooled,
                who,
                ruleset,
                message=finding.get("message", ""),
                state=state,
                since=since,
            )
    for gone in track.get("resolved") or ():
        yield resolved_row(gone, spooled, who, ruleset)


def resolved_row(
    gone: dict[str, Any], spooled: dict[str, Any], who: dict[str, Any], ruleset: RuleSet
) -> Row:
    """A task of the previous scan that is gone (previous.py), as a worklist row."""
    return _row(
        gone["patient"],
        gone,
        gone["level"],
        gone["priority"],
        "",
        spooled,
        who,
        ruleset,
        message="",
        state="resolved",
        since=gone["since"],
        resolution=gone["reason"],
    )


def _row(
    patient: str,
    task: dict[str, Any],
    level: str,
    priority: int,
    why: str,
    spooled: dict[str, Any],
    who: dict[str, Any],
    ruleset: RuleSet,
    *,
    message: str,
    state: str,
    since: str,
    resolution: str = "",
) -> Row:
    owner = task["owner"]
    rule = ruleset.by_id.get(task["rule"])
    home = who.get("home") or {}
    age = who.get("age")
    return Row(
        priority,
        owner["sector"],
        owner["role"],
        owner["reference"] or "",
        patient,
        spooled.get("cpr") or "",
        task["rule"],
        level,
        task["action"],
        task["due"],
        rule.title.da if rule else "",
        why,
        who.get("name") or "",
        "" if age is None else str(age),
        home.get("name") or "",
        home.get("reference") or "",
        (who.get("owners") or {}).get(owner["reference"] or "", ""),
        message,
        state,
        since,
        resolution,
    )


def sorted_rows(
    rows: Iterable[Row], workdir: Path, key: Callable[[Row], Any] = worklist_order
) -> Iterator[Row]:
    """``rows`` in ``key``'s order (by default :func:`worklist_order`), with bounded memory."""
    runs: list[Path] = []
    batch: list[Row] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= RUN_ROWS:
            runs.append(_write_run(sorted(batch, key=key), workdir, f"{id(key)}-{len(runs)}"))
            batch = []
    batch.sort(key=key)
    if not runs:
        yield from batch
        return
    handles = [path.open("rb") for path in runs]
    try:
        yield from heapq.merge(batch, *(_read_run(handle) for handle in handles), key=key)
    finally:
        for handle in handles:
            handle.close()


def _write_run(rows: list[Row], workdir: Path, number: str) -> Path:
    path = workdir / f"run-{number}.ndjson"
    with path.open("wb") as handle:
        for row in rows:
            handle.write(orjson.dumps(tuple(row)) + b"\n")
    return path


def _read_run(handle: IO[bytes]) -> Iterator[Row]:
    for line in handle:
        yield Row(*orjson.loads(line))


# A spreadsheet takes a cell that starts with one of these as a formula: a name or a drug
# from the input ("=HYPERLINK(...)") must stay text (OWASP, "CSV injection").
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> object:
    """A text cell that a spreadsheet would run as a formula, quoted with a leading "'"."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def write_csv(rows: Iterable[Row], out: SupportsWrite[str]) -> int:
    """Write the worklist as CSV (a header, then the rows); return how many rows."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    count = 0
    for row in rows:
        writer.writerow([csv_cell(value) for value in row])
        count += 1
    return count


def temporary_workdir() -> tempfile.TemporaryDirectory[str]:
    return tempfile.TemporaryDirectory(prefix="medreview-worklist-")
