"""What kind of drug a line gives, by the clinical lists, and the words its messages use.

A line's drug may be habit-forming (``rules/vanedannende-grupper.yaml``: its group, and the
group's reassessment horizon in months) and may be in named drug classes
(``rules/dobbeltbehandling-klasser.yaml``: the NSAIDs that ``DRUG-NSAID-ELDERLY`` reads). The
facts (:func:`medreview.facts.derive._line_facts`) call :func:`drug_kind` for each line; the numbers
and codes are data, and nothing here names a group or a class.

The words are label fields: what is missing about a habit-forming line's reassessment, said
once ("ordinationen har ingen revurderingsdato"), and who the patient is, for the NSAID
message ("en patient på 70 år, der bor på plejehjem").
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from medreview.rules.clinical_lists import ClinicalLists
from medreview.rules.message_format import written_date


@dataclass(frozen=True, slots=True)
class DrugKind:
    """A line's drug as the lists see it (empty when the lists say nothing of it)."""

    habit_forming_group: str | None = None
    horizon_months: int | None = None
    group_name: str = ""
    group_name_en: str = ""
    drug_classes: str = ""  # ",nsaid,": the named classes, each between commas
    gap: str = ""
    gap_en: str = ""


def drug_kind(
    atc: str | None,
    lists: ClinicalLists,
    reassessment: date | None,
    months_ahead: int | None,
    offset: int | None,
) -> DrugKind:
    """The groups and classes of a line's drug, and what its reassessment lacks in words."""
    classes, group = lists.kind_of(atc)
    if group is None:
        return _plain_kind(classes)
    gap, gap_en = _gap(reassessment, months_ahead, offset, group.horizon_months)
    return DrugKind(
        habit_forming_group=group.id,
        horizon_months=group.horizon_months,
        group_name=group.name.da,
        group_name_en=group.name.en,
        drug_classes=classes,
        gap=gap,
        gap_en=gap_en,
    )


@functools.cache
def _plain_kind(classes: str) -> DrugKind:
    """A drug that is not habit-forming: one kind for each set of classes (most lines are
    these, and making a frozen dataclass costs more than finding one)."""
    return DrugKind(drug_classes=classes)


def _gap(
    day: date | None, months_ahead: int | None, offset: int | None, horizon: int
) -> tuple[str, str]:
    """What is wrong with the reassessment date, in Danish and English, said once."""
    if day is None:
        return "ordinationen har ingen revurderingsdato", "the line has no reassessment date"
    da, en = written_date(day, "da"), written_date(day, "en")
    if offset is not None and offset < 0:
        return (
            f"revurderingsdatoen {da} er overskredet",
            f"the reassessment date, {en}, has passed",
        )
    if months_ahead is not None and months_ahead > horizon:
        return (
            f"revurderingsdatoen {da} ligger mere end {horizon} måneder frem",
            f"the reassessment date, {en}, is more than {horizon} months ahead",
        )
    return (
        f"revurderingsdatoen {da} ligger inden for {horizon} måneder",
        f"the reassessment date, {en}, is within {horizon} months",
    )


def course_days(start: date | None, end: date | None) -> int | None:
    """The days a line runs, its first and last day included: a 5-day course from 1 June
    ends 5 June. Unknown without both dates."""
    if start is None or end is None or end < start:
        return None
    return (end - start).days + 1


class _SeesThePatient(Protocol):
    patient_age: int | None
    patient_home_care: bool
    patient_nursing_home: bool


class PatientWords:
    """Who the patient is, in words, to begin a line's message: "En patient på 70 år, der bor
    på plejehjem". A line fact is made before the patient's facts are copied onto it, so the
    words are read from the line when the message is written, not when the line is made."""

    __slots__ = ("_language", "_line")

    def __init__(self, line: _SeesThePatient, language: str = "da") -> None:
        self._line, self._language = line, language

    def __str__(self) -> str:
        age = self._line.patient_age
        home_care = self._line.patient_home_care
        nursing_home = self._line.patient_nursing_home
        if self._language == "en":
            who = f"A patient aged {age}" if age is not None else "A patient (age unknown)"
            if nursing_home:
                return f"{who} who lives in a nursing home"
            return f"{who} in home care" if home_care else who
        # The relative clause is closed by a comma, for the verb follows: "..., der bor på
        # plejehjem, får Ibuprofen".
        who = f"En patient på {age} år" if age is not None else "En patient (alder ukendt)"
        if nursing_home:
            return f"{who}, der bor på plejehjem,"
        return f"{who} i hjemmepleje" if home_care else who

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)

    def __repr__(self) -> str:
        return repr(str(self))
