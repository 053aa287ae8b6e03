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


def test_long_drug_names_and_dates_are_not_remembered() -> None:
    """Fifty bundles, each with a 100,000-character drug name and date: none of them is kept
    once read or refused (a caller could otherwise fill the memory); the one real date is."""
    engine = Engine()
    dates_before = fhir_dates._remembered.cache_info().currsize
    for number in range(50):
        text = f"{number}" + "x" * 100_000
        with pytest.raises(InputError, match="is not a FHIR dateTime"):
            engine.read_data(_bundle(text, text), ReadOptions(reader="fast"))
        engine.read_data(_bundle(text, "2026-06-01"), ReadOptions(reader="fast"))
    assert fhir_dates._remembered.cache_info().currsize - dates_before <= 1
    assert all(len(concept.text or "") < 1_000 for concept in drug_identity._KNOWN)


def test_short_drug_names_are_remembered_once_and_within_bounds() -> None:
    """A population's drugs are worked out once each, and never more than the bound."""
    engine = Engine()
    for number in range(3):
        engine.read_data(_bundle("Panodil 500 mg", f"2026-06-0{number + 1}"), ReadOptions())
    assert len(drug_identity._KNOWN) <= drug_identity._KNOWN_AT_MOST
    concept = next(c for c in drug_identity._KNOWN if c.text == "Panodil 500 mg")
    assert drug_identity._KNOWN[concept].atc == "N02BE01"
