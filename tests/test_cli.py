"""The command line as a user meets it: exit codes, messages, output formats, help."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from builder import AS_OF, PatientBuilder
from contract import ASSESSMENT_KEYS
from typer.main import get_command
from typer.testing import CliRunner

from medreview.cli import app

runner = CliRunner()


def run(*args: str, stdin: str | bytes | None = None) -> Any:
    return runner.invoke(app, list(args), input=stdin)


def write(tmp_path: Path, document: Any, name: str = "patient.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def polypharmacy_bundle() -> dict[str, Any]:
    builder = PatientBuilder()
    builder.fixed_drugs(8)
    return builder.bundle()


def assert_refused(result: Any, *fragments: str) -> None:
    """Exit 3, one clear message on stderr naming what is wrong, and no traceback."""
    assert result.exit_code == 3, (result.exit_code, result.stdout, result.stderr)
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    for fragment in fragments:
        assert fragment in result.stderr, result.stderr


def test_check_prints_the_verdict_first_in_danish(tmp_path: Path) -> None:
    """The text output opens with the review verdict, who, and by when."""
    result = run("check", str(write(tmp_path, polypharmacy_bundle())), "--as-of", "2026-06-15")
    assert result.exit_code == 0, result.stderr
    first = result.stdout.index("Medicingennemgang: ANBEFALET")
    assert first < result.stdout.index("MGG-POLYPHARMACY")
    assert "egen læge Mette Lund (Practitioner/gp), almen praksis" in result.stdout
    assert "Frist: 2026-07-13" in result.stdout
    assert "Lægemidler i fast behandling (8)" in result.stdout


def test_check_json_is_one_assessment_object(tmp_path: Path) -> None:
    """--format json prints exactly the contract's assessment and nothing else."""
    result = run(
        "check",
        str(write(tmp_path, polypharmacy_bundle())),
        "--as-of",
        "2026-06-15",
        "--format",
        "json",
    )
    assert result.exit_code == 0, result.stderr
    assessment = json.loads(result.stdout)
    assert list(assessment) == ASSESSMENT_KEYS
    assert assessment["as_of"] == "2026-06-15"
    assert assessment["review"]["status"] == "recommended"


def test_check_reads_gzip_and_standard_input(tmp_path: Path) -> None:
    """.json.gz files and '-' (stdin) give the same assessment as a plain file."""
    bundle = polypharmacy_bundle()
    plain = run("check", str(write(tmp_path, bundle)), "--as-of", "2026-06-15", "--format", "json")
    packed = tmp_path / "patient.json.gz"
    packed.write_bytes(gzip.compress(json.dumps(bundle).encode()))
    zipped = run("check", str(packed), "--as-of", "2026-06-15", "--format", "json")
    piped = run("check", "-", "--as-of", "2026-06-15", "--format", "json", stdin=json.dumps(bundle))
    assert plain.exit_code == zipped.exit_code == piped.exit_code == 0
    assert plain.stdout == zipped.stdout == piped.stdout


def test_as_of_defaults_to_today_in_copenhagen(tmp_path: Path) -> None:
    """Without --as-of the assessment is dated today (Danish time)."""
    from medreview.fhir_dates import today_in_denmark

    result = run("check", str(write(tmp_path, polypharmacy_bundle())), "--format", "json")
    assert json.loads(result.stdout)["as_of"] == today_in_denmark().isoformat()


@pytest.mark.parametrize("bad", ["15-06-2026", "2026-13-01", "i morgen"])
def test_a_bad_as_of_date_is_a_usage_error(tmp_path: Path, bad: str) -> None:
    """Exit 2 and a message that shows the expected form."""
    result = run("check", str(write(tmp_path, polypharmacy_bundle())), "--as-of", bad)
    assert result.exit_code == 2
    assert "YYYY-MM-DD" in result.stderr


def test_not_json_is_refused_with_the_file_and_place(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"resourceType": "Bundle", "entry": [', encoding="utf-8")
    assert_refused(run("check", str(path)), str(path), "not JSON")


def test_an_empty_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.json"
    path.write_text("", encoding="utf-8")
    assert_refused(run("check", str(path)), "the input is empty")


def test_a_missing_file_is_refused(tmp_path: Path) -> None:
    assert_refused(run("check", str(tmp_path / "nobody.json")), "nobody.json", "no such file")


def test_a_resource_that_is_not_a_bundle_is_refused(tmp_path: Path) -> None:
    patient = {"resourceType": "Patient", "id": "p1"}
    assert_refused(
        run("check", str(write(tmp_path, patient))), "not a FHIR Bundle", "Patient resource"
    )


def test_a_json_array_is_refused(tmp_path: Path) -> None:
    assert_refused(run("check", str(write(tmp_path, [1, 2]))), "not a FHIR Bundle", "JSON array")


def test_a_bundle_without_a_patient_is_refused(tmp_path: Path) -> None:
    bundle = {"resourceType": "Bundle", "type": "collection", "entry": []}
    assert_refused(run("check", str(write(tmp_path, bundle))), "Bundle.entry", "no Patient")


def test_a_bundle_with_two_patients_is_refused(tmp_path: Path) -> None:
    bundle = polypharmacy_bundle()
    bundle["entry"].append({"resource": {"resourceType": "Patient", "id": "p2"}})
    assert_refused(
        run("check", str(write(tmp_path, bundle))), "2 Patients", "Patient/p1", "Patient/p2"
    )


def test_a_dangling_medication_reference_is_refused(tmp_path: Path) -> None:
    builder = PatientBuilder()
    line = builder.statement("C07AB02", "Metoprolol")
    bundle = builder.bundle()
    bundle["entry"] = [e for e in bundle["entry"] if e["resource"]["resourceType"] != "Medication"]
    assert_refused(
        run("check", str(write(tmp_path, bundle))),
        f"MedicationStatement/{line}.medicationReference",
        "does not resolve",
    )


def test_a_schema_error_names_resource_and_field(tmp_path: Path) -> None:
    bundle = polypharmacy_bundle()
    bundle["entry"][0]["resource"]["birthDate"] = "1940-13-45"
    assert_refused(run("check", str(write(tmp_path, bundle))), "Patient/p1.birthDate")


def test_an_unknown_element_is_refused(tmp_path: Path) -> None:
    bundle = polypharmacy_bundle()
    bundle["entry"][4]["resource"]["dosis"] = "1 tablet"
    assert_refused(
        run("check", str(write(tmp_path, bundle))),
        "MedicationRequest/mr1.dosis",
        "not an element of MedicationRequest",
    )


def test_a_status_outside_its_required_binding_is_refused(tmp_path: Path) -> None:
    """fhir.resources accepts any string; medreview checks the R4 value set itself."""
    bundle = polypharmacy_bundle()
    bundle["entry"][4]["resource"]["status"] = "paused"
    assert_refused(
        run("check", str(write(tmp_path, bundle))),
        "MedicationRequest/mr1.status",
        "'paused' is not a code FHIR R4 defines",
        "on-hold",
    )


def test_all_problems_are_reported_at_once(tmp_path: Path) -> None:
    bundle = polypharmacy_bundle()
    bundle["entry"][4]["resource"]["status"] = "paused"
    bundle["entry"][5]["resource"]["intent"] = "wish"
    result = run("check", str(write(tmp_path, bundle)))
    assert_refused(result, "2 problems", "mr1.status", "mr2.intent")


def test_a_rule_directory_that_does_not_load_exits_4(tmp_path: Path) -> None:
    (tmp_path / "rules").mkdir()
    result = run(
        "check", str(write(tmp_path, polypharmacy_bundle())), "--rules", str(tmp_path / "rules")
    )
    assert result.exit_code == 4
    assert "ruleset.yaml" in result.stderr


def test_rules_list_names_every_rule() -> None:
    from medreview import load_ruleset

    result = run("rules", "list")
    assert result.exit_code == 0
    for rule in load_ruleset().rules:
        assert rule.id in result.stdout


def test_rules_show_gives_both_languages_and_the_source() -> None:
    result = run("rules", "show", "MGG-POLYPHARMACY")
    assert result.exit_code == 0
    for text in (
        "Polyfarmaci uden medicingennemgang",
        "Polypharmacy without",
        "§6.2.5",
        "fixed_drug_count",
        "responsible_doctor",
    ):
        assert text in result.stdout


def test_rules_show_suggests_a_near_id() -> None:
    result = run("rules", "show", "MGG-POLYFARMACI")
    assert result.exit_code == 2
    assert "did you mean MGG-POLYPHARMACY" in result.stderr


def test_rules_validate_accepts_the_shipped_rules() -> None:
    result = run("rules", "validate", str(Path(__file__).parent.parent / "rules"))
    assert result.exit_code == 0
    assert result.stdout.startswith("ok: medreview-dk")


def test_rules_facts_lists_the_vocabulary() -> None:
    result = run("rules", "facts")
    assert result.exit_code == 0
    assert "fixed_drug_count" in result.stdout and "reassessment_offset" in result.stdout


def _commands(command: Any, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = [path]
    for name, sub in getattr(command, "commands", {}).items():
        found += _commands(sub, (*path, name))
    return found


@pytest.mark.parametrize("path", _commands(get_command(app)), ids=" ".join)
def test_every_command_has_help(path: tuple[str, ...]) -> None:
    """`medreview ... --help` works for every command and says what it does."""
    result = run(*path, "--help")
    assert result.exit_code == 0
    assert "Usage" in result.stdout and len(result.stdout) > 200


def test_the_console_script_runs_as_a_real_process(tmp_path: Path) -> None:
    """The installed command and `python -m medreview` give the contract's exit codes."""
    good = write(tmp_path, polypharmacy_bundle())
    ok = subprocess.run(
        [
            sys.executable,
            "-m",
            "medreview",
            "check",
            str(good),
            "--as-of",
            AS_OF.isoformat(),
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["fixed_drug_count"] == 8
    refused = subprocess.run(
        ["medreview", "check", "-"], input="not json", capture_output=True, text=True, check=False
    )
    assert refused.returncode == 3
    assert refused.stderr.startswith("medreview: <stdin>: cannot evaluate: not JSON")
    assert "Traceback" not in refused.stderr
