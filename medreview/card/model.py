"""The patient's card and care events, as medreview understands them.

A small typed model with no dependency on fhir.resources: every reader (the
full-validation reader here, a faster one for batch scans) produces it, and
everything after it (facts, rules, assessment) reads only this. It records what
the input says, without judging it; whether a line is current or fixed depends
on the as-of date and is decided in :mod:`medreview.facts.derive`.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict

Sector = Literal[
    "general-practice", "specialist-practice", "hospital", "municipality", "pharmacy", "unknown"
]


class _Model(BaseModel):
    # extra keys are ignored, not refused: refusing costs a third of the validation, and
    # tests/card/test_card.py checks that the card reader writes only the fields there are.
    model_config = ConfigDict(frozen=True)


class Party(_Model):
    """Someone who can own a task: a practitioner, a role or an organisation."""

    sector: Sector = "unknown"
    reference: str | None = None
    display: str | None = None


class Period(_Model):
    start: date | None = None
    end: date | None = None

    def covers(self, day: date) -> bool:
        """True when the period says something and ``day`` lies inside it."""
        if self.start is None and self.end is None:
            return False
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


class NameLookup(_Model):
    """What medreview made of a line whose card gives no ATC code: its name, looked up in the
    rule directory's ``navne/laegemiddelnavne.yaml`` (:mod:`medreview.card.drug_names`)."""

    outcome: Literal[
        "found", "combination", "ambiguous", "other-form", "needs-form", "unknown", "no-name"
    ]
    key: str | None = None  # the name as compared with the list: "oxapax"
    atc: str | None = None  # found: the code the list gives the name
    substance: str | None = None  # found: the substance, in Danish
    note: str  # what was done, in Danish, for the finding DATA-NO-ATC


class Drug(_Model):
    """What a line gives. ``identity`` is what "different drugs" counts.

    ``atc`` is the card's own ATC code; for a line without one, the code the name list gives
    its name, if any (``atc_source`` says which). ``lookup`` is set exactly when the card gives
    no ATC code.
    """

    identity: str
    atc: str | None = None
    name: str | None = None
    atc_source: Literal["card", "name"] | None = None
    lookup: NameLookup | None = None


class MedicationLine(_Model):
    """One line (ordination) on the card: a MedicationRequest or MedicationStatement."""

    ref: str
    resource_type: Literal["MedicationRequest", "MedicationStatement"]
    status: str
    drug: Drug
    medication_ref: str | None = None
    dosage_count: int = 0
    as_needed: bool = False
    fmk_dosage_type: str | None = None
    course: str | None = None
    dose_dispensed: bool = False
    reassessment_date: date | None = None
    start: date | None = None
    period: Period = Period()  # the line's own: effectivePeriod, or effectiveDosePeriod
    dosage_periods: tuple[Period, ...] = ()  # each dosage's timing.repeat.boundsPeriod
    prescriber: Party | None = None
    replaces: str | None = None


class NursingHome(_Model):
    """Where a resident lives (fhir-profile.md, "which nursing home"): an Organization."""

    reference: str | None = None
    name: str | None = None


class PatientInfo(_Model):
    ref: str
    cpr: str | None = None
    name: str | None = None
    birth_date: date | None = None
    deceased: bool = False
    deceased_date: date | None = None
    nursing_home: NursingHome | None = None  # for the worklists; no rule reads it


class CareEpisode(_Model):
    """Residence in a nursing home, or municipal home care."""

    ref: str
    setting: Literal["nursing-home", "home-care"]
    status: str
    period: Period = Period()
    organization: Party | None = None


class CareTeamDoctor(_Model):
    """A fixed nursing-home doctor, recorded only with the resident's consent."""

    ref: str
    status: str
    period: Period = Period()
    doctor: Party


class DoseDispensingEnrolment(_Model):
    ref: str
    status: str
    period: Period = Period()
    pharmacy: Party | None = None


class GpVisit(_Model):
    """An annual check (fee code 0120) or an outreach home visit (0121)."""

    ref: str
    fee_code: Literal["0120", "0121"]
    resource_type: Literal["Appointment", "Encounter"]
    status: str
    day: date | None = None
    performer: Party | None = None


class InpatientStay(_Model):
    ref: str
    status: str
    period: Period = Period()
    hospital: Party | None = None


class MedicationReview(_Model):
    ref: str
    status: str
    day: date | None = None


class Diagnosis(_Model):
    """A Condition on the patient's record: what it is, and whether it is still active."""

    ref: str
    identity: str  # system|code of its first coding, else its text
    codes: tuple[str, ...] = ()  # system|code of every coding: one diagnosis may be coded twice
    clinical_status: str | None = None
    verification_status: str | None = None
    onset: date | None = None  # onset, else the day it was recorded
    abated: date | None = None


class Card(_Model):
    """Everything medreview reads about one patient."""

    patient: PatientInfo
    gp: Party | None = None
    lines: tuple[MedicationLine, ...] = ()
    episodes: tuple[CareEpisode, ...] = ()
    care_team_doctors: tuple[CareTeamDoctor, ...] = ()
    dose_dispensing: tuple[DoseDispensingEnrolment, ...] = ()
    visits: tuple[GpVisit, ...] = ()
    stays: tuple[InpatientStay, ...] = ()
    reviews: tuple[MedicationReview, ...] = ()
    conditions: tuple[Diagnosis, ...] = ()
