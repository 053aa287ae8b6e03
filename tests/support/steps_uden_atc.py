"""Scenario steps for lines that name their drug without an ATC code (DATA-NO-ATC).

A pytest plugin: pytest-bdd finds a step among the fixtures a scenario sees, so the
scenarios of ``features/datakvalitet.feature``, run by ``tests/approval/test_specs.py``, see these
once the plugin is registered (``pytest_plugins`` in ``tests/conftest.py``). The steps build
on that module's ``case`` fixture (the patient being specified) and its builder.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from pytest_bdd import given, parsers

LMS30 = "https://laegemiddelstyrelsen.dk/LMS30/Substans"
KINDS: dict[str, dict[str, Any]] = {
    "fast": {},
    "efter behov": {"as_needed": True},
    "fast, men seponeret": {"status": "stopped"},
    "fast, men pauseret": {"status": "on-hold"},
}


@given(
    parsers.re(
        r'patienten får "(?P<name>[^"]+)" uden ATC-kode, '
        r"(?P<kind>fast|efter behov|fast, men seponeret|fast, men pauseret)$"
    )
)
def line_without_atc(case: Any, name: str, kind: str) -> None:
    case.builder.line(None, name, started=case.as_of - timedelta(days=400), **KINDS[kind])


@given(
    parsers.re(
        r'patienten får "(?P<name>[^"]+)" med Lægemiddelstyrelsens stofkode (?P<code>\d+) '
        r"og uden ATC-kode, fast$"
    )
)
def line_with_substance_code(case: Any, name: str, code: str) -> None:
    line_id = case.builder.line(None, name, started=case.as_of - timedelta(days=400))
    (line,) = [r for r in case.builder.entries if r.get("id") == line_id]
    line["medicationCodeableConcept"]["coding"] = [{"system": LMS30, "code": code}]
