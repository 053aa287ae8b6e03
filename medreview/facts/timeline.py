"""Days and months from the as-of date: whether a line runs, when it ends, offsets and
calendar months, as the facts give them to the rules engine."""

from __future__ import annotations

from calendar import monthrange
from datetime import date

from medreview.card.data import CardData, CareEpisodeData, MedicationLineData, PeriodData

# Lines that can have been stopped: ended lines that were really given.
ENDED_STATUSES = frozenset({"active", "unknown", "completed", "stopped"})


def is_current(line: MedicationLineData, as_of: date, replaced: set[str]) -> bool:
    """Whether ``line`` is on the card on ``as_of`` (fhir-profile.md, "Current")."""
    if line.status not in ("active", "unknown"):
        return False
    if is_after(line.start, as_of) or _before(line_end(line), as_of):
        return False
    if line.status == "unknown":
        # No status to trust: the dates must say it runs, and nothing may say it ended.
        periods = (line.period,) if _dated(line.period) else line.dosage_periods
        return any(p.covers(as_of) for p in periods) and line.ref not in replaced
    return True


def line_end(line: MedicationLineData) -> date | None:
    """The line's own end date; else the last dosage's, if every dosage ends."""
    if line.period.end is not None:
        return line.period.end
    ends = [p.end for p in line.dosage_periods]
    if ends and all(end is not None for end in ends):
        return max(end for end in ends if end is not None)
    return None


def _dated(period: PeriodData) -> bool:
    return period.start is not None or period.end is not None


def running_episode(card: CardData, setting: str, as_of: date) -> CareEpisodeData | None:
    running = [
        e
        for e in card.episodes
        if e.setting == setting and e.status == "active" and runs_on(e.period, as_of)
    ]
    return min(running, key=lambda e: e.ref) if running else None


def days_from(day: date | None, as_of: date) -> int | None:
    return (day - as_of).days if day is not None else None


def months_from(day: date | None, as_of: date) -> int | None:
    """Calendar months from ``as_of`` to ``day``, rounded up; "12 months" is a calendar span,
    not 365 days (a leap day between would make it 366)."""
    if day is None:
        return None
    months = (day.year - as_of.year) * 12 + day.month - as_of.month
    return months + 1 if day > add_months(as_of, months) else months


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole calendar months; the 31st becomes the last day of a short month."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, monthrange(year, month + 1)[1]))


def is_after(day: date | None, as_of: date) -> bool:
    return day is not None and day > as_of


def _before(day: date | None, as_of: date) -> bool:
    return day is not None and day < as_of


def runs_on(period: PeriodData, as_of: date) -> bool:
    """Started (or no start given) and not yet ended on ``as_of``."""
    return not is_after(period.start, as_of) and not _before(period.end, as_of)


def age_on(birth: date | None, as_of: date) -> int | None:
    if birth is None:
        return None
    return as_of.year - birth.year - ((as_of.month, as_of.day) < (birth.month, birth.day))
