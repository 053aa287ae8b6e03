"""The bundled sample patients: valid FHIR, and each assessed as a Danish GP expects.

Every contract rule fires in at least one sample, and each sample's expected
verdict is written out here, where a clinician can check it.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import FEATURES, SAMPLES
from fhir.resources.R4B.bundle import Bundle
from support.contract import ACTIONS, ASSESSMENT_KEYS, LEVELS, PRIORITY_REASON_KEYS, ROLES, SECTORS
from support.contract import RULES as CONTRACT_RULES
from typer.testing import CliRunner

from medreview import load_ruleset
from medreview.cli import app

AS_OF = date(2026, 6, 15)
SAMPLE_FILES = sorted(SAMPLES.glob("*.json"))

# file: (fixed drugs, findings, review status, review owner role and sector, review due)
EXPECTED: dict[str, tuple[int, list[str], str, tuple[str, str] | None, str | None]] = {
    "01-plejehjem-fast-laege": (
        9,
        # Metoprolol 25 mg and 50 mg from the nursing-home doctor: one drug, two lines.
        ["DRUG-REASSESSMENT-OVERDUE", "DRUG-SAME-SUBSTANCE-LINES", "MGG-POLYPHARMACY"],
        "recommended",
        ("nursing-home-doctor", "general-practice"),
        "2026-07-13",
    ),
    "02-indlagt-dosisdispensering": (
        8,
        ["DD-DEREGISTER-ON-ADMISSION", "MGG-POLYPHARMACY"],
        "recommended",
        ("admitting-hospital", "hospital"),
        "2026-07-13",
    ),
    "03-fmk-medicinkort": (
        7,
        ["DRUG-HABIT-FORMING-REASSESSMENT", "MGG-POLYPHARMACY"],
        "recommended",
        ("gp", "general-practice"),
        "2026-07-13",
    ),
    "04-urn-uuid-transaktion": (6, [], "none", None, None),
    "05-dosisdispensering-opstart": (
        5,
        ["DD-AS-NEEDED-IN-DD", "MGG-DOSE-DISPENSING-START"],
        "required",
        ("gp", "general-practice"),
        "2026-06-25",
    ),
    "06-aarskontrol-booket": (
        5,
        ["MGG-ANNUAL-CHECK"],
        "required",
        ("gp", "general-practice"),
        "2026-07-01",
    ),
    "07-aarskontrol-sygehus": (
        4,
        ["MGG-ANNUAL-CHECK"],
        "required",
        ("prescriber", "hospital"),
        "2026-07-13",
    ),
    "08-opsoegende-hjemmebesoeg": (
        5,
        ["MGG-OUTREACH-VISIT"],
        "required",
        ("gp", "general-practice"),
        "2026-06-30",
    ),
    "09-udskrevet": (
        6,
        # Atorvastatin 40 mg from the GP and 80 mg restarted by the hospital: a task for each.
        [
            "DD-UNSTABLE-DOSE",
            "DRUG-THERAPEUTIC-DUPLICATION",
            "DRUG-THERAPEUTIC-DUPLICATION",
            "MGG-DISCHARGE-FOLLOWUP",
        ],
        "optional",
        ("gp", "general-practice"),
        "2026-07-13",
    ),
    "10-flyttet-paa-plejehjem": (
        6,
        ["MGG-NURSING-HOME-MOVE"],
        "optional",
        ("gp", "general-practice"),
        "2026-07-13",
    ),
    "11-afdoed": (8, ["DATA-PATIENT-DECEASED"], "none", None, None),
    "12-uspecificeret-dosis": (
        7,
        ["DATA-UNSPECIFIED-DOSAGE", "MGG-POLYPHARMACY"],
        "recommended",
        ("gp", "general-practice"),
        "2026-07-13",
    ),
    "13-nylig-gennemgang": (10, [], "none", None, None),
    "14-dosisdispensering-gennemgaaet": (7, [], "none", None, None),
    "15-nye-smertestillende": (
        7,
        [
            "DRUG-HABIT-FORMING-REASSESSMENT",
            "DRUG-NSAID-ELDERLY",
            "DRUG-NSAID-ELDERLY",
            "DRUG-THERAPEUTIC-DUPLICATION",
            "DRUG-THERAPEUTIC-DUPLICATION",
            "MGG-MULTIMORBIDITY-OVERVIEW",
            "MGG-POLYPHARMACY",
            "MGG-SIGNIFICANT-CHANGE",
        ],
        "recommended",
        ("gp", "general-practice"),
        "2026-07-13",
    ),
    # Methylphenidate past its reassessment date: the overdue rule, and no habit-forming finding.
    "16-adhd-medicin-overskredet": (3, ["DRUG-REASSESSMENT-OVERDUE"], "none", None, None),
    # A nursing-home resident of 70 on celecoxib; glucosamine is no NSAID.
    "17-plejehjem-nsaid": (4, ["DRUG-NSAID-ELDERLY"], "none", None, None),
    # Codeine PN without a date, clonazepam's date 15 months ahead; the 5-day tramadol course
    # and clomethiazole (date within 12 months) give no habit-forming finding, but clonazepam
    # with clomethiazole, both fixed, is a duplication (one GABA-ergic class).
    "18-tramadolkur-og-hostemedicin": (
        3,
        [
            "DRUG-HABIT-FORMING-REASSESSMENT",
            "DRUG-HABIT-FORMING-REASSESSMENT",
            "DRUG-THERAPEUTIC-DUPLICATION",
        ],
        "none",
        None,
        None,
    ),
    "19-indlagt-dosisdispensering-60-aar": (5, ["DD-DEREGISTER-ON-ADMISSION"], "none", None, None),
    # Oxapax and Ipren by name only (found: N05BA04, M01AE01), Pinex Forte (a combination) and
    # a vitamin the name list does not hold: four DATA-NO-ATC; the stopped Kodimagnyl none.
    "20-uden-atc-kode": (
        8,
        [
            "DATA-NO-ATC",
            "DATA-NO-ATC",
            "DATA-NO-ATC",
            "DATA-NO-ATC",
            "DRUG-HABIT-FORMING-REASSESSMENT",
            "DRUG-NSAID-ELDERLY",
        ],
        "none",
        None,
        None,
    ),
}

# file: (priority, the signals behind it, most points first)
PRIORITIES: dict[str, tuple[int, list[str]]] = {
    "01-plejehjem-fast-laege": (3, ["PRIO-NURSING-HOME", "PRIO-AGE-75"]),
    "02-indlagt-dosisdispensering": (3, ["PRIO-REQUIRED-TASK", "PRIO-AGE-75"]),
    "03-fmk-medicinkort": (3, ["PRIO-AGE-75", "PRIO-RISK-DRUG"]),
    "04-urn-uuid-transaktion": (4, ["PRIO-AGE-75"]),
    "05-dosisdispensering-opstart": (
        2,
        ["PRIO-REQUIRED-TASK", "PRIO-REVIEW-OVERDUE", "PRIO-AGE-75"],
    ),
    "06-aarskontrol-booket": (2, ["PRIO-REQUIRED-TASK", "PRIO-REVIEW-OVERDUE"]),
    "07-aarskontrol-sygehus": (2, ["PRIO-REQUIRED-TASK", "PRIO-REVIEW-OVERDUE"]),
    "08-opsoegende-hjemmebesoeg": (3, ["PRIO-REQUIRED-TASK", "PRIO-AGE-75"]),
    "09-udskrevet": (3, ["PRIO-RECENT-DISCHARGE", "PRIO-AGE-75"]),
    "10-flyttet-paa-plejehjem": (3, ["PRIO-NURSING-HOME", "PRIO-AGE-75"]),
    "11-afdoed": (5, []),
    "12-uspecificeret-dosis": (4, ["PRIO-AGE-75"]),
    "13-nylig-gennemgang": (3, ["PRIO-TEN-OR-MORE-DRUGS", "PRIO-AGE-75"]),
    "14-dosisdispensering-gennemgaaet": (4, ["PRIO-AGE-75"]),
    "15-nye-smertestillende": (3, ["PRIO-AGE-75", "PRIO-RISK-DRUG"]),
    "16-adhd-medicin-overskredet": (4, ["PRIO-RISK-DRUG"]),
    "17-plejehjem-nsaid": (3, ["PRIO-NURSING-HOME", "PRIO-RISK-DRUG"]),
    "18-tramadolkur-og-hostemedicin": (4, ["PRIO-RISK-DRUG"]),
    "19-indlagt-dosisdispensering-60-aar": (3, ["PRIO-REQUIRED-TASK"]),
    "20-uden-atc-kode": (3, ["PRIO-AGE-75", "PRIO-RISK-DRUG"]),
}


def check_json(path: Path) -> dict[str, Any]:
    result = CliRunner().invoke(
        app, ["check", str(path), "--as-of", AS_OF.isoformat(), "--format", "json"]
    )
    assert result.exit_code == 0, result.stderr
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def test_there_are_the_expected_samples() -> None:
    """Every bundled sample patient has its expected verdict here; none is missing or extra."""
    assert [path.stem for path in SAMPLE_FILES] == sorted(EXPECTED)


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.stem)
def test_each_sample_is_valid_fhir(path: Path) -> None:
    """fhir.resources (R4B models) reads every sample without complaint."""
    Bundle.model_validate_json(path.read_bytes())


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.stem)
def test_each_sample_is_assessed_as_expected(path: Path) -> None:
    """Each sample is assessed as expected: drug count, findings, verdict, owner, due, priority."""
    count, rules, status, owner, due = EXPECTED[path.stem]
    assessment = check_json(path)
    assert assessment["fixed_drug_count"] == count
    assert [f["rule"] for f in assessment["findings"]] == rules
    review = assessment["review"]
    assert review["status"] == status
    assert review["due"] == due
    got = (review["owner"]["role"], review["owner"]["sector"]) if review["owner"] else None
    assert got == owner
    priority, signals = PRIORITIES[path.stem]
    assert assessment["priority"] == priority
    assert [reason["signal"] for reason in assessment["priority_reasons"]] == signals


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.stem)
def test_each_assessment_keeps_to_the_contract(path: Path) -> None:
    """Every key, code and order of contract.md, on every sample."""
    assessment = check_json(path)
    assert list(assessment) == ASSESSMENT_KEYS
    assert list(assessment["ruleset"]) == ["name", "version", "digest"]
    assert assessment["ruleset"]["digest"].startswith("sha256:")
    assert list(assessment["review"]) == ["status", "due", "owner"]
    assert assessment["counted_drugs"] == sorted(assessment["counted_drugs"])
    assert len(assessment["counted_drugs"]) == assessment["fixed_drug_count"]
    for finding in assessment["findings"]:
        assert list(finding) == ["rule", "level", "message", "source", "evidence"]
        assert finding["level"] in LEVELS
        assert finding["evidence"] and finding["message"]
    for task in assessment["tasks"]:
        assert list(task) == ["rule", "action", "owner", "due"]
        assert task["action"] in ACTIONS
        assert list(task["owner"]) == ["sector", "role", "reference"]
        assert task["owner"]["sector"] in SECTORS and task["owner"]["role"] in ROLES
    keys = [(f["rule"], f["evidence"]) for f in assessment["findings"]]
    assert keys == sorted(keys)
    assert assessment["priority"] in range(1, 6)
    for reason in assessment["priority_reasons"]:
        assert list(reason) == PRIORITY_REASON_KEYS
        assert reason["points"] > 0 and reason["reason"] and reason["evidence"]


def test_every_contract_rule_fires_in_a_sample_and_a_scenario() -> None:
    """Every rule in the contract fires in some sample and is specified in some scenario."""
    fired = {rule for _, rules, *_ in EXPECTED.values() for rule in rules}
    tagged = {
        tag.lstrip("@")
        for path in FEATURES.glob("*.feature")
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip().startswith("@")
        for tag in line.split()
    }
    for rule in CONTRACT_RULES:
        assert rule in fired, f"no sample fires {rule}"
        assert rule in tagged, f"no scenario specifies {rule}"


def test_every_rule_and_signal_shows_in_a_sample() -> None:
    """Beyond the contract's rules: each rule fires, and each signal counts, somewhere."""
    ruleset = load_ruleset()
    fired = {rule for _, rules, *_ in EXPECTED.values() for rule in rules}
    counted = {signal for _, signals in PRIORITIES.values() for signal in signals}
    assert {rule.id for rule in ruleset.rules} - fired == set()
    assert {signal.id for signal in ruleset.signals} - counted == set()


def test_every_contract_rule_is_silent_in_some_sample() -> None:
    """Each rule also does not fire somewhere: the samples show both sides."""
    for rule in CONTRACT_RULES:
        assert any(rule not in rules for _, rules, *_ in EXPECTED.values())
