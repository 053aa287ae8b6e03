"""The command line as a user meets it: exit codes, messages, output formats, help."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from support.big_inputs import MIB, gzip_bomb, peak
from support.builder import AS_OF, PatientBuilder
from support.contract import ASSESSMENT_KEYS
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
    assert "Frist: 13. juli 2026" in result.stdout
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
    from medreview.read.fhir_dates import today_in_denmark

    result = run("check", str(write(tmp_path, polypharmacy_bundle())), "--format", "json")
    assert json.loads(result.stdout)["as_of"] == today_in_denmark().isoformat()


@pytest.mark.parametrize(
    ("bad", "words"),
    [
        ("15-06-2026", "'15-06-2026' is not written YYYY-MM-DD"),
        ("i morgen", "'i morgen' is not written YYYY-MM-DD"),
        ("2026-13-01", "'2026-13-01' is no date: month must be in 1..12"),
        ("2026-02-30", "'2026-02-30' is no date: day is out of range for month"),
    ],
)
def test_a_bad_as_of_date_is_a_usage_error(tmp_path: Path, bad: str, words: str) -> None:
    """Exit 2, naming the option, and saying what is wrong: the form, or the date itself."""
    result = run("check", str(write(tmp_path, polypharmacy_bundle())), "--as-of", bad)
    assert result.exit_code == 2
    assert "--as-of" in result.stderr and words in result.stderr


def test_not_json_is_refused_with_the_file_and_place(tmp_path: Path) -> None:
    """A file that is not valid JSON is exit 3 with the file's name, not a traceback."""
    path = tmp_path / "broken.json"
    path.write_text('{"resourceType": "Bundle", "entry": [', encoding="utf-8")
    assert_refused(run("check", str(path)), str(path), "not JSON")


def test_an_empty_file_is_refused(tmp_path: Path) -> None:
    """An empty input file is exit 3 saying the input is empty, not a traceback."""
    path = tmp_path / "empty.json"
    path.write_text("", encoding="utf-8")
    assert_refused(run("check", str(path)), "the input is empty")


def test_a_missing_file_is_refused(tmp_path: Path) -> None:
    """A missing file is exit 3 with the file's name, not a traceback."""
    assert_refused(run("check", str(tmp_path / "nobody.json")), "nobody.json", "no such file")


def test_a_resource_that_is_not_a_bundle_is_refused(tmp_path: Path) -> None:
    """A lone Patient resource instead of a Bundle is exit 3, saying it is not a FHIR Bundle."""
    patient = {"resourceType": "Patient", "id": "p1"}
    assert_refused(
        run("check", str(write(tmp_path, patient))), "not a FHIR Bundle", "Patient resource"
    )


def test_a_json_array_is_refused(tmp_path: Path) -> None:
    """A JSON array instead of a Bundle is exit 3, saying it is not a FHIR Bundle."""
    assert_refused(run("check", str(write(tmp_path, [1, 2]))), "not a FHIR Bundle", "JSON array")


def test_a_bundle_without_a_patient_is_refused(tmp_path: Path) -> None:
    """A Bundle with no Patient in it is exit 3, saying Bundle.entry holds no Patient."""
    bundle = {"resourceType": "Bundle", "type": "collection", "entry": []}
    assert_refused(run("check", str(write(tmp_path, bundle))), "Bundle.entry", "no Patient")


def test_a_bundle_with_two_patients_is_refused(tmp_path: Path) -> None:
    """A Bundle with two Patients is exit 3, naming both, rather than assessing either."""
    bundle = polypharmacy_bundle()
    bundle["entry"].append({"resource": {"resourceType": "Patient", "id": "p2"}})
    assert_refused(
        run("check", str(write(tmp_path, bundle))), "2 Patients", "Patient/p1", "Patient/p2"
    )


def test_a_dangling_medication_reference_is_refused(tmp_path: Path) -> None:
    """A line pointing at a Medication not in the Bundle is exit 3, naming the broken reference."""
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
    """An invalid FHIR value is exit 3, naming the resource and field (Patient/p1.birthDate)."""
    bundle = polypharmacy_bundle()
    bundle["entry"][0]["resource"]["birthDate"] = "1940-13-45"
    assert_refused(run("check", str(write(tmp_path, bundle))), "Patient/p1.birthDate")


def test_an_unknown_element_is_refused(tmp_path: Path) -> None:
    """An element FHIR does not define (e.g. a misspelling) is exit 3, naming it, not ignored."""
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
    """A bundle with several errors is refused with all of them listed at once, not one per run."""
    bundle = polypharmacy_bundle()
    bundle["entry"][4]["resource"]["status"] = "paused"
    bundle["entry"][5]["resource"]["intent"] = "wish"
    result = run("check", str(write(tmp_path, bundle)))
    assert_refused(result, "2 problems", "mr1.status", "mr2.intent")


def test_a_rule_directory_that_does_not_load_exits_4(tmp_path: Path) -> None:
    """A --rules directory that does not load is exit 4, naming the missing ruleset.yaml."""
    (tmp_path / "rules").mkdir()
    result = run(
        "check", str(write(tmp_path, polypharmacy_bundle())), "--rules", str(tmp_path / "rules")
    )
    assert result.exit_code == 4
    assert "ruleset.yaml" in result.stderr


def test_rules_list_names_every_rule() -> None:
    """`medreview rules list` shows the id of every rule in the shipped rule set."""
    from medreview import load_ruleset

    result = run("rules", "list")
    assert result.exit_code == 0
    for rule in load_ruleset().rules:
        assert rule.id in result.stdout


def test_rules_show_gives_both_languages_and_the_source() -> None:
    """`rules show` gives a rule's Danish and English text, its source section and condition."""
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
    """`rules show` with a mistyped id is exit 2 and suggests the nearest real id."""
    result = run("rules", "show", "MGG-POLYFARMACI")
    assert result.exit_code == 2
    assert "did you mean MGG-POLYPHARMACY" in result.stderr


def test_rules_validate_accepts_the_shipped_rules() -> None:
    """`rules validate` accepts the shipped rules/ and says ok with the rule set's name."""
    result = run("rules", "validate", str(Path(__file__).resolve().parents[2] / "rules"))
    assert result.exit_code == 0
    assert result.stdout.startswith("ok: medreview-dk")


def test_rules_facts_lists_the_vocabulary() -> None:
    """`rules facts` lists the facts a rule's condition may use, such as fixed_drug_count."""
    result = run("rules", "facts")
    assert result.exit_code == 0
    assert "fixed_drug_count" in result.stdout and "reassessment_offset" in result.stdout


def _commands(command: Any, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = [path]
    for name, sub in getattr(command, "commands", {}).items():
        found += _commands(sub, (*path, name))
    return found


COMMANDS = _commands(get_command(app))


@pytest.mark.parametrize("path", COMMANDS, ids=" ".join)
def test_every_command_has_help(path: tuple[str, ...]) -> None:
    """`medreview ... --help` works for every command, says what it does and what each option
    is for, and shows a flag as a flag (typer's rich help showed `--strict <bool>`)."""
    result = run(*path, "--help")
    assert result.exit_code == 0
    assert "Usage" in result.stdout and len(result.stdout) > 100
    assert "<bool>" not in result.stdout and "BOOLEAN" not in result.stdout
    command = get_command(app)
    for name in path:
        command = command.commands[name]  # type: ignore[attr-defined]
    assert command.help, f"medreview {' '.join(path)} has no help text"
    for param in command.params:
        assert param.help or param.name == "help", f"{' '.join(path)}: {param.name} has no help"


def test_flags_are_shown_without_a_value() -> None:
    """`scan --help` lists --strict, --resume and --quiet bare, as they are typed."""
    shown = CliRunner(env={"COLUMNS": "200"}).invoke(app, ["scan", "--help"]).stdout
    for flag in ("--strict", "--resume", "--quiet", "--help"):
        (line,) = [line for line in shown.splitlines() if line.startswith(f"  {flag} ")]
        assert line.split()[1][0].isupper() and line.split()[1] != "BOOLEAN", line


def test_version_is_the_package_version() -> None:
    """`medreview --version` prints the one version, that of medreview/__init__.py."""
    from medreview import __version__

    result = run("--version")
    assert result.exit_code == 0 and result.stdout == f"medreview {__version__}\n"


def test_help_imports_neither_fhir_resources_nor_durable_rules() -> None:
    """`medreview --help` loads only what it shows: no FHIR models, engine or rich (start-up)."""
    code = (
        "import sys\n"
        "sys.argv = ['medreview', '--help']\n"
        "from medreview.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy = ('fhir', 'durable', 'durable_rules_engine', 'rich', 'pydantic', 'yaml')\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & set(heavy)), file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "Usage" in done.stdout
    assert done.stderr.strip() == "[]"


def test_a_missing_file_is_exit_3_in_check_and_in_scan(tmp_path: Path) -> None:
    """One meaning per exit code: a file that is not there is input that cannot be evaluated."""
    missing = str(tmp_path / "nobody.json")
    for result in (run("check", missing), run("scan", missing, "--quiet")):
        assert result.exit_code == 3, result.stderr
        assert "nobody.json" in result.stderr and "no such file" in result.stderr


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


# --- limits: what a bundle may hold, refused fast and in bounded memory (issue 11) --------


def minimal_entries(count: int) -> bytes:
    """A Bundle of ``count`` entries: its Patient, then small valid resources."""
    entries = [b'{"resource":{"resourceType":"Patient","id":"p1"}}']
    entries += [
        b'{"resource":{"resourceType":"Basic","id":"b%d","code":{"text":"x"}}}' % number
        for number in range(count - 1)
    ]
    return b'{"resourceType":"Bundle","type":"collection","entry":[' + b",".join(entries) + b"]}"


def test_help_names_the_limits_and_their_defaults() -> None:
    """Both commands name --max-bytes and --max-entries in --help, with their defaults."""
    for command in ("check", "scan"):
        result = CliRunner(env={"COLUMNS": "200"}).invoke(app, [command, "--help"])
        assert "--max-bytes" in result.stdout and "--max-entries" in result.stdout
        assert "64M" in result.stdout and "10000" in result.stdout


def test_a_gzip_bomb_is_refused_once_it_inflates_past_the_limit(tmp_path: Path) -> None:
    """The message names the file, the limit and how to raise it."""
    bomb = gzip_bomb(tmp_path / "bomb.json.gz", inflated_mib=8)
    assert_refused(
        run("check", str(bomb), "--max-bytes", "1M"),
        str(bomb),
        "inflates to more than the 1 MiB",
        "raise the limit with --max-bytes",
    )
    assert run("check", str(bomb), "--max-bytes", "9M").exit_code == 3  # read: not a patient


def test_a_plain_file_larger_than_the_limit_is_refused_by_its_size(tmp_path: Path) -> None:
    """A plain file is refused by its size, unread; standard input once past the limit."""
    path = write(tmp_path, polypharmacy_bundle())
    size = path.stat().st_size
    assert_refused(run("check", str(path), "--max-bytes", "2K"), f"is {size / 1024:.1f} KiB")
    assert run("check", str(path), "--max-bytes", str(size)).exit_code == 0  # at the limit: read
    piped = run("check", "-", "--max-bytes", "2048", stdin=path.read_bytes())
    assert_refused(piped, "<stdin>", "more than the 2 KiB of JSON that --max-bytes allows")


@pytest.mark.parametrize("bad", ["0", "-1", "12X", "1.5G", ""])
def test_a_bad_max_bytes_is_a_usage_error(tmp_path: Path, bad: str) -> None:
    """Exit 2 for a size that is not a positive whole number of bytes, K, M or G."""
    result = run("check", str(write(tmp_path, polypharmacy_bundle())), "--max-bytes", bad)
    assert result.exit_code == 2 and "--max-bytes" in result.stderr


def test_more_entries_than_the_limit_are_refused_before_validation(tmp_path: Path) -> None:
    """The count, the limit and the option that raises it; at the limit the bundle is read."""
    bundle = polypharmacy_bundle()
    path = write(tmp_path, bundle)
    count = len(bundle["entry"])
    assert_refused(
        run("check", str(path), "--max-entries", "5"),
        f"Bundle.entry: {count} entries, more than the 5 --max-entries allows",
        "raise the limit with --max-entries",
    )
    assert run("check", str(path), "--max-entries", str(count)).exit_code == 0


def test_a_hundred_thousand_entries_are_refused_in_moments_with_the_default_limit(
    tmp_path: Path,
) -> None:
    """Validating them took five minutes; the count is checked first, from the bytes."""
    path = tmp_path / "huge.json"
    path.write_bytes(minimal_entries(100_000))
    done = subprocess.run(
        [sys.executable, "-m", "medreview", "check", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 3, done.stderr
    assert "100,000 entries, more than the 10,000 --max-entries allows" in done.stderr


def test_a_json_array_is_refused_without_building_it(tmp_path: Path) -> None:
    """A Bundle is an object: a 16 MB array is refused at its first byte, not parsed."""
    small = tmp_path / "small.json"
    small.write_bytes(b"[{}]")
    big = tmp_path / "big.json"
    with big.open("wb") as handle:
        handle.write(b"  \n[")
        for _ in range(16):
            handle.write(b"{}," * (MIB // 3))
        handle.write(b"{}]")
    baseline, code, _ = peak("check", str(small))
    assert code == 3
    built, code, stderr = peak("check", str(big))
    assert code == 3 and "not a FHIR Bundle: it is a JSON array" in stderr
    assert built - baseline < 60 * MIB, f"{(built - baseline) / MIB:.0f} MiB more"


def test_memory_stays_bounded_whatever_a_gzip_file_inflates_to(tmp_path: Path) -> None:
    """A 1 MB file that inflates to 1 GiB: read up to the default limit (64 MiB), no further."""
    small = write(tmp_path, polypharmacy_bundle())
    bomb = gzip_bomb(tmp_path / "bomb.json.gz", inflated_mib=1024)
    assert bomb.stat().st_size < 2 * MIB
    baseline, code, _ = peak("check", str(small), "--as-of", "2026-06-15")
    assert code == 0
    bombed, code, stderr = peak("check", str(bomb))
    assert code == 3 and "inflates to more than the 64 MiB" in stderr
    assert bombed - baseline < 200 * MIB, f"{(bombed - baseline) / MIB:.0f} MiB more"


# --- output that cannot be written: exit 5, the path and the reason (issue 12) -------------

needs_dev_full = pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")


@needs_dev_full
@pytest.mark.parametrize("output", ["text", "json", "fhir"])
def test_a_full_standard_output_is_exit_5_not_a_bug(tmp_path: Path, output: str) -> None:
    """/dev/full fails every write with ENOSPC, as a full disk does."""
    path = write(tmp_path, polypharmacy_bundle())
    with Path("/dev/full").open("wb") as full:
        done = subprocess.run(
            [sys.executable, "-m", "medreview", "check", str(path), "--format", output],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
    assert done.returncode == 5, done.stderr
    assert done.stderr == ("medreview: cannot write to standard output: No space left on device\n")


def test_scan_reads_ndjson_from_standard_input(tmp_path: Path) -> None:
    """`scan -` reads NDJSON bundles from stdin, plain or gzip, as `check -` reads one bundle."""
    lines = [json.dumps(polypharmacy_bundle()) for _ in range(3)]
    ndjson = "\n".join(lines) + "\n"
    for given in (ndjson.encode(), gzip.compress(ndjson.encode())):
        result = run("scan", "-", "--as-of", "2026-06-15", "--quiet", stdin=given)
        assert result.exit_code == 0, result.stderr
        assessments = [json.loads(line) for line in result.stdout.splitlines()]
        assert [a["review"]["status"] for a in assessments] == ["recommended"] * 3
    broken = run("scan", "-", "--quiet", stdin=b"{not json\n")
    assert broken.exit_code == 3
    assert json.loads(broken.stdout)["source"] == "<stdin>:1"


def test_scan_writes_to_dev_null(tmp_path: Path) -> None:
    """`--out /dev/null` is a place to write to, as a shell user expects."""
    path = write(tmp_path, polypharmacy_bundle())
    result = run("scan", str(path), "--as-of", "2026-06-15", "--quiet", "--out", "/dev/null")
    assert result.exit_code == 0, result.stderr


def _bad(damage: Any) -> Any:
    builder = PatientBuilder()
    builder.fixed_drugs(3)
    bundle: Any = builder.bundle()
    return damage(bundle) or bundle


def _resource(bundle: Any, kind: str) -> Any:
    return next(e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind)


BAD_RECORDS = {
    "date": lambda b: _resource(b, "Patient").update(birthDate="19x"),
    "impossible date": lambda b: _resource(b, "Patient").update(birthDate="1940-13-45"),
    "dateTime": lambda b: _resource(b, "MedicationRequest").update(authoredOn="2026-06-xx"),
    "binding": lambda b: _resource(b, "MedicationRequest").update(status="paused"),
    "not a bundle": lambda b: b.update(resourceType="Patient"),
    "two patients": lambda b: b["entry"].append(
        {"resource": {"resourceType": "Patient", "id": "p2"}}
    ),
    "no resourceType": lambda b: b["entry"].append({"resource": {}}),
    "no medication[x]": lambda b: (
        _resource(b, "MedicationRequest").pop("medicationCodeableConcept") and None
    ),
    "not JSON": lambda b: "{not json",
}


@pytest.mark.parametrize("kind", BAD_RECORDS, ids=str)
def test_check_and_scan_give_a_bad_record_the_same_words(tmp_path: Path, kind: str) -> None:
    """The same bad record: the same reason from `check` (full reader) and `scan` (fast one)."""
    record = _bad(BAD_RECORDS[kind])
    text = record if isinstance(record, str) else json.dumps(record)
    (tmp_path / "one.json").write_text(text, encoding="utf-8")
    (tmp_path / "one.ndjson").write_text(text + "\n", encoding="utf-8")
    checked = run("check", str(tmp_path / "one.json"), "--as-of", "2026-06-15")
    scanned = run("scan", str(tmp_path / "one.ndjson"), "--as-of", "2026-06-15", "--quiet")
    assert checked.exit_code == scanned.exit_code == 3, (checked.stderr, scanned.stderr)
    said_by_check = checked.stderr.strip().split(": cannot evaluate", 1)[1]
    said_by_scan = json.loads(scanned.stdout)["error"]["message"].split(": cannot evaluate", 1)[1]
    assert said_by_check == said_by_scan


def test_feedback_report_says_which_path_it_looked_at(tmp_path: Path) -> None:
    """No store where it looked: exit 3, naming the absolute path and how to give the right one."""
    import os

    previous = Path.cwd()
    os.chdir(tmp_path)
    try:
        result = run("feedback", "report")
    finally:
        os.chdir(previous)
    assert result.exit_code == 3
    assert str(tmp_path / "medreview-feedback.sqlite") in result.stderr
    assert "--feedback-db" in result.stderr and "MEDREVIEW_FEEDBACK_DB" in result.stderr


def test_feedback_report_finds_the_store_serve_was_told_of_by_the_environment(
    tmp_path: Path,
) -> None:
    """MEDREVIEW_FEEDBACK_DB is read by `serve --feedback-db` and `feedback report` alike."""
    from medreview.service.feedback import FeedbackStore

    store_path = tmp_path / "elsewhere.sqlite"
    store = FeedbackStore(store_path)
    store.issued("medreview-patient-view", [("card-1", "MGG-POLYPHARMACY")])
    store.close()
    result = CliRunner(env={"MEDREVIEW_FEEDBACK_DB": str(store_path)}).invoke(
        app, ["feedback", "report"]
    )
    assert result.exit_code == 0, result.stderr
    assert "MGG-POLYPHARMACY" in result.stdout and "elsewhere.sqlite" in result.stdout
    serve = get_command(app).commands["serve"]  # type: ignore[attr-defined]
    (option,) = [p for p in serve.params if p.name == "feedback_db"]
    assert option.envvar == "MEDREVIEW_FEEDBACK_DB"
