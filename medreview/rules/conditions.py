"""Checking a rule's condition, written in durable-rules' JSON terms, against the facts.

A condition tests one fact. It is a durable-rules expression::

    {"$and": [{"$gt": {"fixed_drug_count": 6}},
              {"$or": [{"has_review": false}, {"$lt": {"last_review_offset": -365}}]}]}

Operators: ``$and``/``$or`` (a list), ``$gt $gte $lt $lte $neq`` (``{field: operand}``),
plain equality (``{field: value}``), ``$ex``/``$nex`` (the field is present / absent),
``$mt``/``$imt`` (a regular expression that must match the whole value, case-sensitive
/ not: ``(N05BA|N02A).*`` matches ATC codes starting with either; durable-rules has no
``^`` or ``$``). An operand is a
literal, another field of the same fact (``{"$m": "offset"}``) or arithmetic on
them (``{"$sub": {"$l": {"$m": "offset"}, "$r": 30}}``).

Checking happens when the rule set loads, so that a misspelt fact or operator
fails there, with a "did you mean", and never while patients are evaluated.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from typing import Any

from medreview.facts.vocabulary import FactKind, FieldSpec, vocabulary

COMPARISONS = frozenset({"$gt", "$gte", "$lt", "$lte", "$neq"})
LOGICAL = frozenset({"$and", "$or"})
PRESENCE = frozenset({"$ex", "$nex"})
REGEX = frozenset({"$mt", "$imt"})
ARITHMETIC = frozenset({"$add", "$sub", "$mul", "$div"})
OPERATORS = COMPARISONS | LOGICAL | PRESENCE | REGEX


def check_condition(expression: Any, kind: FactKind) -> Iterator[tuple[str, str | None]]:
    """Yield (problem, suggestion) for everything wrong in ``expression``."""
    yield from _Checker(kind).expression(expression, "when")


def referenced_fields(expression: Any) -> set[str]:
    """The fact fields an expression reads (for documentation and tests)."""
    found: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in LOGICAL and isinstance(value, list):
                    for item in value:
                        walk(item)
                elif key in OPERATORS and isinstance(value, dict):
                    found.update(value)
                    for operand in value.values():
                        walk(operand)
                elif key == "$m" and isinstance(value, str):
                    found.add(value)
                elif key in ARITHMETIC and isinstance(value, dict):
                    walk(value.get("$l"))
                    walk(value.get("$r"))
                elif not key.startswith("$"):
                    found.add(key)

    walk(expression)
    return found


class _Checker:
    def __init__(self, kind: FactKind) -> None:
        self.kind = kind
        self.fields = {
            name: spec for name, spec in vocabulary(kind).items() if spec.role == "value"
        }

    def expression(self, node: Any, at: str) -> Iterator[tuple[str, str | None]]:
        if not isinstance(node, dict) or len(node) != 1:
            yield f"{at}: an expression is a mapping with exactly one operator or field", None
            return
        ((key, value),) = node.items()
        if key in LOGICAL:
            if not isinstance(value, list) or not value:
                yield f"{at}.{key}: takes a non-empty list of expressions", None
                return
            for number, item in enumerate(value):
                yield from self.expression(item, f"{at}.{key}[{number}]")
        elif key in COMPARISONS | PRESENCE | REGEX:
            yield from self._operation(key, value, f"{at}.{key}")
        elif key.startswith("$"):
            yield f"{at}: unknown operator {key!r}", did_you_mean(key, OPERATORS)
        else:
            yield from self._equality(key, value, at)

    def _operation(self, operator: str, value: Any, at: str) -> Iterator[tuple[str, str | None]]:
        if not isinstance(value, dict) or len(value) != 1:
            yield f"{at}: takes a mapping of one fact field to its operand", None
            return
        ((name, operand),) = value.items()
        spec = self.fields.get(name)
        if spec is None:
            yield from self._unknown_field(name, at)
            return
        if operator in PRESENCE:
            return
        if operator in REGEX:
            if spec.type != "str":
                yield f"{at}: {name} is {spec.type}; {operator} matches text only", None
            elif not isinstance(operand, str):
                yield f"{at}.{name}: the pattern must be text", None
            else:
                try:
                    re.compile(operand)
                except re.error as error:
                    yield f"{at}.{name}: not a regular expression ({error})", None
                    return
                if operand.startswith("^") or operand.endswith("$"):
                    # durable-rules reads ^ and $ as characters, so such a pattern never matches.
                    yield (
                        f"{at}.{name}: durable-rules matches the whole value, without ^ or $",
                        f"write {operand.strip('^$')!r} (add .* to match a prefix)",
                    )
            return
        if operator != "$neq" and spec.type != "int":
            yield f"{at}: {name} is {spec.type}; {operator} compares numbers only", None
            return
        yield from self._operand(operand, spec, f"{at}.{name}")

    def _equality(self, name: str, operand: Any, at: str) -> Iterator[tuple[str, str | None]]:
        spec = self.fields.get(name)
        if spec is None:
            yield from self._unknown_field(name, at)
            return
        yield from self._operand(operand, spec, f"{at}.{name}")

    def _operand(self, operand: Any, spec: FieldSpec, at: str) -> Iterator[tuple[str, str | None]]:
        if isinstance(operand, dict):
            yield from self._computed(operand, spec, at)
            return
        expected: tuple[type, ...] = {
            "bool": (bool,),
            "int": (int, float),
            "str": (str,),
        }.get(spec.type, (str,))
        if isinstance(operand, bool) and spec.type != "bool":
            yield f"{at}: {spec.name} is {spec.type}, not true/false", None
        elif not isinstance(operand, expected):
            yield (
                f"{at}: {spec.name} is {spec.type}, but the rule compares it with {operand!r}",
                None,
            )

    def _computed(
        self, operand: dict[str, Any], spec: FieldSpec, at: str
    ) -> Iterator[tuple[str, str | None]]:
        if len(operand) != 1:
            yield f"{at}: an operand is a literal, {{$m: field}} or one arithmetic operator", None
            return
        ((key, value),) = operand.items()
        if key == "$m":
            other = self.fields.get(value) if isinstance(value, str) else None
            if other is None:
                yield from self._unknown_field(str(value), at)
            elif other.type != spec.type:
                yield f"{at}: compares {spec.name} ({spec.type}) with {value} ({other.type})", None
        elif key in ARITHMETIC:
            if spec.type != "int":
                yield f"{at}: arithmetic on {spec.name}, which is {spec.type}", None
                return
            if not isinstance(value, dict) or set(value) != {"$l", "$r"}:
                yield f"{at}.{key}: takes {{$l: operand, $r: operand}}", None
                return
            yield from self._operand(value["$l"], spec, f"{at}.{key}.$l")
            yield from self._operand(value["$r"], spec, f"{at}.{key}.$r")
        else:
            yield f"{at}: unknown operand {key!r}", did_you_mean(key, ARITHMETIC | {"$m"})

    def _unknown_field(self, name: str, at: str) -> Iterator[tuple[str, str | None]]:
        every = vocabulary(self.kind)
        if name in every:
            role = every[name].role
            yield (
                f"{at}: {name} is a {role} field of a {self.kind} fact; conditions read "
                "value fields only",
                None,
            )
            return
        yield (
            f"{at}: a {self.kind} fact has no field {name!r}",
            did_you_mean(name, self.fields),
        )


def did_you_mean(word: str, choices: Any) -> str | None:
    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return f"did you mean {close[0]!r}?" if close else None
