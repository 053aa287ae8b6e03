"""The worker's side of a scan: a chunk of records in, one output line per record out.

Runs in the scanning process (``--workers 1``), in local worker processes, or on
Dask workers; each process loads its Engine once and keeps it. Every record
gives exactly one line, an assessment or an error, so that the output can be
resumed by counting lines; nothing a record does can stop the others.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import msgspec
import orjson

from medreview.assessment.model import assessment_json
from medreview.card.data import CardData
from medreview.engine import Engine, ReadOptions, engine_for
from medreview.errors import InputError, InputProblem
from medreview.read.bundle_index import BundleIndex
from medreview.read.decoding import convert_resource
from medreview.read.limits import DEFAULT_LIMITS, Limits
from medreview.read.source import is_json_array
from medreview.render.fhir import workflow_bundle
from medreview.render.outcome import record_refused
from medreview.rules.model import RuleSet
from medreview.scan.people import worklist_context
from medreview.scan.sources import Record

# durable-rules works best on a few patients per call (measured: benchmarks/).
ENGINE_BATCH = 10


@dataclass(frozen=True)
class ScanSettings:
    """What every worker needs, sent to each once."""

    ruleset: RuleSet
    as_of: date
    strict: bool
    shared: tuple[tuple[bytes, ...], ...] = ()  # per Bulk Data export, its shared resources
    fhir: bool = False  # lines are FHIR: a workflow Bundle, or an OperationOutcome
    limits: Limits = DEFAULT_LIMITS
    context: bool = False  # also give each patient's worklist context (scan/people.py)


@dataclass(frozen=True, slots=True)
class Outcome:
    """What one record gave: the output line, and what the summary and worklists need."""

    position: int
    line: bytes  # an assessment or an error object, as one line of JSON (no newline)
    ok: bool
    review: str | None = None  # review status
    sector: str | None = None  # the review owner's sector
    cpr: str | None = None  # the first six digits only: the worklist's masked CPR
    who: bytes | None = None  # the worklist context (scan/people.py), as JSON
    track: bytes | None = None  # month to month: each task's state, the tasks gone (JSON)


_cache_lock = threading.Lock()
_shared_indexes: dict[int, list[BundleIndex]] = {}


def tune_garbage_collection() -> None:
    """For a process that only scans: what is loaded now lives as long as the process.

    Freezing it keeps it out of every later collection, and collecting less often
    suits a scan's thousands of short-lived objects per patient. Only for processes
    medreview owns (its command, its worker processes), never for an embedding caller.
    """
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 20, 20)


def _shared(settings: ScanSettings) -> list[BundleIndex]:
    key = id(settings.shared)
    with _cache_lock:
        if key not in _shared_indexes:
            _shared_indexes[key] = [_index_of(lines) for lines in settings.shared]
        return _shared_indexes[key]


def _index_of(lines: tuple[bytes, ...]) -> BundleIndex:
    entries = []
    for number, line in enumerate(lines):
        try:
            model = convert_resource(orjson.loads(line))
        except (orjson.JSONDecodeError, msgspec.ValidationError, AttributeError):
            continue  # a broken shared resource: references to it stay unresolved (sector unknown)
        if model is not None:
            entries.append((number, None, model))
    return BundleIndex(entries)


def evaluate_chunk(records: Sequence[Record], settings: ScanSettings) -> list[Outcome]:
    """One outcome per record, in the records' order."""
    engine = engine_for(settings.ruleset)
    shared = _shared(settings) if settings.shared else []
    outcomes: dict[int, Outcome] = {}
    # A few records at a time: read, then assessed together in one durable-rules call.
    for start in range(0, len(records), ENGINE_BATCH):
        cards: list[tuple[Record, CardData]] = []
        for record in records[start : start + ENGINE_BATCH]:
            try:
                cards.append((record, _card(engine, record, settings, shared)))
            except InputError as error:
                outcomes[record.position] = _refusal(record, error, settings.fhir)
            except Exception as error:  # a bug in medreview: say so, and go on with the others
                problem = InputProblem(f"internal error ({type(error).__name__}: {error})")
                outcomes[record.position] = _refusal(record, InputError([problem]), settings.fhir)
        assessed = engine.assess_cards([card for _, card in cards], as_of=settings.as_of)
        for (record, card), data in zip(cards, assessed, strict=True):
            review = data["review"]
            context = (
                worklist_context(card, data, settings.as_of)
                if settings.context or settings.fhir
                else None
            )
            line = (
                orjson.dumps(workflow_bundle(data, settings.ruleset, names=context["owners"]))
                if settings.fhir and context is not None
                else assessment_json(data)
            )
            outcomes[record.position] = Outcome(
                record.position,
                line,
                True,
                review["status"],
                review["owner"]["sector"] if review["owner"] else None,
                card.patient.cpr[:6] if card.patient.cpr else None,
                orjson.dumps(context) if settings.context and context is not None else None,
            )
    return [outcomes[record.position] for record in records]


def _card(
    engine: Engine, record: Record, settings: ScanSettings, shared: list[BundleIndex]
) -> CardData:
    if record.raw is None:
        raise InputError([InputProblem(record.problem or "could not be read")])
    options = ReadOptions(
        reader="full" if settings.strict else "fast",
        limits=settings.limits,
        shared=shared[record.shared] if record.shared is not None else None,
    )
    return engine.read_data(record.raw, options)


def _refusal(record: Record, error: InputError, fhir: bool = False) -> Outcome:
    message = error.with_source(record.source).message
    problems = [
        {"resource": p.resource, "field": p.field, "reason": p.reason} for p in error.problems
    ]
    line: dict[str, Any] = (
        record_refused(message, problems, record.source)
        if fhir
        else {
            "error": {"message": message, "problems": problems},
            "source": record.source,
            "patient": record.patient or _patient_in(record.raw),
        }
    )
    return Outcome(record.position, orjson.dumps(line), False)


class _Named(msgspec.Struct):
    resourceType: Any = None
    id: Any = None


class _NamedEntry(msgspec.Struct):
    resource: _Named | None = None


class _Names(msgspec.Struct):
    entry: list[_NamedEntry] | None = None


_NAMES = msgspec.json.Decoder(_Names)


def _patient_in(raw: bytes | None) -> str | None:
    """The patient of a refused bundle, where there is exactly one to name.

    Only each resource's type and id are built: the bundle may be as large as
    --max-bytes allows, and a full parse would cost many times that.
    """
    if raw is None:
        return None
    try:
        entries = _NAMES.decode(raw).entry or []
    except msgspec.ValidationError:  # a damaged shape: look with the lenient parser
        return _patient_in_parsed(raw)
    except (msgspec.DecodeError, RecursionError):
        return None
    patients = [e.resource for e in entries if e.resource and e.resource.resourceType == "Patient"]
    if len(patients) == 1 and isinstance(patients[0].id, str):
        return f"Patient/{patients[0].id}"
    return None


def _patient_in_parsed(raw: bytes) -> str | None:
    if is_json_array(raw):  # names no patient, and would be costly to build
        return None
    try:
        document = orjson.loads(raw)
        patients = [
            entry["resource"]
            for entry in document.get("entry") or []
            if isinstance(entry, dict)
            and isinstance(entry.get("resource"), dict)
            and entry["resource"].get("resourceType") == "Patient"
        ]
    except (orjson.JSONDecodeError, AttributeError, TypeError):
        return None
    if len(patients) == 1 and isinstance(patients[0].get("id"), str):
        return f"Patient/{patients[0]['id']}"
    return None
