"""The one-pass decoder (read/fhir_model.py) gives what the stepwise decoder gives."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
import pytest
from conftest import REALDATA
from support.corpus import CORPUS, outcome, raw_of

from medreview.read.decoding import ResourceError, _decode_in_steps, decode_entries
from medreview.read.fhir_model import MODELS, Patient
from medreview.read.resource_types import R4_RESOURCE_TYPES


def _decoded(decode: Any, raw: bytes) -> Any:
    try:
        return list(decode(raw))
    except Exception as error:  # the same refusal, in the same words
        return type(error).__name__, str(error)


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_one_pass_and_stepwise_decoding_agree_on_every_file(path: Path) -> None:
    """Samples and real data: the same entries, numbers and fullUrls, or the same refusal."""
    raw = raw_of(path)
    assert _decoded(decode_entries, raw) == _decoded(lambda r: _decode_in_steps(r, None), raw)


def _bundle(*resources: dict[str, Any]) -> bytes:
    return orjson.dumps(
        {
            "resourceType": "Bundle",
            "type": "collection",
            "entry": [{"resource": r} for r in resources],
        }
    )


def test_a_resource_type_fhir_r4_does_not_have_is_skipped_as_before() -> None:
    """A bundle holding a type outside the R4 list (a later FHIR's, a typo) still reads: the
    unknown resource is skipped, the patient read, as the stepwise decoder always did."""
    raw = _bundle(
        {"resourceType": "Observation", "id": "o"},
        {"resourceType": "Futuristic"},
        {"resourceType": "Patient", "id": "p"},
    )
    entries = list(decode_entries(raw))
    assert [(number, type(model)) for number, _, model in entries] == [(2, Patient)]


def test_an_unread_resource_with_a_bad_id_is_refused_naming_its_entry() -> None:
    """An Observation whose id is a number is refused, entry and element named, in one pass as
    step by step: what medreview does not read is still a FHIR resource with a string id."""
    raw = _bundle({"resourceType": "Patient", "id": "p"}, {"resourceType": "Observation", "id": 5})
    with pytest.raises(ResourceError) as refused:
        list(decode_entries(raw))
    assert refused.value.number == 1
    assert "$.id" in str(refused.value)


def test_every_type_medreview_reads_is_a_fhir_r4_type() -> None:
    """The types medreview reads are all in the one-pass list: none is ever sent the slow way."""
    assert set(MODELS) <= set(R4_RESOURCE_TYPES)
    assert len(R4_RESOURCE_TYPES) == len(set(R4_RESOURCE_TYPES)) == 146


HL7_LINES = sorted(
    path
    for pattern in ("MedicationRequest-*.json", "MedicationStatement-*.json")
    for path in (REALDATA / "hl7-r4-examples").glob(pattern)
)


def _wrapped(path: Path) -> dict[str, Any]:
    """An HL7 example line in a bundle beside a Patient (its subject), as an FMK card holds it."""
    line = orjson.loads(path.read_bytes())
    subject = (line.get("subject") or {}).get("reference", "Patient/pat1")
    patient = {"resourceType": "Patient", "id": subject.rsplit("/", 1)[-1]}
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [{"resource": patient}, {"resource": line}],
    }


@pytest.mark.parametrize("path", HL7_LINES, ids=lambda p: p.stem)
def test_hl7_example_lines_read_alike_with_whatever_they_contain(path: Path) -> None:
    """HL7's example lines contain Medications, Provenances, Organizations...: both readers
    give the same card or the same refusal for each, in a bundle with its patient."""
    bundle = _wrapped(path)
    assert outcome("fast", orjson.dumps(bundle)) == outcome("full", orjson.dumps(bundle))


def test_a_line_containing_a_provenance_beside_its_medication_is_read() -> None:
    """medrx0301 contains its Medication and a Provenance: the line is read, its drug found."""
    bundle = orjson.dumps(
        _wrapped(REALDATA / "hl7-r4-examples" / "MedicationRequest-medrx0301.json")
    )
    card = outcome("fast", bundle)
    assert not isinstance(card, tuple), card
    assert [line.medication_ref for line in card.lines] == ["Medication/med0310"]


def test_a_resource_type_written_twice_reads_as_the_full_reader_reads_it() -> None:
    """JSON with "resourceType" twice: the last counts, in both readers (as a JSON parser
    takes a key written twice), rather than one reader refusing what the other reads."""
    raw = (
        b'{"resourceType":"Bundle","type":"collection","entry":[{"resource":{"resourceType":'
        b'"Patient","id":"p"}},{"resource":{"resourceType":"Observation","resourceType":'
        b'"MedicationRequest","id":"m","status":"active","intent":"order","subject":'
        b'{"reference":"Patient/p"},"medicationCodeableConcept":{"text":"Panodil"}}}]}'
    )
    fast = outcome("fast", raw)
    assert fast == outcome("full", raw)
    assert not isinstance(fast, tuple) and len(fast.lines) == 1
