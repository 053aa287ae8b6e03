"""The pipeline, end to end: bundle → card → facts → rules → assessment.

:class:`Engine` loads and compiles a rule directory once and evaluates any
number of patients, from any number of threads.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any, Literal

import orjson

from medreview.assessment.data import AssessmentData
from medreview.assessment.findings import FiredRule, build_assessment
from medreview.assessment.model import Assessment, Finding, Task
from medreview.assessment.owners import TaskOwner
from medreview.card.data import CardData, card_model, data_of_card
from medreview.card.model import Card
from medreview.card.reader import read_card, read_card_data
from medreview.errors import InputError, InputProblem
from medreview.facts.derive import derive_facts
from medreview.facts.factset import FactSet, message_writer
from medreview.facts.vocabulary import Fact, FactKind
from medreview.read.bundle_index import BundleIndex
from medreview.read.fhir_dates import today_in_denmark
from medreview.read.limits import DEFAULT_LIMITS, Limits, too_many_bytes
from medreview.read.readers import Entries, fast_entries, full_entries
from medreview.read.source import load_document, parse_bundle, source_name
from medreview.rules.durable import RuleEngine
from medreview.rules.model import Rule, RuleSet, Signal
from medreview.rules.ruleset import load_ruleset

BundleInput = Mapping[str, Any] | bytes | str | Path
# "full": every element validated against FHIR R4 (fhir.resources), as check does; "fast":
# only what the rules read, checked where they read it (msgspec), as scans and hooks do.
Reader = Literal["full", "fast"]


@dataclass(frozen=True, slots=True, kw_only=True)
class ReadOptions:
    """How :meth:`Engine.read` reads one patient's input."""

    reader: Reader = "full"
    limits: Limits | None = None  # None: the engine's own
    # Resources found outside the bundle (a Bulk Data export's organisations, practitioners).
    shared: BundleIndex | None = None


@dataclass(frozen=True, slots=True)
class Explained:
    """One finding of an assessment, with the rule and the fact that produced it."""

    rule: Rule
    kind: FactKind
    fact: Fact
    finding: Finding
    task: Task | None
    owner: TaskOwner | None  # the task's owner, with a name a person can read


@dataclass(frozen=True)
class Evaluation:
    """An assessment with everything that explains it."""

    assessment: Assessment
    card_data: CardData  # the card as the facts read it; ``card`` is its public model
    facts: FactSet
    fired: tuple[Explained, ...]

    @cached_property
    def card(self) -> Card:
        """The patient's card (built when first asked for: a hook does not read it)."""
        return card_model(self.card_data)

    @property
    def review_owner(self) -> TaskOwner | None:
        """Who owns the medication review, with a name a person can read."""
        review = self.assessment.review
        return next(
            (
                e.owner
                for e in self.fired
                if e.task is not None and e.task.owner == review.owner and e.task.due == review.due
            ),
            None,
        )


class Engine:
    """A loaded rule set, ready to evaluate patients.

    >>> engine = Engine()                      # the rule set shipped with medreview
    >>> engine.evaluate(bundle, as_of=date(2026, 6, 15))  # doctest: +SKIP

    ``limits`` bounds what one bundle may hold (:mod:`medreview.read.limits`); a bundle
    beyond them is refused with :class:`~medreview.errors.InputTooLarge`.
    """

    def __init__(
        self, rules: str | Path | RuleSet | None = None, *, limits: Limits = DEFAULT_LIMITS
    ) -> None:
        self.ruleset = rules if isinstance(rules, RuleSet) else load_ruleset(rules)
        self.limits = limits
        definitions = {rule.id: rule.durable_definition() for rule in self.ruleset.rules}
        # Priority signals with a condition run on the engine beside the rules.
        conditional = [s for s in self.ruleset.signals if s.when is not None]
        for signal in conditional:
            condition = {"$and": [{"kind": signal.fact}, signal.when]}
            definitions[signal.id] = {"all": [{"m": condition}]}
        self._rules_engine = RuleEngine(
            definitions, label=f"{self.ruleset.name}_{self.ruleset.version}"
        )
        # The engine sees only the kinds of fact some rule is about, and only the
        # fields the rules read: the rest would cost serialising for nothing.
        tests: list[Rule | Signal] = [*self.ruleset.rules, *conditional]
        kinds: tuple[FactKind, ...] = ("patient", "line", "event")
        self._reads: dict[FactKind, tuple[str, ...]] = {
            kind: tuple(sorted({f for t in tests if t.fact == kind for f in t.reads}))
            for kind in kinds
            if any(t.fact == kind for t in tests)
        }
        self._writers = {kind: message_writer(kind, fields) for kind, fields in self._reads.items()}

    def evaluate(self, bundle: BundleInput, *, as_of: date | None = None) -> Assessment:
        """Evaluate one patient's Bundle (a parsed dict, JSON text or bytes, or a path)."""
        return self.explain(bundle, as_of=as_of).assessment

    def explain(self, bundle: BundleInput, *, as_of: date | None = None) -> Evaluation:
        """Evaluate, keeping the card, the facts and the rules behind each finding."""
        document, source = _document(bundle, self.limits)
        try:
            card = self.read_data(document, ReadOptions())
        except InputError as error:
            raise error.with_source(source) if source else error from None
        return self.explain_card(card, as_of=as_of)

    def read(self, bundle: Mapping[str, Any] | bytes, options: ReadOptions) -> Card:
        """One patient's card from a parsed bundle or its JSON bytes, by the reader
        ``options`` names. Raises :class:`~medreview.errors.InputError`."""
        return read_card(self._entries(bundle, options), options.shared)

    def read_data(self, bundle: Mapping[str, Any] | bytes, options: ReadOptions) -> CardData:
        """As :meth:`read`, as the hot path reads it: the card as plain structs."""
        return read_card_data(self._entries(bundle, options), options.shared)

    def _entries(self, bundle: Mapping[str, Any] | bytes, options: ReadOptions) -> Entries:
        limits = options.limits or self.limits
        if options.reader == "full":
            document = (
                parse_bundle(bundle, max_entries=limits.max_entries)
                if isinstance(bundle, bytes)
                else bundle
            )
            return full_entries(document, limits=limits)
        if not isinstance(bundle, bytes):
            try:
                bundle = orjson.dumps(bundle)
            except orjson.JSONEncodeError as error:  # orjson writes at most 254 levels
                problem = InputProblem(f"the JSON cannot be read back ({error})")
                raise InputError([problem]) from None
        return fast_entries(bundle, limits=limits)

    def explain_card(self, card: Card | CardData, *, as_of: date | None = None) -> Evaluation:
        """Evaluate a card that a reader has already produced."""
        given = card if isinstance(card, Card) else None
        if isinstance(card, Card):
            card = data_of_card(card)
        facts = derive_facts(card, as_of or today_in_denmark(), self.ruleset.lists)
        data, hits = self._assess([facts])[0]
        assessment = Assessment.model_validate(data)
        tasks = iter(assessment.tasks)
        explained = tuple(
            Explained(
                hit.rule, hit.kind, hit.fact, finding, next(tasks) if hit.task else None, hit.owner
            )
            for hit, finding in zip(hits, assessment.findings, strict=True)
        )
        evaluation = Evaluation(assessment, card, facts, explained)
        if given is not None:  # the caller's own card, not an equal copy of it
            evaluation.__dict__["card"] = given
        return evaluation

    def assess_cards(
        self, cards: Sequence[Card | CardData], *, as_of: date
    ) -> list[AssessmentData]:
        """The assessments of many cards, as JSON-ready data (for scans: no models built)."""
        lists = self.ruleset.lists
        return [data for data, _ in self._assess([derive_facts(c, as_of, lists) for c in cards])]

    def _assess(
        self, factsets: Sequence[FactSet]
    ) -> list[tuple[AssessmentData, tuple[FiredRule, ...]]]:
        ordered = [
            [(kind, fact) for kind, fact in facts.all() if kind in self._reads]
            for facts in factsets
        ]
        write = self._writers
        messages = [[write[kind](fact) for kind, fact in facts] for facts in ordered]
        fired = self._rules_engine.run_batch(messages)
        by_id, signal_by_id = self.ruleset.by_id, self.ruleset.signal_by_id
        return [
            build_assessment(
                self.ruleset,
                facts,
                [(by_id[i], *patient[position]) for i, position in hits if i in by_id],
                [(signal_by_id[i], *patient[position]) for i, position in hits if i not in by_id],
            )
            for facts, patient, hits in zip(factsets, ordered, fired, strict=True)
        ]


def _document(bundle: BundleInput, limits: Limits) -> tuple[Any, str | None]:
    if isinstance(bundle, Path):
        return load_document(bundle, limits=limits), source_name(bundle)
    if isinstance(bundle, bytes | str):
        if len(bundle) > limits.max_bytes:  # characters for text: at least as many bytes
            found = len(bundle) if isinstance(bundle, bytes) else None
            raise too_many_bytes(limits.max_bytes, found=found, then="not read")
        return parse_bundle(bundle, max_entries=limits.max_entries), None
    return bundle, None


# The engines of this process, each compiled once: every engine registers its rules in
# durable-rules' process-wide host, so they are made and kept here, and nowhere else.
_engines: dict[str, Engine] = {}
_engines_lock = threading.Lock()


def default_engine() -> Engine:
    """The engine on the shipped rule set, loaded once per process."""
    with _engines_lock:
        if "" not in _engines:
            _engines[""] = Engine()
        return _engines[""]


def engine_for(ruleset: RuleSet) -> Engine:
    """The engine of ``ruleset`` (a directory at one digest), compiled once per process: a
    scan's worker processes evaluate chunk after chunk with it."""
    key = f"{ruleset.directory}|{ruleset.digest}"
    with _engines_lock:
        if key not in _engines:
            _engines[key] = Engine(ruleset)
        return _engines[key]


def evaluate(bundle: BundleInput, *, as_of: date | None = None) -> Assessment:
    """Evaluate one patient's Bundle with the shipped rule set."""
    return default_engine().evaluate(bundle, as_of=as_of)
