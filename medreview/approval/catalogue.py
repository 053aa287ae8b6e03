"""The rule catalogue: one self-contained HTML page a GP or a medicines committee approves from.

For each rule and priority signal: what it says, when it fires (in plain words,
Danish with English beside it), what task it raises, for whom and by when, its
source, the scenarios that specify it with their last result, and its sign-off.
"""

from __future__ import annotations

from collections import Counter

from medreview.approval.catalogue_entry import entry_html
from medreview.approval.catalogue_index import Group, contents, in_order
from medreview.approval.catalogue_index import e as _e
from medreview.approval.signoff import Approval, Results
from medreview.approval.specs import Feature
from medreview.rules.model import RuleSet


def render_catalogue(
    ruleset: RuleSet,
    features: list[Feature],
    found: list[Approval],
    results: Results | None,
) -> str:
    """The whole page: the medication-review rules first (catalogue_index.py)."""
    backgrounds = {feature.file: feature for feature in features}
    groups = in_order(found)
    parts = [
        _HEAD,
        "<header><h1>medreview · regelkatalog <span class=en>rule catalogue</span></h1>",
        f"<p class=meta>Regelsæt <b>{_e(ruleset.name)} {_e(ruleset.version)}</b> · "
        f"<code>{_e(ruleset.digest)}</code></p>",
        _summary(found, results),
        "</header>",
        contents(groups),
        *(_group(group, ruleset, backgrounds) for group in groups),
        f"<script>{_SCRIPT}</script></body></html>",
    ]
    return "\n".join(parts)


def _summary(found: list[Approval], results: Results | None) -> str:
    counts = Counter(a.status for a in found)
    failing = sum(1 for a in found if a.failing)
    cells = [
        ("signed", "Godkendt", "signed off", counts["signed"]),
        ("unsigned", "Ikke godkendt", "not signed off", counts["unsigned"] + counts["incomplete"]),
        ("stale", "Forældet", "stale", counts["stale"]),
        ("failing", "Scenarier fejler", "failing scenarios", failing),
    ]
    boxes = "".join(
        f'<div class="total {key}"><span class=number data-total="{key}">{count}</span>'
        f"<span class=label>{da} <span class=en>{en}</span></span></div>"
        for key, da, en, count in cells
    )
    run = (
        f"Testresultater fra <code>{_e(results.source)}</code>."
        if results
        else "Ingen testresultater angivet (<code>--results</code>): scenariernes udfald vises "
        "som ikke kørt."
    )
    return (
        f"<section id=summary><div class=totals>{boxes}</div><p class=meta>{run} "
        "Godkend med <code>medreview rules sign REGEL-ID... --by &lt;initialer&gt; --results "
        "specs.cucumber.json</code>; det skriver tags i features/: "
        "<code>@godkendt-af:&lt;initialer&gt;</code> <code>@godkendt-dato:&lt;ÅÅÅÅ-MM-DD&gt;</code> "
        "<code>@regel-digest:&lt;12 hex&gt;</code>.</p></section>"
    )


def _group(group: Group, ruleset: RuleSet, features: dict[str, Feature]) -> str:
    """One family's entries under its heading; the priority scale opens the signals."""
    scale = _scale(ruleset) if group.key == "PRIO" else ""
    entries = "".join(entry_html(approval, features, ruleset.lists) for approval in group.approvals)
    return (
        f"<section class=family id='gruppe-{_e(group.key)}'><h2 class=family-title>"
        f"{_e(group.da)} <span class=en>{_e(group.en)}</span></h2>{scale}{entries}</section>"
    )


def _scale(ruleset: RuleSet) -> str:
    bands = "".join(
        f"<tr><td>{band.priority}</td><td>{band.points}</td></tr>" for band in ruleset.info.priority
    )
    return (
        "<section id=scale><h2>Prioritet på arbejdslisten <span class=en>worklist priority"
        "</span></h2><p>Prioritetstegnene nedenfor giver point; summen giver prioriteten (1 er "
        "mest akut). <span class=en>The signals below give points; their sum gives the "
        "priority (1 is the most urgent).</span></p><table><thead><tr><th>Prioritet</th>"
        f"<th>Mindst point</th></tr></thead><tbody>{bands}</tbody></table></section>"
    )


_HEAD = """<!DOCTYPE html>
<html lang="da"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>medreview · regelkatalog</title>
<style>
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;color:#222;max-width:78rem;padding:0 1rem}
h1{margin-bottom:.2rem}.meta{color:#666;font-size:.9rem}.en,.en-text{color:#667}
h1 .en,h2 .en,h3 .en,.label .en{font-weight:normal;font-size:.8em;margin-left:.4rem}
.totals{display:flex;flex-wrap:wrap;gap:1rem}.total{border:1px solid #ddd;border-radius:6px;padding:.6rem 1rem;min-width:9rem}
.number{display:block;font-size:1.6rem;font-weight:600}.label{color:#555;font-size:.9rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1.5rem}th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #eee;vertical-align:top}
th{background:#f6f6f6}tr.group th{background:#e8eef6}
.family-title{margin-top:2.5rem;border-bottom:3px solid #8aa}
article{border-top:2px solid #ccc;margin-top:2rem;padding-top:.5rem}
.rows{display:grid;grid-template-columns:11rem 1fr 1fr;gap:.2rem 1rem}
.row{display:contents}.row>div{padding:.3rem 0;border-bottom:1px solid #f0f0f0}
.label{font-weight:600}.label .en{display:block;margin:0}
blockquote{margin:.3rem 0;padding-left:.7rem;border-left:3px solid #bbb;font-style:italic}
pre.gherkin{background:#f7f7f2;border:1px solid #e4e4d8;padding:.6rem;overflow-x:auto;font-size:.85rem}
.badge{display:inline-block;border-radius:4px;padding:.05rem .4rem;font-size:.8rem;font-weight:600}
.badge.signed{background:#d8f0d8;color:#185a18}.badge.unsigned,.badge.incomplete{background:#f3e3c3;color:#6b4400}
.badge.stale{background:#f7d0d0;color:#7a1010}.badge.failing{background:#7a1010;color:#fff}
.outcome{font-weight:600}.outcome.passed{color:#185a18}.outcome.failed{color:#a00}.outcome.not-run,.outcome.skipped{color:#777}
.warning{color:#a00}.problems{color:#a00}
@media (max-width:50rem){.rows{grid-template-columns:1fr}}
</style></head><body>"""


_SCRIPT = r"""
var show = document.getElementById('show');
show.addEventListener('change', function () {
  var only = show.value === 'blocking';
  document.querySelectorAll('article').forEach(function (article) {
    article.hidden = only && article.getAttribute('data-blocking') !== 'true';
  });
  document.querySelectorAll('#contents tbody tr').forEach(function (row) {
    row.hidden = only && row.getAttribute('data-status') === 'signed' && !row.querySelector('[data-failing]');
  });
});
document.body.setAttribute('data-ready', 'true');
"""
