"""One patient's facts on one day, and what of them the rules engine is given."""

from __future__ import annotations

import functools
import keyword
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from medreview.facts.vocabulary import EventFacts, Fact, FactKind, LineFacts, PatientFacts

MessageWriter = Callable[[Fact], dict[str, Any]]


@functools.cache
def message_writer(kind: FactKind, fields: tuple[str, ...]) -> MessageWriter:
    """The function that writes what the rules engine sees of a fact of one kind: its
    ``kind`` and those of ``fields`` that are set.

    The engine is given only the fields its rules read: every other field would cost
    serialising and indexing for nothing. The function is written out once per field list
    (as dataclasses write ``__init__``): a loop of getattr calls cost twice as much."""
    for name in fields:  # rule loading checked them against the vocabulary: be sure
        if not name.isidentifier() or keyword.iskeyword(name):
            raise ValueError(f"{name!r} is not a fact field")
    body = [f"    message = {{'kind': {kind!r}}}"]
    for name in fields:
        body += [f"    value = fact.{name}", f"    if value is not None: message[{name!r}] = value"]
    namespace: dict[str, Any] = {}
    exec("\n".join(["def write(fact):", *body, "    return message"]), namespace)
    writer: MessageWriter = namespace["write"]
    return writer


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
