"""The card as the hot path carries it: plain, fast msgspec structs (no validation cost).

The same fields as the public, pydantic :class:`medreview.card.model.Card`, which a
library user reads (``Engine.read``, ``Evaluation.card``). A scan or a hook never
builds that model: the card reader (:mod:`medreview.card.reader`) builds these structs,
and the facts (:mod:`medreview.facts.derive`) are derived from them; a public ``Card``
given to the engine is read back into them. tests/card/test_card.py keeps the two field
for field alike.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

import msgspec
from msgspec import Struct

from medreview.card.model import Card, Sector


class _Data(Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    pass


class PartyData(_Data, frozen=True, kw_only=True):
    sector: Sector = "unknown"
    reference: str | None = None
    display: str | None = None


class PeriodData(_Data, frozen=True, kw_only=True):
    start: date | None = None
    end: date | None = None

    def covers(self, day: date) -> bool:
        """True when the period says something and ``day`` lies inside it."""
        if self.start is None and self.end is None:
            return False
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


NO_PERIOD = PeriodData()


class NameLookupData(_Data, frozen=True, kw_only=True):
    outcome: Literal[
        "found", "combination", "ambiguous", "other-form", "needs-form", "unknown", "no-name"
    ]
    key: str | None = None
    atc: str | None = None
    substance: str | None = None
    note: str


class DrugData(_Data, frozen=True, kw_only=True):
    identity: str
    atc: str | None = None
    name: str | None = None
    atc_source: Literal["card", "name"] | None = None
    lookup: NameLookupData | None = None


class MedicationLineData(_Data, frozen=True, kw_only=True):
    ref: str
    resource_type: Literal["MedicationRequest", "MedicationStatement"]
    status: str
    drug: DrugData
    medication_ref: str | None = None
    dosage_count: int = 0
    as_needed: bool = False
    fmk_dosage_type: str | None = None
    course: str | None = None
    dose_dispensed: bool = False
    reassessment_date: date | None = None
    start: date | None = None
    period: PeriodData = NO_PERIOD
    dosage_periods: tuple[PeriodData, ...] = ()
    prescriber: PartyData | None = None
    replaces: str | None = None


class NursingHomeData(_Data, frozen=True, kw_only=True):
    reference: str | None = None
    name: str | None = None


class PatientInfoData(_Data, frozen=True, kw_only=True):
    ref: str
    cpr: str | None = None
    name: str | None = None
    birth_date: date | None = None
    deceased: bool = False
    deceased_date: date | None = None
    nursing_home: NursingHomeData | None = None


CareSetting = Literal["nursing-home", "home-care"]
FeeCode = Literal["0120", "0121"]  # the annual check, the outreach home visit


class CareEpisodeData(_Data, frozen=True, kw_only=True):
    ref: str
    setting: CareSetting
    status: str
    period: PeriodData = NO_PERIOD
    organization: PartyData | None = None


class CareTeamDoctorData(_Data, frozen=True, kw_only=True):
    ref: str
    status: str
    period: PeriodData = NO_PERIOD
    doctor: PartyData


class DoseDispensingEnrolmentData(_Data, frozen=True, kw_only=True):
    ref: str
    status: str
    period: PeriodData = NO_PERIOD
    pharmacy: PartyData | None = None


class GpVisitData(_Data, frozen=True, kw_only=True):
    ref: str
    fee_code: FeeCode
    resource_type: Literal["Appointment", "Encounter"]
    status: str
    day: date | None = None
    performer: PartyData | None = None


class InpatientStayData(_Data, frozen=True, kw_only=True):
    ref: str
    status: str
    period: PeriodData = NO_PERIOD
    hospital: PartyData | None = None


class MedicationReviewData(_Data, frozen=True, kw_only=True):
    ref: str
    status: str
    day: date | None = None


class DiagnosisData(_Data, frozen=True, kw_only=True):
    ref: str
    identity: str
    codes: tuple[str, ...] = ()
    clinical_status: str | None = None
    verification_status: str | None = None
    onset: date | None = None
    abated: date | None = None


class CardData(_Data, frozen=True, kw_only=True):
    """Everything medreview reads about one patient (as :class:`~medreview.card.model.Card`)."""

    patient: PatientInfoData
    gp: PartyData | None = None
    lines: tuple[MedicationLineData, ...] = ()
    episodes: tuple[CareEpisodeData, ...] = ()
    care_team_doctors: tuple[CareTeamDoctorData, ...] = ()
    dose_dispensing: tuple[DoseDispensingEnrolmentData, ...] = ()
    visits: tuple[GpVisitData, ...] = ()
    stays: tuple[InpatientStayData, ...] = ()
    reviews: tuple[MedicationReviewData, ...] = ()
    conditions: tuple[DiagnosisData, ...] = ()


def card_model(card: CardData) -> Card:
    """The public, pydantic model of a card (for library users, built when asked for)."""
    return Card.model_validate(card, from_attributes=True)


def data_of_card(card: Card) -> CardData:
    """A public card as the facts read it."""
    return msgspec.convert(card, CardData, from_attributes=True)
