"""The rule set's model: rules, priority signals, the set's header and the RuleSet itself."""

from __future__ import annotations

import hashlib
import itertools
import json
import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Literal

from pydantic import (
    Field,
    PrivateAttr,
    field_validator,
    model_validator,
)

from medreview.facts.vocabulary import FactKind
from medreview.rules.citation import Source, Text
from medreview.rules.citation import Spec as _Spec
from medreview.rules.clinical_lists import ClinicalLists
from medreview.rules.conditions import referenced_fields

Level = Literal["required", "recommended", "optional", "info"]


Action = Literal[
    "medication-review",
    "assess-dose-dispensing",
    "deregister-dose-dispensing",
    "notify-pharmacy",
    "reassess-drug",
    "administer-safely",
]


LEVEL_STRENGTH: dict[str, int] = {"required": 3, "recommended": 2, "optional": 1, "info": 0}


RULESET_FILE = "ruleset.yaml"


_RULE_ID = re.compile(r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$")


_SIGNAL_ID = re.compile(r"^PRIO(-[A-Z0-9]+)+$")


# The worklist priority: 1 is the most urgent.
PRIORITIES = (1, 2, 3, 4, 5)


class _Located(_Spec):
    """Something a rule file defines: where it sits, and a fingerprint of what it means."""

    family: str = ""
    file: str = ""
    line: int | None = None
    # (list name, list digest) of each clinical list it relies on; set when the set loads.
    _lists: tuple[tuple[str, str], ...] = PrivateAttr(default=())

    @property
    def lists(self) -> tuple[str, ...]:
        """The clinical lists it relies on (clinical_lists.py), by name."""
        return tuple(name for name, _ in self._lists)

    @property
    def digest(self) -> str:
        """A fingerprint of what it means (not where it sits in its file), lists included:
        a changed list changes what the rule does, so its sign-off must go stale."""
        meaning = self.model_dump(mode="json", exclude={"file", "line", "family"})
        if self._lists:
            meaning["$lists"] = dict(self._lists)
        canonical = json.dumps(meaning, sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(canonical.encode()).hexdigest()


class Due(_Spec):
    """When a task is due: the event's own date if it is still ahead, else as-of + days."""

    days: int = Field(default=28, ge=0)
    from_event: bool = False

    def for_fact(self, as_of: date, event_date: str | None) -> date:
        if self.from_event and event_date:
            day = date.fromisoformat(event_date)
            if day >= as_of:
                return day
        return as_of + timedelta(days=self.days)


class TaskSpec(_Spec):
    action: Action
    owner: str
    due: Due = Due()


class Rule(_Located):
    """One rule: when it fires, what it says, and what task it raises."""

    id: str
    level: Level
    title: Text
    message: Text
    source: Source
    fact: FactKind
    when: dict[str, Any]
    evidence: tuple[str, ...] = ()
    task: TaskSpec | None = None
    exclusive: bool = Field(
        default=False,
        description="when it fires, it is the only finding and no task is raised",
    )
    choice: Text | None = Field(
        default=None, description="what was chosen where the contract leaves a choice, and why"
    )

    @field_validator("id")
    @classmethod
    def _id_shape(cls, value: str) -> str:
        if not _RULE_ID.match(value):
            raise ValueError(
                "a rule id is upper-case words joined by hyphens, e.g. MGG-POLYPHARMACY"
            )
        return value

    def durable_definition(self) -> dict[str, Any]:
        """The rule in durable-rules' JSON, minus the action name."""
        return {"all": [{"m": {"$and": [{"kind": self.fact}, self.when]}}]}

    @property
    def reads(self) -> set[str]:
        return referenced_fields(self.when)


class FiredFilter(_Spec):
    """Findings a priority signal counts: of these rules, levels and actions (all if empty).

    ``where`` counts a rule's findings by the fact they fired on, e.g. the kind of drug on
    their line: ``{DRUG-REASSESSMENT-OVERDUE: {habit_forming: true}}`` counts that rule's
    findings only on a habit-forming line (the others named in ``rules`` all count).
    """

    rules: tuple[str, ...] = ()
    levels: tuple[Level, ...] = ()
    actions: tuple[Action, ...] = ()
    where: dict[str, dict[str, bool | int | str]] = Field(
        default_factory=dict,
        description="rule id: the values its finding's fact must have for the finding to count",
    )

    @model_validator(mode="after")
    def _where_names_its_rules(self) -> FiredFilter:
        strays = [rule_id for rule_id in self.where if self.rules and rule_id not in self.rules]
        if strays:
            raise ValueError(f"'where' names {', '.join(strays)}, which 'rules' does not list")
        return self

    def matches(self, rule: Rule, fact: object | None = None) -> bool:
        """Whether a finding of ``rule`` on ``fact`` counts."""
        action = rule.task.action if rule.task else None
        wanted = self.where.get(rule.id, {})
        return (
            (not self.rules or rule.id in self.rules)
            and (not self.levels or rule.level in self.levels)
            and (not self.actions or action in self.actions)
            and all(
                fact is not None and _same(getattr(fact, name, None), value)
                for name, value in wanted.items()
            )
        )


def _same(found: object, wanted: bool | int | str) -> bool:
    """Equal, and of the same kind: True is not 1 here."""
    return type(found) is type(wanted) and found == wanted


class Signal(_Located):
    """A case-finding signal: points towards the worklist priority, and why.

    It is present when its condition holds on some fact (``when``), when some
    finding matches ``fired``, or, with both, when both hold.
    """

    id: str
    title: Text
    points: int = Field(ge=1, le=10)
    reason: Text = Field(description="what the clinician reads; may use the fact's fields")
    source: Source | None = None
    basis: Text | None = Field(
        default=None, description="where a signal rests on practice rather than a source"
    )
    fact: FactKind = "patient"
    when: dict[str, Any] | None = None
    evidence: tuple[str, ...] = ()
    fired: FiredFilter | None = None

    @field_validator("id")
    @classmethod
    def _id_shape(cls, value: str) -> str:
        if not _SIGNAL_ID.match(value):
            raise ValueError("a signal id is PRIO- and upper-case words, e.g. PRIO-NURSING-HOME")
        return value

    @model_validator(mode="after")
    def _has_a_test(self) -> Signal:
        if self.when is None and self.fired is None:
            raise ValueError("a signal needs 'when' (a condition), 'fired' (findings), or both")
        if self.source is None and self.basis is None:
            raise ValueError("a signal needs a 'source', or a 'basis' saying what practice it is")
        return self

    @property
    def reads(self) -> set[str]:
        return referenced_fields(self.when) if self.when is not None else set()


class PriorityBand(_Spec):
    """A patient whose signals add up to at least ``points`` gets ``priority``."""

    priority: int = Field(ge=1, le=5)
    points: int = Field(ge=0)


DEFAULT_SCALE = (PriorityBand(priority=5, points=0),)


class RuleSetInfo(_Spec):
    name: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    version: str = Field(pattern=r"^\d+\.\d+\.\d+$")
    description: Text | None = None
    priority: tuple[PriorityBand, ...] = Field(
        default=DEFAULT_SCALE,
        description="points to priority, from the most urgent (1) down; must include 0 points",
    )

    @field_validator("priority")
    @classmethod
    def _scale_shape(cls, bands: tuple[PriorityBand, ...]) -> tuple[PriorityBand, ...]:
        ordered = tuple(sorted(bands, key=lambda band: band.priority))
        if len({band.priority for band in ordered}) != len(ordered):
            raise ValueError("each priority appears once")
        points = [band.points for band in ordered]
        if any(later >= earlier for earlier, later in itertools.pairwise(points)):
            raise ValueError("a more urgent priority needs more points than a less urgent one")
        if not ordered or points[-1] != 0:
            raise ValueError("the least urgent priority must start at 0 points")
        return ordered

    def priority_for(self, points: int) -> int:
        """The most urgent priority whose minimum ``points`` reach."""
        return next(band.priority for band in self.priority if points >= band.points)


class RuleSet:
    """A loaded, checked rule directory."""

    def __init__(
        self,
        info: RuleSetInfo,
        rules: list[Rule],
        digest: str,
        directory: Path,
        signals: list[Signal] | None = None,
        lists: ClinicalLists | None = None,
    ) -> None:
        self.info = info
        self.rules = sorted(rules, key=lambda rule: rule.id)
        self.by_id = {rule.id: rule for rule in self.rules}
        self.signals = sorted(signals or (), key=lambda signal: signal.id)
        self.signal_by_id = {signal.id: signal for signal in self.signals}
        self.digest = digest
        self.directory = directory
        self.lists = lists or ClinicalLists()

    @property
    def name(self) -> str:
        return self.info.name

    @property
    def version(self) -> str:
        return self.info.version
