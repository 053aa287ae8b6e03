"""The pipeline, end to end: bundle → card → facts → rules → assessment.

:class:`Engine` loads and compiles a rule directory once and evaluates any
number of patients, from any number of threads.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from medreview.assessment import Assessment
from medreview.card import Card
from medreview.engine import RuleEngine
from medreview.errors import InputError
from medreview.facts import FactSet, derive_facts, engine_message
from medreview.fhir_dates import today_in_denmark
from medreview.findings import FiredRule, build_assessment
from medreview.readers import read_full
from medreview.ruleset import RuleSet, load_ruleset
from medreview.source import load_document, parse_json, source_name

BundleInput = Mapping[str, Any] | bytes | str | Path


@dataclass(frozen=True, slots=True)
class Evaluation:
    """An assessment with everything that explains it."""

    assessment: Assessment
    card: Card
    facts: FactSet
    fired: tuple[FiredRule, ...]


class Engine:
    """A loaded rule set, ready to evaluate patients.

    >>> engine = Engine()                      # the rule set shipped with medreview
    >>> engine.evaluate(bundle, as_of=date(2026, 6, 15))  # doctest: +SKIP
    """

    def __init__(self, rules: str | Path | RuleSet | None = None) -> None:
        self.ruleset = rules if isinstance(rules, RuleSet) else load_ruleset(rules)
        self._rules_engine = RuleEngine(
            {rule.id: rule.durable_definition() for rule in self.ruleset.rules},
            label=f"{self.ruleset.name}_{self.ruleset.version}",
        )

    def evaluate(self, bundle: BundleInput, *, as_of: date | None = None) -> Assessment:
        """Evaluate one patient's Bundle (a parsed dict, JSON text or bytes, or a path)."""
        return self.explain(bundle, as_of=as_of).assessment

    def explain(self, bundle: BundleInput, *, as_of: date | None = None) -> Evaluation:
        """Evaluate, keeping the card, the facts and the rules behind each finding."""
        document, source = _document(bundle)
        try:
            card = read_full(document)
        except InputError as error:
            raise error.with_source(source) if source else error from None
        return self.explain_card(card, as_of=as_of)

    def explain_card(self, card: Card, *, as_of: date | None = None) -> Evaluation:
        """Evaluate a card that a reader has already produced."""
        day = as_of or today_in_denmark()
        facts = derive_facts(card, day)
        ordered = list(facts.all())
        messages = [
            engine_message(kind, fact, str(number)) for number, (kind, fact) in enumerate(ordered)
        ]
        fired = [
            (self.ruleset.by_id[rule_id], *ordered[int(fact_id)])
            for rule_id, fact_id in self._rules_engine.run(messages)
        ]
        assessment, explained = build_assessment(self.ruleset, facts, fired)
        return Evaluation(assessment=assessment, card=card, facts=facts, fired=explained)


def _document(bundle: BundleInput) -> tuple[Any, str | None]:
    if isinstance(bundle, Path):
        return load_document(bundle), source_name(bundle)
    if isinstance(bundle, bytes | str):
        return parse_json(bundle), None
    return bundle, None


_default_engine: Engine | None = None
_default_lock = threading.Lock()


def default_engine() -> Engine:
    """The engine on the shipped rule set, loaded once per process."""
    global _default_engine
    with _default_lock:
        if _default_engine is None:
            _default_engine = Engine()
        return _default_engine


def evaluate(bundle: BundleInput, *, as_of: date | None = None) -> Assessment:
    """Evaluate one patient's Bundle with the shipped rule set."""
    return default_engine().evaluate(bundle, as_of=as_of)
