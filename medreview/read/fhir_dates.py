"""FHIR ``date`` and ``dateTime`` values as Danish calendar days.

Every rule counts whole days in Europe/Copenhagen: a stay that ended at
23:30 UTC on 14 June ended on 15 June in Denmark. Partial dates are widened
to the edge that is asked for: ``2026-06`` starts on 1 June and ends on 30 June.

Parsing is strict, as FHIR writes these types: ``YYYY``, ``YYYY-MM``,
``YYYY-MM-DD``, or a full time with seconds and a zone
(``2026-06-15T09:00:00+02:00``). Anything else is a ValueError, so that the fast
reader refuses what the full FHIR validation would refuse.
"""

from __future__ import annotations

import calendar
import functools
from datetime import date, datetime
from zoneinfo import ZoneInfo

COPENHAGEN = ZoneInfo("Europe/Copenhagen")


def today_in_denmark() -> date:
    return datetime.now(COPENHAGEN).date()


def not_a_date(value: object, fhir_type: str) -> str:
    """Why a date element is refused, in the same words whichever reader finds it."""
    shown = repr(value) if len(repr(value)) <= 40 else repr(value)[:37] + "..."
    return f"{shown} is not a FHIR {fhir_type}"


def parse_day(value: str, *, end: bool = False) -> date:
    """The Danish calendar day of a FHIR date or dateTime; ValueError if it is neither."""
    # Only what may be a date is remembered: a caller's megabyte of text is not kept.
    day = _remembered(value, end) if len(value) <= _LONGEST_DATE else _day_of(value, end)
    if day is None:
        raise ValueError(f"{value!r} is not a FHIR date or dateTime")
    return day


# The longest FHIR dateTime: 2026-06-15T09:00:00.123456789+02:00 (nanoseconds).
_LONGEST_DATE = 35


def _day_of(value: str, end: bool) -> date | None:
    """The day, or None if ``value`` is not written as FHIR writes a date or dateTime."""
    length = len(value)
    try:
        if length == 4 and value.isdigit() and value != "0000":
            year = int(value)
            return date(year, 12, 31) if end else date(year, 1, 1)
        if length == 7 and value[4] == "-" and value[:4].isdigit() and value[5:].isdigit():
            year, month = int(value[:4]), int(value[5:])
            return date(year, month, calendar.monthrange(year, month)[1] if end else 1)
        if length == 10 and value[4] == "-" and value[7] == "-":
            return date.fromisoformat(value)
        # A time needs its seconds and a zone: Z or +hh:mm.
        if (
            length >= 20
            and value[10] == "T"
            and value[13] == ":"
            and value[16] == ":"
            and (value[-1] == "Z" or (value[-6] in "+-" and value[-3] == ":"))
        ):
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
            return moment.astimezone(COPENHAGEN).date()
    except ValueError:  # a month 13, a 30 February
        return None
    return None


# A scan reads the same few thousand dates again and again (a population's birthdays,
# the days its lines were started): each is parsed once per process, not once a line.
_remembered = functools.lru_cache(maxsize=16_384)(_day_of)
