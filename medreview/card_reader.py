"""From a FHIR R4 Bundle (already validated, as plain JSON) to the :class:`Card`.

This is the one place that knows how the card and the care events are written
in FHIR (fhir-profile.md). It works on the parsed JSON rather than on
fhir.resources objects, so that the full-validation reader and the faster batch
reader share it and cannot disagree about what a bundle means.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Literal

from medreview import codes
from medreview.bundle_index import BundleIndex, Resource
from medreview.card import (
    Card,
    CareEpisode,
    CareTeamDoctor,
    DoseDispensingEnrolment,
    GpVisit,
    InpatientStay,
    MedicationLine,
    MedicationReview,
    Party,
    PatientInfo,
    Period,
)
from medreview.drug_identity import drug_of
from medreview.errors import InputError, InputProblem
from medreview.fhir_dates import to_day
from medreview.parties import PartyResolver, human_name


def read_card(bundle: Mapping[str, Any], shared: BundleIndex | None = None) -> Card:
    """The card of the one patient in ``bundle``; InputError if it has none or several."""
    index = BundleIndex.of_bundle(bundle, shared)
    return _CardReader(index).card()


class _CardReader:
    def __init__(self, index: BundleIndex) -> None:
        self.index = index
        self.parties = PartyResolver(index)
        self.problems: list[InputProblem] = []

    def card(self) -> Card:
        patients = self.index.of_type("Patient")
        if len(patients) != 1:
            found = ", ".join(self.index.ref_of(p) for p in patients)
            reason = (
                "the bundle holds no Patient; medreview evaluates one patient per bundle"
                if not patients
                else f"the bundle holds {len(patients)} Patients ({found}); "
                "medreview evaluates one patient per bundle"
            )
            raise InputError([InputProblem(reason, resource="Bundle", field="entry")])
        patient = patients[0]
        lines = tuple(self._lines())
        if self.problems:
            raise InputError(self.problems)
        return Card(
            patient=self._patient(patient),
            gp=self._gp(patient),
            lines=lines,
            episodes=tuple(self._episodes()),
            care_team_doctors=tuple(self._care_team_doctors()),
            dose_dispensing=tuple(self._dose_dispensing()),
            visits=tuple(self._visits()),
            stays=tuple(self._stays()),
            reviews=tuple(self._reviews()),
        )

    # --- the patient -----------------------------------------------------------

    def _patient(self, patient: Resource) -> PatientInfo:
        cpr = next(
            (
                str(identifier["value"])
                for identifier in patient.get("identifier") or []
                if identifier.get("system") == codes.CPR_SYSTEM and identifier.get("value")
            ),
            None,
        )
        deceased_date = to_day(patient.get("deceasedDateTime"))
        return PatientInfo(
            ref=self.index.ref_of(patient),
            cpr=cpr,
            name=human_name(patient.get("name")),
            birth_date=to_day(patient.get("birthDate")),
            deceased=patient.get("deceasedBoolean") is True or deceased_date is not None,
            deceased_date=deceased_date,
        )

    def _gp(self, patient: Resource) -> Party | None:
        for reference in patient.get("generalPractitioner") or []:
            party = self.parties.party(reference, patient, default_sector="general-practice")
            if party is not None:
                # The GP is in general practice by definition (fhir-profile.md).
                return party.model_copy(update={"sector": "general-practice"})
        return None

    # --- the medication card ---------------------------------------------------

    def _lines(self) -> Iterable[MedicationLine]:
        for resource_type in ("MedicationRequest", "MedicationStatement"):
            for resource in self.index.of_type(resource_type):
                line = self._line(resource)
                if line is not None:
                    yield line

    def _line(self, resource: Resource) -> MedicationLine | None:
        ref = self.index.ref_of(resource)
        medication: Resource | None = None
        medication_ref: str | None = None
        if "medicationReference" in resource:
            medication = self.index.resolve(resource["medicationReference"], resource)
            if medication is None:
                target = (resource.get("medicationReference") or {}).get("reference")
                self.problems.append(
                    InputProblem(
                        f"{target or 'the reference'} does not resolve inside the bundle, "
                        "so the drug on this line is unknown",
                        resource=ref,
                        field="medicationReference",
                    )
                )
                return None
            medication_ref = self.index.ref_of(medication)
        is_request = resource["resourceType"] == "MedicationRequest"
        dosages = [
            d
            for d in resource.get("dosageInstruction" if is_request else "dosage") or []
            if isinstance(d, Mapping)
        ]
        fmk_type = _fmk_dosage_type(dosages)
        all_as_needed = bool(dosages) and all(
            d.get("asNeededBoolean") is True or "asNeededCodeableConcept" in d for d in dosages
        )
        dosage_periods = tuple(
            p
            for p in (
                _period(d.get("timing", {}).get("repeat", {}).get("boundsPeriod")) for d in dosages
            )
            if p.start is not None or p.end is not None
        )
        if is_request:
            period = _period(_extension(resource, codes.EFFECTIVE_DOSE_PERIOD_URL, "valuePeriod"))
            start = to_day(resource.get("authoredOn"))
        else:
            period = _period(resource.get("effectivePeriod"))
            start = to_day(resource.get("effectiveDateTime")) or period.start
        if start is None:
            starts = [p.start for p in (period, *dosage_periods) if p.start is not None]
            start = min(starts) if starts else None
        requester = resource.get("requester" if is_request else "informationSource")
        prior = resource.get("priorPrescription") if is_request else None
        replaced = self.index.resolve(prior, resource) if prior else None
        return MedicationLine(
            ref=ref,
            resource_type=resource["resourceType"],
            status=str(resource.get("status")),
            drug=drug_of(resource.get("medicationCodeableConcept"), medication, ref),
            medication_ref=medication_ref,
            dosage_count=len(dosages),
            as_needed=all_as_needed or fmk_type == codes.FMK_AS_NEEDED,
            fmk_dosage_type=fmk_type,
            course=_coded(resource.get("courseOfTherapyType"), codes.COURSE_OF_THERAPY_SYSTEM)
            if is_request
            else None,
            dose_dispensed=_extension(resource, codes.DOSE_DISPENSED_URL, "valueBoolean") is True,
            reassessment_date=to_day(
                _extension(resource, codes.REASSESSMENT_DATE_URL, "valueDate"), end=True
            ),
            start=start,
            period=period,
            dosage_periods=dosage_periods,
            prescriber=self.parties.party(requester, resource),
            replaces=self.index.ref_of(replaced)
            if replaced is not None
            else (prior or {}).get("reference"),
        )

    # --- care events -----------------------------------------------------------

    def _episodes(self) -> Iterable[CareEpisode]:
        for resource in self.index.of_type("EpisodeOfCare"):
            setting = _coded_any(resource.get("type"), codes.CARE_SETTING_SYSTEM)
            if setting not in (codes.NURSING_HOME, codes.HOME_CARE):
                continue
            yield CareEpisode(
                ref=self.index.ref_of(resource),
                setting=setting,
                status=str(resource.get("status")),
                period=_period(resource.get("period")),
                organization=self.parties.party(
                    resource.get("managingOrganization"), resource, default_sector="municipality"
                ),
            )

    def _care_team_doctors(self) -> Iterable[CareTeamDoctor]:
        for resource in self.index.of_type("CareTeam"):
            for participant in resource.get("participant") or []:
                roles = participant.get("role") or []
                if _coded_any(roles, codes.CARE_ROLE_SYSTEM) != codes.NURSING_HOME_DOCTOR:
                    continue
                doctor = self.parties.party(
                    participant.get("member"), resource, default_sector="general-practice"
                )
                if doctor is None:
                    continue
                yield CareTeamDoctor(
                    ref=self.index.ref_of(resource),
                    status=str(resource.get("status")),
                    period=_period(participant.get("period") or resource.get("period")),
                    doctor=doctor,
                )

    def _dose_dispensing(self) -> Iterable[DoseDispensingEnrolment]:
        for resource in self.index.of_type("ServiceRequest"):
            if _coded(resource.get("code"), codes.CARE_EVENT_SYSTEM) != codes.DOSE_DISPENSING:
                continue
            period = _period(resource.get("occurrencePeriod"))
            if period.start is None and resource.get("occurrenceDateTime"):
                period = Period(start=to_day(resource["occurrenceDateTime"]))
            performers = resource.get("performer") or []
            yield DoseDispensingEnrolment(
                ref=self.index.ref_of(resource),
                status=str(resource.get("status")),
                period=period,
                pharmacy=self.parties.party(
                    performers[0] if performers else None, resource, default_sector="pharmacy"
                ),
            )

    def _visits(self) -> Iterable[GpVisit]:
        for resource in self.index.of_type("Appointment"):
            fee_code = _fee_code(resource.get("serviceType"))
            if fee_code is None:
                continue
            performer = None
            for participant in resource.get("participant") or []:
                performer = self.parties.party(participant.get("actor"), resource)
                if performer is not None:
                    break
            yield GpVisit(
                ref=self.index.ref_of(resource),
                fee_code=fee_code,
                resource_type="Appointment",
                status=str(resource.get("status")),
                day=to_day(resource.get("start")),
                performer=performer,
            )
        for resource in self.index.of_type("Encounter"):
            fee_code = _fee_code(resource.get("type"))
            if fee_code is None:
                continue
            performer = None
            for participant in resource.get("participant") or []:
                performer = self.parties.party(participant.get("individual"), resource)
                if performer is not None:
                    break
            if performer is None:
                performer = self.parties.party(resource.get("serviceProvider"), resource)
            yield GpVisit(
                ref=self.index.ref_of(resource),
                fee_code=fee_code,
                resource_type="Encounter",
                status=str(resource.get("status")),
                day=to_day((resource.get("period") or {}).get("start")),
                performer=performer,
            )

    def _stays(self) -> Iterable[InpatientStay]:
        for resource in self.index.of_type("Encounter"):
            klass = resource.get("class")
            if not isinstance(klass, Mapping) or klass.get("code") != codes.INPATIENT_CLASS:
                continue
            if klass.get("system") not in (None, codes.ACT_CODE_SYSTEM):
                continue
            yield InpatientStay(
                ref=self.index.ref_of(resource),
                status=str(resource.get("status")),
                period=_period(resource.get("period")),
                # The provider of an inpatient stay is a hospital, unless it says otherwise.
                hospital=self.parties.party(
                    resource.get("serviceProvider"), resource, default_sector="hospital"
                ),
            )

    def _reviews(self) -> Iterable[MedicationReview]:
        for resource in self.index.of_type("Procedure"):
            code = resource.get("code") or {}
            if not any(
                c.get("system") == codes.SNOMED_SYSTEM
                and c.get("code") == codes.MEDICATION_REVIEW_SNOMED
                for c in code.get("coding") or []
            ):
                continue
            performed = resource.get("performedPeriod") or {}
            day = to_day(resource.get("performedDateTime")) or to_day(
                performed.get("end") or performed.get("start")
            )
            yield MedicationReview(
                ref=self.index.ref_of(resource), status=str(resource.get("status")), day=day
            )


def _period(value: Any) -> Period:
    if not isinstance(value, Mapping):
        return Period()
    return Period(start=to_day(value.get("start")), end=to_day(value.get("end"), end=True))


def _extension(resource: Resource, url: str, value_key: str) -> Any:
    for extension in resource.get("extension") or []:
        if extension.get("url") == url:
            return extension.get(value_key)
    return None


def _coded(concept: Any, system: str) -> str | None:
    if not isinstance(concept, Mapping):
        return None
    for coding in concept.get("coding") or []:
        if coding.get("system") == system and isinstance(coding.get("code"), str):
            return str(coding["code"])
    return None


def _coded_any(concepts: Any, system: str) -> str | None:
    for concept in concepts or []:
        code = _coded(concept, system)
        if code is not None:
            return code
    return None


def _fee_code(concepts: Any) -> Literal["0120", "0121"] | None:
    code = _coded_any(concepts, codes.GP_FEE_CODE_SYSTEM)
    if code == codes.ANNUAL_CHECK_FEE:
        return "0120"
    if code == codes.OUTREACH_VISIT_FEE:
        return "0121"
    return None


def _fmk_dosage_type(dosages: list[Mapping[str, Any]]) -> str | None:
    found = {
        code
        for dosage in dosages
        if (code := _coded_any(dosage.get("additionalInstruction"), codes.FMK_DOSAGE_TYPE_SYSTEM))
    }
    # A line that is fixed in any of its dosages is fixed treatment.
    for fmk_type in (codes.FMK_FIXED, codes.FMK_COMBINED, codes.FMK_AS_NEEDED):
        if fmk_type in found:
            return fmk_type
    return None
