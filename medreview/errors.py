"""One exception tree for everything medreview refuses.

::

    MedreviewError
    ├── InputError             the patient input cannot be evaluated (CLI exit 3)
    │   ├── InputTooLarge      it holds more than a limit allows (read/limits.py)
    │   └── PreviousScanError  scan --previous names no scan's NDJSON (scan/previous.py)
    ├── RuleSetError           the rule directory does not load (CLI exit 4)
    ├── OutputError            the output cannot be written (CLI exit 5)
    ├── ResourceError          the fast reader: a resource does not fit its model, and
    ├── TooManyEntries         a bundle has too many entries (read/fhir_model.py; both
    │                          become an InputError before they leave read/)
    ├── EngineError            durable-rules cannot do what was asked (rules/durable.py)
    ├── SpecError              a Gherkin specification does not read (approval/specs.py)
    ├── SignRefused            ``rules sign`` writes nothing, and says why (approval/signing.py)
    ├── ScanError              a batch scan cannot go on
    │   ├── InputNotFound      a path names no file or nothing medreview reads (scan/sources.py)
    │   ├── SchedulerUnavailable  the Dask scheduler cannot be reached (scan/execution.py)
    │   └── ScanInterrupted    the scan was stopped; --resume goes on (scan/runner.py)
    └── ServiceError           the CDS Hooks service refuses a call (an HTTP 4xx)
        ├── Unauthorized       no valid token (service/security.py, 401)
        ├── MissingData        the prefetch or the FHIR server lacks what is needed
        │                      (service/prefetch.py, 412)
        └── UnknownCards       feedback for cards the service did not issue
                               (service/feedback.py, 404)

Only the root and its direct children defined here are imported from here; the others
live in the module that raises them.

Each carries structured fields rather than a bare string, so that the command
line, the service and the batch scan can each present them in their own way.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class InputProblem:
    """One thing wrong with the input: where it is, and why it stops evaluation."""

    reason: str
    resource: str | None = None  # "MedicationRequest/m3", or None for the document itself
    field: str | None = None  # "dosageInstruction[0].timing", FHIR element path

    def __str__(self) -> str:
        where = self.resource or ""
        if self.field:
            where = f"{where}.{self.field}" if where else self.field
        return f"{where}: {self.reason}" if where else self.reason


@dataclass(frozen=True, slots=True)
class RuleProblem:
    """One thing wrong with a rule file."""

    path: str
    reason: str
    line: int | None = None
    rule_id: str | None = None
    field: str | None = None
    suggestion: str | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        subject = ".".join(part for part in (self.rule_id, self.field) if part)
        text = f"{where}: {subject}: {self.reason}" if subject else f"{where}: {self.reason}"
        if self.suggestion:
            text += f" ({self.suggestion})"
        return text


class MedreviewError(Exception):
    """The root of every error medreview raises on purpose."""


class InputError(MedreviewError):
    """The input cannot be evaluated. Names the source, resources and fields."""

    def __init__(self, problems: list[InputProblem], source: str | None = None) -> None:
        if not problems:
            raise ValueError("an InputError needs at least one problem")
        self.problems = problems
        self.source = source
        super().__init__(self.message)

    def with_source(self, source: str) -> InputError:
        return InputError(self.problems, source)

    @property
    def message(self) -> str:
        head = f"{self.source}: " if self.source else ""
        if len(self.problems) == 1:
            return f"{head}cannot evaluate: {self.problems[0]}"
        lines = [f"{head}cannot evaluate ({len(self.problems)} problems):"]
        lines.extend(f"  - {problem}" for problem in self.problems)
        return "\n".join(lines)


class RuleSetError(MedreviewError):
    """The rule directory does not load. Every problem found is listed."""

    def __init__(self, problems: list[RuleProblem]) -> None:
        if not problems:
            raise ValueError("a RuleSetError needs at least one problem")
        self.problems = problems
        super().__init__(self.message)

    @property
    def message(self) -> str:
        if len(self.problems) == 1:
            return f"rule set does not load: {self.problems[0]}"
        lines = [f"rule set does not load ({len(self.problems)} problems):"]
        lines.extend(f"  - {problem}" for problem in self.problems)
        return "\n".join(lines)


class InputTooLarge(InputError):
    """The input holds more than a limit allows; nothing beyond the limit was read.

    ``limit`` names the limit as :class:`medreview.read.limits.Limits` and the command
    line do (``max_bytes``: ``--max-bytes``; ``max_entries``: ``--max-entries``),
    ``allowed`` is its value, and ``found`` what the input holds, where that is known.
    """

    def __init__(
        self,
        problem: InputProblem,
        *,
        limit: str,
        allowed: int,
        found: int | None = None,
        source: str | None = None,
    ) -> None:
        self.limit, self.allowed, self.found = limit, allowed, found
        super().__init__([problem], source)

    def with_source(self, source: str) -> InputTooLarge:
        return InputTooLarge(
            self.problems[0],
            limit=self.limit,
            allowed=self.allowed,
            found=self.found,
            source=source,
        )


class OutputError(MedreviewError):
    """The output cannot be written: disk full, read-only, no permission, too large.

    ``path`` is None for standard output; ``reason`` is the operating system's
    (strerror). ``complete`` is how many whole records a line file still holds
    (the torn end of a failed write is cut off), and ``kept`` the spool from which
    a worklist or report can be made again; ``--resume`` goes on from either.
    """

    def __init__(
        self,
        path: str | None,
        reason: str,
        *,
        complete: int | None = None,
        kept: str | None = None,
    ) -> None:
        self.path, self.reason, self.complete, self.kept = path, reason, complete, kept
        super().__init__(self.message)

    @classmethod
    def from_os(
        cls,
        path: str | None,
        error: OSError,
        *,
        complete: int | None = None,
        kept: str | None = None,
    ) -> OutputError:
        """From the OSError a write raised: its strerror is the reason."""
        return cls(path, error.strerror or str(error), complete=complete, kept=kept)

    @property
    def message(self) -> str:
        text = f"cannot write {self.path or 'to standard output'}: {self.reason}"
        if self.complete is not None:
            text += (
                f". It holds {self.complete:,} complete records and no incomplete line; once "
                "the output can be written, the same command with --resume goes on from there"
            )
        elif self.kept is not None:
            text += (
                f". The incomplete file was removed; the records assessed are kept in "
                f"{self.kept}, and the same command with --resume makes it from them"
            )
        return text


class ScanError(MedreviewError):
    """A batch scan cannot go on (its inputs, its scheduler, or a stop)."""


class ServiceError(MedreviewError):
    """The CDS Hooks service refuses a call; the route answers it with a 4xx."""
