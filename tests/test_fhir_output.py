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
from medreview.fhir_output import ACTION_SYSTEM, OWNER_URL, RULE_SYSTEM

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
            assert resource.status == "requested" and resource.intent == "order"
    return findings, tasks


@pytest.mark.parametrize("path", sorted(SAMPLES.glob("*.json")), ids=lambda p: p.stem)
def test_each_sample_becomes_valid_fhir_that_reads_back(path: Path) -> None:
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
            assert resource.priority == ("urgent" if level == "required" else "routine")
            assert resource.reasonReference.reference.startswith("urn:uuid:")


def test_the_same_assessment_gives_the_same_resources() -> None:
    path = SAMPLES / "05-dosisdispensering-opstart.json"
    assert check(path, "fhir") == check(path, "fhir")


def test_a_fhir_scan_writes_a_bundle_or_an_operation_outcome_per_record(tmp_path: Path) -> None:
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
