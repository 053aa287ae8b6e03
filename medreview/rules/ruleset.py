"""The rule set as data: reading, checking and fingerprinting a rule directory.

A rule directory holds ``ruleset.yaml`` (name, version, priority scale) and one
``*.yaml`` file per rule family. Each rule names the fact it tests, its
condition in durable-rules terms, the evidence it cites, and the task it
raises. A family file may also hold priority ``signals``: points towards the
worklist priority, given by a condition on a fact, by findings of other rules,
or both. A file whose ``list`` key names a clinical list (chronic-disease groups,
duplication classes: :mod:`medreview.rules.clinical_lists`) is data the facts read, not
rules; a rule reading facts derived from a list carries the list in its digest.
Everything is checked when the directory loads (rules/checks.py), and every problem is
reported at once, with its file and line (rules/yaml_lines.py). The model is
rules/model.py.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TypeVar

from pydantic import (
    ValidationError,
)

from medreview.errors import RuleProblem, RuleSetError
from medreview.facts.vocabulary import FactKind, vocabulary
from medreview.rules.checks import (
    check_rule,
    check_signal,
    no_problems,
    template_placeholders,
    validation_problems,
    where_problems,
)
from medreview.rules.citation import Source as Source  # re-exported: rule files' vocabulary
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
)
from medreview.rules.conditions import did_you_mean
from medreview.rules.list_checks import list_problems
from medreview.rules.model import RULESET_FILE, Rule, RuleSet, RuleSetInfo, Signal
from medreview.rules.yaml_lines import line_of, load_yaml


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
        raw_info = load_yaml(info_file, problems)
        if raw_info is not None:
            try:
                info = RuleSetInfo.model_validate(raw_info)
            except ValidationError as error:
                problems.extend(validation_problems(error, raw_info, info_file))
    rules: list[Rule] = []
    signals: list[Signal] = []
    lists: dict[str, AnyList] = {}
    tried: set[str] = set()  # lists found, loaded or not (a broken one is reported once)
    for path in files:
        if path.name == RULESET_FILE:
            continue
        document = load_yaml(path, problems)
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
        problems.extend(where_problems(signal, {rule.id: rule for rule in rules}))
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
                line=line_of(document),
            )
        )
    family = str(document.get("family") or path.stem)
    rules = [
        rule
        for rule in _load_entries(path, document.get("rules", []), Rule, family, problems)
        if no_problems(check_rule(rule), problems)
    ]
    signals = [
        signal
        for signal in _load_entries(path, document.get("signals", []), Signal, family, problems)
        if no_problems(check_signal(signal), problems)
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
                line=line_of(document),
                field="list",
                suggestion=did_you_mean(str(name), LIST_NAMES)
                or f"one of: {', '.join(LIST_NAMES)}",
            )
        )
        return
    if name in lists:
        problems.append(
            RuleProblem(
                str(path), f"the list {name!r} is also in {lists[name].file}", line_of(document)
            )
        )
        return
    try:
        found = model.model_validate({**document, "file": str(path)})
    except ValidationError as error:
        problems.extend(validation_problems(error, document, path, str(name)))
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
                line=line_of(node),
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
    used = (
        entry.reads
        | set(entry.evidence)
        | template_placeholders(text.da)
        | template_placeholders(text.en)
    )
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
        line = line_of(raw)
        if not isinstance(raw, dict):
            what = model.__name__.lower()
            problems.append(RuleProblem(str(path), f"a {what} is a mapping", line=line))
            continue
        entry_id = raw.get("id") if isinstance(raw.get("id"), str) else None
        try:
            yield model.model_validate({**raw, "family": family, "file": str(path), "line": line})
        except ValidationError as error:
            problems.extend(validation_problems(error, raw, path, entry_id))
