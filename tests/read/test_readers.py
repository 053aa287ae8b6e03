"""The fast reader equals the full one: the same card, or the same refusal, on everything we have.

Every sample, every bundle the test builder makes (Hypothesis), and every file in
``../shared/realdata``. Where the fast reader checks less (elements the rules do
not read), it may accept what the full reader refuses; it never reads a bundle
differently.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support.builder import PatientBuilder
from support.corpus import CORPUS, outcome, raw_of
from test_properties import JSON_VALUES, _paths, patients

from medreview import InputError
from medreview.card.model import Card
from medreview.read.readers import read_fast, read_full


@functools.cache
def _full(path: Path) -> Card | tuple[str, ...]:
    return outcome("full", raw_of(path))


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_both_readers_agree_on_every_file(path: Path) -> None:
    """Samples and real data: the same card or the same refusal, word for word."""
    assert outcome("fast", raw_of(path)) == _full(path)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(patients())
def test_both_readers_agree_on_built_bundles(builder: PatientBuilder) -> None:
    """Any bundle the test builder makes gives the same card or refusal in both readers."""
    raw = orjson.dumps(builder.bundle())
    assert outcome("fast", raw) == outcome("full", raw)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(patients(), st.data())
def test_the_fast_reader_reads_or_refuses_any_damaged_bundle(
    builder: PatientBuilder, data: st.DataObject
) -> None:
    """Damage anywhere: a card or an InputError, never a crash; never a card the full
    reader would read differently."""
    bundle: Any = builder.bundle()
    for _ in range(data.draw(st.integers(1, 3))):
        path = data.draw(st.sampled_from(_paths(bundle)))
        parent = bundle
        for step in path[:-1]:
            parent = parent[step]
        parent[path[-1]] = data.draw(JSON_VALUES)
    raw = orjson.dumps(bundle)
    fast = outcome("fast", raw)
    full = outcome("full", raw)
    if isinstance(full, Card):
        assert fast == full


@pytest.mark.parametrize(
    ("damage", "words"),
    [
        (
            lambda b: b["entry"][4]["resource"].update(status="paused"),
            "'paused' is not a code FHIR R4",
        ),
        (lambda b: b["entry"][0]["resource"].update(birthDate="1940-13-45"), "not a FHIR date"),
        (lambda b: b.update(resourceType="Patient"), "not a FHIR Bundle: it is a Patient resource"),
        (
            lambda b: b["entry"].append({"resource": {"resourceType": "Patient", "id": "p2"}}),
            "2 Patients",
        ),
    ],
    ids=["binding", "date", "not a bundle", "two patients"],
)
def test_the_fast_reader_words_its_refusals_as_check_does(damage: Any, words: str) -> None:
    """The fast reader refuses a bad bundle in the same words as `medreview check` does."""
    builder = PatientBuilder()
    builder.fixed_drugs(3)
    bundle = builder.bundle()
    damage(bundle)
    with pytest.raises(InputError) as caught:
        read_fast(orjson.dumps(bundle))
    assert words in caught.value.message


def test_an_entry_whose_resource_has_no_type_is_refused_by_both_readers() -> None:
    """fhir.resources accepts {} as a Resource; medreview does not read what it cannot name."""
    builder = PatientBuilder()
    builder.fixed_drugs(3)
    bundle = builder.bundle()
    bundle["entry"][2]["resource"] = {}
    raw = orjson.dumps(bundle)
    refusal = ("entry[2]: Object missing required field `resourceType`",)
    assert outcome("fast", raw) == outcome("full", raw) == refusal


def _line_without_medication(kind: str, damage: str) -> bytes:
    """A bundle whose one line of ``kind`` has no medication[x] ("none"), or two ("both")."""
    builder = PatientBuilder()
    builder.fixed_drugs(1)  # a MedicationRequest with a medicationCodeableConcept
    builder.statement("C07AB02", "Metoprolol")  # a MedicationStatement with a medicationReference
    bundle = builder.bundle()
    resources = [entry["resource"] for entry in bundle["entry"]]
    medication = next(r for r in resources if r["resourceType"] == "Medication")
    line = next(r for r in resources if r["resourceType"] == kind)
    line.pop("medicationCodeableConcept", None)
    line.pop("medicationReference", None)
    if damage == "both":  # each would read on its own: the reference resolves
        line["medicationCodeableConcept"] = {"text": "Metoprolol"}
        line["medicationReference"] = {"reference": f"Medication/{medication['id']}"}
    return orjson.dumps(bundle)


@pytest.mark.parametrize("kind", ["MedicationRequest", "MedicationStatement"])
@pytest.mark.parametrize("damage", ["none", "both"])
def test_a_line_without_exactly_one_medication_x_is_refused_by_both_readers(
    kind: str, damage: str
) -> None:
    """medication[x] is 1..1: the fast reader counted a line without one as a drug (issue 13)."""
    raw = _line_without_medication(kind, damage)
    fast, full = outcome("fast", raw), outcome("full", raw)
    assert isinstance(full, tuple), "the full reader refuses it"
    assert fast == full
    assert len(fast) == 1 and fast[0].startswith(f"{kind}/")


@pytest.mark.parametrize(
    "raw",
    [
        b'{"resourceType": "Patient", ',  # msgspec stops at the type, orjson at the end
        b'{"resourceType": "Observation", "id": "o1", "value": [1, 2',
        b"[" * 100_000,  # deeper than either parser goes
        b'{"resourceType":"Bundle","type":"collection","entry":[{"resource":'
        + b"[" * 5_000
        + b"]" * 5_000
        + b"}]}",
    ],
    ids=["cut-short-patient", "cut-short-observation", "deep-array", "deep-resource"],
)
def test_the_fast_reader_refuses_any_malformed_json_as_an_input_error(raw: bytes) -> None:
    """orjson's JSONDecodeError and msgspec's RecursionError escaped as bugs (issue 13)."""
    with pytest.raises(InputError) as fast:
        read_fast(raw)
    from medreview.read.source import parse_bundle  # as check reads: the same words

    with pytest.raises(InputError) as full:
        read_full(parse_bundle(raw))
    assert fast.value.message == full.value.message


def test_both_readers_refuse_more_entries_than_the_limit_before_reading_any() -> None:
    """The entry count is checked first, in the same words, whatever the entries hold."""
    from medreview.errors import InputTooLarge
    from medreview.read.limits import Limits

    builder = PatientBuilder()
    builder.fixed_drugs(8)
    bundle = builder.bundle()
    bundle["entry"][4]["resource"]["status"] = "paused"  # not reached: the count comes first
    raw = orjson.dumps(bundle)
    limits = Limits(max_entries=5)
    with pytest.raises(InputTooLarge) as fast:
        read_fast(raw, limits=limits)
    with pytest.raises(InputTooLarge) as full:
        read_full(orjson.loads(raw), limits=limits)
    assert fast.value.message == full.value.message
    assert f"{len(bundle['entry'])} entries, more than the 5 --max-entries" in fast.value.message
    assert (fast.value.limit, fast.value.allowed, fast.value.found) == (
        "max_entries",
        5,
        len(bundle["entry"]),
    )
