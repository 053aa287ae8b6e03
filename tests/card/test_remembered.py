"""What a process remembers from one patient to the next (parsed dates, drug identities)
stays small whatever a caller sends: a service reads bundles from anyone."""

from __future__ import annotations

import orjson
import pytest

from medreview import InputError
from medreview.card import drug_identity
from medreview.engine import Engine, ReadOptions
from medreview.read import fhir_dates


def _bundle(name: str, authored: str) -> bytes:
    line = {
        "resourceType": "MedicationRequest",
        "id": "m",
        "status": "active",
        "intent": "order",
        "subject": {"reference": "Patient/p"},
        "authoredOn": authored,
        "medicationCodeableConcept": {"text": name},
    }
    patient = {"resourceType": "Patient", "id": "p"}
    return orjson.dumps(
        {
            "resourceType": "Bundle",
            "type": "collection",
            "entry": [{"resource": patient}, {"resource": line}],
        }
    )


def _remembered_text() -> int:
    dates = fhir_dates._parse.cache_info().currsize
    drugs = sum(drug_identity._text_in(concept) for concept in drug_identity._KNOWN)
    return dates * drug_identity._LONGEST_KEPT + drugs


def test_long_drug_names_and_dates_are_not_remembered() -> None:
    """Fifty bundles, each with a 100,000-character drug name and date: nothing of them is
    kept once they are read or refused (a caller could otherwise fill the memory)."""
    engine = Engine()
    before = _remembered_text()
    for number in range(50):
        text = f"{number}" + "x" * 100_000
        with pytest.raises(InputError, match="is not a FHIR dateTime"):
            engine.read_data(_bundle(text, text), ReadOptions(reader="fast"))
        engine.read_data(_bundle(text, "2026-06-01"), ReadOptions(reader="fast"))
    assert _remembered_text() - before < 2 * drug_identity._LONGEST_KEPT


def test_short_drug_names_are_remembered_once_and_within_bounds() -> None:
    """A population's drugs are worked out once each, and never more than the bound."""
    engine = Engine()
    for number in range(3):
        engine.read_data(_bundle("Panodil 500 mg", f"2026-06-0{number + 1}"), ReadOptions())
    assert len(drug_identity._KNOWN) <= drug_identity._KNOWN_AT_MOST
    concept = next(c for c in drug_identity._KNOWN if c.text == "Panodil 500 mg")
    assert drug_identity._KNOWN[concept].atc == "N02BE01"
