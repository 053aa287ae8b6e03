"""The assessment as JSON-ready data, typed: the shape contract.md gives it, key by key.

A scan writes this data as it is built; :class:`medreview.assessment.model.Assessment`
validates the same data into models for callers of the Python API. The types let the
checker follow every key from where it is made to where it is written.
"""

from __future__ import annotations

from typing import TypedDict


class OwnerData(TypedDict):
    sector: str
    role: str
    reference: str | None


class RulesetData(TypedDict):
    name: str
    version: str
    digest: str


class ReviewData(TypedDict):
    status: str  # "required", "recommended", "optional" or "none"
    due: str | None  # ISO date
    owner: OwnerData | None


class FindingData(TypedDict):
    rule: str
    level: str
    message: str
    source: str
    evidence: list[str]


class TaskData(TypedDict):
    rule: str
    action: str
    owner: OwnerData
    due: str  # ISO date


class ReasonData(TypedDict):
    signal: str
    points: int
    reason: str
    rules: list[str]
    evidence: list[str]


class AssessmentData(TypedDict):
    patient: str
    as_of: str
    ruleset: RulesetData
    fixed_drug_count: int
    counted_drugs: list[str]
    review: ReviewData
    findings: list[FindingData]
    tasks: list[TaskData]
    priority: int
    priority_reasons: list[ReasonData]
