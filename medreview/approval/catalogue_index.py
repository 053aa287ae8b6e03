"""The catalogue's order and its index: what a GP approving the rule set reads first.

The medication-review rules (MGG-*) open it, then the other rule families, then the
priority signals; within a family the strongest level first (a required review
before a recommended one), a signal with more points before one with fewer. The
index gives each rule's task, owner, due date, scenario results and sign-off on
one row, so the page can be read, and approved, from the top.
"""

from __future__ import annotations

import html
from collections import Counter
from dataclasses import dataclass
from typing import Any

from medreview.approval.signoff import STATUS_DA, Approval, Outcome
from medreview.labels_da import ACTIONS, LEVELS, OWNER_FIELDS
from medreview.rules.model import LEVEL_STRENGTH, Due, Rule, Signal

# The rule families by id prefix, in the order a medication review meets them; the
# project's choice: the reviews themselves, then dose dispensing, then single drugs;
# data quality has no task, so it comes last. A prefix not named here comes before it.
_FAMILIES: tuple[tuple[str, str, str], ...] = (
    ("MGG", "Medicingennemgang", "medication review"),
    ("DD", "Dosisdispensering", "dose dispensing"),
    ("DRUG", "Det enkelte lægemiddel", "single drugs"),
)
_LAST = ("DATA", "Medicinkortets kvalitet", "data quality")
_OTHER = ("Øvrige regler", "other rules")
_SIGNALS = ("PRIO", "Prioritetstegn", "priority signals")
OUTCOME_DA: dict[Outcome, str] = {
    "passed": "bestået",
    "failed": "fejler",
    "skipped": "sprunget over",
    "not run": "ikke kørt",
}


@dataclass(frozen=True, slots=True)
class Group:
    """One family of the catalogue, with its rules in reading order."""

    key: str
    da: str
    en: str
    approvals: tuple[Approval, ...]


def e(value: Any) -> str:
    """Escaped for HTML text and quoted attributes."""
    return html.escape(str(value), quote=True)


def in_order(found: list[Approval]) -> list[Group]:
    """The rules and signals in catalogue order, by family."""
    names = {prefix: (da, en) for prefix, da, en in (*_FAMILIES, _LAST, _SIGNALS)}
    by_prefix: dict[str, list[Approval]] = {}
    for approval in found:
        prefix = "PRIO" if isinstance(approval.item, Signal) else approval.id.split("-")[0]
        by_prefix.setdefault(prefix, []).append(approval)
    others = sorted(p for p in by_prefix if p not in names)
    order = [*(p for p, _, _ in _FAMILIES), *others, _LAST[0], _SIGNALS[0]]
    groups = []
    for prefix in order:
        if prefix not in by_prefix:
            continue
        da, en = names.get(prefix, _OTHER)
        ranked = sorted(by_prefix[prefix], key=_rank)
        groups.append(Group(prefix, da, en, tuple(ranked)))
    return groups


def _rank(approval: Approval) -> tuple[int, str]:
    item = approval.item
    if isinstance(item, Rule):
        return (-LEVEL_STRENGTH[item.level], item.id)
    return (-item.points, item.id)


def level_words(item: Rule | Signal) -> str:
    if isinstance(item, Rule):
        return LEVELS[item.level]
    return f"prioritetstegn, {item.points} point"


def badge(approval: Approval) -> str:
    """The sign-off status, and a second badge if a scenario failed in the last run."""
    text = STATUS_DA[approval.status].split(":")[0]
    found = f"<span class='badge {approval.status}' data-signoff>{e(text)}</span>"
    if approval.failing:
        found += " <span class='badge failing' data-failing>scenarier fejler</span>"
    return found


def due_words(due: Due) -> tuple[str, str]:
    """When the task is due, short: "inden for 28 dage", "straks"."""
    within = (
        ("straks", "at once")
        if due.days == 0
        else (
            f"inden for {due.days} dage",
            f"within {due.days} days",
        )
    )
    if due.from_event:
        return (
            f"hændelsens dato (hvis forude), ellers {within[0]}",
            f"the event's date (if ahead), else {within[1]}",
        )
    return within


def contents(groups: list[Group]) -> str:
    """The index: one row per rule or signal, family by family."""
    rows = []
    for group in groups:
        rows.append(
            f"<tr class=group><th colspan=7><a href='#gruppe-{e(group.key)}'>{e(group.da)}</a> "
            f"<span class=en>{e(group.en)}</span></th></tr>"
        )
        rows.extend(_row(approval) for approval in group.approvals)
    heads = ("Regel", "Niveau", "Opgave", "Ejer", "Frist", "Scenarier", "Godkendelse")
    head = "".join(f"<th>{h}</th>" for h in heads)
    return (
        "<nav id=contents><h2>Regler og prioritetstegn <span class=en>rules and priority "
        "signals</span></h2><label>Vis <select id=show><option value=all>alle</option>"
        "<option value=blocking>kun dem, der mangler godkendelse</option></select></label>"
        f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></nav>"
    )


def _row(approval: Approval) -> str:
    item = approval.item
    action, owner, due = "-", "-", "-"
    if isinstance(item, Rule):
        if item.task is None:
            action = "ingen opgave"
        else:
            action = ACTIONS[item.task.action]
            owner = OWNER_FIELDS.get(item.task.owner, item.task.owner)
            due = due_words(item.task.due)[0]
    cells = [
        f"<a href='#{e(item.id)}'>{e(item.id)}</a><br>{e(item.title.da)}",
        e(level_words(item)),
        e(action),
        e(owner),
        e(due),
        _results(approval),
        badge(approval),
    ]
    names = ("rule", "level", "action", "owner", "due", "results", "signoff")
    tds = "".join(f"<td data-col={n}>{c}</td>" for n, c in zip(names, cells, strict=True))
    return f"<tr data-rule='{e(item.id)}' data-status={approval.status}>{tds}</tr>"


def _results(approval: Approval) -> str:
    """The scenarios' outcomes in the last run, counted: "7 bestået, 1 fejler"."""
    if not approval.scenarios:
        return "<span class=warning>ingen scenarier</span>"
    counts = Counter(approval.outcomes)
    parts = [
        f"<span class='outcome {outcome.replace(' ', '-')}' "
        f"data-{outcome.replace(' ', '-')}={counts[outcome]}>"
        f"{counts[outcome]} {OUTCOME_DA[outcome]}</span>"
        for outcome in ("passed", "failed", "skipped", "not run")
        if counts[outcome]
    ]
    return ", ".join(parts)
