"""The rule set as data: reading, checking and fingerprinting a rule directory.

A rule directory holds ``ruleset.yaml`` (name, version) and one ``*.yaml`` file
per rule family. Each rule names the fact it tests, its condition in
durable-rules terms, the evidence it cites, and the task it raises. Everything
is checked when the directory loads, and every problem is reported at once,
with its file and line.
"""

from __future__ import annotations

import hashlib
import json
import re
import string
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from medreview.conditions import check_condition, referenced_fields
from medreview.errors import RuleProblem, RuleSetError
from medreview.facts import FactKind, vocabulary

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
_SEED_FILE = re.compile(r"^(\d{3})_[0-9a-f]{16}\.txt$")
_FORMAT_SPECS = frozenset({"", "dage", "days"})


class _Spec(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Text(_Spec):
    """The same text in Danish (what clinicians read) and English."""

    da: str = Field(min_length=1)
    en: str = Field(min_length=1)


class Source(_Spec):
    """Where the rule comes from: a seed document, its section, and the words quoted."""

    document: str = Field(pattern=_SEED_FILE.pattern)
    section: str = Field(min_length=1)
    quote: str | None = None

    @property
    def cite(self) -> str:
        """The short citation an assessment carries: ``001 §6.2.5``."""
        return f"{self.document[:3]} {self.section}"


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


class Rule(_Spec):
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
    family: str = ""
    file: str = ""
    line: int | None = None

    @field_validator("id")
    @classmethod
    def _id_shape(cls, value: str) -> str:
        if not _RULE_ID.match(value):
            raise ValueError(
                "a rule id is upper-case words joined by hyphens, e.g. MGG-POLYPHARMACY"
            )
        return value

    @property
    def digest(self) -> str:
        """A fingerprint of what the rule means (not where it sits in its file)."""
        meaning = self.model_dump(mode="json", exclude={"file", "line", "family"})
        canonical = json.dumps(meaning, sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(canonical.encode()).hexdigest()

    def durable_definition(self) -> dict[str, Any]:
        """The rule in durable-rules' JSON, minus the action name."""
        return {"all": [{"m": {"$and": [{"kind": self.fact}, self.when]}}]}

    @property
    def reads(self) -> set[str]:
        return referenced_fields(self.when)


class RuleSetInfo(_Spec):
    name: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    version: str = Field(pattern=r"^\d+\.\d+\.\d+$")
    description: Text | None = None


class RuleSet:
    """A loaded, checked rule directory."""

    def __init__(self, info: RuleSetInfo, rules: list[Rule], digest: str, directory: Path) -> None:
        self.info = info
        self.rules = sorted(rules, key=lambda rule: rule.id)
        self.by_id = {rule.id: rule for rule in self.rules}
        self.digest = digest
        self.directory = directory

    @property
    def name(self) -> str:
        return self.info.name

    @property
    def version(self) -> str:
        return self.info.version


def default_rules_dir() -> Path:
    """The rule set shipped with medreview: in the wheel, else the checkout's ``rules/``."""
    packaged = Path(__file__).parent / "_rules"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "rules"


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
    for path in files:
        if path.name == RULESET_FILE:
            continue
        rules.extend(_load_family(path, problems))
    if info is not None and not rules and not problems:
        problems.append(RuleProblem(str(root), "holds no rules (one *.yaml file per family)"))
    seen: dict[str, Rule] = {}
    for rule in rules:
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
    if problems or info is None:
        raise RuleSetError(problems)
    return RuleSet(info, rules, _digest(root, files), root)


def _digest(root: Path, files: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return f"sha256:{digest.hexdigest()}"


def _load_family(path: Path, problems: list[RuleProblem]) -> Iterator[Rule]:
    document = _load_yaml(path, problems)
    if document is None:
        return
    if not isinstance(document, dict) or not isinstance(document.get("rules"), list):
        problems.append(
            RuleProblem(str(path), "a rule file is a mapping with a list under 'rules'")
        )
        return
    unknown = set(document) - {"family", "title", "description", "rules"}
    if unknown:
        problems.append(
            RuleProblem(
                str(path),
                f"unknown top-level keys: {', '.join(sorted(unknown))}",
                line=_line_of(document),
            )
        )
    family = str(document.get("family") or path.stem)
    for raw in document["rules"]:
        line = _line_of(raw)
        if not isinstance(raw, dict):
            problems.append(RuleProblem(str(path), "a rule is a mapping", line=line))
            continue
        rule_id = raw.get("id") if isinstance(raw.get("id"), str) else None
        try:
            rule = Rule.model_validate({**raw, "family": family, "file": str(path), "line": line})
        except ValidationError as error:
            problems.extend(_validation_problems(error, raw, path, rule_id))
            continue
        found = list(_check_rule(rule))
        problems.extend(found)
        if not found:
            yield rule


def _check_rule(rule: Rule) -> Iterator[RuleProblem]:
    def problem(reason: str, field: str, suggestion: str | None = None) -> RuleProblem:
        return RuleProblem(
            rule.file, reason, line=rule.line, rule_id=rule.id, field=field, suggestion=suggestion
        )

    for reason, suggestion in check_condition(rule.when, rule.fact):
        yield problem(reason, "when", suggestion)
    own, patient = vocabulary(rule.fact), vocabulary("patient")
    for name in rule.evidence:
        spec = own.get(name) or patient.get(name)
        if spec is None or spec.role != "evidence":
            choices = [n for n, s in {**patient, **own}.items() if s.role == "evidence"]
            yield problem(
                f"{name!r} is not an evidence field of a {rule.fact} or patient fact",
                "evidence",
                f"one of: {', '.join(choices)}",
            )
    if rule.task is not None:
        spec = own.get(rule.task.owner) or patient.get(rule.task.owner)
        if spec is None or spec.role != "owner":
            choices = [n for n, s in {**patient, **own}.items() if s.role == "owner"]
            yield problem(
                f"{rule.task.owner!r} is not an owner field of a {rule.fact} or patient fact",
                "task.owner",
                f"one of: {', '.join(choices)}",
            )
        if rule.task.due.from_event and rule.fact != "event":
            yield problem("due.from_event needs an event fact", "task.due")
        is_review = rule.task.action == "medication-review"
        if is_review != rule.id.startswith("MGG-"):
            yield problem(
                "medication-review tasks come from MGG-* rules, and MGG-* rules raise "
                "medication-review tasks (review.status is read from them)",
                "task.action",
            )
    for language in ("da", "en"):
        template = getattr(rule.message, language)
        try:
            placeholders = [
                (name, format_spec or "")
                for _, name, format_spec, _ in string.Formatter().parse(template)
                if name
            ]
        except ValueError as error:
            yield problem(f"message.{language} is not a valid template ({error})", "message")
            continue
        for name, format_spec in placeholders:
            if name not in own and name not in patient:
                yield problem(
                    f"message.{language} uses {{{name}}}, which no {rule.fact} or patient fact has",
                    f"message.{language}",
                )
            elif format_spec not in _FORMAT_SPECS:
                yield problem(
                    f"message.{language}: {{{name}:{format_spec}}}: the only formats are "
                    ":dage and :days",
                    f"message.{language}",
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


class _LineLoader(yaml.SafeLoader):
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
