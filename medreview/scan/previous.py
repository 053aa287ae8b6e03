"""Month after month: this scan's tasks against a previous scan's NDJSON (``--previous``).

A task is the same task when its patient, rule, action, owner (role and reference)
and subject agree. The subject is what the task is about, from its finding's
evidence: the medication lines for a rule on a line, the care event for a rule on
an event, nothing more for a rule on the whole patient (so that a polypharmacy
review stays one task while lines come and go). Each task of this scan is then
``new`` (since this scan's date) or ``open`` (since the date it first appeared);
each task of the previous scan that is gone is ``resolved``, with the reason where
the input shows it.

The previous file is streamed, line by line (each no longer than --max-bytes): what is
kept is its tasks (about 1.4 KB each in Python, measured: 250,000 tasks took 350 MB),
never its assessments, so memory grows with the previous scan's tasks (a municipality's
take tens of MB; a region's millions, gigabytes: compare per municipality). A file
that is not a medreview scan's NDJSON is refused, naming the file, the line and why.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO, Any

import orjson

from medreview.errors import InputError, InputProblem
from medreview.rules.model import RuleSet

NEW, OPEN, RESOLVED = "new", "open", "resolved"
_LINE_TYPES = ("MedicationRequest/", "MedicationStatement/")
_REVIEW_ACTIONS = frozenset({"medication-review"})


@dataclass(frozen=True, slots=True)
class PreviousTask:
    key: tuple[Any, ...]
    rule: str
    action: str
    owner: dict[str, Any]
    due: str
    since: str
    level: str
    priority: int
    subject: tuple[str, ...]


@dataclass
class Tally:
    new: int = 0
    open: int = 0
    resolved: int = 0
    not_compared: int = 0  # previous tasks of patients this scan could not evaluate


class PreviousScanError(InputError):
    """The ``--previous`` file is not a medreview scan's NDJSON."""

    def __init__(self, path: Path, line: int | None, why: str) -> None:
        self.path, self.line, self.why = path, line, why
        super().__init__([InputProblem(why, field=f"line {line}" if line else None)])

    @property
    def message(self) -> str:
        where = f"{self.path}, line {self.line}" if self.line else str(self.path)
        return f"--previous {where}: not a medreview scan's NDJSON output: {self.why}"


def task_pairs(assessment: dict[str, Any]) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    """Each task with its finding: within a rule, tasks follow their findings' order."""
    findings: dict[str, list[dict[str, Any]]] = {}
    for finding in assessment["findings"]:
        findings.setdefault(finding["rule"], []).append(finding)
    seen: dict[str, int] = {}
    for task in assessment["tasks"]:
        number = seen.get(task["rule"], 0)
        seen[task["rule"]] = number + 1
        of_rule = findings.get(task["rule"], [])
        yield task, of_rule[number] if number < len(of_rule) else {}


def subject_of(rule: str, finding: dict[str, Any], ruleset: RuleSet) -> tuple[str, ...]:
    """What the task is about, from its finding's evidence (see the module's docstring)."""
    known = ruleset.by_id.get(rule)
    kind = known.fact if known is not None else "line"
    evidence = finding.get("evidence") or ()
    if kind == "line":
        return tuple(ref for ref in evidence if ref.startswith(_LINE_TYPES))
    if kind == "event":
        return tuple(ref for ref in evidence if not ref.startswith("Procedure/"))
    return ()


def task_key(patient: str, task: dict[str, Any], subject: tuple[str, ...]) -> tuple[Any, ...]:
    owner = task["owner"]
    return (patient, task["rule"], task["action"], owner["role"], owner["reference"] or "", subject)


@dataclass
class PreviousScan:
    """The previous scan's tasks by patient, consumed as this scan's patients come."""

    path: Path
    as_of: str
    ruleset: RuleSet
    by_patient: dict[str, list[PreviousTask]] = field(default_factory=dict)
    tally: Tally = field(default_factory=Tally)

    @classmethod
    def read(
        cls, path: Path, ruleset: RuleSet, *, before: str, max_line_bytes: int = 64 * 2**20
    ) -> PreviousScan:
        """Stream ``path``; PreviousScanError if it is not a scan's NDJSON of assessments.

        A line longer than ``max_line_bytes`` (the scan's --max-bytes) is refused before
        it is held whole: a previous file, like the input, cannot take unbounded memory.
        """
        scan = cls(path, "", ruleset)
        assessed = 0
        lines: dict[str, int] = {}  # patient -> the line that gave them
        try:
            with _open(path) as handle:
                for number, raw in _bounded_lines(path, handle, max_line_bytes):
                    if not raw.strip():
                        continue
                    line = _parse(path, number, raw)
                    if "error" in line and "source" in line:
                        continue  # a record that scan could not evaluate: it had no tasks
                    patient = line.get("patient")
                    if isinstance(patient, str) and patient in lines:
                        raise PreviousScanError(
                            path, number, f"{patient} was on line {lines[patient]} already"
                        )
                    scan._add(path, number, line)
                    lines[str(patient)] = number
                    assessed += 1
        except OSError as error:
            raise PreviousScanError(path, None, error.strerror or str(error)) from None
        except (EOFError, gzip.BadGzipFile) as error:
            raise PreviousScanError(path, None, f"cannot be read: {error}") from None
        if not assessed:
            raise PreviousScanError(path, None, "it holds no assessment")
        if scan.as_of >= before:
            raise PreviousScanError(
                path, None, f"its as-of date {scan.as_of} is not before this scan's {before}"
            )
        return scan

    def _add(self, path: Path, number: int, line: dict[str, Any]) -> None:
        try:
            patient, as_of = line["patient"], line["as_of"]
            tasks = list(task_pairs(line))
            priority = int(line.get("priority") or 5)
            levels = {f["rule"]: f["level"] for f in line["findings"]}
            if not isinstance(patient, str) or not isinstance(as_of, str) or "ruleset" not in line:
                raise TypeError("no patient, as_of or ruleset")
        except (KeyError, TypeError, ValueError) as error:
            raise PreviousScanError(
                path, number, f"not an assessment of the contract: {error!s} missing or wrong"
            ) from None
        if not _is_day(as_of):
            raise PreviousScanError(path, number, f"as_of {as_of!r} is not a date YYYY-MM-DD")
        for task, _ in tasks:
            if (why := _task_problem(task, as_of)) is not None:
                raise PreviousScanError(path, number, f"a task of {patient}: {why}")
        if self.as_of and as_of != self.as_of:
            raise PreviousScanError(
                path, number, f"as-of {as_of}, where the lines before say {self.as_of}"
            )
        self.as_of = as_of
        kept = self.by_patient.setdefault(patient, [])
        keys: set[tuple[Any, ...]] = set()
        for task, finding in tasks:
            subject = subject_of(task["rule"], finding, self.ruleset)
            key = task_key(patient, task, subject)
            if key in keys:  # one task written twice is one task, not one resolved next month
                continue
            keys.add(key)
            kept.append(
                PreviousTask(
                    key,
                    task["rule"],
                    task["action"],
                    task["owner"],
                    task["due"],
                    task.get("since") or as_of,
                    levels.get(task["rule"], ""),
                    priority,
                    subject,
                )
            )

    def compare(
        self, assessment: dict[str, Any], context: dict[str, Any] | None
    ) -> tuple[list[tuple[str, str]], list[dict[str, Any]]]:
        """Each task's (state, since), in the tasks' order, and the previous tasks now gone.

        Adds ``since`` to each of ``assessment``'s tasks.
        """
        patient = assessment["patient"]
        before = self.by_patient.pop(patient, [])
        states: list[tuple[str, str]] = []
        for task, finding in task_pairs(assessment):
            key = task_key(patient, task, subject_of(task["rule"], finding, self.ruleset))
            match = next((n for n, old in enumerate(before) if old.key == key), None)
            if match is None:
                state, since = NEW, assessment["as_of"]
                self.tally.new += 1
            else:
                state, since = OPEN, before.pop(match).since
                self.tally.open += 1
            task["since"] = since
            states.append((state, since))
        self.tally.resolved += len(before)
        return states, [self._resolved(patient, old, assessment, context) for old in before]

    def not_evaluated(self, patient: str | None) -> None:
        """A patient this scan could not evaluate: their previous tasks are not compared."""
        if patient is not None:
            self.tally.not_compared += len(self.by_patient.pop(patient, []))

    def remaining(self) -> Iterator[dict[str, Any]]:
        """The tasks of patients not in this scan at all: resolved, the patient has left."""
        for patient, tasks in self.by_patient.items():
            for old in tasks:
                self.tally.resolved += 1
                yield self._resolved(patient, old, None, None)
        self.by_patient = {}

    def _resolved(
        self,
        patient: str,
        old: PreviousTask,
        assessment: dict[str, Any] | None,
        context: dict[str, Any] | None,
    ) -> dict[str, Any]:
        code, reason = resolution(old, self.as_of, assessment, context)
        return {
            "patient": patient,
            "rule": old.rule,
            "action": old.action,
            "owner": old.owner,
            "due": old.due,
            "since": old.since,
            "level": old.level,
            "priority": old.priority,
            "resolution": code,
            "reason": reason,
        }


def resolution(
    old: PreviousTask,
    previous_as_of: str,
    assessment: dict[str, Any] | None,
    context: dict[str, Any] | None,
) -> tuple[str, str]:
    """Why a task of the previous scan is gone, as far as the input shows it (code, Danish)."""
    if assessment is None:
        return "left-input", "Patienten er ikke med i denne scanning (flyttet eller udmeldt)."
    if any(f["rule"] == "DATA-PATIENT-DECEASED" for f in assessment["findings"]) or (
        context and context.get("deceased")
    ):
        return "deceased", "Patienten er død."
    if context is None:
        return "gone", "Reglen gælder ikke længere for patienten."
    reviews = [day for day in context.get("reviews", ()) if day > previous_as_of]
    if reviews and old.action in _REVIEW_ACTIONS:
        return "review-done", f"Medicingennemgang gennemført {reviews[-1]}."
    lines = context.get("lines", {})
    ended = [ref for ref in old.subject if ref.startswith(_LINE_TYPES) and ref in lines]
    ended = [ref for ref in ended if lines[ref] != "active"] + [
        ref for ref in old.subject if ref.startswith(_LINE_TYPES) and ref not in lines
    ]
    if ended:
        status = lines.get(ended[0], "fjernet fra kortet")
        return "line-stopped", f"Ordinationen {ended[0]} er ikke længere aktiv ({status})."
    if reviews:
        return "review-done", f"Medicingennemgang gennemført {reviews[-1]}."
    if context.get("admitted") and old.owner.get("role") != "admitting-hospital":
        return "admitted", "Patienten er indlagt; hospitalet har opgaven under indlæggelsen."
    if context.get("left_home") and context["left_home"] > previous_as_of:
        return "moved", f"Patienten er flyttet fra plejehjemmet {context['left_home']}."
    same = [
        t
        for t in assessment["tasks"]
        if t["rule"] == old.rule and t["action"] == old.action and t["owner"] != old.owner
    ]
    if same:
        return "owner-changed", "Opgaven har fået en ny ejer."
    return "gone", "Reglen gælder ikke længere for patienten."


def _is_day(value: object) -> bool:
    if not isinstance(value, str) or len(value) != 10:
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _task_problem(task: object, as_of: str) -> str | None:
    """What is wrong with a task of the previous file, or None: the contract's shape, and a
    ``since`` no later than its scan."""
    if not isinstance(task, dict):
        return "a task is not an object"
    for name in ("rule", "action"):
        if not isinstance(task.get(name), str):
            return f"{name} is not text"
    owner = task.get("owner")
    if not isinstance(owner, dict):
        return "owner is not an object"
    if not isinstance(owner.get("sector"), str) or not isinstance(owner.get("role"), str):
        return "owner has no sector or role"
    if not isinstance(owner.get("reference"), str | None):
        return "owner.reference is not text"
    if not _is_day(task.get("due")):
        return f"due {task.get('due')!r} is not a date YYYY-MM-DD"
    since = task.get("since")
    if since is not None and (not _is_day(since) or since > as_of):
        return f"since {since!r} is not a date YYYY-MM-DD on or before as_of {as_of}"
    return None


def _bounded_lines(path: Path, handle: IO[bytes], limit: int) -> Iterator[tuple[int, bytes]]:
    """The file's lines, numbered; PreviousScanError for one longer than ``limit`` bytes."""
    number = 0
    while True:
        raw = handle.readline(limit + 1)
        if not raw:
            return
        number += 1
        if len(raw) > limit:
            raise PreviousScanError(path, number, f"the line is longer than {limit:,} bytes")
        yield number, raw


def _open(path: Path) -> IO[bytes]:
    if path.name.endswith(".gz"):
        return gzip.open(path, "rb")  # type: ignore[return-value]  # a GzipFile reads bytes
    return path.open("rb")


def _parse(path: Path, number: int, raw: bytes) -> dict[str, Any]:
    try:
        line = orjson.loads(raw)
    except orjson.JSONDecodeError as error:
        raise PreviousScanError(path, number, f"not JSON: {error}") from None
    if not isinstance(line, dict):
        raise PreviousScanError(path, number, "a line is not a JSON object")
    if line.get("resourceType") is not None:
        raise PreviousScanError(
            path,
            number,
            f"a FHIR {line['resourceType']}: give the NDJSON of assessments (--format ndjson)",
        )
    if "result" in line and "cpr" in line:
        raise PreviousScanError(path, number, "a scan's spool, not its output")
    return line
