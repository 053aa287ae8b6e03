"""From the rules that fired to the assessment: findings, tasks, owners, due dates, verdict.

The assessment is built as JSON-ready data, in the contract's key order: a scan
writes it as it is, and :class:`medreview.assessment.model.Assessment` validates the
same data for callers of the Python API.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from medreview.assessment.data import (
    AssessmentData,
    FindingData,
    ReasonData,
    ReviewData,
    TaskData,
)
from medreview.assessment.owners import TaskOwner
from medreview.facts.factset import FactSet
from medreview.facts.vocabulary import EventFacts, Fact, FactKind, PatientFacts, vocabulary
from medreview.rules.message_format import render
from medreview.rules.model import LEVEL_STRENGTH, Rule, RuleSet, Signal

_REVIEW_STATUS = {3: "required", 2: "recommended", 1: "optional"}


@dataclass(frozen=True, slots=True)
class FiredRule:
    """One rule that fired on one fact, with the finding and task it produced."""

    rule: Rule
    kind: FactKind
    fact: Fact
    finding: FindingData
    task: TaskData | None
    owner: TaskOwner | None


def build_assessment(
    ruleset: RuleSet,
    facts: FactSet,
    fired: Iterable[tuple[Rule, FactKind, Fact]],
    signals: Iterable[tuple[Signal, FactKind, Fact]] = (),
) -> tuple[AssessmentData, tuple[FiredRule, ...]]:
    """The assessment as data, and for each finding the rule and fact behind it.

    ``signals`` are the priority signals whose condition held on a fact.
    """
    results = [_fire(rule, kind, fact, facts) for rule, kind, fact in fired]
    exclusive = [result for result in results if result.rule.exclusive]
    if exclusive:
        # e.g. a deceased patient: that is the only finding, and nobody gets a task.
        results = [FiredRule(r.rule, r.kind, r.fact, r.finding, None, None) for r in exclusive]
    # The contract sorts by rule, then evidence; message and owner make the order total.
    results.sort(key=_contract_order)
    reasons = [] if exclusive else _priority_reasons(ruleset, facts, results, signals)
    data: AssessmentData = {
        "patient": facts.patient.ref,
        "as_of": facts.as_of.isoformat(),
        "ruleset": {"name": ruleset.name, "version": ruleset.version, "digest": ruleset.digest},
        "fixed_drug_count": facts.patient.fixed_drug_count,
        "counted_drugs": list(facts.counted_drugs),
        "review": _review(results),
        "findings": [r.finding for r in results],
        "tasks": [r.task for r in results if r.task is not None],
        "priority": ruleset.info.priority_for(sum(reason["points"] for reason in reasons)),
        "priority_reasons": reasons,
    }
    return data, tuple(results)


def _contract_order(result: FiredRule) -> tuple[Any, ...]:
    owner = result.task["owner"]["reference"] or "" if result.task else ""
    return (result.finding["rule"], result.finding["evidence"], result.finding["message"], owner)


def _priority_reasons(
    ruleset: RuleSet,
    facts: FactSet,
    results: list[FiredRule],
    conditions_held: Iterable[tuple[Signal, FactKind, Fact]],
) -> list[ReasonData]:
    """Each signal present, once, with its points, its reason and what shows it."""
    held: dict[str, list[tuple[FactKind, Fact]]] = {}
    for signal, kind, fact in conditions_held:
        held.setdefault(signal.id, []).append((kind, fact))
    reasons: list[ReasonData] = []
    for signal in ruleset.signals:
        hits = held.get(signal.id, [])
        if signal.when is not None and not hits:
            continue
        findings = [
            r.finding for r in results if signal.fired and signal.fired.matches(r.rule, r.fact)
        ]
        if signal.fired is not None and not findings:
            continue
        kind, fact = _spokesman(hits) if hits else ("patient", facts.patient)
        evidence: set[str] = set()
        for hit_kind, hit_fact in hits or [(kind, fact)]:
            for name in signal.evidence:
                value = _field(name, hit_kind, hit_fact, facts.patient)
                evidence.update((value,) if isinstance(value, str) else value or ())
        for finding in findings:
            evidence.update(finding["evidence"])
        reasons.append(
            {
                "signal": signal.id,
                "points": signal.points,
                "reason": _message(signal.reason.da, kind, fact, facts.patient),
                "rules": sorted({finding["rule"] for finding in findings}),
                "evidence": sorted(evidence),
            }
        )
    reasons.sort(key=lambda reason: (-reason["points"], reason["signal"]))
    return reasons


def _spokesman(hits: list[tuple[FactKind, Fact]]) -> tuple[FactKind, Fact]:
    """The fact a signal's reason speaks of: of events, the one nearest the as-of date (the
    latest discharge, not the first); otherwise the first."""
    events = [fact for _, fact in hits if isinstance(fact, EventFacts)]
    if not events:
        return hits[0]
    return "event", min(events, key=lambda event: (abs(event.offset), event.ref))


def _fire(rule: Rule, kind: FactKind, fact: Fact, facts: FactSet) -> FiredRule:
    patient = facts.patient
    evidence: set[str] = set()
    for name in rule.evidence:
        value = _field(name, kind, fact, patient)
        if isinstance(value, str):
            evidence.add(value)
        elif isinstance(value, tuple):
            evidence.update(value)
    finding: FindingData = {
        "rule": rule.id,
        "level": rule.level,
        "message": _message(rule.message.da, kind, fact, patient),
        "source": rule.source.cite,
        "evidence": sorted(evidence),
    }
    if rule.task is None:
        return FiredRule(rule, kind, fact, finding, None, None)
    owner = _field(rule.task.owner, kind, fact, patient)
    if not isinstance(owner, TaskOwner):  # rule loading checks owner fields: this is a bug
        raise TypeError(f"{rule.id}: owner field {rule.task.owner} holds {owner!r}")
    event_date = getattr(fact, "date", None) if kind == "event" else None
    task: TaskData = {
        "rule": rule.id,
        "action": rule.task.action,
        "owner": owner.as_json(),
        "due": rule.task.due.for_fact(facts.as_of, event_date).isoformat(),
    }
    return FiredRule(rule, kind, fact, finding, task, owner)


def _field(name: str, kind: FactKind, fact: Fact, patient: PatientFacts) -> Any:
    """A field of the fact that fired, else of the patient fact."""
    return getattr(fact if name in _FIELDS[kind] else patient, name)


# The field names of each kind, looked up for every placeholder of every message.
_FIELDS: dict[FactKind, frozenset[str]] = {
    kind: frozenset(vocabulary(kind)) for kind in ("patient", "line", "event")
}


def _review_rule(results: Iterable[FiredRule]) -> FiredRule | None:
    """The fired rule whose task sets the review's owner and due date, if any."""
    reviews = [
        r for r in results if r.rule.id.startswith("MGG-") and LEVEL_STRENGTH[r.rule.level] > 0
    ]
    if not reviews:
        return None
    strongest = max(LEVEL_STRENGTH[r.rule.level] for r in reviews)
    candidates = [
        r
        for r in reviews
        if LEVEL_STRENGTH[r.rule.level] == strongest
        and r.task is not None
        and r.task["action"] == "medication-review"
    ]
    # min keeps the first of equal dates, and results are in the contract's order.
    return min(candidates, key=lambda r: r.task["due"] if r.task else "", default=None)


def _review(results: list[FiredRule]) -> ReviewData:
    levels = [
        LEVEL_STRENGTH[r.rule.level]
        for r in results
        if r.rule.id.startswith("MGG-") and LEVEL_STRENGTH[r.rule.level] > 0
    ]
    if not levels:
        return {"status": "none", "due": None, "owner": None}
    chosen = _review_rule(results)
    task = chosen.task if chosen is not None else None
    return {
        "status": _REVIEW_STATUS[max(levels)],
        "due": task["due"] if task else None,
        "owner": task["owner"] if task else None,
    }


def _message(template: str, kind: FactKind, fact: Fact, patient: PatientFacts) -> str:
    """A message or reason: its placeholders are fields of the fact that fired, else of the
    patient, written as :mod:`medreview.rules.message_format` writes values (dates, days,
    counts)."""
    own = _FIELDS[kind]
    return render(template, lambda name: getattr(fact if name in own else patient, name))
