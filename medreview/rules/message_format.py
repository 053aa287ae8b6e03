"""How a value is written in a finding's message or a signal's reason, in Danish or English.

A message is a template (``rules/*.yaml``) whose ``{placeholders}`` name fact fields.
What a value becomes is decided here, so that every rule writes it alike:

- a date field (``date``, ``*_date``, ISO in the facts) is written as Danes write it,
  "5. juni 2026" (English: "5 June 2026"); the JSON's own date fields stay ISO;
- an offset (``offset``, ``*_offset``) is a number of days without its sign, for the words
  say which way: "45 dage før vurderingsdatoen";
- a yes-or-no field is "ja" or "nej"; an absent value "ingen", an absent age "ukendt";
- a list of drug names (:class:`Names`) reads "A, B og C" ("A, B and C").

A placeholder may carry a format after a colon:

- ``{n:ental|flertal}``: the number and the word for it, "1 fast lægemiddel" or "7 faste
  lægemidler" from ``{fixed_drug_count:fast lægemiddel|faste lægemidler}`` (0 takes the
  plural, as in Danish and English);
- ``{n:dage}`` and ``{n:days}``: short for ``{n:dag|dage}`` and ``{n:day|days}``;
- ``{offset:relativt}`` and ``{offset:relative}``: "3 dage før vurderingsdatoen", "på
  vurderingsdatoen", "1 dag efter vurderingsdatoen" ("3 days before the evaluation date"...).

:func:`spec_problem` says what is wrong with a format, for the rule loader.
"""

from __future__ import annotations

import functools
import string
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any, Literal

Language = Literal["da", "en"]

_MONTHS_DA = [
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
]
_MONTHS_EN = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
# Numbers a text writes as words (Danish and English style: small numbers in words).
_NUMBER_WORDS = {
    "da": ("nul", "en", "to", "tre", "fire", "fem", "seks", "syv", "otte", "ni", "ti"),
    "en": ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"),
}
_UNKNOWN = {"da": "ingen", "en": "none"}
_YES_NO = {"da": ("ja", "nej"), "en": ("yes", "no")}
_AND = {"da": "og", "en": "and"}
_SHORT_UNITS = {"dage": ("dag", "dage"), "days": ("day", "days")}
# An offset from the evaluation date, in words: (before, on the day, after).
_RELATIVE_SPECS: dict[str, tuple[str, str, str, tuple[str, str]]] = {
    "relativt": (
        "før vurderingsdatoen",
        "på vurderingsdatoen",
        "efter vurderingsdatoen",
        ("dag", "dage"),
    ),
    "relative": (
        "before the evaluation date",
        "on the evaluation date",
        "after the evaluation date",
        ("day", "days"),
    ),
}


def danish_date(day: date) -> str:
    """ "5. juni 2026": no leading zero, the month in lower case."""
    return f"{day.day}. {_MONTHS_DA[day.month - 1]} {day.year}"


def english_date(day: date) -> str:
    """ "5 June 2026"."""
    return f"{day.day} {_MONTHS_EN[day.month - 1]} {day.year}"


def written_date(day: date, language: Language = "da") -> str:
    return danish_date(day) if language == "da" else english_date(day)


def counted(count: int, one: str, many: str) -> str:
    """ "1 fast lægemiddel", "2 faste lægemidler", "0 faste lægemidler"."""
    return f"{count} {one if count == 1 else many}"


def inside_sentence(name: str) -> str:
    """A name as it stands inside a sentence: "Opioider" is "opioider", "Dobbelt RAS-blokade"
    "dobbelt RAS-blokade"; an abbreviation keeps its capitals ("NSAID")."""
    return name[0].lower() + name[1:] if name[1:2].islower() else name


class Names(str):
    """Drug names as written, listed: "A, B" as a string (what Python code reads), and in a
    message "A, B og C" in Danish, "A, B and C" in English.

    ``whole``: the names are all of a group a message has named already (the drugs of a
    duplication, all prescribed by this prescriber); the message then says "begge" or "alle
    tre" ("both", "all three") instead of naming them again.
    """

    items: tuple[str, ...]
    whole: bool

    def __new__(cls, items: Iterable[str], whole: bool = False) -> Names:
        listed = tuple(items)
        names = super().__new__(cls, ", ".join(listed))
        names.items, names.whole = listed, whole
        return names

    def __getnewargs__(self) -> tuple[tuple[str, ...], bool]:  # type: ignore[override]
        return self.items, self.whole

    def written(self, language: Language) -> str:
        count = len(self.items)
        if self.whole and count >= 2:
            if count == 2:
                return "begge" if language == "da" else "both"
            words = _NUMBER_WORDS[language]
            return f"{'alle' if language == 'da' else 'all'} {_number(count, words)}"
        if count <= 1:
            return "".join(self.items)
        return f"{', '.join(self.items[:-1])} {_AND[language]} {self.items[-1]}"


def _number(count: int, words: tuple[str, ...]) -> str:
    return words[count] if count < len(words) else str(count)


def spec_problem(spec: str) -> str | None:
    """What is wrong with a placeholder's format, or None: the formats of this module."""
    if spec in ("", *_SHORT_UNITS, *_RELATIVE_SPECS):
        return None
    one, bar, many = spec.partition("|")
    if bar and one.strip() and many.strip() and "|" not in many:
        return None
    return (
        "the formats are :ental|flertal (e.g. :fast lægemiddel|faste lægemidler), :dage, "
        ":days, :relativt and :relative"
    )


def render(template: str, value_of: Callable[[str], Any], language: Language = "da") -> str:
    """``template`` with each placeholder written in ``language``; ``value_of`` gives a
    field's value by name (rule loading has checked the names and the formats)."""
    return "".join(
        text + (_written(name, value_of(name), spec, language) if name is not None else "")
        for text, name, spec in parsed(template)
    )


@functools.cache
def parsed(template: str) -> tuple[tuple[str, str | None, str], ...]:
    """A template, parsed once: (text before, placeholder name or None, format)."""
    return tuple(
        (text, name, spec or "") for text, name, spec, _ in string.Formatter().parse(template)
    )


def _written(name: str, value: Any, spec: str, language: Language) -> str:
    if value is None:  # "seneste: ingen", but "alder: ukendt": everyone has an age
        if name == "age" or name.endswith("_age"):
            return "ukendt" if language == "da" else "unknown"
        return _UNKNOWN[language]
    if isinstance(value, bool):
        yes, no = _YES_NO[language]
        return yes if value else no
    if isinstance(value, int) and spec in _RELATIVE_SPECS:
        before, on, after, units = _RELATIVE_SPECS[spec]
        if value == 0:
            return on
        return f"{counted(abs(value), *units)} {before if value < 0 else after}"
    if isinstance(value, int):
        if name == "offset" or name.endswith("_offset"):
            value = abs(value)  # "for 400 dage siden": the sign is in the words
        if spec in _SHORT_UNITS:
            return counted(value, *_SHORT_UNITS[spec])
        if spec:
            one, _, many = spec.partition("|")
            return counted(value, one.strip(), many.strip())
        return str(value)
    if isinstance(value, Names):
        return value.written(language)
    if isinstance(value, date):
        return written_date(value, language)
    if isinstance(value, str) and (name == "date" or name.endswith("_date")):
        return written_date(date.fromisoformat(value), language)
    if isinstance(value, tuple):
        return ", ".join(value)
    return format(value, spec)
