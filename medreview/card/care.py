"""The care events of the card: episodes of care, the fixed nursing-home doctor, dose
dispensing, visits, stays, medication reviews and diagnoses (fhir-profile.md)."""

from __future__ import annotations

from collections.abc import Iterator

from medreview import codes
from medreview.card.data import (
    CareEpisodeData,
    CareSetting,
    CareTeamDoctorData,
    DiagnosisData,
    DoseDispensingEnrolmentData,
    GpVisitData,
    InpatientStayData,
    MedicationReviewData,
    PeriodData,
)
from medreview.card.reading import (
    Reading,
    coded,
    coded_any,
    fee_code_of,
)
from medreview.errors import InputProblem
from medreview.read.fhir_model import (
    Appointment,
    CareTeam,
    CodeableConcept,
    Condition,
    Encounter,
    EpisodeOfCare,
    Procedure,
    ServiceRequest,
)


class CareReader(Reading):
    """Reads the care events around the medication (the card reader's second half)."""

    # --- care events -----------------------------------------------------------

    def _episodes(self) -> Iterator[CareEpisodeData]:
        for episode in self.index.of_type(EpisodeOfCare):
            coded_setting = coded_any(episode.type, codes.CARE_SETTING_SYSTEM)
            setting: CareSetting
            if coded_setting == codes.NURSING_HOME:
                setting = "nursing-home"
            elif coded_setting == codes.HOME_CARE:
                setting = "home-care"
            else:
                continue
            yield CareEpisodeData(
                ref=self.index.ref_of(episode),
                setting=setting,
                status=episode.status,
                period=self._period(episode.period, episode, "period"),
                organization=self.parties.party(
                    episode.managingOrganization, episode, default_sector="municipality"
                ),
            )

    def _care_team_doctors(self) -> Iterator[CareTeamDoctorData]:
        for team in self.index.of_type(CareTeam):
            for number, participant in enumerate(team.participant):
                if coded_any(participant.role, codes.CARE_ROLE_SYSTEM) != codes.NURSING_HOME_DOCTOR:
                    continue
                doctor = self.parties.party(
                    participant.member, team, default_sector="general-practice"
                )
                if doctor is None:
                    continue
                yield CareTeamDoctorData(
                    ref=self.index.ref_of(team),
                    status=str(team.status),
                    period=self._period(participant.period, team, f"participant[{number}].period")
                    if participant.period
                    else self._period(team.period, team, "period"),
                    doctor=doctor,
                )

    def _dose_dispensing(self) -> Iterator[DoseDispensingEnrolmentData]:
        for request in self.index.of_type(ServiceRequest):
            if coded(request.code, codes.CARE_EVENT_SYSTEM) != codes.DOSE_DISPENSING:
                continue
            period = self._period(request.occurrencePeriod, request, "occurrencePeriod")
            if not period.start and request.occurrenceDateTime:
                period = PeriodData(
                    start=self._day(request.occurrenceDateTime, request, "occurrenceDateTime")
                )
            yield DoseDispensingEnrolmentData(
                ref=self.index.ref_of(request),
                status=request.status,
                period=period,
                pharmacy=self.parties.party(
                    request.performer[0] if request.performer else None,
                    request,
                    default_sector="pharmacy",
                ),
            )

    def _appointments(self) -> Iterator[GpVisitData]:
        for appointment in self.index.of_type(Appointment):
            fee_code = fee_code_of(appointment.serviceType)
            if fee_code is None:
                continue
            performer = None
            for participant in appointment.participant:
                performer = self.parties.party(participant.actor, appointment)
                if performer is not None:
                    break
            yield GpVisitData(
                ref=self.index.ref_of(appointment),
                fee_code=fee_code,
                resource_type="Appointment",
                status=appointment.status,
                day=self._day(appointment.start, appointment, "start", fhir_type="instant"),
                performer=performer,
            )

    def _gp_encounters(self) -> Iterator[GpVisitData]:
        for encounter in self.index.of_type(Encounter):
            fee_code = fee_code_of(encounter.type)
            if fee_code is None:
                continue
            performer = None
            for participant in encounter.participant:
                performer = self.parties.party(participant.individual, encounter)
                if performer is not None:
                    break
            if performer is None:
                performer = self.parties.party(encounter.serviceProvider, encounter)
            start = encounter.period.start if encounter.period else None
            yield GpVisitData(
                ref=self.index.ref_of(encounter),
                fee_code=fee_code,
                resource_type="Encounter",
                status=encounter.status,
                day=self._day(start, encounter, "period.start"),
                performer=performer,
            )

    def _stays(self) -> Iterator[InpatientStayData]:
        for encounter in self.index.of_type(Encounter):
            klass = encounter.class_
            if klass is None or klass.code != codes.INPATIENT_CLASS:
                continue
            if klass.system not in (None, codes.ACT_CODE_SYSTEM):
                continue
            yield InpatientStayData(
                ref=self.index.ref_of(encounter),
                status=encounter.status,
                period=self._period(encounter.period, encounter, "period"),
                # The provider of an inpatient stay is a hospital, unless it says otherwise.
                hospital=self.parties.party(
                    encounter.serviceProvider, encounter, default_sector="hospital"
                ),
            )

    def _reviews(self) -> Iterator[MedicationReviewData]:
        for procedure in self.index.of_type(Procedure):
            if procedure.code is None or not any(
                c.system == codes.SNOMED_SYSTEM and c.code == codes.MEDICATION_REVIEW_SNOMED
                for c in procedure.code.coding
            ):
                continue
            performed = procedure.performedPeriod
            day = self._day(procedure.performedDateTime, procedure, "performedDateTime")
            if day is None and performed is not None:
                day = self._day(
                    performed.end or performed.start, procedure, "performedPeriod", end=True
                )
            yield MedicationReviewData(
                ref=self.index.ref_of(procedure), status=procedure.status, day=day
            )

    def _conditions(self) -> Iterator[DiagnosisData]:
        for condition in self.index.of_type(Condition):
            clinical = self._status(
                condition,
                "clinicalStatus",
                codes.CONDITION_CLINICAL_SYSTEM,
                codes.CONDITION_CLINICAL_CODES,
            )
            verification = self._status(
                condition,
                "verificationStatus",
                codes.CONDITION_VERIFICATION_SYSTEM,
                codes.CONDITION_VERIFICATION_CODES,
            )
            concept = condition.code
            first = concept.coding[0] if concept and concept.coding else None
            identity = (
                f"{first.system}|{first.code}"
                if first and first.code
                else (concept.text if concept and concept.text else self.index.ref_of(condition))
            )
            onset = self._day(condition.onsetDateTime, condition, "onsetDateTime")
            if onset is None and condition.onsetPeriod is not None:
                onset = self._period(condition.onsetPeriod, condition, "onsetPeriod").start
            if onset is None:
                onset = self._day(condition.recordedDate, condition, "recordedDate")
            abated = self._day(condition.abatementDateTime, condition, "abatementDateTime")
            if abated is None and condition.abatementPeriod is not None:
                abated = self._period(condition.abatementPeriod, condition, "abatementPeriod").start
            yield DiagnosisData(
                ref=self.index.ref_of(condition),
                identity=identity,
                codes=tuple(
                    f"{coding.system}|{coding.code}"
                    for coding in (concept.coding if concept else ())
                    if coding.code
                ),
                clinical_status=clinical,
                verification_status=verification,
                onset=onset,
                abated=abated,
            )

    def _status(
        self, condition: Condition, field: str, system: str, allowed: frozenset[str]
    ) -> str | None:
        """A required-binding CodeableConcept: its code in ``system``, checked."""
        concept: CodeableConcept | None = getattr(condition, field)
        for coding in concept.coding if concept else ():
            if coding.system == system:
                if coding.code not in allowed:
                    self.problems.append(
                        InputProblem(
                            f"{coding.code!r} is not a code FHIR R4 defines for Condition.{field} "
                            f"(one of: {', '.join(sorted(allowed))})",
                            resource=self.index.ref_of(condition),
                            field=field,
                        )
                    )
                return coding.code
        return None
