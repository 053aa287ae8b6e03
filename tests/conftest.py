"""Shared test set-up: the paths the tests read, and how scenario tags become marks."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

# The service tests' fixtures (an EHR, a running service) live beside the service harness.
pytest_plugins = ["support.service_harness", "support.steps_uden_atc"]

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "fhir_samples"
FEATURES = ROOT / "features"
RULES = ROOT / "rules"
SHARED = ROOT.parent / "shared"
REALDATA = SHARED / "realdata"
SEEDS = SHARED / "seeds"

_RULE_ID = re.compile(r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$")


def pytest_bdd_apply_tag(tag: str, function: Callable[..., Any]) -> bool:
    """A scenario tag that is a rule id marks the test ``rule(<id>)``; others ``spec_tag``."""
    if _RULE_ID.match(tag):
        pytest.mark.rule(tag)(function)
    else:
        pytest.mark.spec_tag(tag)(function)
    return True
