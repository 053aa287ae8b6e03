"""One exception tree for everything medreview refuses.

::

    MedreviewError
    ├── InputError       the patient input cannot be evaluated (CLI exit 3)
    └── RuleSetError     the rule directory does not load (CLI exit 4)

Both carry structured problems rather than bare strings, so that the command
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
