"""FHIR ``date`` and ``dateTime`` values as Danish calendar days.

Every rule counts whole days in Europe/Copenhagen: a stay that ended at
23:30 UTC on 14 June ended on 15 June in Denmark. Partial dates are widened
to the edge that is asked for: ``2026-06`` starts on 1 June and ends on 30 June.
"""

from __future__ import annotations

import calendar
from datetime import date, datetime
from zoneinfo import ZoneInfo

COPENHAGEN = ZoneInfo("Europe/Copenhagen")


def today_in_denmark() -> date:
    return datetime.now(COPENHAGEN).date()


def to_day(value: object, *, end: bool = False) -> date | None:
    """The Danish calendar day of a FHIR date or dateTime; None if absent or unreadable."""
    if not isinstance(value, str) or len(value) < 4:
        return None
    try:
        if len(value) > 10:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
            if moment.tzinfo is not None:
                moment = moment.astimezone(COPENHAGEN)
            return moment.date()
        year = int(value[0:4])
        if len(value) == 4:
            return date(year, 12, 31) if end else date(year, 1, 1)
        month = int(value[5:7])
        if len(value) == 7:
            last = calendar.monthrange(year, month)[1]
            return date(year, month, last) if end else date(year, month, 1)
        return date(year, month, int(value[8:10]))
    except ValueError:
        return None
