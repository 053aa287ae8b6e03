"""Real FHIR that nobody here wrote: each file is evaluated, or refused with a clear message.

Reads ``../shared/realdata`` (a Danish FMK export, DK Core patients, Synthea bundles
and the official HL7 R4 examples). The Bulk Data export belongs to ``scan``.
"""

from __future__ import annotations

import csv
import functools
import json
from datetime import date
from pathlib import Path

import pytest
from conftest import REALDATA
from typer.testing import CliRunner

from medreview import Assessment
from medreview.cli import app

AS_OF = date(2026, 6, 15)
FOLDERS = ("dk", "synthea-smart-r4", "hl7-r4-examples")
FILES = (
    sorted(
        path
        for folder in FOLDERS
        for path in (REALDATA / folder).glob("*.json*")
        if path.name.endswith((".json", ".json.gz"))
    )
    if REALDATA.is_dir()
    else []
)

needs_realdata = pytest.mark.skipif(
    not FILES, reason="../shared/realdata is not beside this checkout"
)


@functools.cache
def check(path: Path) -> tuple[int, str, str]:
    """`medreview check PATH --format json`: exit code, stdout, stderr."""
    result = CliRunner().invoke(
        app, ["check", str(path), "--as-of", AS_OF.isoformat(), "--format", "json"]
    )
    return result.exit_code, result.stdout, result.stderr


def outcome(path: Path) -> Assessment | str:
    """The assessment `check` printed, or the message it refused the file with."""
    code, stdout, stderr = check(path)
    return Assessment.model_validate_json(stdout) if code == 0 else stderr


@needs_realdata
@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_file_is_evaluated_or_refused_clearly(path: Path) -> None:
    """Never a crash: exit 0 and an assessment, or exit 3 and one message naming the file."""
    code, stdout, stderr = check(path)
    assert code in (0, 3), stderr
    assert "Traceback" not in stderr
    if code == 3:
        assert stdout == ""
        assert stderr.startswith(f"medreview: {path}: cannot evaluate"), stderr
    else:
        assessment = json.loads(stdout)
        # Patient/<id>, or the patient's fullUrl where it has no id (the DK Core examples)
        assert assessment["patient"].startswith(("Patient/", "urn:uuid:")), assessment["patient"]


@needs_realdata
def test_the_danish_fmk_export_is_read_as_a_clinician_would() -> None:
    """Ole's FMK card: PN, paused, stopped and ended lines do not count; running ones do."""
    result = outcome(REALDATA / "dk" / "Bundle-gravitate-ole.json")
    assert isinstance(result, Assessment), result
    counted = set(result.counted_drugs)
    assert "B01AA03" in counted  # warfarin: status unknown, dosage running since 2020
    assert "H03AA01" not in counted  # levothyroxin: only on hold
    assert "C04AC01" not in counted  # nicotinic acid: stopped
    assert "A10AB01" not in counted  # human insulin: its dosages ended in 2025
    assert "N04BC06" not in counted  # cabergolin: a 2021 course that ended
    assert result.fixed_drug_count == 13
    # Rofecoxib (M01AH02) in fixed treatment, and the export makes Ole 125 years old.
    # Terbutaline (R03AC03) and paracetamol (N02BE01) each stand on four current fixed lines
    # (paracetamol 1 tablet and 2 tablets 3 times a day, among them): confirm the total dose.
    assert [f.rule for f in result.findings] == [
        "DRUG-NSAID-ELDERLY",
        "DRUG-SAME-SUBSTANCE-LINES",
        "DRUG-SAME-SUBSTANCE-LINES",
        "MGG-POLYPHARMACY",
    ]
    assert {f.message.split("samme stof ")[1][:9] for f in result.findings[1:3]} == {
        "(R03AC03)",
        "(N02BE01)",
    }
    # No GP in the export: the task is there, its owner unknown.
    assert result.review.owner is not None and result.review.owner.sector == "unknown"


@needs_realdata
@pytest.mark.parametrize("name", ["anne", "emma"])
def test_dk_core_patients_without_dates_are_evaluated(name: str) -> None:
    """Active statements with free-text dosage count as fixed; references are urn:uuid.

    Each has two chronic diseases in SKS (hypertension and type 2 diabetes; type 1 diabetes
    and asthma) and no review: the annual overview is recommended, with the GP.
    """
    result = outcome(REALDATA / "dk" / f"{name}-dk-bundle.json")
    assert isinstance(result, Assessment), result
    assert result.fixed_drug_count == 3
    assert [f.rule for f in result.findings] == ["MGG-MULTIMORBIDITY-OVERVIEW"]
    assert result.review.status == "recommended"
    assert len(result.findings[0].evidence) == 2
    assert all(ref.startswith("urn:uuid:") for ref in result.findings[0].evidence)


@needs_realdata
def test_one_chronic_disease_in_icpc2_is_not_multimorbidity() -> None:
    """Mette: depression (ICPC-2 P76) is on the list, hypothyroidism (T86) is not: one disease."""
    result = outcome(REALDATA / "dk" / "mette-dk-bundle.json")
    assert isinstance(result, Assessment), result
    assert result.fixed_drug_count == 3
    # Her "Magnyl 75 mg" has no ATC code, and the name is B01AC06 or N02BA01 by strength.
    assert [f.rule for f in result.findings] == ["DATA-NO-ATC"]


@needs_realdata
def test_the_overview_no_longer_floods_the_synthea_worklist() -> None:
    """Issue 10: only listed chronic diseases count. Rule set 1.1 fired for 55 of the 58
    living Synthea patients (obesity findings, prediabetes, chronic sinusitis, rhinitis...);
    1.2 fires for 22, each with two or more chronic-disease groups named."""
    folder = REALDATA / "synthea-smart-r4"
    results = [outcome(path) for path in sorted(folder.glob("*.json.gz"))]
    assessments = [r for r in results if isinstance(r, Assessment)]
    overviews = [
        f for a in assessments for f in a.findings if f.rule == "MGG-MULTIMORBIDITY-OVERVIEW"
    ]
    assert len(overviews) == 22
    assert all(" kroniske sygdomme (" in f.message for f in overviews)
    assert all(int(f.message.split()[2]) >= 2 for f in overviews)  # "Patienten har 2 ..."


def _manifest() -> list[dict[str, str]]:
    path = REALDATA / "synthea-smart-r4" / "MANIFEST.csv"
    if not path.is_file():
        return []
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@needs_realdata
@pytest.mark.parametrize("row", _manifest(), ids=lambda row: row["file"][:30])
def test_synthea_counts_agree_with_the_manifest(row: dict[str, str]) -> None:
    """Never more drugs than distinct active codes; the dead get one finding and no task."""
    result = outcome(REALDATA / "synthea-smart-r4" / row["file"])
    assert isinstance(result, Assessment), result
    assert result.fixed_drug_count <= int(row["n_distinct_status_active"])
    deceased = bool(row["deceasedDateTime"]) and row["deceasedDateTime"][:10] <= AS_OF.isoformat()
    if deceased:
        assert [f.rule for f in result.findings] == ["DATA-PATIENT-DECEASED"]
        assert result.tasks == ()
        assert result.review.status == "none"
    else:
        assert "DATA-PATIENT-DECEASED" not in {f.rule for f in result.findings}


@needs_realdata
@pytest.mark.parametrize(
    "name", ["MedicationRequest-medrx0301.json", "Patient-example.json", "Medication-med0301.json"]
)
def test_hl7_single_resources_are_refused_by_the_command(name: str) -> None:
    """A lone resource is not a patient's card: exit 3, and the message says what it is."""
    result = CliRunner().invoke(app, ["check", str(REALDATA / "hl7-r4-examples" / name)])
    assert result.exit_code == 3
    resource_type = name.split("-")[0]
    assert f"not a FHIR Bundle: it is a {resource_type} resource" in result.stderr
    assert "Traceback" not in result.stderr
