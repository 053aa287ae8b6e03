"""The HTML report of a scan: one self-contained page for a nursing-home lead or a practice.

Totals per rule and per owner, a chart of how many drugs in fixed treatment the
patients have, and the worklist grouped by owner, which the reader can search
and sort. Everything is inline (styles, script, the chart as SVG): the page needs
no network when it is opened. CPR numbers appear masked, as in the CSV.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from medreview.labels_da import ACTIONS, LEVELS, ROLES, SECTORS
from medreview.ruleset import RuleSet
from medreview.scan.summary import REVIEW_ORDER, ScanSummary
from medreview.scan.worklist import Row

MAX_WORKLIST_ROWS = 50_000
CHART_MAX = 20  # counts above this share the last bar


@dataclass
class ReportTotals:
    """What the report counts, gathered while the spool is read."""

    rule_findings: Counter[str] = field(default_factory=Counter)
    rule_patients: Counter[str] = field(default_factory=Counter)
    fixed_counts: Counter[int] = field(default_factory=Counter)

    def add(self, result: dict[str, Any]) -> None:
        if "error" in result:
            return
        self.fixed_counts[min(result["fixed_drug_count"], CHART_MAX)] += 1
        rules = [finding["rule"] for finding in result["findings"]]
        self.rule_findings.update(rules)
        self.rule_patients.update(set(rules))


def _e(value: Any) -> str:
    return html.escape(str(value), quote=True)


def render_report(
    summary: ScanSummary,
    totals: ReportTotals,
    rows: Iterable[Row],
    ruleset: RuleSet,
    as_of: date,
) -> str:
    """The whole page."""
    rows = list(_take(rows, MAX_WORKLIST_ROWS + 1))
    cut = len(rows) > MAX_WORKLIST_ROWS
    rows = rows[:MAX_WORKLIST_ROWS]
    owners = Counter((r.owner_sector, r.owner_role, r.owner_reference) for r in rows)
    parts = [
        _HEAD,
        f"<h1>medreview · arbejdsliste</h1><p class=meta>Vurderet {as_of.isoformat()} med "
        f"regelsæt {_e(ruleset.name)} {_e(ruleset.version)} · {_e(ruleset.digest[:19])}…</p>",
        _totals(summary),
        _rules_table(totals, ruleset),
        _owners_table(owners),
        _chart(totals.fixed_counts),
        _worklist(rows, cut),
        f"<script>{_SCRIPT}</script></body></html>",
    ]
    return "\n".join(parts)


def _take(rows: Iterable[Row], count: int) -> Iterable[Row]:
    for number, row in enumerate(rows):
        if number >= count:
            break
        yield row


def _totals(summary: ScanSummary) -> str:
    cells = [
        ("read", "Patienter læst", summary.read),
        ("evaluated", "Vurderet", summary.evaluated),
        ("failed", "Kunne ikke vurderes", summary.failed),
    ] + [
        (f"review-{s}", f"Medicingennemgang {LEVELS[s]}", summary.reviews[s]) for s in REVIEW_ORDER
    ]
    items = "".join(
        f'<div class=total><span class=number data-total="{key}">{value}</span>'
        f"<span class=label>{_e(label)}</span></div>"
        for key, label, value in cells
    )
    return f"<section id=totals><h2>Overblik</h2><div class=totals>{items}</div></section>"


def _rules_table(totals: ReportTotals, ruleset: RuleSet) -> str:
    rows = "".join(
        f"<tr data-rule='{_e(rule.id)}'><td>{_e(rule.id)}</td><td>{_e(rule.title.da)}</td>"
        f"<td>{_e(LEVELS[rule.level])}</td><td class=n data-findings>{totals.rule_findings[rule.id]}</td>"
        f"<td class=n data-patients>{totals.rule_patients[rule.id]}</td></tr>"
        for rule in ruleset.rules
    )
    return (
        "<section id=rules><h2>Fund pr. regel</h2><table class=sortable><thead><tr><th>Regel</th>"
        "<th>Titel</th><th>Niveau</th><th>Fund</th><th>Patienter</th></tr></thead>"
        f"<tbody>{rows}</tbody></table></section>"
    )


def _owner_words(sector: str, role: str, reference: str) -> str:
    return f"{ROLES.get(role, role)} · {SECTORS.get(sector, sector)}" + (
        f" · {reference}" if reference else ""
    )


def _owners_table(owners: Counter[tuple[str, str, str]]) -> str:
    rows = "".join(
        f"<tr><td>{_e(_owner_words(*owner))}</td><td class=n data-owner-tasks>{count}</td></tr>"
        for owner, count in sorted(owners.items(), key=lambda kv: (-kv[1], kv[0]))
    )
    return (
        "<section id=owners><h2>Opgaver pr. ejer</h2><table class=sortable><thead><tr>"
        f"<th>Ejer</th><th>Opgaver</th></tr></thead><tbody>{rows}</tbody></table></section>"
    )


def _chart(counts: Counter[int]) -> str:
    """A bar chart of fixed-drug counts, as inline SVG."""
    width, height, bar = 640, 220, 640 // (CHART_MAX + 1)
    tallest = max(counts.values(), default=0) or 1
    bars = []
    for value in range(CHART_MAX + 1):
        count = counts.get(value, 0)
        bar_height = round((height - 40) * count / tallest)
        x, y = value * bar, height - 20 - bar_height
        label = f"{value}+" if value == CHART_MAX else str(value)
        colour = "#c0392b" if value > 6 else "#2c7fb8"
        bars.append(
            f'<g data-count="{value}" data-patients="{count}"><title>{label} lægemidler: {count} '
            f'patienter</title><rect x="{x + 2}" y="{y}" width="{bar - 4}" height="{bar_height}" '
            f'fill="{colour}"/><text x="{x + bar / 2}" y="{height - 5}" text-anchor="middle">'
            f'{label}</text><text x="{x + bar / 2}" y="{y - 4}" text-anchor="middle" class=count>'
            f"{count or ''}</text></g>"
        )
    return (
        "<section id=chart><h2>Antal lægemidler i fast behandling</h2><p class=meta>Røde søjler: "
        "polyfarmaci (mere end 6).</p>"
        f'<svg viewBox="0 0 {width} {height}" role="img" aria-label="Fordeling af antal faste '
        f'lægemidler">{"".join(bars)}</svg></section>'
    )


def _worklist(rows: list[Row], cut: bool) -> str:
    """One table, most urgent first (the rows come in worklist order)."""
    body = "".join(
        f"<tr><td class=n data-priority>{r.priority}</td><td>{_e(r.due)}</td>"
        f"<td>{_e(_owner_words(r.owner_sector, r.owner_role, r.owner_reference))}</td>"
        f"<td>{_e(r.patient)}</td><td>{_e(r.cpr_masked)}</td>"
        f"<td>{_e(r.rule)}</td><td>{_e(LEVELS.get(r.level, r.level))}</td>"
        f"<td>{_e(ACTIONS.get(r.action, r.action))}</td><td>{_e(r.reason)}</td>"
        f"<td>{_e(r.priority_reasons)}</td></tr>"
        for r in rows
    )
    note = (
        f"<p class=meta>Viser de første {MAX_WORKLIST_ROWS:,} opgaver; hele listen står i CSV-"
        "arbejdslisten.</p>"
        if cut
        else ""
    )
    return (
        "<section id=worklist><h2>Arbejdsliste, mest akutte først</h2>"
        "<p class=meta>Prioritet 1 er mest akut; derefter efter frist.</p>"
        '<input id=search type=search placeholder="Søg i arbejdslisten (patient, regel, ejer …)">'
        f"<p class=meta><span id=shown data-rows>{len(rows)}</span> opgaver vist.</p>{note}"
        "<table class=sortable><thead><tr><th>Prioritet</th><th>Frist</th><th>Ejer</th>"
        "<th>Patient</th><th>CPR (maskeret)</th><th>Regel</th><th>Niveau</th><th>Opgave</th>"
        f"<th>Begrundelse</th><th>Hvorfor prioriteten</th></tr></thead><tbody>{body}</tbody>"
        "</table></section>"
    )


_HEAD = """<!DOCTYPE html>
<html lang="da"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>medreview · arbejdsliste</title>
<style>
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem;color:#222;max-width:72rem}
h1{margin-bottom:.2rem}.meta{color:#666;font-size:.9rem}
.totals{display:flex;flex-wrap:wrap;gap:1rem}.total{border:1px solid #ddd;border-radius:6px;padding:.6rem 1rem;min-width:9rem}
.number{display:block;font-size:1.6rem;font-weight:600}.label{color:#555;font-size:.85rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1.5rem}th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #eee;vertical-align:top}
th{cursor:pointer;background:#f6f6f6;user-select:none}th[aria-sort]::after{content:" ↕";color:#999}
td.n{text-align:right}svg{max-width:100%;height:auto}svg text{font-size:11px;fill:#444}
#search{width:100%;padding:.5rem;font-size:1rem;margin:.5rem 0}
</style></head><body>"""

_SCRIPT = r"""
document.querySelectorAll('table.sortable').forEach(function (table) {
  table.querySelectorAll('th').forEach(function (th, column) {
    th.setAttribute('aria-sort', 'none');
    th.addEventListener('click', function () {
      var body = table.tBodies[0];
      var rows = Array.prototype.slice.call(body.rows);
      var up = th.getAttribute('aria-sort') !== 'ascending';
      rows.sort(function (a, b) {
        var x = a.cells[column].textContent, y = b.cells[column].textContent;
        var nx = parseFloat(x), ny = parseFloat(y);
        var order = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y, 'da');
        return up ? order : -order;
      });
      rows.forEach(function (row) { body.appendChild(row); });
      table.querySelectorAll('th').forEach(function (other) { other.setAttribute('aria-sort', 'none'); });
      th.setAttribute('aria-sort', up ? 'ascending' : 'descending');
    });
  });
});
var search = document.getElementById('search');
function filter() {
  var words = search.value.toLowerCase().split(/\s+/).filter(Boolean), shown = 0;
  document.querySelectorAll('#worklist tbody tr').forEach(function (row) {
    var text = row.textContent.toLowerCase();
    var match = words.every(function (word) { return text.indexOf(word) >= 0; });
    row.hidden = !match; if (match) { shown++; }
  });
  document.getElementById('shown').textContent = shown;
}
search.addEventListener('input', filter);
// A link can carry a search: report.html#q=p12 opens with it applied.
if (location.hash.indexOf('#q=') === 0) {
  search.value = decodeURIComponent(location.hash.slice(3)); filter();
}
"""
