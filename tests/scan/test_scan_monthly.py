"""Month after month: two scans a month apart, over residents that change in known ways."""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pytest
from support.builder import AS_OF, PatientBuilder, days
from typer.testing import CliRunner

from medreview.cli import app

JULY, AUGUST = AS_OF.isoformat(), (AS_OF + timedelta(days=31)).isoformat()
EACH = 12  # patients of each kind


def _resident(kind: str, number: int, month: str) -> PatientBuilder | None:
    """One patient of ``kind`` as the input shows them in ``month`` (None: not in it)."""
    patient = PatientBuilder(patient_id=f"{kind}-{number}", birth_date=date(1938, 5, 2))
    patient.nursing_home(days(-900), fixed_doctor=True)
    if kind == "stopped":  # one line whose reassessment date passed; stopped by August
        patient.line(
            "C10AA05",
            "Atorvastatin",
            reassessment=days(-10),
            status="stopped" if month == "august" else "active",
        )
        return patient
    if kind == "newcomer" and month == "july":
        return None
    if kind == "left" and month == "august":
        return None
    patient.fixed_drugs(8)  # polypharmacy and no review: a recommended review
    if kind == "reviewed" and month == "august":
        patient.review(days(10))
    if kind == "deceased" and month == "august":
        patient.deceased(days(20))
    return patient


KINDS = ("steady", "reviewed", "stopped", "newcomer", "left", "deceased")


def _population(folder: Path, month: str) -> Path:
    path = folder / f"{month}.ndjson"
    lines = [
        json.dumps(p.bundle())
        for number in range(EACH)
        for kind in KINDS
        if (p := _resident(kind, number, month)) is not None
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def scan(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["scan", *args, "--quiet", "--workers", "1"])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def months(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("months")
    july = folder / "july-assessments.ndjson"
    code, _, stderr = scan(str(_population(folder, "july")), "--as-of", JULY, "--out", str(july))
    assert code == 0, stderr
    return {"folder": folder, "july": july, "august": _population(folder, "august")}


def _kind(patient: str) -> str:
    return patient.removeprefix("Patient/").rsplit("-", 1)[0]


def test_the_counts_of_new_open_and_resolved_are_exactly_the_changes(months) -> None:
    """Steady and newcomers stay or arrive; reviewed, stopped, left, deceased are resolved."""
    out = months["folder"] / "august.csv"
    code, _, stderr = scan(
        str(months["august"]),
        "--as-of",
        AUGUST,
        "--previous",
        str(months["july"]),
        "--format",
        "csv",
        "--out",
        str(out),
    )
    assert code == 0, stderr
    assert f"new {EACH}, open {EACH}, resolved {4 * EACH}" in stderr
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    states = Counter((_kind(r["patient"]), r["state"]) for r in rows)
    assert states == {
        ("steady", "open"): EACH,
        ("newcomer", "new"): EACH,
        ("reviewed", "resolved"): EACH,
        ("stopped", "resolved"): EACH,
        ("left", "resolved"): EACH,
        ("deceased", "resolved"): EACH,
    }
    assert {r["since"] for r in rows if r["state"] in ("open", "resolved")} == {JULY}
    assert {r["since"] for r in rows if r["state"] == "new"} == {AUGUST}
    reasons = {_kind(r["patient"]): r["resolution"] for r in rows if r["state"] == "resolved"}
    assert reasons["reviewed"] == f"Medicingennemgang gennemført {days(10).isoformat()}."
    assert (
        reasons["stopped"].startswith("Ordinationen MedicationRequest/")
        and "stopped" in (reasons["stopped"])
    )
    assert reasons["left"].startswith("Patienten er ikke med i denne scanning")
    assert reasons["deceased"] == "Patienten er død."
    resolved_names = {r["patient_name"] for r in rows if _kind(r["patient"]) == "reviewed"}
    assert resolved_names == {"Inger Hansen"}  # names reach even the resolved rows


def test_ndjson_adds_since_to_each_task_and_changes_no_other_key(months) -> None:
    """The assessments keep the contract's keys; each task gains only ``since``."""
    code, with_previous, _ = scan(
        str(months["august"]), "--as-of", AUGUST, "--previous", str(months["july"])
    )
    assert code == 0
    _, plain, _ = scan(str(months["august"]), "--as-of", AUGUST)
    for tracked, untracked in zip(with_previous.splitlines(), plain.splitlines(), strict=True):
        a, b = json.loads(tracked), json.loads(untracked)
        assert list(a) == list(b)
        for task, bare in zip(a["tasks"], b["tasks"], strict=True):
            assert list(task) == [*bare, "since"]
            assert {k: v for k, v in task.items() if k != "since"} == bare
            assert task["since"] == (AUGUST if _kind(a["patient"]) == "newcomer" else JULY)
        assert {k: v for k, v in a.items() if k != "tasks"} == {
            k: v for k, v in b.items() if k != "tasks"
        }


def test_the_open_date_carries_over_from_month_to_month(months) -> None:
    """A task open since July is still open since July in September (the chain holds)."""
    august = months["folder"] / "august-assessments.ndjson"
    code, _, _ = scan(
        str(months["august"]),
        "--as-of",
        AUGUST,
        "--previous",
        str(months["july"]),
        "--out",
        str(august),
    )
    assert code == 0
    september = (AS_OF + timedelta(days=62)).isoformat()
    code, out, stderr = scan(str(months["august"]), "--as-of", september, "--previous", str(august))
    assert code == 0, stderr
    for line in out.splitlines():
        assessment = json.loads(line)
        for task in assessment["tasks"]:
            expected = AUGUST if _kind(assessment["patient"]) == "newcomer" else JULY
            assert task["since"] == expected


def test_the_pages_show_new_open_and_resolved(months) -> None:
    """The folder's index and lists count the states; resolved tasks are listed with why."""
    folder = months["folder"] / "worklist"
    code, _, stderr = scan(
        str(months["august"]),
        "--as-of",
        AUGUST,
        "--previous",
        str(months["july"]),
        "--format",
        "html",
        "--out",
        str(folder),
    )
    assert code == 0, stderr
    index = (folder / "index.html").read_text(encoding="utf-8")
    totals = dict(re.findall(r'data-total="([a-z-]+)">(\d+)<', index))
    assert (totals["new"], totals["open"], totals["resolved"]) == tuple(
        str(n) for n in (EACH, EACH, 4 * EACH)
    )
    pages = [p.read_text(encoding="utf-8") for p in folder.glob("ejer-*.html")]
    listed = sum(page.count('data-state="resolved"') for page in pages)
    assert listed == 4 * EACH
    assert any("Medicingennemgang gennemført" in page for page in pages)
    assert (folder / "assessments.ndjson").read_text(encoding="utf-8").count("\n") == 5 * EACH


@pytest.mark.parametrize(
    ("content", "why"),
    [
        (b'{"patient": "Patient/x"}\n{not json\n', "line 1"),
        (b"{not json\n", "line 1: not a medreview scan's NDJSON output: not JSON"),
        (b'{"resourceType": "Bundle", "type": "collection"}\n', "give the NDJSON of assessments"),
        (b"", "it holds no assessment"),
    ],
)
def test_a_previous_file_that_is_not_a_scans_ndjson_is_refused(
    months, tmp_path: Path, content: bytes, why: str
) -> None:
    """Exit 3 before any output, naming the file, the line and why."""
    previous = tmp_path / "previous.ndjson"
    previous.write_bytes(content)
    out = tmp_path / "out.ndjson"
    code, _, stderr = scan(
        str(months["august"]), "--as-of", AUGUST, "--previous", str(previous), "--out", str(out)
    )
    assert code == 3
    assert str(previous) in stderr and why in stderr
    assert not out.exists()


def test_a_previous_scan_from_a_later_date_is_refused(months, tmp_path: Path) -> None:
    """Comparing with a scan that is not older is a mistake: exit 3, with both dates."""
    code, _, stderr = scan(
        str(months["august"]), "--as-of", "2026-06-01", "--previous", str(months["july"])
    )
    assert code == 3
    assert f"its as-of date {JULY} is not before this scan's 2026-06-01" in stderr


def test_the_readme_monthly_routine_runs_as_written(tmp_path: Path, monkeypatch) -> None:
    """The README's monthly routine, line by line, on a fresh folder: pages, then new/open."""
    import shlex

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme.split("### The monthly routine", 1)[1]
    block = re.findall(r"```sh\n(.*?)```", section, re.DOTALL)[0]
    monkeypatch.chdir(tmp_path)
    summaries = []
    for line in block.strip().splitlines():
        words = shlex.split(line)
        assert words[0] == "medreview"
        extra = ["--quiet", "--workers", "2"] if words[1] == "scan" else []
        result = CliRunner().invoke(app, [*words[1:], *extra])
        assert result.exit_code == 0, (line, result.stderr)
        summaries.append(result.stderr)
    assert (tmp_path / "worklist-juni" / "index.html").is_file()
    assert any((tmp_path / "worklist-juli").glob("plejehjem-*.html"))
    assert "tasks since the previous scan (2026-06-15): new " in summaries[2]
    assert summaries[3].splitlines()[-1] == summaries[2].splitlines()[-1]  # the same comparison
