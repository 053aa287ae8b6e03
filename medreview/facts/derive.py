"""The facts the rules read, derived from a :class:`Card` as of one day.

Three kinds of fact (facts/vocabulary.py): one ``patient`` fact (the whole card and the
patient's situation), one ``line`` fact per current line on the card (facts/lines.py),
and one ``event`` fact per care event that a rule may be about (a booked annual check, a
dose-dispensing start, a discharge...). Dates become whole-day offsets from the as-of date
(negative: in the past), because the rules engine compares numbers, not dates
(facts/timeline.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from functools import cache

from medreview.assessment.owners import Role, TaskOwner, owner_of
from medreview.card.data import CardData, DiagnosisData, PartyData, data_of_card
from medreview.card.model import Card
from medreview.facts.factset import FactSet
from medreview.facts.lines import duplication_groups, facts_of_line, same_substance_lines
from medreview.facts.timeline import (
    ENDED_STATUSES,
    age_on,
    is_after,
    is_current,
    line_end,
    running_episode,
    runs_on,
)
from medreview.facts.vocabulary import EventFacts, LineFacts, PatientFacts
from medreview.rules.clinical_lists import ChronicDiseaseGroups, ChronicGroup, ClinicalLists
from medreview.rules.message_format import inside_sentence

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


def derive_facts(card: Card | CardData, as_of: date, lists: ClinicalLists | None = None) -> FactSet:
    """The facts of ``card`` on ``as_of``, with the clinical lists of a rule directory
    (``RuleSet.lists``); without them, the lists shipped with medreview."""
    if isinstance(card, Card):  # the public model, from a library user: read as the data
        card = data_of_card(card)
    if lists is None:
        lists = shipped_lists()
    replaced = {line.replaces for line in card.lines if line.replaces}
    current = [line for line in card.lines if is_current(line, as_of, replaced)]
    prescribers: dict[int, TaskOwner] = {}  # a card names the same few prescribers
    line_facts = tuple(facts_of_line(line, as_of, prescribers, lists) for line in current)
    fixed_lines = [facts for facts in line_facts if facts.fixed]
    counted = tuple(sorted({facts.drug for facts in fixed_lines}))
    same_substance_lines(fixed_lines)
    duplication_groups(fixed_lines, lists)

    reviews = sorted(
        (r.day, r.ref) for r in card.reviews if r.status == "completed" and r.day and r.day <= as_of
    )
    last_review_day, last_review = reviews[-1] if reviews else (None, None)
    last_review_offset = (last_review_day - as_of).days if last_review_day else None

    nursing_home = running_episode(card, "nursing-home", as_of)
    home_care_episode = running_episode(card, "home-care", as_of)
    stays_in_progress = sorted(
        (
            s
            for s in card.stays
            if s.status == "in-progress" and not is_after(s.period.start, as_of)
        ),
        key=lambda s: (s.period.start or date.min, s.ref),
    )
    stay = stays_in_progress[-1] if stays_in_progress else None
    nursing_home_doctor = next(
        (
            d
            for d in sorted(card.care_team_doctors, key=lambda d: d.ref)
            if d.status == "active" and runs_on(d.period, as_of)
        ),
        None,
    )
    enrolments = [
        e
        for e in card.dose_dispensing
        if e.status == "active" and e.period.start is not None and runs_on(e.period, as_of)
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
    municipality_party: PartyData | None = None
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
        age=age_on(card.patient.birth_date, as_of),
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
        # Inside the message's sentence: "(KOL, forhøjet blodtryk)".
        chronic_group_names=", ".join(inside_sentence(g.name.da) for g in chronic_groups),
        chronic_group_names_en=", ".join(inside_sentence(g.name.en) for g in chronic_groups),
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


def _chronic(
    conditions: list[DiagnosisData], groups: ChronicDiseaseGroups | None
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


def _is_active(condition: DiagnosisData, as_of: date) -> bool:
    return (
        condition.clinical_status in ACTIVE_CONDITION_STATUSES
        and condition.verification_status in _COUNTED_VERIFICATIONS
        and not is_after(condition.onset, as_of)
        and not (condition.abated is not None and condition.abated <= as_of)
    )


def _distinct_diagnoses(conditions: list[DiagnosisData]) -> int:
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
    card: CardData,
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
        if line.ref in current_refs or line.ref in replaced or line.status not in ENDED_STATUSES:
            continue
        if line.as_needed or line.course == "acute":
            continue
        end = line_end(line)
        if end is not None and since <= end <= as_of and not is_after(line.start, end):
            stopped.add(line.ref)
    return tuple(sorted(started | stopped))


def _events(
    card: CardData, as_of: date, patient: PatientFacts, gp: TaskOwner
) -> Iterable[EventFacts]:
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
