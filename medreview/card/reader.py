"""From a bundle's typed resources to the :class:`Card`.

The one place that knows how the card and the care events are written in FHIR
(fhir-profile.md). Both readers feed it the typed models of
:mod:`medreview.read.fhir_model`, so they cannot disagree about what a bundle means.
It builds plain data and validates the whole card once, which is many times
cheaper than building its models one by one.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import msgspec

from medreview import codes
from medreview.card.care import CareReader
from medreview.card.data import (
    CardData,
    MedicationLineData,
    NursingHomeData,
    PartyData,
    PatientInfoData,
    PeriodData,
    card_model,
)
from medreview.card.drug_identity import drug_of
from medreview.card.model import Card
from medreview.card.parties import human_name
from medreview.card.reading import (
    FMK_TYPES,
    coded,
    coded_any,
    extension_of,
    start_of,
)
from medreview.errors import InputError, InputProblem
from medreview.read.bundle_index import BundleIndex
from medreview.read.fhir_model import (
    CareTeam,
    Dosage,
    EpisodeOfCare,
    Medication,
    MedicationRequest,
    MedicationStatement,
    Organization,
    Patient,
    Reference,
    Resource,
)


def read_card(
    entries: Iterable[tuple[int, str | None, Resource]], shared: BundleIndex | None = None
) -> Card:
    """The card of the one patient among ``entries`` (entry number, fullUrl, resource).

    InputError if there is no Patient or more than one, if a line's Medication is
    not in the bundle, or if a date the rules read is not a FHIR date.
    """
    return card_model(read_card_data(entries, shared))


def read_card_data(
    entries: Iterable[tuple[int, str | None, Resource]], shared: BundleIndex | None = None
) -> CardData:
    """As :func:`read_card`, for the hot path: the card as plain structs, no pydantic model."""
    return _CardReader(BundleIndex(entries, shared)).card()


class _CardReader(CareReader):
    """Reads the patient and the medication lines, then the care events (care.py)."""

    def card(self) -> CardData:
        patients = self.index.of_type(Patient)
        if len(patients) != 1:
            found = ", ".join(self.index.ref_of(p) for p in patients)
            reason = (
                "the bundle holds no Patient; medreview evaluates one patient per bundle"
                if not patients
                else f"the bundle holds {len(patients)} Patients ({found}); "
                "medreview evaluates one patient per bundle"
            )
            raise InputError([InputProblem(reason, resource="Bundle", field="entry")])
        data = CardData(
            patient=self._patient(patients[0]),
            gp=self._gp(patients[0]),
            lines=(*self._requests(), *self._statements()),
            episodes=tuple(self._episodes()),
            care_team_doctors=tuple(self._care_team_doctors()),
            dose_dispensing=tuple(self._dose_dispensing()),
            visits=(*self._appointments(), *self._gp_encounters()),
            stays=tuple(self._stays()),
            reviews=tuple(self._reviews()),
            conditions=tuple(self._conditions()),
        )
        if self.problems:
            raise InputError(self.problems)
        return data

    # --- the patient -----------------------------------------------------------

    def _patient(self, patient: Patient) -> PatientInfoData:
        cpr = next(
            (i.value for i in patient.identifier if i.system == codes.CPR_SYSTEM and i.value), None
        )
        deceased_date = self._day(patient.deceasedDateTime, patient, "deceasedDateTime")
        return PatientInfoData(
            ref=self.index.ref_of(patient),
            cpr=cpr,
            name=human_name(patient.name),
            birth_date=self._day(patient.birthDate, patient, "birthDate", fhir_type="date"),
            deceased=patient.deceasedBoolean is True or deceased_date is not None,
            deceased_date=deceased_date,
            nursing_home=self._nursing_home(),
        )

    def _nursing_home(self) -> NursingHomeData | None:
        """The active nursing-home-doctor CareTeam's managingOrganization, else the active
        nursing-home EpisodeOfCare's (fhir-profile.md, "which nursing home")."""
        teams = [
            (team.managingOrganization[0], team)
            for team in self.index.of_type(CareTeam)
            if team.status == "active"
            and team.managingOrganization
            and any(
                coded_any(p.role, codes.CARE_ROLE_SYSTEM) == codes.NURSING_HOME_DOCTOR
                for p in team.participant
            )
        ]
        episodes = [
            (episode.managingOrganization, episode)
            for episode in self.index.of_type(EpisodeOfCare)
            if episode.status == "active"
            and episode.managingOrganization is not None
            and coded_any(episode.type, codes.CARE_SETTING_SYSTEM) == codes.NURSING_HOME
        ]
        for reference, context in (*teams, *episodes):
            if reference is None:
                continue
            home = self.index.resolve(reference, context)
            if isinstance(home, Organization):
                return NursingHomeData(reference=self.index.ref_of(home), name=home.name)
            if reference.reference or reference.display:
                return NursingHomeData(reference=reference.reference, name=reference.display)
        return None

    def _gp(self, patient: Patient) -> PartyData | None:
        for reference in patient.generalPractitioner:
            party = self.parties.party(reference, patient, default_sector="general-practice")
            if party is not None:
                # The GP is in general practice by definition (fhir-profile.md).
                return msgspec.structs.replace(party, sector="general-practice")
        return None

    # --- the medication card ---------------------------------------------------

    def _requests(self) -> Iterator[MedicationLineData]:
        for line in self.index.of_type(MedicationRequest):
            data = self._line(line, line.dosageInstruction, line.requester)
            if data is not None:
                yield data

    def _statements(self) -> Iterator[MedicationLineData]:
        for line in self.index.of_type(MedicationStatement):
            data = self._line(line, line.dosage, line.informationSource)
            if data is not None:
                yield data

    def _line(
        self,
        line: MedicationRequest | MedicationStatement,
        dosages: tuple[Dosage, ...],
        requester: Reference | None,
    ) -> MedicationLineData | None:
        """One line; None (and a problem) for a line whose Medication is not in the bundle."""
        ref = self.index.ref_of(line)
        medication: Medication | None = None
        if line.medicationReference is not None:
            found = self.index.resolve(line.medicationReference, line)
            if not isinstance(found, Medication):
                target = line.medicationReference.reference or "the reference"
                self.problems.append(
                    InputProblem(
                        f"{target} does not resolve to a Medication inside the bundle, "
                        "so the drug on this line is unknown",
                        resource=ref,
                        field="medicationReference",
                    )
                )
                return None
            medication = found
        # One pass over the dosages: as needed?, FMK dosage type, dated periods.
        all_as_needed = bool(dosages)
        fmk_types: set[str] = set()
        dosage_periods: list[PeriodData] = []
        for number, dosage in enumerate(dosages):
            if dosage.asNeededBoolean is not True and dosage.asNeededCodeableConcept is None:
                all_as_needed = False
            for concept in dosage.additionalInstruction:
                fmk_types.update(
                    c.code
                    for c in concept.coding
                    if c.system == codes.FMK_DOSAGE_TYPE_SYSTEM and c.code
                )
            repeat = dosage.timing.repeat if dosage.timing else None
            bounds = repeat.boundsPeriod if repeat else None
            if bounds is not None and (bounds.start or bounds.end):
                field = f"dosage[{number}].timing.repeat.boundsPeriod"
                dosage_periods.append(self._period(bounds, line, field))
        # A line that is fixed in any of its dosages is fixed treatment.
        fmk_type = next((t for t in FMK_TYPES if t in fmk_types), None)
        dispensed = reassessment = None
        for extension in line.extension:
            if extension.url == codes.DOSE_DISPENSED_URL:
                dispensed = extension
            elif extension.url == codes.REASSESSMENT_DATE_URL:
                reassessment = extension
        reassessment_date = self._day(
            reassessment.valueDate if reassessment else None,
            line,
            "extension(reassessment-date)",
            end=True,
            fhir_type="date",
        )
        prescriber = self.parties.party(requester, line)
        # What each kind of line says of its period and start (problems in this order).
        course = replaces = None
        if isinstance(line, MedicationRequest):
            own = extension_of(line.extension, codes.EFFECTIVE_DOSE_PERIOD_URL)
            period = self._period(
                own.valuePeriod if own else None, line, "extension(effectiveDosePeriod)"
            )
            start = self._day(line.authoredOn, line, "authoredOn")
            course = coded(line.courseOfTherapyType, codes.COURSE_OF_THERAPY_SYSTEM)
            prior = line.priorPrescription
            if prior is not None:
                replaced = self.index.resolve(prior, line)
                replaces = self.index.ref_of(replaced) if replaced else prior.reference
        else:
            period = self._period(line.effectivePeriod, line, "effectivePeriod")
            start = self._day(line.effectiveDateTime, line, "effectiveDateTime") or period.start
        periods = tuple(dosage_periods)
        return MedicationLineData(
            ref=ref,
            resource_type=line.resourceType,  # type: ignore[arg-type]  # one of the two
            status=line.status,
            drug=drug_of(line.medicationCodeableConcept, medication, ref),
            medication_ref=self.index.ref_of(medication) if medication is not None else None,
            dosage_count=len(dosages),
            as_needed=all_as_needed or fmk_type == codes.FMK_AS_NEEDED,
            fmk_dosage_type=fmk_type,
            course=course,
            dose_dispensed=dispensed is not None and dispensed.valueBoolean is True,
            reassessment_date=reassessment_date,
            start=start_of(start, period, periods),
            period=period,
            dosage_periods=periods,
            prescriber=prescriber,
            replaces=replaces,
        )
