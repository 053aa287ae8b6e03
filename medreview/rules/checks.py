"""What a schema cannot check in a rule file: conditions against the fact vocabulary, message
templates and their formats, signals' filters; each problem with its file and line.
"""

from __future__ import annotations

import string
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from pydantic import (
    ValidationError,
)

from medreview.errors import RuleProblem
from medreview.facts.vocabulary import FactKind, vocabulary
from medreview.rules.citation import Text
from medreview.rules.conditions import check_condition, did_you_mean
from medreview.rules.message_format import spec_problem
from medreview.rules.model import Rule, Signal
from medreview.rules.yaml_lines import line_of


def no_problems(found: Iterator[RuleProblem], problems: list[RuleProblem]) -> bool:
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


def check_rule(rule: Rule) -> Iterator[RuleProblem]:
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


def check_signal(signal: Signal) -> Iterator[RuleProblem]:
    problem = _problem_maker(signal)
    if signal.when is not None:
        for reason, suggestion in check_condition(signal.when, signal.fact):
            yield problem(reason, "when", suggestion)
    elif signal.fact != "patient":
        yield problem("a signal given by findings only reads the patient fact", "fact")
    yield from _field_problems(signal.evidence, "evidence", signal.fact, "evidence", problem)
    yield from _template_problems(signal.reason, "reason", signal.fact, problem)


def where_problems(signal: Signal, rules: dict[str, Rule]) -> Iterator[RuleProblem]:
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


def template_placeholders(template: str) -> set[str]:
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


def validation_problems(
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
            line=line_of(node) or line_of(raw),
            rule_id=rule_id,
            field=".".join(location),
        )
