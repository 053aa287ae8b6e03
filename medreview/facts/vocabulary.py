"""The fact vocabulary: the fields of each kind of fact, and what each is for.

Every field carries a role:

- ``value``: the rules engine sees it, and rule conditions may test it;
- ``evidence``: resource references a finding cites;
- ``owner``: a party who can own a task;
- ``label``: text for messages (dates, drug names), not seen by the engine.

The field list of each kind is the fact vocabulary: rule files are checked
against it when they load, and ``medreview rules facts`` prints it.
"""

from __future__ import annotations

import dataclasses
import typing
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Literal

from medreview.assessment.owners import TaskOwner
from medreview.rules.clinical_lists import CHRONIC, DUPLICATION

FieldRole = Literal["value", "evidence", "owner", "label"]


FactKind = Literal["patient", "line", "event"]


def _field(
    doc: str, role: FieldRole = "value", default: Any = None, list_name: str | None = None
) -> Any:
    """A fact field; ``list_name``: the clinical list it is derived from, if any."""
    return field(default=default, metadata={"doc": doc, "role": role, "list": list_name})


@dataclass(slots=True)
class PatientFacts:
    """The patient and the whole card, as of the as-of date."""

    ref: str = _field("the Patient", "evidence")
    fixed_drug_count: int = _field(
        "number of different drugs in fixed treatment (distinct ATC or other identity "
        "among current lines that are not as needed and not a time-limited course)",
        default=0,
    )
    current_line_count: int = _field("number of current lines on the card", default=0)
    as_needed_line_count: int = _field("number of current as-needed (PN) lines", default=0)
    dose_dispensed_line_count: int = _field("number of current dose-dispensed lines", default=0)
    age: int | None = _field("age in whole years on the as-of date (absent if unknown)")
    deceased: bool = _field("died on or before the as-of date", default=False)
    has_review: bool = _field(
        "a completed medication review is recorded on or before the as-of date", default=False
    )
    last_review_offset: int | None = _field(
        "days from the as-of date to the last completed medication review (negative; "
        "absent if none)"
    )
    nursing_home_resident: bool = _field("lives in a nursing home on the as-of date", default=False)
    home_care: bool = _field("receives municipal home care on the as-of date", default=False)
    has_nursing_home_doctor: bool = _field(
        "a nursing-home resident who has consented to a fixed nursing-home doctor", default=False
    )
    admitted: bool = _field("an inpatient stay is in progress", default=False)
    active_condition_count: int = _field(
        "number of different active conditions (Condition with clinical status active, "
        "recurrence or relapse, not refuted or entered in error, not abated by the as-of date)",
        default=0,
    )
    chronic_group_count: int = _field(
        "number of different chronic diseases: the groups of the chronic-disease list "
        "(kroniske-sygdomme.yaml) that the active conditions fall in; two diagnoses in one "
        "group are one disease, and a condition in no group does not count",
        default=0,
        list_name=CHRONIC,
    )
    recent_fixed_change_count: int = _field(
        "number of fixed lines started (a new line, or a changed dose) or stopped (an end date) "
        "in the last 30 days, by any sector, and after the last medication review",
        default=0,
    )
    dose_dispensing_active: bool = _field(
        "dose dispensing is running: an active enrolment has started, or a current line is "
        "marked dose-dispensed",
        default=False,
    )
    responsible_doctor_role: str = _field(
        "who holds the medical responsibility for the whole medication: gp, "
        "nursing-home-doctor or admitting-hospital",
        default="gp",
    )
    counted_lines: tuple[str, ...] = _field(
        "the lines counted as fixed treatment", "evidence", default=()
    )
    last_review: str | None = _field("the last completed medication review", "evidence")
    active_conditions: tuple[str, ...] = _field(
        "the active conditions counted", "evidence", default=()
    )
    chronic_conditions: tuple[str, ...] = _field(
        "the active conditions in a chronic-disease group",
        "evidence",
        default=(),
        list_name=CHRONIC,
    )
    recent_fixed_changes: tuple[str, ...] = _field(
        "the fixed lines started or stopped in the last 30 days, after the last review",
        "evidence",
        default=(),
    )
    admission: str | None = _field("the inpatient stay in progress", "evidence")
    dose_dispensing: tuple[str, ...] = _field(
        "what shows dose dispensing is running: the enrolment, else the dose-dispensed lines",
        "evidence",
        default=(),
    )
    nursing_home: str | None = _field("the nursing-home episode", "evidence")
    responsible_doctor: TaskOwner = _field(
        "the admitting hospital during an inpatient stay; else the fixed nursing-home doctor "
        "of a resident who has one; else the GP",
        "owner",
    )
    gp: TaskOwner = _field("the patient's own GP", "owner")
    own_doctor: TaskOwner = _field(
        "the patient's own doctor, whether admitted or not: the fixed nursing-home doctor of a "
        "resident who has one; else the GP",
        "owner",
    )
    nursing_home_doctor: TaskOwner = _field("the fixed nursing-home doctor", "owner")
    admitting_hospital: TaskOwner = _field("the hospital of the stay in progress", "owner")
    dispensing_pharmacy: TaskOwner = _field("the pharmacy that dispenses", "owner")
    municipality: TaskOwner = _field(
        "the municipality giving home care or running the nursing home", "owner"
    )
    last_review_date: str | None = _field("date of the last medication review", "label")
    chronic_group_names: str = _field(
        "the chronic diseases counted, in Danish", "label", default="", list_name=CHRONIC
    )
    chronic_group_names_en: str = _field(
        "the chronic diseases counted, in English", "label", default="", list_name=CHRONIC
    )


@dataclass(slots=True)
class LineFacts:
    """One current line on the card."""

    ref: str = _field("the line (MedicationRequest or MedicationStatement)", "evidence")
    drug: str = _field(
        "the drug's identity: its ATC code, else another code or the text", default=""
    )
    atc: str | None = _field("the ATC code (absent if the line has none)")
    atc_lookup: str | None = _field(
        "for a line whose card gives no ATC code: what medreview did, in Danish: the code it "
        "found from the drug's name in navne/laegemiddelnavne.yaml (then atc holds it), or why "
        "it found none; absent when the card gives an ATC code"
    )
    status: str = _field("the line's FHIR status", default="")
    fixed: bool = _field("counts as fixed treatment", default=False)
    as_needed: bool = _field("as needed (PN)", default=False)
    dosage_specified: bool = _field("the line has at least one dosage", default=False)
    course: str = _field(
        "course of therapy: continuous, acute, seasonal or unspecified", default=""
    )
    dose_dispensed: bool = _field("marked for dose dispensing", default=False)
    start_offset: int | None = _field(
        "days from the as-of date to the day the line was started or its dose changed "
        "(negative: in the past)"
    )
    has_reassessment_date: bool = _field("the line has a reassessment date", default=False)
    reassessment_offset: int | None = _field(
        "days from the as-of date to the line's reassessment date (negative: passed)"
    )
    reassessment_months_ahead: int | None = _field(
        "calendar months from the as-of date to the reassessment date, rounded up: a date "
        "exactly 12 months ahead is 12, the day after is 13 (0 for a date passed this month)"
    )
    prescriber_sector: str = _field("the prescriber's sector", default="unknown")
    atc4: str | None = _field(
        "the ATC level-4 group (the first five characters of the code, e.g. M01AE), absent "
        "without an ATC code"
    )
    duplication_drug_count: int = _field(
        "for a fixed line in a therapeutic duplication: number of different drugs in its "
        "duplication group, itself included (0 if none). The group: the fixed lines linked to it "
        "by a class of dobbeltbehandling-klasser.yaml holding another drug, or by its own "
        "substance on a line from another prescriber",
        default=0,
        list_name=DUPLICATION,
    )
    duplication_prescriber_count: int = _field(
        "number of different prescribers of the lines in its duplication group (0 if none)",
        default=0,
        list_name=DUPLICATION,
    )
    duplication_line_count: int = _field(
        "number of fixed lines in its duplication group (0 if none)",
        default=0,
        list_name=DUPLICATION,
    )
    duplication_lead: bool = _field(
        "the first line (by reference) of its prescriber in its duplication group: the one that "
        "speaks for that prescriber's lines, so that a prescriber gets one task, not one a line",
        default=False,
        list_name=DUPLICATION,
    )
    substance_line_count: int = _field(
        "for a fixed line: number of fixed lines of its drug (the same ATC code, else the same "
        "other identity), itself included; two strengths of one substance are two lines",
        default=0,
    )
    substance_prescriber_count: int = _field(
        "number of different prescribers of the fixed lines of its drug", default=0
    )
    substance_lead: bool = _field(
        "the first fixed line (by reference) of its drug: the one that speaks for them",
        default=False,
    )
    patient_age: int | None = _field("copied from the patient fact's age")
    patient_home_care: bool = _field("copied from the patient fact's home_care", default=False)
    patient_nursing_home: bool = _field(
        "copied from the patient fact's nursing_home_resident", default=False
    )
    habit_forming: bool = _field(
        "the drug is habit-forming: in a group of vanedannende-grupper.yaml",
        default=False,
        list_name="habit-forming-groups",
    )
    habit_forming_group: str | None = _field(
        "the drug's habit-forming group (its id in vanedannende-grupper.yaml, e.g. opioids); "
        "absent if it is not habit-forming",
        list_name="habit-forming-groups",
    )
    habit_forming_horizon_months: int | None = _field(
        "the group's reassessment horizon: a reassessment date more calendar months ahead than "
        "this is too far (absent if the drug is not habit-forming)",
        list_name="habit-forming-groups",
    )
    drug_classes: str = _field(
        "the named classes of dobbeltbehandling-klasser.yaml the drug is in, each between "
        "commas (',nsaid,'; empty if none); a condition matches one with '.*,nsaid,.*'",
        default="",
        list_name=DUPLICATION,
    )
    course_days: int | None = _field(
        "the days the line runs from its start to its end date, both included (a 5-day course "
        "is 5); absent unless the line has both dates"
    )
    medication: str | None = _field("the Medication the line refers to", "evidence")
    duplication_lines: tuple[str, ...] = _field(
        "the fixed lines of its duplication group, this one included",
        "evidence",
        default=(),
        list_name=DUPLICATION,
    )
    substance_lines: tuple[str, ...] = _field(
        "the fixed lines of its drug, this one included", "evidence", default=()
    )
    prescriber: TaskOwner = _field("the line's prescriber", "owner")
    drug_name: str = _field("the drug's name as written", "label", default="")
    duplication_names: str = _field(
        "the drugs of its duplication group, as written", "label", default="", list_name=DUPLICATION
    )
    duplication_own_names: str = _field(
        "the drugs of its duplication group that its own prescriber prescribed",
        "label",
        default="",
        list_name=DUPLICATION,
    )
    duplication_classes: str = _field(
        "what makes them a duplication, in Danish: the classes, or one substance from several "
        "prescribers",
        "label",
        default="",
        list_name=DUPLICATION,
    )
    duplication_classes_en: str = _field(
        "the same, in English", "label", default="", list_name=DUPLICATION
    )
    substance_names: str = _field("the fixed lines of its drug, as written", "label", default="")
    start_date: str | None = _field("date the line was started or changed", "label")
    reassessment_date: str | None = _field("the reassessment date", "label")
    habit_forming_group_name: str = _field(
        "the habit-forming group, in Danish (benzodiazepin, opioid, ADHD-medicin...)",
        "label",
        default="",
        list_name="habit-forming-groups",
    )
    habit_forming_group_name_en: str = _field(
        "the same, in English", "label", default="", list_name="habit-forming-groups"
    )
    reassessment_gap: str = _field(
        "for a habit-forming line, what its reassessment lacks, in Danish: no date, a date beyond "
        "its group's horizon, or a date passed",
        "label",
        default="",
        list_name="habit-forming-groups",
    )
    reassessment_gap_en: str = _field(
        "the same, in English", "label", default="", list_name="habit-forming-groups"
    )
    habit_forming_note: str = _field(
        'for a habit-forming line, a sentence that says so, in Danish (" Lægemidlet er '
        'vanedannende (benzodiazepin).", with its leading space); else empty',
        "label",
        default="",
        list_name="habit-forming-groups",
    )
    habit_forming_note_en: str = _field(
        "the same, in English", "label", default="", list_name="habit-forming-groups"
    )
    patient_words: Any = _field(
        "who the patient is, in Danish, from the age and where they live or get care: "
        '"En patient på 70 år, der bor på plejehjem,"',
        "label",
    )
    patient_words_en: Any = _field("the same, in English", "label")


@dataclass(slots=True)
class EventFacts:
    """One care event a rule may be about."""

    ref: str = _field("the resource recording the event", "evidence")
    type: str = _field(
        "annual-check, outreach-visit, dose-dispensing-start, admission, discharge, "
        "nursing-home-move or home-care-start",
        default="",
    )
    offset: int = _field(
        "days from the as-of date to the event (negative: in the past); for a discharge, "
        "to the discharge day; for a move, to the move-in day",
        default=0,
    )
    status: str = _field("the FHIR status of the resource", default="")
    performer_sector: str = _field("the sector of whoever performs it", default="unknown")
    has_review: bool = _field("copied from the patient fact, so rules need no joins", default=False)
    last_review_offset: int | None = _field("copied from the patient fact")
    last_review: str | None = _field("the last completed medication review", "evidence")
    performer: TaskOwner = _field(
        "who performs it: the performer named (a GP visit without one: the GP); for a "
        "dose-dispensing start, the pharmacy",
        "owner",
    )
    date: str = _field("the event's date", "label", default="")


Fact = PatientFacts | LineFacts | EventFacts


FACT_TYPES: dict[FactKind, type[Any]] = {
    "patient": PatientFacts,
    "line": LineFacts,
    "event": EventFacts,
}


@dataclass(frozen=True, slots=True)
class FieldSpec:
    name: str
    kind: FactKind
    role: FieldRole
    type: Literal["bool", "int", "str", "refs", "owner"]
    doc: str
    list: str | None = None  # the clinical list it is derived from (a rule reading it relies on it)


@cache
def vocabulary(kind: FactKind) -> dict[str, FieldSpec]:
    """The fields a fact of ``kind`` has, in declaration order."""
    fact_type = FACT_TYPES[kind]
    hints = typing.get_type_hints(fact_type)
    specs: dict[str, FieldSpec] = {}
    for item in dataclasses.fields(fact_type):
        specs[item.name] = FieldSpec(
            name=item.name,
            kind=kind,
            role=item.metadata["role"],
            type=_type_name(hints[item.name]),
            doc=item.metadata["doc"],
            list=item.metadata["list"],
        )
    return specs


def _type_name(hint: Any) -> Literal["bool", "int", "str", "refs", "owner"]:
    args = [a for a in typing.get_args(hint) if a is not type(None)] or [hint]
    base = args[0]
    if base is bool:
        return "bool"
    if base is int:
        return "int"
    if base is TaskOwner:
        return "owner"
    if typing.get_origin(base) is tuple:
        return "refs"
    return "str"
