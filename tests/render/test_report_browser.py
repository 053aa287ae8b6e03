"""The single-page HTML report in real headless Chromium: the worklist first, numbers match."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest
from support.browser import needs_browser, rendered
from typer.testing import CliRunner

from medreview.cli import app
from medreview.samples.population import PopulationOptions, write

pytestmark = needs_browser


@pytest.fixture(scope="module")
def scanned(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict], str]:
    folder = tmp_path_factory.mktemp("report")
    population = folder / "population.ndjson"
    write(PopulationOptions(patients=250, seed=11), population)
    runner = CliRunner()
    common = ["scan", str(population), "--as-of", "2026-06-15", "--quiet", "--workers", "2"]
    lines = runner.invoke(app, common).stdout
    page = folder / "report.html"
    result = runner.invoke(app, [*common, "--format", "html", "--out", str(page)])
    assert result.exit_code == 0, result.stderr
    return page, [json.loads(line) for line in lines.splitlines()], result.stderr


def test_the_page_renders_and_its_totals_are_the_scans(scanned, tmp_path: Path) -> None:
    """The HTML report's totals match the scan's own counts and its summary."""
    page, assessments, summary = scanned
    dom = rendered(page, tmp_path)
    totals = dict(re.findall(r'data-total="([a-z-]+)">(\d+)<', dom))
    assert int(totals["read"]) == int(totals["evaluated"]) + int(totals["failed"]) == 250
    for status in ("required", "recommended", "optional", "none"):
        expected = sum(a["review"]["status"] == status for a in assessments)
        assert int(totals[f"review-{status}"]) == expected, status
        assert f"{status} {expected:,}" in summary


def test_the_rule_table_and_chart_count_what_the_scan_found(scanned, tmp_path: Path) -> None:
    """The report's rule table and drug-count chart show the numbers the scan found."""
    page, assessments, _ = scanned
    dom = rendered(page, tmp_path)
    findings = Counter(f["rule"] for a in assessments for f in a["findings"])
    for rule, count in re.findall(r"data-rule=\"([A-Z0-9-]+)\">.*?data-findings=\"\">(\d+)<", dom):
        assert int(count) == findings[rule], rule
    bars = {int(n): int(c) for n, c in re.findall(r'data-count="(\d+)" data-patients="(\d+)"', dom)}
    drugs = Counter(min(a["fixed_drug_count"], 20) for a in assessments)
    assert bars == {n: drugs.get(n, 0) for n in range(21)}


def test_the_worklist_lists_every_task_and_its_script_sorts_and_searches(
    scanned, tmp_path: Path
) -> None:
    """The report's worklist shows every task, most urgent first, and its search finds a patient."""
    page, assessments, _ = scanned
    dom = rendered(page, tmp_path)
    tasks = sum(len(a["tasks"]) for a in assessments)
    assert f'<span id="shown" data-rows="">{tasks}</span>' in dom
    assert 'aria-sort="none"' in dom  # set by the page's script: it ran
    priorities = [int(p) for p in re.findall(r'data-priority="">(\d)<', dom)]
    assert len(priorities) == tasks and priorities == sorted(priorities)  # most urgent first
    # p100 to p249: no other patient id starts with theirs, so a search finds exactly one
    chosen = next(a for a in assessments[100:] if a["tasks"])
    one = chosen["patient"]
    searched = rendered(page, tmp_path, f"#q={one}")
    table = searched.split('id="worklist"')[1].split("</table>")[0]
    visible = re.findall(r"<tr[^>]*>(?:(?!</tr>).)*?</tr>", table, re.S)
    rows = [row for row in visible if "hidden" not in row.split(">")[0] and f'"{one}"' in row]
    expected = len(chosen["tasks"])
    assert f'<span id="shown" data-rows="">{expected}</span>' in searched
    assert len(rows) == expected


def test_the_page_needs_no_network(scanned) -> None:
    """The HTML report opens offline: it loads no script, style or link from the network."""
    page, _, _ = scanned
    text = page.read_text(encoding="utf-8")
    assert not re.search(r'(src|href)=["\']?(https?:)?//', text)
    assert "<script src" not in text and "<link" not in text


def test_the_worklist_comes_first_with_names_and_nursing_homes(scanned, tmp_path: Path) -> None:
    """The page opens on the worklist (before totals and chart), with names, not only ids."""
    page, _, _ = scanned
    dom = rendered(page, tmp_path)
    order = [dom.index(f'id="{section}"') for section in ("worklist", "owners", "totals", "chart")]
    assert order == sorted(order)
    first = re.search(r"<tbody>(.*?)</tr>", dom.split('id="worklist"')[1], re.S)
    assert first and re.search(r"[A-ZÆØÅ][a-zæøå]+ [A-ZÆØÅ][a-zæøå]+, \d+ år", first.group(1))
    assert re.search(r"\d{6}-xxxx", first.group(1))  # the CPR masked
    assert "Plejehjemmet " in dom or "Plejecent" in dom  # the generated nursing homes
    assert "egen læge " in dom or "fast tilknyttet plejehjemslæge " in dom  # owners by name


def test_a_large_scan_keeps_the_single_page_small(tmp_path: Path) -> None:
    """Beyond SINGLE_PAGE_ROWS tasks the page shows the most urgent ones and says how many."""
    from medreview.render.worklists.pages import SINGLE_PAGE_ROWS

    population = tmp_path / "population.ndjson"
    write(PopulationOptions(patients=500, seed=2, narrative=False), population)
    page = tmp_path / "report.html"
    result = CliRunner().invoke(
        app,
        [
            "scan",
            str(population),
            "--as-of",
            "2026-06-15",
            "--quiet",
            "--workers",
            "1",
            "--format",
            "html",
            "--out",
            str(page),
        ],
    )
    assert result.exit_code == 0, result.stderr
    text = page.read_text(encoding="utf-8")
    (total,) = re.findall(r"data-total-tasks>(\d+)<", text)
    assert int(total) > SINGLE_PAGE_ROWS
    assert text.count("data-priority>") == SINGLE_PAGE_ROWS
    assert page.stat().st_size < 1 << 20
