"""The facts the rules read, derived from a :class:`Card` as of one day.

Three kinds of fact, each a small record: one ``patient`` fact (the whole card
and the patient's situation), one ``line`` fact per current line on the card,
and one ``event`` fact per care event that a rule may be about (a booked
annual check, a dose-dispensing start, a discharge...). Dates become whole-day
offsets from the as-of date (negative: in the past), because the rules engine
compares numbers, not dates.

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
from calendar import monthrange
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from typing import Any, Literal

from medreview.assessment.owners import Role, TaskOwner, owner_of
from medreview.card.model import Card, CareEpisode, Diagnosis, MedicationLine, Party, Period
from medreview.rules.clinical_lists import (
    ATC4_KEY,
    CHRONIC,
    DUPLICATION,
    ChronicDiseaseGroups,
    ChronicGroup,
    ClinicalLists,
    DuplicationClasses,
)

FieldRole = Literal["value", "evidence", "owner", "label"]

# Event facts cover the year before and after the as-of date; older or later events
# are read but not given to the rules (a Synthea history holds decades of stays).
EVENT_WINDOW_DAYS = 366
# "Recent" changes to the fixed medication: started or stopped in the last 30 days.
RECENT_CHANGE_DAYS = 30
# A Condition counts as active with these clinical statuses (FHIR R4 condition-clinical),
# unless its verification status says it was refuted or entered in error.
ACTIVE_CONDITION_STATUSES = frozenset({"active", "recurrence", "relapse"})
# Only a confirmed diagnosis, or one whose verification is not stated, counts as a disease:
# an unconfirmed, provisional or differential one is a suspicion.
_COUNTED_VERIFICATIONS = frozenset({"confirmed", None})
# Lines that can have been stopped: ended lines that were really given.
_ENDED_STATUSES = frozenset({"active", "unknown", "completed", "stopped"})
FactKind = Literal["patient", "line", "event"]


def _field(
    doc: str, role: FieldRole = "value", default: Any = None, list_name: str | None = None
) -> Any:
    """A fact field; ``list_name``: the clinical list it is derived from, if any."""
    return field(default=default, metadata={"doc": doc, "role": role, "list": list_name})


# Facts are read-only by convention, not frozen: a frozen dataclass takes three times as
# long to build, and a scan builds a dozen facts per patient.


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


def engine_message(fact: Fact, fields: tuple[str, ...]) -> dict[str, Any]:
    """The dict the rules engine sees: the ``fields`` of ``fact`` that are set.

    The engine is given only the fields its rules read: every other field would
    cost serialising and indexing for nothing.
    """
    message: dict[str, Any] = {}
    for name in fields:
        value = getattr(fact, name)
        if value is not None:
            message[name] = value
    return message


@dataclass(frozen=True, slots=True)
class FactSet:
    """Everything the rules see about one patient on one day."""

    as_of: date
    patient: PatientFacts
    lines: tuple[LineFacts, ...]
    events: tuple[EventFacts, ...]
    counted_drugs: tuple[str, ...]

    def all(self) -> Iterable[tuple[FactKind, Fact]]:
        yield "patient", self.patient
        for line in self.lines:
            yield "line", line
        for event in self.events:
            yield "event", event


# --- derivation --------------------------------------------------------------------


def derive_facts(card: Card, as_of: date, lists: ClinicalLists | None = None) -> FactSet:
    """The facts of ``card`` on ``as_of``, with the clinical lists of a rule directory
    (``RuleSet.lists``); without them, the lists shipped with medreview."""
    if lists is None:
        lists = shipped_lists()
    replaced = {line.replaces for line in card.lines if line.replaces}
    current = [line for line in card.lines if is_current(line, as_of, replaced)]
    prescribers: dict[int, TaskOwner] = {}  # a card names the same few prescribers
    line_facts = tuple(_line_facts(line, as_of, prescribers, lists) for line in current)
    fixed_lines = [facts for facts in line_facts if facts.fixed]
    counted = tuple(sorted({facts.drug for facts in fixed_lines}))
    _same_substance(fixed_lines)
    if lists.duplication is not None:
        _duplications(fixed_lines, lists.duplication)

    reviews = sorted(
        (r.day, r.ref) for r in card.reviews if r.status == "completed" and r.day and r.day <= as_of
    )
    last_review_day, last_review = reviews[-1] if reviews else (None, None)
    last_review_offset = (last_review_day - as_of).days if last_review_day else None

    nursing_home = _running_episode(card, "nursing-home", as_of)
    home_care_episode = _running_episode(card, "home-care", as_of)
    stays_in_progress = sorted(
        (s for s in card.stays if s.status == "in-progress" and not _after(s.period.start, as_of)),
        key=lambda s: (s.period.start or date.min, s.ref),
    )
    stay = stays_in_progress[-1] if stays_in_progress else None
    nursing_home_doctor = next(
        (
            d
            for d in sorted(card.care_team_doctors, key=lambda d: d.ref)
            if d.status == "active" and _runs(d.period, as_of)
        ),
        None,
    )
    enrolments = [
        e
        for e in card.dose_dispensing
        if e.status == "active" and e.period.start is not None and _runs(e.period, as_of)
    ]
    dispensed_lines = [f.ref for f in line_facts if f.dose_dispensed]
    pharmacy = next(
        (e.pharmacy for e in sorted(card.dose_dispensing, key=lambda e: e.ref) if e.pharmacy), None
    )

    gp = owner_of(card.gp, "gp")
    nh_doctor = owner_of(
        nursing_home_doctor.doctor if nursing_home_doctor else None, "nursing-home-doctor"
    )
    hospital = owner_of(stay.hospital if stay else None, "admitting-hospital")
    responsible: TaskOwner
    if stay is not None:
        responsible = hospital
    elif nursing_home is not None and nursing_home_doctor is not None:
        responsible = nh_doctor
    else:
        responsible = gp
    municipality_party: Party | None = None
    for episode in (nursing_home, home_care_episode):
        if episode is not None and episode.organization is not None:
            municipality_party = episode.organization
            break

    active_conditions = [c for c in card.conditions if _is_active(c, as_of)]
    chronic, chronic_groups = _chronic(active_conditions, lists.chronic)
    # The annual overview's doctor: not the ward during a stay (003, "Skabelon-kontroller").
    own_doctor = nh_doctor if nursing_home is not None and nursing_home_doctor is not None else gp
    changes = _recent_fixed_changes(card, as_of, line_facts, replaced, last_review_day)

    deceased = card.patient.deceased and (
        card.patient.deceased_date is None or card.patient.deceased_date <= as_of
    )
    patient = PatientFacts(
        ref=card.patient.ref,
        fixed_drug_count=len(counted),
        current_line_count=len(line_facts),
        as_needed_line_count=sum(1 for f in line_facts if f.as_needed),
        dose_dispensed_line_count=len(dispensed_lines),
        age=_age(card.patient.birth_date, as_of),
        deceased=deceased,
        has_review=last_review is not None,
        last_review_offset=last_review_offset,
        nursing_home_resident=nursing_home is not None,
        home_care=home_care_episode is not None,
        has_nursing_home_doctor=nursing_home is not None and nursing_home_doctor is not None,
        admitted=stay is not None,
        active_condition_count=_distinct_diagnoses(active_conditions),
        chronic_group_count=len(chronic_groups),
        recent_fixed_change_count=len(changes),
        dose_dispensing_active=bool(enrolments or dispensed_lines),
        responsible_doctor_role=responsible.role,
        counted_lines=tuple(sorted(f.ref for f in fixed_lines)),
        last_review=last_review,
        active_conditions=tuple(sorted(c.ref for c in active_conditions)),
        chronic_conditions=chronic,
        recent_fixed_changes=changes,
        admission=stay.ref if stay else None,
        dose_dispensing=tuple(sorted(e.ref for e in enrolments)) or tuple(sorted(dispensed_lines)),
        nursing_home=nursing_home.ref if nursing_home else None,
        responsible_doctor=responsible,
        gp=gp,
        own_doctor=own_doctor,
        nursing_home_doctor=nh_doctor,
        admitting_hospital=hospital,
        dispensing_pharmacy=owner_of(pharmacy, "dispensing-pharmacy"),
        municipality=owner_of(municipality_party, "home-care"),
        last_review_date=last_review_day.isoformat() if last_review_day else None,
        chronic_group_names=", ".join(g.name.da for g in chronic_groups),
        chronic_group_names_en=", ".join(g.name.en for g in chronic_groups),
    )
    for line_fact in line_facts:
        line_fact.patient_age = patient.age
        line_fact.patient_home_care = patient.home_care
        line_fact.patient_nursing_home = patient.nursing_home_resident
    events = tuple(
        sorted(
            (e for e in _events(card, as_of, patient, gp) if abs(e.offset) <= EVENT_WINDOW_DAYS),
            key=lambda e: (e.type, e.offset, e.ref),
        )
    )
    return FactSet(
        as_of=as_of, patient=patient, lines=line_facts, events=events, counted_drugs=counted
    )


def is_current(line: MedicationLine, as_of: date, replaced: set[str]) -> bool:
    """Whether ``line`` is on the card on ``as_of`` (fhir-profile.md, "Current")."""
    if line.status not in ("active", "unknown"):
        return False
    if _after(line.start, as_of) or _before(line_end(line), as_of):
        return False
    if line.status == "unknown":
        # No status to trust: the dates must say it runs, and nothing may say it ended.
        periods = (line.period,) if _dated(line.period) else line.dosage_periods
        return any(p.covers(as_of) for p in periods) and line.ref not in replaced
    return True


def line_end(line: MedicationLine) -> date | None:
    """The line's own end date; else the last dosage's, if every dosage ends."""
    if line.period.end is not None:
        return line.period.end
    ends = [p.end for p in line.dosage_periods]
    if ends and all(end is not None for end in ends):
        return max(end for end in ends if end is not None)
    return None


def _dated(period: Period) -> bool:
    return period.start is not None or period.end is not None


def _line_facts(
    line: MedicationLine,
    as_of: date,
    prescribers: dict[int, TaskOwner],
    lists: ClinicalLists | None = None,
) -> LineFacts:
    """One current line's facts; ``lists``: the rule directory's clinical lists (without
    them, the lists shipped with medreview)."""
    from medreview.facts.drug_groups import PatientWords, course_days, drug_kind

    course = line.course or "unspecified"
    prescriber = prescribers.get(id(line.prescriber))
    if prescriber is None:
        prescriber = prescribers[id(line.prescriber)] = owner_of(line.prescriber, "prescriber")
    reassessment_offset = _offset(line.reassessment_date, as_of)
    months_ahead = _months_ahead(line.reassessment_date, as_of)
    kind = drug_kind(
        line.drug.atc,
        lists if lists is not None else shipped_lists(),
        line.reassessment_date,
        months_ahead,
        reassessment_offset,
    )
    facts = LineFacts(
        ref=line.ref,
        drug=line.drug.identity,
        atc=line.drug.atc,
        atc_lookup=line.drug.lookup.note if line.drug.lookup else None,
        status=line.status,
        fixed=not line.as_needed and course != "acute",
        as_needed=line.as_needed,
        dosage_specified=line.dosage_count > 0,
        course=course,
        dose_dispensed=line.dose_dispensed,
        start_offset=_offset(line.start, as_of),
        has_reassessment_date=line.reassessment_date is not None,
        reassessment_offset=reassessment_offset,
        reassessment_months_ahead=months_ahead,
        prescriber_sector=line.prescriber.sector if line.prescriber else "unknown",
        atc4=line.drug.atc[:5] if line.drug.atc and len(line.drug.atc) >= 5 else None,
        medication=line.medication_ref,
        prescriber=prescriber,
        drug_name=line.drug.name or line.drug.identity,
        start_date=line.start.isoformat() if line.start else None,
        reassessment_date=line.reassessment_date.isoformat() if line.reassessment_date else None,
        habit_forming=kind.habit_forming_group is not None,
        habit_forming_group=kind.habit_forming_group,
        habit_forming_horizon_months=kind.horizon_months,
        drug_classes=kind.drug_classes,
        course_days=course_days(line.start, line_end(line)),
        habit_forming_group_name=kind.group_name,
        habit_forming_group_name_en=kind.group_name_en,
        reassessment_gap=kind.gap,
        reassessment_gap_en=kind.gap_en,
    )
    # Read when a message is written: the patient's facts are copied onto the line later.
    facts.patient_words = PatientWords(facts)
    facts.patient_words_en = PatientWords(facts, "en")
    return facts


def _same_substance(fixed_lines: list[LineFacts]) -> None:
    """Tell each fixed line which fixed lines give its drug, and by how many prescribers.

    For the count, two strengths of one substance are one drug; for safety, two current
    lines of it are a finding (DRUG-SAME-SUBSTANCE-LINES, DRUG-THERAPEUTIC-DUPLICATION).
    """
    from medreview.rules.message_format import Names  # "A, B og C" in a message

    by_drug: dict[str, list[LineFacts]] = {}
    for line in fixed_lines:
        by_drug.setdefault(line.drug, []).append(line)
    for members in by_drug.values():
        members.sort(key=lambda member: member.ref)
        refs = tuple(member.ref for member in members)
        names = Names(member.drug_name for member in members)
        prescribers = len({_prescriber_key(member) for member in members})
        for member in members:
            member.substance_line_count = len(members)
            member.substance_prescriber_count = prescribers
            member.substance_lines = refs
            member.substance_names = names
        members[0].substance_lead = True


def _prescriber_key(line: LineFacts) -> tuple[str, str]:
    """Who prescribed a line; lines whose prescriber is not recorded share one unknown key."""
    return (line.prescriber.reference or "", line.prescriber.sector)


def _duplications(fixed_lines: list[LineFacts], classes: DuplicationClasses) -> None:
    """Find the duplication groups among the fixed lines and tell each member about its group.

    Two lines are linked when a class holds both and at least two different drugs, or when
    they give one drug and the drug's lines come from more than one prescriber. A group is
    what the links join (a line in two overlapping classes joins them): one finding and one
    task for each prescriber in it, however many of its lines that prescriber has.
    """
    links: list[tuple[str, list[int]]] = []  # (class key or "substance:<drug>", members)
    by_class: dict[str, list[int]] = {}
    by_drug: dict[str, list[int]] = {}
    for number, line in enumerate(fixed_lines):
        for key in classes.classes_of(line.atc):
            by_class.setdefault(key, []).append(number)
        by_drug.setdefault(line.drug, []).append(number)
    for key, members in by_class.items():
        if len({fixed_lines[n].drug for n in members}) >= 2:
            links.append((key, members))
    for drug, members in by_drug.items():
        if len({_prescriber_key(fixed_lines[n]) for n in members}) >= 2:
            links.append(("substance:" + drug, members))
    if not links:
        return
    parent = list(range(len(fixed_lines)))

    def root(number: int) -> int:
        while parent[number] != number:
            parent[number] = parent[parent[number]]
            number = parent[number]
        return number

    for _, members in links:
        for other in members[1:]:
            parent[root(other)] = root(members[0])
    groups: dict[int, list[tuple[str, list[int]]]] = {}
    for link in links:
        groups.setdefault(root(link[1][0]), []).append(link)
    for group_links in groups.values():
        members = sorted(
            {n for _, link_members in group_links for n in link_members},
            key=lambda n: fixed_lines[n].ref,
        )
        _describe_group([fixed_lines[n] for n in members], _link_names(group_links, classes))


def _link_names(links: list[tuple[str, list[int]]], classes: DuplicationClasses) -> tuple[str, str]:
    """What makes a group a duplication, in Danish and English, as it stands inside a
    sentence: "ATC-gruppen A02BC, protonpumpehæmmere", "NSAID", "samme stof C10AA05 fra flere
    ordinerende". A class whose lines another class of the group also holds says nothing
    more (ATC group M01AE within the NSAIDs)."""
    from medreview.facts.atc_groups import names_beside  # the group names are data
    from medreview.rules.message_format import inside_sentence

    groups = names_beside(classes.file)
    sets = [(key, set(members)) for key, members in links]
    da: list[str] = []
    en: list[str] = []
    for key, members in sets:
        if key.startswith("substance:"):
            drug = key.removeprefix("substance:")
            da.append(f"samme stof {drug} fra flere ordinerende")
            en.append(f"one substance, {drug}, from several prescribers")
            continue
        covered = any(
            not other.startswith("substance:")
            and other != key
            and members <= other_members
            and (members < other_members or key.startswith(ATC4_KEY))
            for other, other_members in sets
        )
        if covered:
            continue
        if key.startswith(ATC4_KEY):
            code = key.removeprefix(ATC4_KEY)
            da.append(groups.describe(code, "da"))
            en.append(groups.describe(code, "en"))
        else:
            name = classes.name(key)
            da.append(inside_sentence(name.da))
            en.append(inside_sentence(name.en))
    return "; ".join(da), "; ".join(en)


def _describe_group(members: list[LineFacts], names: tuple[str, str]) -> None:
    from medreview.rules.message_format import Names  # "A, B og C", or "begge" for all of them

    refs = tuple(member.ref for member in members)
    drugs = len({member.drug for member in members})
    drug_names = Names(member.drug_name for member in members)
    by_prescriber: dict[tuple[str, str], list[LineFacts]] = {}
    for member in members:
        by_prescriber.setdefault(_prescriber_key(member), []).append(member)
    for own in by_prescriber.values():
        own_names = Names((member.drug_name for member in own), whole=len(own) == len(members))
        for member in own:
            member.duplication_drug_count = drugs
            member.duplication_prescriber_count = len(by_prescriber)
            member.duplication_line_count = len(members)
            member.duplication_lines = refs
            member.duplication_names = drug_names
            member.duplication_own_names = own_names
            member.duplication_classes, member.duplication_classes_en = names
        own[0].duplication_lead = True  # members are sorted by reference


def _chronic(
    conditions: list[Diagnosis], groups: ChronicDiseaseGroups | None
) -> tuple[tuple[str, ...], tuple[ChronicGroup, ...]]:
    """The conditions in a chronic-disease group, and the groups, in the list's order."""
    if groups is None:
        return (), ()
    found: set[str] = set()
    counted: list[str] = []
    for condition in conditions:
        hits = groups.groups_of(condition.codes)
        if hits:
            found |= hits
            counted.append(condition.ref)
    return tuple(sorted(counted)), groups.order(found)


@cache
def shipped_lists() -> ClinicalLists:
    """The clinical lists of the rule set shipped with medreview (read once per process)."""
    from medreview.rules.ruleset import load_ruleset  # the rule set imports the fact vocabulary

    return load_ruleset().lists


def _is_active(condition: Diagnosis, as_of: date) -> bool:
    return (
        condition.clinical_status in ACTIVE_CONDITION_STATUSES
        and condition.verification_status in _COUNTED_VERIFICATIONS
        and not _after(condition.onset, as_of)
        and not (condition.abated is not None and condition.abated <= as_of)
    )


def _distinct_diagnoses(conditions: list[Diagnosis]) -> int:
    """How many different diagnoses: two Conditions sharing any coding are one diagnosis."""
    seen: set[str] = set()
    count = 0
    for condition in sorted(conditions, key=lambda c: c.ref):
        keys = set(condition.codes) or {condition.identity}
        if not keys & seen:
            count += 1
        seen |= keys
    return count


def _recent_fixed_changes(
    card: Card,
    as_of: date,
    current: tuple[LineFacts, ...],
    replaced: set[str],
    last_review_day: date | None,
) -> tuple[str, ...]:
    """Fixed lines started, or stopped with a dated end, in the last 30 days and after the
    last medication review.

    A changed dose is a new line replacing the old one: it counts once, as the new
    line's start, not also as the old line's stop. A change on the day of a review
    is the review's own (reviews end in changes), so the review covers it.
    """
    since = as_of - timedelta(days=RECENT_CHANGE_DAYS)
    if last_review_day is not None and last_review_day >= since:
        since = last_review_day + timedelta(days=1)
    earliest_offset = (since - as_of).days
    started = {
        f.ref
        for f in current
        if f.fixed and f.start_offset is not None and earliest_offset <= f.start_offset <= 0
    }
    current_refs = {f.ref for f in current}
    stopped = set()
    for line in card.lines:
        if line.ref in current_refs or line.ref in replaced or line.status not in _ENDED_STATUSES:
            continue
        if line.as_needed or line.course == "acute":
            continue
        end = line_end(line)
        if end is not None and since <= end <= as_of and not _after(line.start, end):
            stopped.add(line.ref)
    return tuple(sorted(started | stopped))


def _events(card: Card, as_of: date, patient: PatientFacts, gp: TaskOwner) -> Iterable[EventFacts]:
    def event(ref: str, kind: str, day: date, status: str, performer: TaskOwner) -> EventFacts:
        return EventFacts(
            ref=ref,
            type=kind,
            offset=(day - as_of).days,
            status=status,
            performer_sector=performer.sector,
            has_review=patient.has_review,
            last_review_offset=patient.last_review_offset,
            last_review=patient.last_review,
            performer=performer,
            date=day.isoformat(),
        )

    for visit in card.visits:
        held = visit.status in ("finished", "in-progress")
        booked = visit.resource_type == "Appointment" and visit.status == "booked"
        if visit.day is None or not (held or booked):
            continue
        if visit.performer is None:
            performer = gp  # 0120 and 0121 are general-practice fees: by default, the GP's
        else:
            role: Role = "gp" if visit.performer.sector == "general-practice" else "prescriber"
            performer = owner_of(visit.performer, role)
        kind = "annual-check" if visit.fee_code == "0120" else "outreach-visit"
        yield event(visit.ref, kind, visit.day, visit.status, performer)
    for enrolment in card.dose_dispensing:
        if enrolment.status == "active" and enrolment.period.start is not None:
            pharmacy = owner_of(enrolment.pharmacy, "dispensing-pharmacy")
            yield event(
                enrolment.ref,
                "dose-dispensing-start",
                enrolment.period.start,
                enrolment.status,
                pharmacy,
            )
    for stay in card.stays:
        hospital = owner_of(stay.hospital, "admitting-hospital")
        if stay.status == "in-progress" and stay.period.start is not None:
            yield event(stay.ref, "admission", stay.period.start, stay.status, hospital)
        if stay.status == "finished" and stay.period.end is not None:
            yield event(stay.ref, "discharge", stay.period.end, stay.status, hospital)
    for episode in card.episodes:
        if episode.status == "active" and episode.period.start is not None:
            kind = "nursing-home-move" if episode.setting == "nursing-home" else "home-care-start"
            municipality = owner_of(episode.organization, "home-care")
            yield event(episode.ref, kind, episode.period.start, episode.status, municipality)


def _running_episode(card: Card, setting: str, as_of: date) -> CareEpisode | None:
    running = [
        e
        for e in card.episodes
        if e.setting == setting and e.status == "active" and _runs(e.period, as_of)
    ]
    return min(running, key=lambda e: e.ref) if running else None


def _offset(day: date | None, as_of: date) -> int | None:
    return (day - as_of).days if day is not None else None


def _months_ahead(day: date | None, as_of: date) -> int | None:
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


def _after(day: date | None, as_of: date) -> bool:
    return day is not None and day > as_of


def _before(day: date | None, as_of: date) -> bool:
    return day is not None and day < as_of


def _runs(period: Period, as_of: date) -> bool:
    """Started (or no start given) and not yet ended on ``as_of``."""
    return not _after(period.start, as_of) and not _before(period.end, as_of)


def _age(birth: date | None, as_of: date) -> int | None:
    if birth is None:
        return None
    return as_of.year - birth.year - ((as_of.month, as_of.day) < (birth.month, birth.day))
