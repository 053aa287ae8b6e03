"""The rule set as data: reading, checking and fingerprinting a rule directory.

A rule directory holds ``ruleset.yaml`` (name, version, priority scale) and one
``*.yaml`` file per rule family. Each rule names the fact it tests, its
condition in durable-rules terms, the evidence it cites, and the task it
raises. A family file may also hold priority ``signals``: points towards the
worklist priority, given by a condition on a fact, by findings of other rules,
or both. A file whose ``list`` key names a clinical list (chronic-disease groups,
duplication classes: :mod:`medreview.rules.clinical_lists`) is data the facts read, not
rules; a rule reading facts derived from a list carries the list in its digest.
Everything is checked when the directory loads, and every problem is reported at
once, with its file and line.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import re
import string
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Literal, TypeVar

import yaml
from pydantic import (
    Field,
    PrivateAttr,
    ValidationError,
    field_validator,
    model_validator,
)

from medreview.errors import RuleProblem, RuleSetError
from medreview.facts.derive import FactKind, vocabulary
from medreview.rules.citation import Source as Source  # re-exported: rule files' vocabulary
from medreview.rules.citation import Spec as _Spec
from medreview.rules.citation import Text as Text
from medreview.rules.clinical_lists import (
    CHRONIC,
    DUPLICATION,
    HABIT_FORMING,
    LIST_MODELS,
    LIST_NAMES,
    AnyList,
    ChronicDiseaseGroups,
    ClinicalLists,
    DuplicationClasses,
    HabitFormingGroups,
    list_problems,
)
from medreview.rules.conditions import check_condition, did_you_mean, referenced_fields
from medreview.rules.message_format import spec_problem

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


def default_rules_dir() -> Path:
    """The rule set shipped with medreview: in the wheel, else the checkout's ``rules/``."""
    package = Path(__file__).resolve().parent.parent  # medreview/
    packaged = package / "_rules"
    if packaged.is_dir():
        return packaged
    return package.parent / "rules"


def load_ruleset(directory: str | Path | None = None) -> RuleSet:
    """Load and check a rule directory; RuleSetError lists every problem found."""
    root = Path(directory) if directory is not None else default_rules_dir()
    problems: list[RuleProblem] = []
    if not root.is_dir():
        raise RuleSetError([RuleProblem(str(root), "no such rule directory")])
    files = sorted(p for p in root.glob("*.yaml") if p.is_file())
    info_file = root / RULESET_FILE
    info: RuleSetInfo | None = None
    if not info_file.is_file():
        problems.append(
            RuleProblem(str(info_file), "missing: it names the rule set and its version")
        )
    else:
        raw_info = _load_yaml(info_file, problems)
        if raw_info is not None:
            try:
                info = RuleSetInfo.model_validate(raw_info)
            except ValidationError as error:
                problems.extend(_validation_problems(error, raw_info, info_file))
    rules: list[Rule] = []
    signals: list[Signal] = []
    lists: dict[str, AnyList] = {}
    tried: set[str] = set()  # lists found, loaded or not (a broken one is reported once)
    for path in files:
        if path.name == RULESET_FILE:
            continue
        document = _load_yaml(path, problems)
        if isinstance(document, dict) and "list" in document:
            _load_list(path, document, lists, problems)
            tried.add(str(document["list"]))
            continue
        family_rules, family_signals = _load_family(path, document, problems)
        rules.extend(family_rules)
        signals.extend(family_signals)
    clinical = ClinicalLists(
        chronic=_as(lists.get(CHRONIC), ChronicDiseaseGroups),
        duplication=_as(lists.get(DUPLICATION), DuplicationClasses),
        habit_forming=_as(lists.get(HABIT_FORMING), HabitFormingGroups),
        files={name: found.file for name, found in lists.items()},
    )
    located: list[Rule | Signal] = [*rules, *signals]
    for entry in located:
        problems.extend(_attach_lists(entry, clinical, tried))
    if info is not None and not rules and not problems:
        problems.append(RuleProblem(str(root), "holds no rules (one *.yaml file per family)"))
    seen: dict[str, Rule | Signal] = {}
    entries: list[Rule | Signal] = [*rules, *signals]
    for rule in entries:
        if rule.id in seen:
            first = seen[rule.id]
            problems.append(
                RuleProblem(
                    rule.file,
                    f"the id is already used in {first.file}:{first.line}",
                    line=rule.line,
                    rule_id=rule.id,
                )
            )
        seen[rule.id] = rule
    known = {rule.id for rule in rules}
    for signal in signals:
        for rule_id in signal.fired.rules if signal.fired else ():
            if rule_id not in known:
                problems.append(
                    RuleProblem(
                        signal.file,
                        f"fired.rules names {rule_id!r}, which is no rule in the set",
                        line=signal.line,
                        rule_id=signal.id,
                        field="fired.rules",
                        suggestion=did_you_mean(rule_id, known),
                    )
                )
        problems.extend(_where_problems(signal, {rule.id: rule for rule in rules}))
    if problems or info is None:
        raise RuleSetError(problems)
    return RuleSet(info, rules, _digest(root, files), root, signals, clinical)


def _digest(root: Path, files: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return f"sha256:{digest.hexdigest()}"


def _load_family(
    path: Path, document: Any, problems: list[RuleProblem]
) -> tuple[list[Rule], list[Signal]]:
    if document is None:
        return [], []
    if (
        not isinstance(document, dict)
        or not isinstance(document.get("rules", []), list)
        or not isinstance(document.get("signals", []), list)
        or not ("rules" in document or "signals" in document)
    ):
        problems.append(
            RuleProblem(
                str(path), "a rule file is a mapping with a list under 'rules' (or 'signals')"
            )
        )
        return [], []
    unknown = set(document) - {"family", "title", "description", "rules", "signals"}
    if unknown:
        problems.append(
            RuleProblem(
                str(path),
                f"unknown top-level keys: {', '.join(sorted(unknown))}",
                line=_line_of(document),
            )
        )
    family = str(document.get("family") or path.stem)
    rules = [
        rule
        for rule in _load_entries(path, document.get("rules", []), Rule, family, problems)
        if _no_problems(_check_rule(rule), problems)
    ]
    signals = [
        signal
        for signal in _load_entries(path, document.get("signals", []), Signal, family, problems)
        if _no_problems(_check_signal(signal), problems)
    ]
    return rules, signals


_ListModel = TypeVar("_ListModel", ChronicDiseaseGroups, DuplicationClasses, HabitFormingGroups)


def _as(found: Any, model: type[_ListModel]) -> _ListModel | None:
    return found if isinstance(found, model) else None


def _load_list(
    path: Path,
    document: dict[str, Any],
    lists: dict[str, AnyList],
    problems: list[RuleProblem],
) -> None:
    """A clinical list file: check its shape, then what a schema cannot (with lines)."""
    name = document.get("list")
    model = LIST_MODELS.get(name) if isinstance(name, str) else None
    if model is None:
        problems.append(
            RuleProblem(
                str(path),
                f"no such list {name!r}",
                line=_line_of(document),
                field="list",
                suggestion=did_you_mean(str(name), LIST_NAMES)
                or f"one of: {', '.join(LIST_NAMES)}",
            )
        )
        return
    if name in lists:
        problems.append(
            RuleProblem(
                str(path), f"the list {name!r} is also in {lists[name].file}", _line_of(document)
            )
        )
        return
    try:
        found = model.model_validate({**document, "file": str(path)})
    except ValidationError as error:
        problems.extend(_validation_problems(error, document, path, str(name)))
        return
    before = len(problems)
    for where, field, reason, suggestion in list_problems(found):
        node: Any = document
        entry_id = str(name)
        if where is not None:
            key, number = where
            node = document[key][number]
            entry_id = f"{name}/{node.get('id', number)}"
        problems.append(
            RuleProblem(
                str(path),
                reason,
                line=_line_of(node),
                rule_id=entry_id,
                field=field,
                suggestion=suggestion,
            )
        )
    if len(problems) == before:
        lists[str(name)] = found


def _attach_lists(
    entry: Rule | Signal, clinical: ClinicalLists, tried: set[str]
) -> list[RuleProblem]:
    """Record the lists an entry relies on (for its digest); each must be in the directory."""
    kinds: tuple[FactKind, ...] = (entry.fact, "patient")
    text = entry.message if isinstance(entry, Rule) else entry.reason
    used = entry.reads | set(entry.evidence) | _placeholders(text.da) | _placeholders(text.en)
    if isinstance(entry, Rule) and entry.task is not None:
        used.add(entry.task.owner)
    if isinstance(entry, Signal) and entry.fired is not None and entry.fired.where:
        # fired.where reads the fields of the facts other rules fired on: any kind
        kinds = ("patient", "line", "event")
        used |= {name for wanted in entry.fired.where.values() for name in wanted}
    needed = sorted(
        {
            spec.list
            for name in used
            for kind in kinds
            if (spec := vocabulary(kind).get(name)) is not None and spec.list is not None
        }
    )
    found: list[tuple[str, str]] = []
    problems: list[RuleProblem] = []
    for name in needed:
        digest = clinical.digest(name)
        if digest is not None:
            found.append((name, digest))
        elif name not in tried:  # a list that is there but broken is reported already
            problems.append(
                RuleProblem(
                    entry.file,
                    f"reads facts derived from the list {name!r}, and no file in the directory "
                    f"holds it (a YAML file with 'list: {name}')",
                    line=entry.line,
                    rule_id=entry.id,
                )
            )
    entry._lists = tuple(found)
    return problems


_Entry = TypeVar("_Entry", Rule, Signal)


def _load_entries(
    path: Path, entries: list[Any], model: type[_Entry], family: str, problems: list[RuleProblem]
) -> Iterator[_Entry]:
    for raw in entries:
        line = _line_of(raw)
        if not isinstance(raw, dict):
            what = model.__name__.lower()
            problems.append(RuleProblem(str(path), f"a {what} is a mapping", line=line))
            continue
        entry_id = raw.get("id") if isinstance(raw.get("id"), str) else None
        try:
            yield model.model_validate({**raw, "family": family, "file": str(path), "line": line})
        except ValidationError as error:
            problems.extend(_validation_problems(error, raw, path, entry_id))


def _no_problems(found: Iterator[RuleProblem], problems: list[RuleProblem]) -> bool:
    before = len(problems)
    problems.extend(found)
    return len(problems) == before


_Problem = Callable[..., RuleProblem]


def _problem_maker(entry: Rule | Signal) -> _Problem:
    def problem(reason: str, field: str, suggestion: str | None = None) -> RuleProblem:
        return RuleProblem(
            entry.file,
            reason,
            line=entry.line,
            rule_id=entry.id,
            field=field,
            suggestion=suggestion,
        )

    return problem


def _field_problems(
    names: tuple[str, ...], role: str, kind: FactKind, where: str, problem: _Problem
) -> Iterator[RuleProblem]:
    """Each of ``names`` must be a field of ``role`` on the fact, or on the patient fact."""
    own, patient = vocabulary(kind), vocabulary("patient")
    for name in names:
        spec = own.get(name) or patient.get(name)
        if spec is None or spec.role != role:
            choices = [n for n, s in {**patient, **own}.items() if s.role == role]
            yield problem(
                f"{name!r} is not an {role} field of a {kind} or patient fact",
                where,
                f"one of: {', '.join(choices)}",
            )


def _check_rule(rule: Rule) -> Iterator[RuleProblem]:
    problem = _problem_maker(rule)
    for reason, suggestion in check_condition(rule.when, rule.fact):
        yield problem(reason, "when", suggestion)
    yield from _field_problems(rule.evidence, "evidence", rule.fact, "evidence", problem)
    if rule.task is not None:
        yield from _field_problems((rule.task.owner,), "owner", rule.fact, "task.owner", problem)
        if rule.task.due.from_event and rule.fact != "event":
            yield problem("due.from_event needs an event fact", "task.due")
        is_review = rule.task.action == "medication-review"
        if is_review != rule.id.startswith("MGG-"):
            yield problem(
                "medication-review tasks come from MGG-* rules, and MGG-* rules raise "
                "medication-review tasks (review.status is read from them)",
                "task.action",
            )
    yield from _template_problems(rule.message, "message", rule.fact, problem)


def _check_signal(signal: Signal) -> Iterator[RuleProblem]:
    problem = _problem_maker(signal)
    if signal.when is not None:
        for reason, suggestion in check_condition(signal.when, signal.fact):
            yield problem(reason, "when", suggestion)
    elif signal.fact != "patient":
        yield problem("a signal given by findings only reads the patient fact", "fact")
    yield from _field_problems(signal.evidence, "evidence", signal.fact, "evidence", problem)
    yield from _template_problems(signal.reason, "reason", signal.fact, problem)


def _where_problems(signal: Signal, rules: dict[str, Rule]) -> Iterator[RuleProblem]:
    """``fired.where``: each rule it names is in the set, each field a value field of the fact
    that rule fires on, each value of the field's type."""
    problem = _problem_maker(signal)
    types: dict[str, type] = {"bool": bool, "int": int, "str": str}
    for rule_id, wanted in signal.fired.where.items() if signal.fired else ():
        rule = rules.get(rule_id)
        if rule is None:
            yield problem(
                f"fired.where names {rule_id!r}, which is no rule in the set",
                "fired.where",
                did_you_mean(rule_id, rules),
            )
            continue
        own = vocabulary(rule.fact)
        for name, value in wanted.items():
            spec = own.get(name)
            if spec is None or spec.role != "value":
                choices = [n for n, s in own.items() if s.role == "value"]
                yield problem(
                    f"fired.where.{rule_id}: {name!r} is not a value field of a {rule.fact} fact",
                    "fired.where",
                    did_you_mean(name, choices) or f"one of: {', '.join(choices)}",
                )
            elif type(value) is not types.get(spec.type):
                yield problem(
                    f"fired.where.{rule_id}.{name}: {value!r} is not a {spec.type}",
                    "fired.where",
                )


def _placeholders(template: str) -> set[str]:
    try:
        return {name for _, name, _, _ in string.Formatter().parse(template) if name}
    except ValueError:
        return set()  # reported by _template_problems


def _template_problems(
    text: Text, field: str, kind: FactKind, problem: _Problem
) -> Iterator[RuleProblem]:
    """Check each language's template: it parses, and names only fields the facts have."""
    own, patient = vocabulary(kind), vocabulary("patient")
    for language in ("da", "en"):
        template = getattr(text, language)
        try:
            placeholders = [
                (name, format_spec or "")
                for _, name, format_spec, _ in string.Formatter().parse(template)
                if name
            ]
        except ValueError as error:
            yield problem(f"{field}.{language} is not a valid template ({error})", field)
            continue
        for name, format_spec in placeholders:
            if name not in own and name not in patient:
                yield problem(
                    f"{field}.{language} uses {{{name}}}, which no {kind} or patient fact has",
                    f"{field}.{language}",
                )
            elif (wrong := spec_problem(format_spec)) is not None:
                yield problem(
                    f"{field}.{language}: {{{name}:{format_spec}}}: {wrong}",
                    f"{field}.{language}",
                )


def _validation_problems(
    error: ValidationError, raw: Any, path: Path, rule_id: str | None = None
) -> Iterator[RuleProblem]:
    for item in error.errors():
        location = [str(part) for part in item["loc"]]
        node = raw
        for part in item["loc"][:-1]:
            try:
                node = node[part]
            except (KeyError, IndexError, TypeError):
                break
        message = item["msg"]
        if item["type"] == "extra_forbidden":
            message = "unknown key"
        elif item["type"] == "missing":
            message = "is required"
        yield RuleProblem(
            str(path),
            message,
            line=_line_of(node) or _line_of(raw),
            rule_id=rule_id,
            field=".".join(location),
        )


class _LineDict(dict[str, Any]):
    """A mapping that remembers the line it starts on."""

    line: int | None = None


# libyaml's loader where PyYAML was built with it: ten times faster on the rule files, which
# `check` reads at every start; its nodes carry the same line marks.
_SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineLoader(_SafeLoader):  # type: ignore[valid-type,misc]
    pass


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> _LineDict:
    mapping = _LineDict({str(k): v for k, v in loader.construct_mapping(node, deep=True).items()})
    mapping.line = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _load_yaml(path: Path, problems: list[RuleProblem]) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        problems.append(RuleProblem(str(path), f"cannot read: {error}"))
        return None
    try:
        return yaml.load(text, Loader=_LineLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problems.append(
            RuleProblem(
                str(path),
                f"not valid YAML: {getattr(error, 'problem', error)}",
                line=mark.line + 1 if mark else None,
            )
        )
        return None


def _line_of(node: Any) -> int | None:
    return node.line if isinstance(node, _LineDict) else None
