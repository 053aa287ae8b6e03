"""The assessment: medreview's answer for one patient, exactly as contract.md writes it."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any, Literal

import orjson
from pydantic import BaseModel, ConfigDict, Field

from medreview.assessment.owners import Owner
from medreview.rules.model import Action, Level

ReviewStatus = Literal["required", "recommended", "optional", "none"]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class RulesetRef(_Model):
    name: str
    version: str
    digest: str


class Review(_Model):
    """Whether a medication review is due, by when and by whom."""

    status: ReviewStatus
    due: date | None
    owner: Owner | None


class Finding(_Model):
    rule: str
    level: Level
    message: str
    source: str
    evidence: tuple[str, ...]


class Task(_Model):
    rule: str
    action: Action
    owner: Owner
    due: date


class PriorityReason(_Model):
    """One case-finding signal behind the worklist priority."""

    signal: str
    points: int
    reason: str
    rules: tuple[str, ...]  # the findings that gave it, for a signal given by findings
    evidence: tuple[str, ...]


class Assessment(_Model):
    patient: str
    as_of: date
    ruleset: RulesetRef
    fixed_drug_count: int
    counted_drugs: tuple[str, ...]
    review: Review
    findings: tuple[Finding, ...]
    tasks: tuple[Task, ...]
    priority: int = Field(ge=1, le=5, description="worklist priority: 1 is the most urgent")
    priority_reasons: tuple[PriorityReason, ...] = Field(
        description="the signals that add up to the priority, most points first"
    )

    def to_dict(self) -> dict[str, Any]:
        """The contract's JSON object as Python data."""
        return self.model_dump(mode="json")

    def to_json(self, *, indent: bool = False) -> bytes:
        """The contract's JSON, keys in the contract's order."""
        return assessment_json(self.to_dict(), indent=indent)


def assessment_json(data: Mapping[str, Any], *, indent: bool = False) -> bytes:
    """Assessment data as the contract's JSON: compact for scans, indented for people."""
    return orjson.dumps(data, option=orjson.OPT_INDENT_2 if indent else 0)
