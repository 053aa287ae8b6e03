"""One patient's facts on one day, and what of them the rules engine is given."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from medreview.facts.vocabulary import EventFacts, Fact, FactKind, LineFacts, PatientFacts


def engine_message(fact: Fact, fields: tuple[str, ...]) -> dict[str, Any]:
    """The dict the rules engine sees: the ``fields`` of ``fact`` that are set.

    The engine is given only the fields its rules read: every other field would
    cost serialising and indexing for nothing.
    """
    message: dict[str, Any] = {}
    for name in fields:
        value = getattr(fact, name)
        if value is not None:
            message[name] = value
    return message


@dataclass(frozen=True, slots=True)
class FactSet:
    """Everything the rules see about one patient on one day."""

    as_of: date
    patient: PatientFacts
    lines: tuple[LineFacts, ...]
    events: tuple[EventFacts, ...]
    counted_drugs: tuple[str, ...]

    def all(self) -> Iterable[tuple[FactKind, Fact]]:
        yield "patient", self.patient
        for line in self.lines:
            yield "line", line
        for event in self.events:
            yield "event", event
