"""`medreview scan`: many patients, any inputs, one line each, in order, nothing lost."""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import orjson
import pytest
from conftest import REALDATA, SAMPLES
from support.big_inputs import MIB, gzip_bomb, peak
from support.builder import PatientBuilder
from typer.testing import CliRunner

from medreview.cli import app
from medreview.rules.ruleset import load_ruleset
from medreview.samples.population import PopulationOptions, write
from medreview.scan.runner import ScanOptions, run_scan

AS_OF = "2026-06-15"
BULK = REALDATA / "synthea-bulk-10"


def scan(*args: str) -> Any:
    return CliRunner().invoke(app, ["scan", "--as-of", AS_OF, "--quiet", *args])


def lines_of(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines() if line]


@pytest.fixture(scope="module")
def population(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("population") / "population.ndjson"
    write(PopulationOptions(patients=300, seed=7), path)
    return path


def bad_records(tmp_path: Path) -> Path:
    """One good bundle, then one of each kind of bad record, then another good one."""
    good = PatientBuilder(patient_id="good")
    good.fixed_drugs(8)
    invalid = PatientBuilder(patient_id="invalid")
    invalid.fixed_drugs(2)
    invalid_bundle = invalid.bundle()
    invalid_bundle["entry"][4]["resource"]["status"] = "paused"
    two = PatientBuilder(patient_id="one")
    two_bundle = two.bundle()
    two_bundle["entry"].append({"resource": {"resourceType": "Patient", "id": "two"}})
    dangling = PatientBuilder(patient_id="dangling")
    dangling.statement("C07AB02", "Metoprolol")
    dangling_bundle = dangling.bundle()
    dangling_bundle["entry"] = [
        e for e in dangling_bundle["entry"] if e["resource"]["resourceType"] != "Medication"
    ]
    last = PatientBuilder(patient_id="last")
    path = tmp_path / "mixed.ndjson"
    path.write_bytes(
        b"\n".join(
            [
                orjson.dumps(good.bundle()),
                b'{"resourceType": "Bundle", "entry": [',
                orjson.dumps(invalid_bundle),
                orjson.dumps(two_bundle),
                orjson.dumps(dangling_bundle),
                orjson.dumps(last.bundle()),
            ]
        )
        + b"\n"
    )
    return path


def test_each_sample_scans_to_what_check_says() -> None:
    """A folder of bundles: one line per file, in name order, each the check command's JSON."""
    result = scan(str(SAMPLES), "--workers", "1")
    assert result.exit_code == 0, result.stderr
    scanned = lines_of(result.stdout)
    files = sorted(SAMPLES.glob("*.json"))
    assert len(scanned) == len(files)
    for path, assessment in zip(files, scanned, strict=True):
        checked = CliRunner().invoke(
            app, ["check", str(path), "--as-of", AS_OF, "--format", "json"]
        )
        assert assessment == json.loads(checked.stdout), path.name


def test_the_output_is_the_same_for_any_number_of_workers(population: Path, tmp_path: Path) -> None:
    """Input order, byte for byte, whether one process or three do the work."""
    one, three = tmp_path / "one.ndjson", tmp_path / "three.ndjson"
    assert scan(str(population), "--workers", "1", "--out", str(one)).exit_code == 0
    assert scan(str(population), "--workers", "3", "--out", str(three)).exit_code == 0
    assert one.read_bytes() == three.read_bytes()
    assert len(one.read_bytes().splitlines()) == 300
    patients = [json.loads(line)["patient"] for line in one.read_bytes().splitlines()]
    assert patients == [f"Patient/p{number}" for number in range(300)]


def test_strict_and_fast_reading_give_the_same_scan(population: Path) -> None:
    """A scan gives the same output whether records are read fast or with --strict."""
    fast = scan(str(population), "--workers", "1")
    strict = scan(str(population), "--workers", "1", "--strict")
    assert fast.stdout == strict.stdout


def test_a_bulk_export_is_grouped_by_patient() -> None:
    """The Synthea Bulk Data export: one assessment per Patient line, in that file's order."""
    result = scan(str(BULK), "--workers", "1")
    assert result.exit_code == 0, result.stderr
    scanned = lines_of(result.stdout)
    patients = [
        f"Patient/{json.loads(line)['id']}"
        for line in (BULK / "Patient.000.ndjson").read_text().splitlines()
    ]
    assert [a["patient"] for a in scanned] == patients
    requests = [
        json.loads(line)
        for line in (BULK / "MedicationRequest.000.ndjson").read_text().splitlines()
    ]
    first = patients[0].split("/")[1]
    active = {
        r["medicationCodeableConcept"]["coding"][0]["code"]
        for r in requests
        if r["subject"]["reference"].endswith(first) and r["status"] == "active"
    }
    assert scanned[0]["fixed_drug_count"] <= len(active)
    # Every type in this export is read now that conditions count (multimorbidity).
    assert "not read" not in result.stderr
    # Its only multimorbid patient has died: social findings ("Stress (finding)") no longer
    # count as chronic disease, so no living patient's finding cites a Condition.
    cited = {ref.split("/")[0] for a in scanned for f in a["findings"] for ref in f["evidence"]}
    assert "Condition" not in cited


def test_mixed_inputs_are_scanned_in_the_order_given(tmp_path: Path) -> None:
    """A scan of a file, a gzipped NDJSON and a bulk export lists patients in the order given."""
    bundles = tmp_path / "bundles.ndjson.gz"
    bundles.write_bytes(
        gzip.compress(
            b"\n".join(
                orjson.dumps(orjson.loads(path.read_bytes()))
                for path in sorted(SAMPLES.glob("0*.json"))
            )
        )
    )
    result = scan(str(SAMPLES / "11-afdoed.json"), str(bundles), str(BULK), "--workers", "2")
    assert result.exit_code == 0, result.stderr
    patients = [a["patient"] for a in lines_of(result.stdout)]
    assert patients[0] == "Patient/p-knud"
    assert patients[1:10] == [
        json.loads(path.read_bytes())["entry"][
            next(
                i
                for i, e in enumerate(json.loads(path.read_bytes())["entry"])
                if e["resource"]["resourceType"] == "Patient"
            )
        ]["resource"]["id"].join(["Patient/", ""])
        for path in sorted(SAMPLES.glob("0*.json"))
    ]
    assert len(patients) == 1 + 9 + 13


def test_every_bad_record_gets_an_error_line_and_the_scan_goes_on(tmp_path: Path) -> None:
    """Each bad record gets its own error line naming where it is, and the scan goes on."""
    result = scan(str(bad_records(tmp_path)), "--workers", "2")
    assert result.exit_code == 3
    lines = lines_of(result.stdout)
    assert len(lines) == 6
    assert lines[0]["patient"] == "Patient/good" and lines[5]["patient"] == "Patient/last"
    errors = lines[1:5]
    assert all(set(line) == {"error", "source", "patient"} for line in errors)
    path = str(tmp_path / "mixed.ndjson")
    assert [e["source"] for e in errors] == [f"{path}:{n}" for n in (2, 3, 4, 5)]
    assert "not JSON" in errors[0]["error"]["message"]
    assert "'paused' is not a code FHIR R4 defines" in errors[1]["error"]["message"]
    assert "2 Patients" in errors[2]["error"]["message"]
    assert "does not resolve" in errors[3]["error"]["message"]
    assert errors[0]["patient"] is None and errors[1]["patient"] == "Patient/invalid"
    assert errors[3]["error"]["problems"][0]["field"] == "medicationReference"
    assert "6 patients read, 2 evaluated, 4 failed" in result.stderr


def test_the_csv_worklist_is_one_row_per_task_most_urgent_first(population: Path) -> None:
    """The CSV worklist has one row per task, most urgent first, with CPR numbers masked."""
    result = scan(str(population), "--format", "csv", "--workers", "2")
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assessments = lines_of(scan(str(population), "--workers", "1").stdout)
    assert len(rows) == sum(len(a["tasks"]) for a in assessments)
    keys = [
        (int(r["priority"]), r["due"], r["owner_sector"], r["owner_role"], r["owner_reference"])
        for r in rows
    ]
    assert keys == sorted(keys)
    priorities = {a["patient"]: a["priority"] for a in assessments}
    assert all(int(r["priority"]) == priorities[r["patient"]] for r in rows)
    assert len({r["priority"] for r in rows}) >= 3, "the population spans several priorities"
    assert all(r["priority_reasons"] or r["priority"] == "5" for r in rows)
    assert all(re.fullmatch(r"\d{6}", r["cpr_masked"]) for r in rows)
    assert sorted((r["patient"], r["rule"], r["due"]) for r in rows) == sorted(
        (a["patient"], t["rule"], t["due"]) for a in assessments for t in a["tasks"]
    )


def test_the_worklist_sorts_in_runs_when_it_is_long(
    population: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Sorted in runs on disk and merged, the worklist is the same as sorted in memory."""
    from medreview.scan import worklist

    in_memory = scan(str(population), "--format", "csv", "--workers", "1").stdout
    monkeypatch.setattr(worklist, "RUN_ROWS", 7)
    in_runs = scan(str(population), "--format", "csv", "--workers", "1")
    assert in_runs.exit_code == 0, in_runs.stderr
    assert in_runs.stdout == in_memory


def _cprs(population: Path) -> Iterator[str]:
    for line in population.read_bytes().splitlines():
        patient = orjson.loads(line)["entry"][0]["resource"]
        yield patient["identifier"][0]["value"]


def test_no_full_cpr_number_reaches_the_worklist_the_report_or_stderr(
    population: Path, tmp_path: Path
) -> None:
    """Only the first six digits, and only in the outputs asked for."""
    cprs = list(_cprs(population))
    csv_out = scan(str(population), "--format", "csv", "--workers", "1")
    html_out = tmp_path / "report.html"
    html_run = scan(str(population), "--format", "html", "--out", str(html_out), "--workers", "1")
    page = html_out.read_text(encoding="utf-8")
    for cpr in cprs:
        assert cpr not in csv_out.stdout and cpr not in page
        assert cpr not in csv_out.stderr and cpr not in html_run.stderr
        assert cpr[:6] not in html_run.stderr


def test_progress_and_summary_name_no_patient(
    population: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Plain progress lines (stderr is not a terminal here) and the summary: counts only."""
    summary = run_scan(
        ScanOptions(
            paths=(population,),
            as_of=date(2026, 6, 15),
            ruleset=load_ruleset(),
            workers=1,
            progress_every=0.0,
            chunk_records=50,
        )
    )
    err = capsys.readouterr().err
    assert err.count("medreview scan: ") >= 5  # a plain line per chunk
    assert "300 patients read, 300 evaluated, 0 failed" in summary.text()
    for cpr in _cprs(population):
        assert cpr[:6] not in err and cpr[:6] not in summary.text()
    assert "Patient/" not in err


def test_in_equals_evaluated_plus_failed_and_the_summary_counts_reviews(population: Path) -> None:
    """The scan summary's read count is evaluated plus failed, and it counts reviews by status."""
    result = scan(str(population), "--workers", "1")
    assessments = lines_of(result.stdout)
    statuses = {
        s: sum(a["review"]["status"] == s for a in assessments)
        for s in ("required", "recommended", "optional", "none")
    }
    first = result.stderr.splitlines()[0]
    read, evaluated, failed = (
        int(n.replace(",", ""))
        for n in re.findall(r"([\d,]+) (?:patients read|evaluated|failed)", first)
    )
    assert read == evaluated + failed == 300
    assert f"required {statuses['required']}" in result.stderr
    assert f"recommended {statuses['recommended']}" in result.stderr


def test_scan_of_inputs_that_are_not_there_exits_3_as_check_does(tmp_path: Path) -> None:
    """A missing file or an empty folder is input that cannot be evaluated (contract.md)."""
    result = scan(str(tmp_path / "nowhere"))
    assert result.exit_code == 3 and "no such file or folder" in result.stderr
    (tmp_path / "empty").mkdir()
    result = scan(str(tmp_path / "empty"))
    assert result.exit_code == 3 and "holds no .json" in result.stderr


def test_resume_needs_an_out_file() -> None:
    """`scan --resume` without --out is refused as a usage error."""
    result = scan(str(SAMPLES), "--resume")
    assert result.exit_code == 2 and "--out" in result.stderr


# --- interrupted scans: a real process, stopped deterministically from inside -------------

STOPPER = """
import os, signal, sys
from medreview.scan import output
from medreview.cli import main

written = []
original = output.LineFile.write

def write(self, outcomes):
    original(self, outcomes)
    written.append(len(outcomes))
    if len(written) == {after}:
        if "{how}" == "kill":
            self._handle.write(b'{{"patient":"Patient/half-writ')  # a line cut short
            self._handle.flush()
            os.kill(os.getpid(), signal.SIGKILL)
        raise KeyboardInterrupt

output.LineFile.write = write
sys.argv = ["medreview", *sys.argv[1:]]
main()
"""


def stopped_scan(how: str, after: int, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-c",
            STOPPER.format(how=how, after=after),
            "scan",
            "--as-of",
            AS_OF,
            "--quiet",
            *args,
        ],
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize("how", ["kill", "ctrl-c"])
def test_an_interrupted_scan_resumes_without_duplicates_or_gaps(
    population: Path, tmp_path: Path, how: str
) -> None:
    """A scan killed or stopped by Ctrl-C resumes to the same output, no line lost or doubled."""
    whole = tmp_path / "whole.ndjson"
    assert scan(str(population), "--workers", "1", "--out", str(whole)).exit_code == 0
    out = tmp_path / "out.ndjson"
    stopped = stopped_scan(how, 2, str(population), "--workers", "1", "--out", str(out))
    if how == "kill":
        assert stopped.returncode == -9
    else:
        assert stopped.returncode == 130
        assert "run the same command with --resume" in stopped.stderr
    lines = out.read_bytes().split(b"\n")
    complete = lines[:-1]
    assert len(complete) == 200  # two chunks of 100 written whole
    assert all(json.loads(line)["patient"] for line in complete)
    resumed = scan(str(population), "--workers", "2", "--out", str(out), "--resume")
    assert resumed.exit_code == 0, resumed.stderr
    assert "resumed after the 200 patients already written" in resumed.stderr
    assert "300 patients read" in resumed.stderr
    assert out.read_bytes() == whole.read_bytes()


def test_a_csv_scan_resumes_from_its_spool(population: Path, tmp_path: Path) -> None:
    """A killed CSV scan resumes from its spool to the same worklist, then removes the spool."""
    whole = tmp_path / "whole.csv"
    assert (
        scan(str(population), "--format", "csv", "--workers", "1", "--out", str(whole)).exit_code
        == 0
    )
    out = tmp_path / "worklist.csv"
    stopped = stopped_scan(
        "kill", 1, str(population), "--format", "csv", "--workers", "1", "--out", str(out)
    )
    assert stopped.returncode == -9
    assert (tmp_path / "worklist.csv.partial.ndjson").exists() and not out.exists()
    resumed = scan(
        str(population), "--format", "csv", "--workers", "1", "--out", str(out), "--resume"
    )
    assert resumed.exit_code == 0, resumed.stderr
    assert out.read_text() == whole.read_text()
    assert not (tmp_path / "worklist.csv.partial.ndjson").exists()


# --- limits: a record too large is refused on its own, in bounded memory (issue 11) -------


def good_line(patient_id: str) -> bytes:
    builder = PatientBuilder(patient_id=patient_id)
    builder.fixed_drugs(8)
    return orjson.dumps(builder.bundle())


def test_a_line_longer_than_the_limit_is_an_error_record_and_the_scan_goes_on(
    tmp_path: Path,
) -> None:
    """One over-long NDJSON line is refused on its own; the lines around it are evaluated."""
    long = b'{"resourceType":"Bundle","type":"collection","id":"' + b" " * 300_000 + b'"}'
    path = tmp_path / "long.ndjson"
    path.write_bytes(b"\n".join([good_line("first"), long, good_line("last")]) + b"\n")
    result = scan(str(path), "--workers", "1", "--max-bytes", "100K")
    assert result.exit_code == 3
    first, refused, last = lines_of(result.stdout)
    assert (first["patient"], last["patient"]) == ("Patient/first", "Patient/last")
    assert refused["source"] == f"{path}:2"
    assert "more than the 100 KiB of JSON that --max-bytes allows" in refused["error"]["message"]
    assert "3 patients read, 2 evaluated, 1 failed" in result.stderr


def test_a_bundle_file_too_large_and_a_broken_gzip_are_error_records(tmp_path: Path) -> None:
    """A corrupt .json.gz raised zlib.error, which stopped the whole scan as a bug."""
    (tmp_path / "a-good.json").write_bytes(good_line("good"))
    gzip_bomb(tmp_path / "b-bomb.json.gz", inflated_mib=4)
    (tmp_path / "c-corrupt.json.gz").write_bytes(gzip.compress(b"{}")[:10] + b"\xff" * 64)
    result = scan(str(tmp_path), "--workers", "1", "--max-bytes", "1M")
    assert result.exit_code == 3, result.stderr
    good, bomb, corrupt = lines_of(result.stdout)
    assert good["patient"] == "Patient/good"
    assert "inflates to more than the 1 MiB" in bomb["error"]["message"]
    assert "not a readable gzip file" in corrupt["error"]["message"]


def test_a_patient_with_more_resources_than_the_limit_is_refused_by_name() -> None:
    """A Bulk Data export's patient is counted before the bundle is put together."""
    whole = lines_of(scan(str(BULK), "--workers", "1").stdout)
    limited = scan(str(BULK), "--workers", "1", "--max-entries", "1000")
    assert limited.exit_code == 3
    lines = lines_of(limited.stdout)
    assert [line["patient"] for line in lines] == [a["patient"] for a in whole]
    refused = [line for line in lines if "error" in line]
    assert len(refused) == 2  # the two with more than 999 resources of their own
    assert all("more than the 1,000 --max-entries" in r["error"]["message"] for r in refused)
    assert [line for line in lines if "error" not in line] == [
        a for a in whole if a["patient"] not in {r["patient"] for r in refused}
    ]


def test_large_records_travel_in_small_chunks() -> None:
    """A chunk is cut once it holds --max-bytes: 100 records of 64 MiB were 6 GiB in flight."""
    from medreview.scan.runner import _chunks
    from medreview.scan.sources import Record

    records = [Record(n, f"r{n}", b"x" * 400) for n in range(10)]
    assert [len(c) for c in _chunks(iter(records), 100, 1000)] == [3, 3, 3, 1]
    assert [len(c) for c in _chunks(iter(records), 4, 10_000)] == [4, 4, 2]
    broken = [Record(n, f"r{n}", None, "cannot read") for n in range(5)]
    assert [len(c) for c in _chunks(iter(broken), 2, 1)] == [2, 2, 1]


def test_memory_stays_bounded_with_the_default_limit_whatever_the_inputs_inflate_to(
    tmp_path: Path,
) -> None:
    """A bundle that inflates to 1 GiB and an NDJSON line of 512 MiB cost about the limit."""
    good = tmp_path / "good.ndjson"
    good.write_bytes(good_line("first") + b"\n" + good_line("last") + b"\n")
    bomb_file = gzip_bomb(tmp_path / "bomb.json.gz", inflated_mib=1024)
    bomb_line = tmp_path / "lines.ndjson.gz"
    with bomb_line.open("wb") as handle:  # gzip members: a good line, the bomb, a good line
        handle.write(gzip.compress(good_line("first") + b"\n"))
        handle.write(gzip_bomb(tmp_path / "member.gz", inflated_mib=512).read_bytes())
        handle.write(gzip.compress(b"\n" + good_line("last") + b"\n"))
    common = ("--as-of", AS_OF, "--workers", "1", "--quiet")
    baseline, code, _ = peak("scan", str(good), *common)
    assert code == 0
    bombed, code, stderr = peak("scan", str(bomb_file), str(bomb_line), *common, timeout=300)
    assert code == 3 and "4 patients read, 2 evaluated, 2 failed" in stderr
    assert bombed - baseline < 250 * MIB, f"{(bombed - baseline) / MIB:.0f} MiB more"


# --- output that cannot be written: exit 5, no torn line, --resume (issue 12) --------------


def test_out_into_a_folder_that_does_not_exist_is_a_usage_error(tmp_path: Path) -> None:
    """It made the folder, so that a typo in --out went unnoticed."""
    for output in ("ndjson", "csv"):
        result = scan(str(SAMPLES), "--format", output, "--out", str(tmp_path / "typo" / "out"))
        assert result.exit_code == 2
        assert f"the folder {tmp_path / 'typo'} does not exist" in result.stderr
    assert not (tmp_path / "typo").exists()


LIMITED = """
import resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG
resource.setrlimit(resource.RLIMIT_FSIZE, ({limit}, {limit}))
from medreview.cli import main
sys.argv = ["medreview", *sys.argv[1:]]
main()
"""


def limited_scan(limit: int, *args: str) -> subprocess.CompletedProcess[str]:
    """A real scan process that may write no file larger than ``limit`` bytes."""
    command = [sys.executable, "-c", LIMITED.format(limit=limit), "scan", "--as-of", AS_OF]
    return subprocess.run(
        [*command, "--quiet", *args],
        capture_output=True,
        text=True,
        check=False,
    )


def test_a_file_size_limit_leaves_whole_lines_and_resume_finishes_the_scan(
    population: Path, tmp_path: Path
) -> None:
    """Exit 5 (it was 1, a bug, with a torn last line); --resume then gives the whole scan."""
    whole = tmp_path / "whole.ndjson"
    assert scan(str(population), "--workers", "1", "--out", str(whole)).exit_code == 0
    out = tmp_path / "out.ndjson"
    stopped = limited_scan(50_000, str(population), "--workers", "1", "--out", str(out))
    assert stopped.returncode == 5, stopped.stderr
    assert "Traceback" not in stopped.stderr
    assert f"cannot write {out}: File too large" in stopped.stderr
    written = out.read_bytes()
    assert written.endswith(b"\n") and len(written) <= 50_000
    complete = written.splitlines()
    assert all(json.loads(line)["patient"] for line in complete)
    assert f"It holds {len(complete)} complete records" in stopped.stderr
    assert "--resume" in stopped.stderr
    resumed = scan(str(population), "--workers", "2", "--out", str(out), "--resume")
    assert resumed.exit_code == 0, resumed.stderr
    assert out.read_bytes() == whole.read_bytes()


def test_a_report_that_cannot_be_written_is_removed_and_made_again_from_its_spool(
    tmp_path: Path,
) -> None:
    """The spool fits, the page does not: no half page is left, and --resume makes it."""
    three = tmp_path / "three.ndjson"
    three.write_bytes(b"".join(good_line(f"p{n}") + b"\n" for n in range(3)))
    whole = tmp_path / "whole.html"
    assert scan(str(three), "--format", "html", "--out", str(whole)).exit_code == 0
    envelope = len(b'{"cpr":"123456","result":}')
    spool_size = len(scan(str(three)).stdout.encode()) + 3 * envelope
    limit = (spool_size + whole.stat().st_size) // 2
    assert whole.stat().st_size > limit > spool_size + 1_000  # so the page alone fails
    out = tmp_path / "report.html"
    stopped = limited_scan(limit, str(three), "--format", "html", "--out", str(out))
    assert stopped.returncode == 5, stopped.stderr
    spool = tmp_path / "report.html.partial.ndjson"
    assert f"cannot write {out}: File too large" in stopped.stderr
    assert f"kept in {spool}" in stopped.stderr
    assert not out.exists() and spool.exists()
    resumed = scan(str(three), "--format", "html", "--out", str(out), "--resume")
    assert resumed.exit_code == 0, resumed.stderr
    assert out.read_text(encoding="utf-8") == whole.read_text(encoding="utf-8")
    assert not spool.exists()


def test_an_output_that_is_a_folder_is_exit_5(tmp_path: Path) -> None:
    """An output that cannot be opened (EISDIR) names its path and the reason."""
    spool = tmp_path / "worklist.csv.partial.ndjson"
    spool.mkdir()
    result = scan(str(SAMPLES), "--format", "csv", "--out", str(tmp_path / "worklist.csv"))
    assert result.exit_code == 5
    assert result.stderr == f"medreview: cannot write {spool}: Is a directory\n"


needs_dev_full = pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")


@needs_dev_full
def test_out_to_a_full_device_is_exit_5() -> None:
    """--out /dev/full fails with ENOSPC as a full disk does; the device is left alone."""
    result = scan(str(SAMPLES), "--workers", "1", "--out", "/dev/full")
    assert result.exit_code == 5
    assert result.stderr == "medreview: cannot write /dev/full: No space left on device\n"
    assert Path("/dev/full").exists()
    nowhere = scan(str(SAMPLES), "--workers", "1", "--out", os.devnull)
    assert nowhere.exit_code == 0, nowhere.stderr  # fsync of a device is not an error


@needs_dev_full
@pytest.mark.parametrize("output", ["ndjson", "csv", "html"])
def test_a_full_standard_output_is_exit_5(output: str) -> None:
    """Every format, written to a full standard output: one line and exit 5."""
    command = [sys.executable, "-m", "medreview", "scan", str(SAMPLES), "--as-of", AS_OF]
    with Path("/dev/full").open("wb") as full:
        done = subprocess.run(
            [*command, "--quiet", "--workers", "1", "--format", output],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
    assert done.returncode == 5, done.stderr
    assert done.stderr.endswith(
        "medreview: cannot write to standard output: No space left on device\n"
    )
    assert "Traceback" not in done.stderr


def test_out_dash_is_standard_output_and_one_patient_is_one_patient(tmp_path: Path) -> None:
    """`--out -` writes to standard output, as `scan -` reads standard input; "1 patient read"."""
    sample = SAMPLES / "01-plejehjem-fast-laege.json"
    result = CliRunner().invoke(
        app, ["scan", str(sample), "--as-of", "2026-06-15", "--out", "-", "--quiet"]
    )
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["patient"] == "Patient/p-inger"
    assert "1 patient read, 1 evaluated" in result.stderr
    assert not Path("-").exists() and not (tmp_path / "-").exists()
