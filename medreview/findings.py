"""From the rules that fired to the assessment: findings, tasks, owners, due dates, verdict."""

from __future__ import annotations

import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from medreview.assessment import Assessment, Finding, Review, ReviewStatus, RulesetRef, Task
from medreview.facts import Fact, FactKind, FactSet, PatientFacts, vocabulary
from medreview.owners import Owner
from medreview.ruleset import LEVEL_STRENGTH, Rule, RuleSet

_UNKNOWN_DA = "ingen"
_REVIEW_STATUS: dict[int, ReviewStatus] = {3: "required", 2: "recommended", 1: "optional"}


@dataclass(frozen=True, slots=True)
class FiredRule:
    """One rule that fired on one fact, with what it produced."""

    rule: Rule
    kind: FactKind
    fact: Fact
    finding: Finding
    task: Task | None


def build_assessment(
    ruleset: RuleSet, facts: FactSet, fired: Iterable[tuple[Rule, FactKind, Fact]]
) -> tuple[Assessment, tuple[FiredRule, ...]]:
    """The assessment, and for each finding the rule and fact behind it."""
    results = [_fire(rule, kind, fact, facts) for rule, kind, fact in fired]
    exclusive = [result for result in results if result.rule.exclusive]
    if exclusive:
        # e.g. a deceased patient: that is the only finding, and nobody gets a task.
        results = [FiredRule(r.rule, r.kind, r.fact, r.finding, task=None) for r in exclusive]
    results.sort(key=lambda r: (r.finding.rule, r.finding.evidence))
    findings = tuple(r.finding for r in results)
    tasks = tuple(r.task for r in results if r.task is not None)
    assessment = Assessment(
        patient=facts.patient.ref,
        as_of=facts.as_of,
        ruleset=RulesetRef(name=ruleset.name, version=ruleset.version, digest=ruleset.digest),
        fixed_drug_count=facts.patient.fixed_drug_count,
        counted_drugs=facts.counted_drugs,
        review=_review(results),
        findings=findings,
        tasks=tasks,
    )
    return assessment, tuple(results)


def _fire(rule: Rule, kind: FactKind, fact: Fact, facts: FactSet) -> FiredRule:
    patient = facts.patient
    evidence: set[str] = set()
    for name in rule.evidence:
        value = _field(name, kind, fact, patient)
        if isinstance(value, str):
            evidence.add(value)
        elif isinstance(value, tuple):
            evidence.update(value)
    finding = Finding(
        rule=rule.id,
        level=rule.level,
        message=_message(rule.message.da, kind, fact, patient),
        source=rule.source.cite,
        evidence=tuple(sorted(evidence)),
    )
    task = None
    if rule.task is not None:
        owner = _field(rule.task.owner, kind, fact, patient)
        if not isinstance(owner, Owner):  # rule loading checks owner fields; this is a bug
            raise TypeError(f"{rule.id}: owner field {rule.task.owner} holds {owner!r}")
        event_date = getattr(fact, "date", None) if kind == "event" else None
        task = Task(
            rule=rule.id,
            action=rule.task.action,
            owner=owner,
            due=rule.task.due.for_fact(facts.as_of, event_date),
        )
    return FiredRule(rule, kind, fact, finding, task)


def _field(name: str, kind: FactKind, fact: Fact, patient: PatientFacts) -> Any:
    """A field of the fact that fired, else of the patient fact."""
    if name in vocabulary(kind):
        return getattr(fact, name)
    return getattr(patient, name)


def _review(results: list[FiredRule]) -> Review:
    reviews = [
        r for r in results if r.rule.id.startswith("MGG-") and LEVEL_STRENGTH[r.rule.level] > 0
    ]
    if not reviews:
        return Review(status="none", due=None, owner=None)
    strongest = max(LEVEL_STRENGTH[r.rule.level] for r in reviews)
    status = _REVIEW_STATUS[strongest]
    tasks = [
        r.task
        for r in reviews
        if LEVEL_STRENGTH[r.rule.level] == strongest
        and r.task is not None
        and r.task.action == "medication-review"
    ]
    if not tasks:
        return Review(status=status, due=None, owner=None)
    earliest = min(tasks, key=lambda task: task.due)  # min keeps the first of equals
    return Review(status=status, due=earliest.due, owner=earliest.owner)


class _Days(int):
    """A number of days; ``{offset:dage}`` writes "1 dag" or "3 dage" (``:days`` in English)."""

    def __format__(self, spec: str) -> str:
        units = {"dage": ("dag", "dage"), "days": ("day", "days")}
        if spec in units:
            one, many = units[spec]
            return f"{int(self)} {one if self == 1 else many}"
        return format(int(self), spec)


class _MessageFields(Mapping[str, Any]):
    """Placeholders in a message: fields of the fact that fired, else of the patient."""

    def __init__(self, kind: FactKind, fact: Fact, patient: PatientFacts) -> None:
        self._kind, self._fact, self._patient = kind, fact, patient

    def __getitem__(self, name: str) -> Any:
        value = _field(name, self._kind, self._fact, self._patient)
        if value is None:
            return _UNKNOWN_DA
        if isinstance(value, bool):
            return "ja" if value else "nej"
        if isinstance(value, int) and (name == "offset" or name.endswith("_offset")):
            return _Days(abs(value))  # "for 400 dage siden": the sign is in the words
        if isinstance(value, tuple):
            return ", ".join(value)
        return value

    def __iter__(self) -> Any:
        return iter(())

    def __len__(self) -> int:
        return 0


def _message(template: str, kind: FactKind, fact: Fact, patient: PatientFacts) -> str:
    return string.Formatter().vformat(template, (), _MessageFields(kind, fact, patient))
