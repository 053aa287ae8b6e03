"""What the worklists show beside the assessment: names, age, nursing home, owners' names.

Built in the worker, which has the card, and carried in the scan's spool beside the
assessment: the assessment's keys stay exactly the contract's. It also carries what a
month-to-month comparison needs to say why a task is gone (the reviews done, each line's
status, death, admission, leaving the nursing home). The CPR number travels only masked
(the first six digits).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from medreview.assessment.data import AssessmentData
from medreview.card.data import CardData, PartyData
from medreview.facts.timeline import age_on


def worklist_context(card: CardData, assessment: AssessmentData, as_of: date) -> dict[str, Any]:
    """The patient's worklist context, as JSON-ready data."""
    patient = card.patient
    owners = {task["owner"]["reference"] for task in assessment["tasks"]}
    names: dict[str, str] = {}
    for party in _parties(card):
        if party.reference and party.reference in owners and party.display:
            names.setdefault(party.reference, party.display)
    home = patient.nursing_home
    left = [
        e.period.end.isoformat()
        for e in card.episodes
        if e.setting == "nursing-home" and e.status == "finished" and e.period.end
    ]
    return {
        "name": patient.name,
        "age": age_on(patient.birth_date, as_of),
        "home": {"reference": home.reference, "name": home.name} if home else None,
        "owners": names,
        "reviews": sorted(
            r.day.isoformat() for r in card.reviews if r.status == "completed" and r.day
        ),
        "lines": {line.ref: line.status for line in card.lines},
        "deceased": patient.deceased,
        "admitted": any(stay.status == "in-progress" for stay in card.stays),
        "left_home": max(left, default=None),
    }


def _parties(card: CardData) -> Iterator[PartyData]:
    """Every party the card names, the responsible ones first."""
    if card.gp:
        yield card.gp
    for team in card.care_team_doctors:
        yield team.doctor
    for stay in card.stays:
        if stay.hospital:
            yield stay.hospital
    for line in card.lines:
        if line.prescriber:
            yield line.prescriber
    for visit in card.visits:
        if visit.performer:
            yield visit.performer
    for enrolment in card.dose_dispensing:
        if enrolment.pharmacy:
            yield enrolment.pharmacy
    for episode in card.episodes:
        if episode.organization:
            yield episode.organization
