"""Assessments as FHIR workflow resources: valid R4, read back to the same tasks and findings."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import SAMPLES
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.detectedissue import DetectedIssue
from fhir.resources.R4B.operationoutcome import OperationOutcome
from fhir.resources.R4B.task import Task
from typer.testing import CliRunner

from medreview.cli import app
from medreview.render.fhir import (
    ACT_CODE_SYSTEM,
    ACTION_SYSTEM,
    OWNER_URL,
    RULE_SYSTEM,
    WORKLIST_PRIORITY_URL,
)

AS_OF = "2026-06-15"


def check(path: Path, output: str) -> Any:
    result = CliRunner().invoke(app, ["check", str(path), "--as-of", AS_OF, "--format", output])
    assert result.exit_code == 0, result.stderr
    return result.stdout


def read_back(bundle: Bundle) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The assessment's findings and tasks, rebuilt from the FHIR resources alone."""
    findings, tasks = [], []
    for entry in bundle.entry or []:
        resource = entry.resource
        if isinstance(resource, DetectedIssue):
            findings.append(
                {
                    "rule": resource.code.coding[0].code,
                    "message": resource.detail,
                    "source": resource.extension[0].valueString,
                    "evidence": [ref.reference for ref in resource.implicated or []],
                }
            )
        elif isinstance(resource, Task):
            owner = {x.url: x.valueCode for x in resource.extension[0].extension}
            assert resource.extension[0].url == OWNER_URL
            code = resource.code.coding[0]
            tasks.append(
                {
                    "rule": resource.reasonCode.coding[0].code,
                    "action": "medication-review" if code.code == "182836005" else code.code,
                    "owner": {
                        "sector": owner["sector"],
                        "role": owner["role"],
                        "reference": resource.owner.reference,
                    },
                    "due": resource.restriction.period.end.isoformat(),
                }
            )
            assert code.system in ("http://snomed.info/sct", ACTION_SYSTEM)
            # decision support proposes; a clinician orders
            assert resource.status == "requested" and resource.intent == "proposal"
    return findings, tasks


@pytest.mark.parametrize("path", sorted(SAMPLES.glob("*.json")), ids=lambda p: p.stem)
def test_each_sample_becomes_valid_fhir_that_reads_back(path: Path) -> None:
    """`check --format fhir` gives valid R4 holding the same tasks and findings as the JSON."""
    assessment = json.loads(check(path, "json"))
    bundle = Bundle.model_validate_json(check(path, "fhir"))
    findings, tasks = read_back(bundle)
    assert tasks == assessment["tasks"]
    assert findings == [
        {key: f[key] for key in ("rule", "message", "source", "evidence")}
        for f in assessment["findings"]
    ]
    for entry in bundle.entry or []:
        resource = entry.resource
        assert resource.id == entry.fullUrl.removeprefix("urn:uuid:")
        if isinstance(resource, Task):
            assert resource.for_fhir.reference == assessment["patient"]
            rule = resource.reasonCode.coding[0]
            assert rule.system == RULE_SYSTEM
            level = next(f["level"] for f in assessment["findings"] if f["rule"] == rule.code)
            worklist = assessment["priority"]
            expected = {1: "asap", 2: "urgent"}.get(worklist)
            assert resource.priority == (
                expected or ("urgent" if level == "required" else "routine")
            )
            (carried,) = [x for x in resource.extension if x.url == WORKLIST_PRIORITY_URL]
            assert carried.valuePositiveInt == worklist
            assert resource.authoredOn.isoformat() == AS_OF == str(resource.lastModified)[:10]
            assert resource.reasonReference.reference.startswith("urn:uuid:")


def test_the_same_assessment_gives_the_same_resources() -> None:
    """Checking the same card twice gives identical FHIR output, resource ids included."""
    path = SAMPLES / "05-dosisdispensering-opstart.json"
    assert check(path, "fhir") == check(path, "fhir")


def test_a_fhir_scan_writes_a_bundle_or_an_operation_outcome_per_record(tmp_path: Path) -> None:
    """A FHIR scan writes a Bundle per good record and an OperationOutcome naming each bad line."""
    bad = tmp_path / "bad.ndjson"
    good = (SAMPLES / "01-plejehjem-fast-laege.json").read_bytes()
    bad.write_bytes(json.dumps(json.loads(good)).encode() + b"\n{not json\n")
    result = CliRunner().invoke(
        app, ["scan", str(bad), "--as-of", AS_OF, "--format", "fhir", "--quiet", "--workers", "1"]
    )
    assert result.exit_code == 3
    first, second = result.stdout.splitlines()
    bundle = Bundle.model_validate_json(first)
    # Sample 01's three tasks: the review, a passed reassessment date, metoprolol on two lines.
    assert [e.resource.get_resource_type() for e in bundle.entry or []].count("Task") == 3
    outcome = OperationOutcome.model_validate_json(second)
    assert "not JSON" in outcome.issue[0].diagnostics
    assert outcome.extension[0].valueString == f"{bad}:2"


def _scan_fhir(tmp_path: Path, *extra: str, as_of: str = AS_OF) -> list[Bundle]:
    result = CliRunner().invoke(
        app,
        [
            "scan",
            str(SAMPLES),
            "--as-of",
            as_of,
            "--format",
            "fhir",
            "--quiet",
            "--workers",
            "1",
            *list(extra),
        ],
    )
    assert result.exit_code == 0, result.stderr
    return [Bundle.model_validate_json(line) for line in result.stdout.splitlines()]


def test_a_scan_names_each_owner_in_task_owner_display(tmp_path: Path) -> None:
    """Task.owner.display is the owner's name from the input (sample 01: Søren Krogh)."""
    bundles = _scan_fhir(tmp_path)
    tasks = [e.resource for b in bundles for e in b.entry or [] if isinstance(e.resource, Task)]
    assert tasks
    displays = {t.owner.reference: t.owner.display for t in tasks if t.owner.reference}
    assert displays["Practitioner/plejehjemslaege"] == "Søren Krogh"
    named = [d for d in displays.values() if not d.endswith(")")]
    assert len(named) >= len(displays) - 1, displays  # a role's words only where no name is given


def test_duplicate_therapy_carries_the_v3_act_code_and_no_uri_a_raw_section_sign(
    tmp_path: Path,
) -> None:
    """DetectedIssue.code adds v3-ActCode DUPTHPY to a duplication; no URI holds a raw §."""
    bundles = _scan_fhir(tmp_path)
    issues = [
        e.resource for b in bundles for e in b.entry or [] if isinstance(e.resource, DetectedIssue)
    ]
    duplicated = [i for i in issues if i.code.coding[0].code == "DRUG-SAME-SUBSTANCE-LINES"]
    assert duplicated
    for issue in duplicated:
        assert (ACT_CODE_SYSTEM, "DUPTHPY") in {(c.system, c.code) for c in issue.code.coding}
    others = [i for i in issues if i.code.coding[0].code.startswith("MGG-")]
    assert others and all(len(i.code.coding) == 1 for i in others)
    uris = [issue.reference for issue in issues if issue.reference]
    assert uris and all("§" not in uri for uri in uris)
    assert any(uri.endswith("#%C2%A76.2.2") for uri in uris)  # 001 §6.2.2, percent-encoded


def test_a_task_open_since_the_previous_scan_is_authored_on_that_date(tmp_path: Path) -> None:
    """With --previous, Task.authoredOn is the date the task first appeared; lastModified now."""
    july = tmp_path / "july.ndjson"
    result = CliRunner().invoke(
        app,
        ["scan", str(SAMPLES), "--as-of", AS_OF, "--quiet", "--workers", "1", "--out", str(july)],
    )
    assert result.exit_code == 0, result.stderr
    bundles = _scan_fhir(tmp_path, "--previous", str(july), as_of="2026-06-20")
    tasks = [e.resource for b in bundles for e in b.entry or [] if isinstance(e.resource, Task)]
    dates = {t.authoredOn.isoformat() for t in tasks}
    assert dates <= {AS_OF, "2026-06-20"} and AS_OF in dates
    assert all(str(t.lastModified)[:10] == "2026-06-20" for t in tasks)
