"""What the worklist pages show, as plain values: owners, nursing homes, tasks, counts.

The pages are made from the scan's rows (:class:`medreview.scan.worklist.Row`) in
one pass per grouping, so that only one page's rows are held at a time.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from medreview.labels_da import ACTIONS, LEVELS, ROLES, SECTORS
from medreview.scan.worklist import Row, worklist_order

PAGE_ROWS = 400  # tasks on one page of an owner's or a nursing home's list (about 300 KB)
_SLUG = re.compile(r"[^a-z0-9]+")


def owner_key(row: Row) -> tuple[str, ...]:
    """One list per person or organisation, whatever role they own a task in."""
    if row.owner_reference:
        return (row.owner_reference,)
    return ("", row.owner_sector, row.owner_role)


def home_key(row: Row) -> tuple[str, str]:
    return (row.nursing_home_reference, row.nursing_home)


def by_owner(row: Row) -> tuple[Any, ...]:
    """The order of the owners' pages: owner, then worklist order."""
    return (owner_key(row), *worklist_order(row))


def by_home(row: Row) -> tuple[Any, ...]:
    return (home_key(row), *worklist_order(row))


def owner_words(row: Row) -> str:
    """ "fast tilknyttet plejehjemslæge Søren Krogh", with the sector where there is no name."""
    role = ROLES.get(row.owner_role, row.owner_role)
    if row.owner_name:
        return f"{role} {row.owner_name}"
    sector = SECTORS.get(row.owner_sector, row.owner_sector)
    return f"{role}, {sector}" + (f" ({row.owner_reference})" if row.owner_reference else "")


def slug(prefix: str, readable: str, identity: str) -> str:
    """A file name that is the same for the same owner or home, month after month."""
    text = readable.split("/")[-1].lower()
    for danish, plain in (("æ", "ae"), ("ø", "oe"), ("å", "aa")):
        text = text.replace(danish, plain)
    words = _SLUG.sub("-", text).strip("-")[:40].strip("-") or "ukendt"
    return f"{prefix}-{words}-{hashlib.sha256(identity.encode()).hexdigest()[:12]}"


def page_name(base: str, page: int) -> str:
    return f"{base}.html" if page == 1 else f"{base}-{page}.html"


@dataclass
class Counts:
    """A list's counts, as the index and the list's own head show them."""

    tasks: int = 0
    required: int = 0
    recommended: int = 0
    overdue: int = 0
    new: int = 0
    open: int = 0
    resolved: int = 0
    patients: set[str] = field(default_factory=set)

    def add(self, row: Row, as_of: str) -> None:
        if row.state == "resolved":
            self.resolved += 1
            return
        self.tasks += 1
        self.patients.add(row.patient)
        self.required += row.level == "required"
        self.recommended += row.level == "recommended"
        self.overdue += row.due < as_of
        self.new += row.state == "new"
        self.open += row.state == "open"


@dataclass
class Listing:
    """One owner's or one nursing home's list, as the index shows it."""

    title: str
    subtitle: str
    base: str  # its first page's file name, without .html
    pages: int = 0
    owner: bool = False  # an owner's list, else a nursing home's
    counts: Counts = field(default_factory=Counts)
    best_priority: int = 6

    @property
    def href(self) -> str:
        return page_name(self.base, 1)


def task_view(row: Row, as_of: str) -> dict[str, Any]:
    """One row as a page shows it; every value is text that the template escapes."""
    patient = row.patient_name or row.patient
    if row.age:
        patient += f", {row.age} år"
    return {
        "priority": row.priority,
        "due": row.due,
        "overdue": row.state != "resolved" and row.due < as_of,
        "patient": patient,
        "patient_ref": row.patient,
        "cpr": f"{row.cpr_masked}-xxxx" if row.cpr_masked else "",
        "home": row.nursing_home,
        "owner": owner_words(row),
        "owner_ref": row.owner_reference,
        "role": ROLES.get(row.owner_role, row.owner_role),
        "task": ACTIONS.get(row.action, row.action),
        "title": row.reason,
        "rule": row.rule,
        "level": row.level,
        "level_words": LEVELS.get(row.level, row.level),
        "message": row.message,
        "why": row.priority_reasons,
        "state": row.state,
        "since": row.since,
        "resolution": row.resolution,
    }


def grouped(rows: Iterable[Row], key: Any, skip: Any = None) -> Iterator[tuple[Any, Iterator[Row]]]:
    """Consecutive rows of one ``key``: the rows come sorted by it."""
    current: Any = object()
    buffer: list[Row] = []
    for row in rows:
        value = key(row)
        if skip is not None and value == skip:
            continue
        if value != current and buffer:
            yield current, iter(buffer)
            buffer = []
        current = value
        buffer.append(row)
    if buffer:
        yield current, iter(buffer)
