"""The worklist pages, made with Jinja2 (autoescaped) from the package's templates.

- a folder (``--out worklist/``): ``index.html`` (every owner and nursing home with
  their counts, then the totals and the chart) and one list per owner and per nursing
  home (``ejer-….html``, ``plejehjem-….html``), :data:`PAGE_ROWS` tasks a page;
- a single page (``--out report.html`` or standard output): the first
  :data:`SINGLE_PAGE_ROWS` tasks of the whole worklist, most urgent first, then the
  counts per owner and per nursing home, the totals, the rules and the chart.

Every page is self-contained (styles and script inline, nothing fetched) and printable.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import jinja2

from medreview.labels_da import LEVELS
from medreview.render.worklists.model import (
    PAGE_ROWS,
    Counts,
    Listing,
    grouped,
    home_key,
    owner_key,
    owner_words,
    page_name,
    slug,
    task_view,
)
from medreview.rules.model import RuleSet
from medreview.scan.previous import Tally
from medreview.scan.report import CHART_MAX, ReportTotals
from medreview.scan.summary import REVIEW_ORDER, ScanSummary
from medreview.scan.worklist import Row

SINGLE_PAGE_ROWS = 750  # a single page stays under 1 MB and draws in well under a second

_environment = jinja2.Environment(
    loader=jinja2.PackageLoader("medreview.render.worklists", "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)

Writer = Callable[[Path], AbstractContextManager[Any]]  # opens a page to write whole


@dataclass(frozen=True)
class PageContext:
    """What every page's head says."""

    as_of: date
    ruleset: RuleSet
    summary: ScanSummary
    totals: ReportTotals
    tally: Tally | None = None  # with --previous
    previous_as_of: str | None = None

    def common(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat(),
            "ruleset": self.ruleset,
            "digest": self.ruleset.digest[:19],
            "previous_as_of": self.previous_as_of,
        }


def write_folder(
    folder: Path,
    owner_rows: Iterable[Row],
    home_rows: Iterable[Row],
    context: PageContext,
    open_page: Writer,
) -> list[Path]:
    """Write the index and every list into ``folder``; return the pages written."""
    folder.mkdir(exist_ok=True)
    written: list[Path] = []
    owners = list(
        _lists(folder, owner_rows, owner_key, _owner_listing, context, open_page, written)
    )
    homes = list(
        _lists(folder, home_rows, home_key, _home_listing, context, open_page, written, ("", ""))
    )
    owners.sort(key=_most_urgent_first)
    homes.sort(key=lambda h: h.title)
    page = _environment.get_template("index.html.j2").render(
        **context.common(),
        owners=owners,
        homes=homes,
        overview=_overview(context),
        chart=_chart(context.totals),
        tally=context.tally,
    )
    index = folder / "index.html"
    with open_page(index) as handle:
        handle.write(page)
    written.append(index)
    return written


def _lists(
    folder: Path,
    rows: Iterable[Row],
    key: Callable[[Row], Any],
    listing_of: Callable[[Row], Listing],
    context: PageContext,
    open_page: Writer,
    written: list[Path],
    skip: Any = None,
) -> Iterator[Listing]:
    as_of = context.as_of.isoformat()
    bases: dict[str, Any] = {}  # file name -> the owner or home it is for
    for identity, group in grouped(rows, key, skip):
        tasks = list(group)
        listing = listing_of(tasks[0])
        # Two owners or homes whose names and hashes agree (made so on purpose, say) must
        # not share a page: the second is numbered.
        base, number = listing.base, 1
        while bases.setdefault(listing.base, identity) != identity:
            number += 1
            listing.base = f"{base}-{number}"
        for row in tasks:
            listing.counts.add(row, as_of)
            if row.state != "resolved":
                listing.best_priority = min(listing.best_priority, row.priority)
        listing.pages = max(1, -(-len(tasks) // PAGE_ROWS))
        for number in range(listing.pages):
            chunk = tasks[number * PAGE_ROWS : (number + 1) * PAGE_ROWS]
            path = folder / page_name(listing.base, number + 1)
            page = _environment.get_template("list.html.j2").render(
                **context.common(),
                listing=listing,
                page=number + 1,
                pages=[page_name(listing.base, n + 1) for n in range(listing.pages)],
                first=number * PAGE_ROWS + 1,
                tasks=[task_view(r, as_of) for r in chunk if r.state != "resolved"],
                resolved=[task_view(r, as_of) for r in chunk if r.state == "resolved"],
                levels=LEVELS,
            )
            with open_page(path) as handle:
                handle.write(page)
            written.append(path)
        yield listing


def _most_urgent_first(listing: Listing) -> tuple[int, int, int, str]:
    """Owners in the order the index and the single page show them: the most urgent task,
    then the most required tasks, then the most tasks."""
    return (listing.best_priority, -listing.counts.required, -listing.counts.tasks, listing.title)


def _owner_listing(row: Row) -> Listing:
    title = row.owner_name or owner_words(row)
    return Listing(
        title,
        "Ejer af opgaverne" + (f" · {row.owner_reference}" if row.owner_reference else ""),
        slug(
            "ejer",
            row.owner_name or row.owner_reference or row.owner_role,
            "|".join(owner_key(row)),
        ),
        owner=True,
    )


def _home_listing(row: Row) -> Listing:
    return Listing(
        row.nursing_home or row.nursing_home_reference,
        "Plejehjem",
        slug(
            "plejehjem",
            row.nursing_home or row.nursing_home_reference,
            f"{row.nursing_home_reference}|{row.nursing_home}",
        ),
    )


def render_single(rows: Iterable[Row], context: PageContext) -> str:
    """The single page: the first tasks of the worklist first, then the counts (one pass)."""
    as_of = context.as_of.isoformat()
    shown: list[dict[str, Any]] = []
    total = 0
    owners: dict[tuple[str, ...], Listing] = {}
    homes: dict[tuple[str, str], Listing] = {}
    for row in rows:
        targets = [owners.setdefault(owner_key(row), _owner_listing(row))]
        if row.nursing_home or row.nursing_home_reference:
            targets.append(homes.setdefault(home_key(row), _home_listing(row)))
        for listing in targets:
            listing.counts.add(row, as_of)
            if row.state != "resolved":
                listing.best_priority = min(listing.best_priority, row.priority)
        if row.state != "resolved":
            total += 1
            if len(shown) < SINGLE_PAGE_ROWS:
                shown.append(task_view(row, as_of))
    return _environment.get_template("single.html.j2").render(
        **context.common(),
        tasks=shown,
        total=total,
        owners=sorted(owners.values(), key=_most_urgent_first),
        homes=sorted(homes.values(), key=lambda h: h.title),
        overview=_overview(context),
        rules=_rules(context),
        chart=_chart(context.totals),
        tally=context.tally,
        levels=LEVELS,
    )


def _overview(context: PageContext) -> list[tuple[str, str, int]]:
    summary = context.summary
    cells = [
        ("read", "Patienter læst", summary.read),
        ("evaluated", "Vurderet", summary.evaluated),
        ("failed", "Kunne ikke vurderes", summary.failed),
    ]
    cells += [
        (f"review-{s}", f"Medicingennemgang {LEVELS[s]}", summary.reviews[s]) for s in REVIEW_ORDER
    ]
    if context.tally is not None:
        cells += [
            ("new", "Nye opgaver", context.tally.new),
            ("open", "Stadig åbne", context.tally.open),
            ("resolved", "Løst siden sidst", context.tally.resolved),
        ]
    return cells


def _rules(context: PageContext) -> list[dict[str, Any]]:
    totals = context.totals
    return [
        {
            "id": rule.id,
            "title": rule.title.da,
            "level": LEVELS[rule.level],
            "findings": totals.rule_findings[rule.id],
            "patients": totals.rule_patients[rule.id],
        }
        for rule in context.ruleset.rules
    ]


def _chart(totals: ReportTotals) -> dict[str, Any]:
    """The bars of the fixed-drug counts, as the template draws them in SVG."""
    width, height = 640, 220
    bar = width // (CHART_MAX + 1)
    tallest = max(totals.fixed_counts.values(), default=0) or 1
    bars = []
    for value in range(CHART_MAX + 1):
        count = totals.fixed_counts.get(value, 0)
        bar_height = round((height - 40) * count / tallest)
        bars.append(
            {
                "value": value,
                "label": f"{value}+" if value == CHART_MAX else str(value),
                "count": count,
                "x": value * bar,
                "y": height - 20 - bar_height,
                "height": bar_height,
                "colour": "#c0392b" if value > 6 else "#2c7fb8",
            }
        )
    return {"width": width, "height": height, "bar": bar, "bars": bars}


__all__ = [
    "PAGE_ROWS",
    "SINGLE_PAGE_ROWS",
    "Counts",
    "PageContext",
    "render_single",
    "write_folder",
]
