"""The worklist pages of a 20,000-patient scan, written as a folder, in real headless Chromium."""

from __future__ import annotations

import json
import re
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from support.browser import CHROMIUM, needs_browser, rendered
from typer.testing import CliRunner

from medreview.cli import app
from medreview.samples.population import PopulationOptions, write

pytestmark = needs_browser
PATIENTS = 20_000
MEGABYTE = 1 << 20


@pytest.fixture(scope="session")
def folder(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict], Path]:
    """One scan, shared: the pages, the scan's assessments (kept in the folder), the input."""
    work = tmp_path_factory.mktemp("pages")
    population = work / "population.ndjson"
    write(PopulationOptions(patients=PATIENTS, seed=3, narrative=False), population)
    pages = work / "worklist"
    result = CliRunner().invoke(
        app,
        [
            "scan",
            str(population),
            "--as-of",
            "2026-06-15",
            "--quiet",
            "--workers",
            "2",
            "--format",
            "html",
            "--out",
            str(pages),
        ],
    )
    assert result.exit_code == 0, result.stderr
    lines = (pages / "assessments.ndjson").read_text(encoding="utf-8").splitlines()
    return pages, [json.loads(line) for line in lines], population


def _rows(page: str) -> list[tuple[str, str, str]]:
    return re.findall(
        r'<tr class="state-[a-z]+" data-patient="([^"]+)" data-rule="([^"]+)" data-owner="([^"]*)"',
        page,
    )


def test_the_index_opens_and_links_every_owner_and_nursing_home(folder, tmp_path: Path) -> None:
    """The index renders in Chromium; each link is a page of the folder."""
    pages, assessments, _ = folder
    assert len(assessments) == PATIENTS
    dom = rendered(pages / "index.html", tmp_path)
    assert 'aria-sort="none"' in dom  # its script ran
    links = re.findall(r'<a href="([^"]+\.html)">', dom)
    owners = {task["owner"]["reference"] for a in assessments for task in a["tasks"]}
    assert len([link for link in links if link.startswith("ejer-")]) == len(owners)
    assert any(link.startswith("plejehjem-") for link in links)
    assert all((pages / link).is_file() for link in links)


def test_every_page_is_under_a_megabyte_and_shows_no_cpr(folder) -> None:
    """Small pages that open at once; CPR numbers appear masked only."""
    pages, _, population = folder
    files = list(pages.glob("*.html"))
    assert len(files) > 50
    assert max(f.stat().st_size for f in files) < MEGABYTE
    cprs = {
        m.group(1)
        for m in re.finditer(
            rb'"urn:oid:1\.2\.208\.176\.1\.2","value":"(\d{10})"', population.read_bytes()
        )
    }
    assert len(cprs) > PATIENTS * 0.99  # made-up numbers: the odd one repeats
    for file in files:
        text = file.read_text(encoding="utf-8")
        assert not re.search(r'(src|href)=["\']?(https?:)?//', text), file.name  # no network
        found = set(re.findall(r"\b\d{10}\b", text))
        assert not found & {c.decode() for c in cprs}, file.name


def test_every_task_is_on_exactly_one_owner_page(folder) -> None:
    """The owners' pages together list each task of the scan once, under its own owner."""
    pages, assessments, _ = folder
    listed: Counter[tuple[str, str, str]] = Counter()
    for file in pages.glob("ejer-*.html"):
        rows = _rows(file.read_text(encoding="utf-8"))
        assert len({owner for _, _, owner in rows}) == 1, file.name  # one owner a page
        listed.update(rows)
    expected = Counter(
        (a["patient"], t["rule"], t["owner"]["reference"] or "")
        for a in assessments
        for t in a["tasks"]
    )
    assert listed == expected


def test_the_counts_on_the_pages_are_the_scans(folder) -> None:
    """Totals and each owner's task count on the index match the NDJSON."""
    pages, assessments, _ = folder
    index = (pages / "index.html").read_text(encoding="utf-8")
    totals = dict(re.findall(r'data-total="([a-z-]+)">(\d+)<', index))
    assert int(totals["read"]) == int(totals["evaluated"]) == PATIENTS
    for status in ("required", "recommended", "optional", "none"):
        assert int(totals[f"review-{status}"]) == sum(
            a["review"]["status"] == status for a in assessments
        )
    per_owner = Counter(t["owner"]["reference"] or "" for a in assessments for t in a["tasks"])
    owners_table = index.split('data-kind="owners"')[1].split("</table>")[0]
    counts = [int(n) for n in re.findall(r"data-tasks>(\d+)<", owners_table)]
    assert sorted(counts) == sorted(per_owner.values())
    for file in pages.glob("ejer-*.html"):
        page = file.read_text(encoding="utf-8")
        if re.search(r"-\d+\.html$", file.name):
            continue  # a later page of a list: its head repeats the first page's counts
        owner = _rows(page)[0][2]
        (shown,) = re.findall(r'data-count="tasks">(\d+)<', page)
        assert int(shown) == per_owner[owner], file.name


def test_the_first_owners_tasks_are_on_the_first_screen(folder, tmp_path: Path) -> None:
    """Opened at 1280 x 800, the first owner's list shows its first tasks without scrolling."""
    pages, _, _ = folder
    index = (pages / "index.html").read_text(encoding="utf-8")
    first = re.findall(r'<a href="(ejer-[^"]+\.html)">', index)[0]
    # A copy with a measuring script: the page's own bytes are not changed.
    probe = pages / f"probe-{first}"
    text = (pages / first).read_text(encoding="utf-8")
    measure = (
        "<script>var r=document.querySelectorAll('table.tasks tbody tr');"
        "document.body.setAttribute('data-fifth-row-bottom',"
        "Math.round(r[Math.min(4,r.length-1)].getBoundingClientRect().bottom));</script>"
    )
    probe.write_text(text.replace("</body>", measure + "</body>"), encoding="utf-8")
    try:
        assert CHROMIUM
        dom = subprocess.run(
            [
                CHROMIUM,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--window-size=1280,800",
                f"--user-data-dir={tmp_path / 'chromium'}",
                "--dump-dom",
                probe.as_uri(),
            ],
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        ).stdout
    finally:
        probe.unlink()
    (bottom,) = re.findall(r'data-fifth-row-bottom="(\d+)"', dom)
    assert int(bottom) <= 800  # the first five tasks, at least, on the first screen


def test_the_largest_page_draws_in_chromium(folder, tmp_path: Path) -> None:
    """The largest list renders whole: every row of its file is in Chromium's DOM."""
    pages, _, _ = folder
    largest = max(pages.glob("*.html"), key=lambda f: f.stat().st_size)
    dom = rendered(largest, tmp_path)
    assert len(_rows(dom)) == len(_rows(largest.read_text(encoding="utf-8"))) > 0
