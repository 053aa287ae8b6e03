"""From a bundle's typed resources to the :class:`Card`.

The one place that knows how the card and the care events are written in FHIR
(fhir-profile.md). Both readers feed it the typed models of
:mod:`medreview.read.fhir_model`, so they cannot disagree about what a bundle means.
It builds plain data and validates the whole card once, which is many times
cheaper than building its models one by one.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

from medreview import codes
from medreview.card.drug_identity import drug_of
from medreview.card.model import Card, Party
from medreview.card.parties import PartyResolver, human_name
from medreview.errors import InputError, InputProblem
from medreview.read.bundle_index import BundleIndex
from medreview.read.fhir_dates import not_a_date, parse_day
from medreview.read.fhir_model import (
    Appointment,
    CareTeam,
    CodeableConcept,
    Condition,
    Dosage,
    Encounter,
    EpisodeOfCare,
    Extension,
    Medication,
    MedicationRequest,
    MedicationStatement,
    Organization,
    Patient,
    Period,
    Procedure,
    Resource,
    ServiceRequest,
)

_NO_PERIOD: dict[str, Any] = {}
_FMK_TYPES = (codes.FMK_FIXED, codes.FMK_COMBINED, codes.FMK_AS_NEEDED)


def read_card(
    entries: Iterable[tuple[int, str | None, Resource]], shared: BundleIndex | None = None
) -> Card:
    """The card of the one patient among ``entries`` (entry number, fullUrl, resource).

    InputError if there is no Patient or more than one, if a line's Medication is
    not in the bundle, or if a date the rules read is not a FHIR date.
    """
    # Strict: the data is this module's own, in exactly the card's types (and it is faster).
    return Card.model_validate(card_data(entries, shared), strict=True)


def card_data(
    entries: Iterable[tuple[int, str | None, Resource]], shared: BundleIndex | None = None
) -> dict[str, Any]:
    """The card as plain data, before it is validated into a :class:`Card`."""
    return _CardReader(BundleIndex(entries, shared)).card()


class _CardReader:
    def __init__(self, index: BundleIndex) -> None:
        self.index = index
        self.parties = PartyResolver(index)
        self.problems: list[InputProblem] = []

    def card(self) -> dict[str, Any]:
        patients = self.index.of_type("Patient", Patient)
        if len(patients) != 1:
            found = ", ".join(self.index.ref_of(p) for p in patients)
            reason = (
                "the bundle holds no Patient; medreview evaluates one patient per bundle"
                if not patients
                else f"the bundle holds {len(patients)} Patients ({found}); "
                "medreview evaluates one patient per bundle"
            )
            raise InputError([InputProblem(reason, resource="Bundle", field="entry")])
        data = {
            "patient": self._patient(patients[0]),
            "gp": self._gp(patients[0]),
            "lines": (*self._requests(), *self._statements()),
            "episodes": tuple(self._episodes()),
            "care_team_doctors": tuple(self._care_team_doctors()),
            "dose_dispensing": tuple(self._dose_dispensing()),
            "visits": (*self._appointments(), *self._gp_encounters()),
            "stays": tuple(self._stays()),
            "reviews": tuple(self._reviews()),
            "conditions": tuple(self._conditions()),
        }
        if self.problems:
            raise InputError(self.problems)
        return data

    # --- dates -----------------------------------------------------------------

    def _day(
        self,
        value: str | None,
        resource: Resource,
        field: str,
        *,
        end: bool = False,
        fhir_type: str = "dateTime",
    ) -> date | None:
        """A date the rules read; a bad one is an input problem (the fast reader finds it here),
        in the full reader's words: ``fhir_type`` is the element's type in FHIR R4."""
        if value is None:
            return None
        try:
            return parse_day(value, end=end)
        except ValueError:
            self.problems.append(
                InputProblem(
                    not_a_date(value, fhir_type), resource=self.index.ref_of(resource), field=field
                )
            )
            return None

    def _period(self, period: Period | None, resource: Resource, field: str) -> dict[str, Any]:
        if period is None:
            return _NO_PERIOD
        return {
            "start": self._day(period.start, resource, f"{field}.start"),
            "end": self._day(period.end, resource, f"{field}.end", end=True),
        }

    # --- the patient -----------------------------------------------------------

    def _patient(self, patient: Patient) -> dict[str, Any]:
        cpr = next(
            (i.value for i in patient.identifier if i.system == codes.CPR_SYSTEM and i.value), None
        )
        deceased_date = self._day(patient.deceasedDateTime, patient, "deceasedDateTime")
        return {
            "ref": self.index.ref_of(patient),
            "cpr": cpr,
            "name": human_name(patient.name),
            "birth_date": self._day(patient.birthDate, patient, "birthDate", fhir_type="date"),
            "deceased": patient.deceasedBoolean is True or deceased_date is not None,
            "deceased_date": deceased_date,
            "nursing_home": self._nursing_home(),
        }

    def _nursing_home(self) -> dict[str, Any] | None:
        """The active nursing-home-doctor CareTeam's managingOrganization, else the active
        nursing-home EpisodeOfCare's (fhir-profile.md, "which nursing home")."""
        teams = [
            (team.managingOrganization[0], team)
            for team in self.index.of_type("CareTeam", CareTeam)
            if team.status == "active"
            and team.managingOrganization
            and any(
                _coded_any(p.role, codes.CARE_ROLE_SYSTEM) == codes.NURSING_HOME_DOCTOR
                for p in team.participant
            )
        ]
        episodes = [
            (episode.managingOrganization, episode)
            for episode in self.index.of_type("EpisodeOfCare", EpisodeOfCare)
            if episode.status == "active"
            and episode.managingOrganization is not None
            and _coded_any(episode.type, codes.CARE_SETTING_SYSTEM) == codes.NURSING_HOME
        ]
        for reference, context in (*teams, *episodes):
            if reference is None:
                continue
            home = self.index.resolve(reference, context)
            if isinstance(home, Organization):
                return {"reference": self.index.ref_of(home), "name": home.name}
            if reference.reference or reference.display:
                return {"reference": reference.reference, "name": reference.display}
        return None

    def _gp(self, patient: Patient) -> dict[str, Any] | None:
        for reference in patient.generalPractitioner:
            party = self.parties.party(reference, patient, default_sector="general-practice")
            if party is not None:
                # The GP is in general practice by definition (fhir-profile.md).
                data = party.model_dump() if isinstance(party, Party) else party
                return {**data, "sector": "general-practice"}
        return None

    # --- the medication card ---------------------------------------------------

    def _requests(self) -> Iterator[dict[str, Any]]:
        for line in self.index.of_type("MedicationRequest", MedicationRequest):
            data = self._line(line, line.dosageInstruction, line.requester)
            if data is None:
                continue
            period = _extension(line.extension, codes.EFFECTIVE_DOSE_PERIOD_URL)
            data["period"] = self._period(
                period.valuePeriod if period else None, line, "extension(effectiveDosePeriod)"
            )
            data["start"] = self._day(line.authoredOn, line, "authoredOn")
            data["course"] = _coded(line.courseOfTherapyType, codes.COURSE_OF_THERAPY_SYSTEM)
            prior = line.priorPrescription
            if prior is not None:
                replaced = self.index.resolve(prior, line)
                data["replaces"] = self.index.ref_of(replaced) if replaced else prior.reference
            yield _with_start(data)

    def _statements(self) -> Iterator[dict[str, Any]]:
        for line in self.index.of_type("MedicationStatement", MedicationStatement):
            data = self._line(line, line.dosage, line.informationSource)
            if data is None:
                continue
            data["period"] = self._period(line.effectivePeriod, line, "effectivePeriod")
            data["start"] = self._day(line.effectiveDateTime, line, "effectiveDateTime") or data[
                "period"
            ].get("start")
            yield _with_start(data)

    def _line(
        self,
        line: MedicationRequest | MedicationStatement,
        dosages: tuple[Dosage, ...],
        requester: Any,
    ) -> dict[str, Any] | None:
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
        dosage_periods: list[dict[str, Any]] = []
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
        fmk_type = next((t for t in _FMK_TYPES if t in fmk_types), None)
        dispensed = reassessment = None
        for extension in line.extension:
            if extension.url == codes.DOSE_DISPENSED_URL:
                dispensed = extension
            elif extension.url == codes.REASSESSMENT_DATE_URL:
                reassessment = extension
        return {
            "ref": ref,
            "resource_type": line.resourceType,
            "status": line.status,
            "drug": drug_of(line.medicationCodeableConcept, medication, ref),
            "medication_ref": self.index.ref_of(medication) if medication is not None else None,
            "dosage_count": len(dosages),
            "as_needed": all_as_needed or fmk_type == codes.FMK_AS_NEEDED,
            "fmk_dosage_type": fmk_type,
            "dose_dispensed": dispensed is not None and dispensed.valueBoolean is True,
            "reassessment_date": self._day(
                reassessment.valueDate if reassessment else None,
                line,
                "extension(reassessment-date)",
                end=True,
                fhir_type="date",
            ),
            "dosage_periods": tuple(dosage_periods),
            "prescriber": self.parties.party(requester, line),
        }

    # --- care events -----------------------------------------------------------

    def _episodes(self) -> Iterator[dict[str, Any]]:
        for episode in self.index.of_type("EpisodeOfCare", EpisodeOfCare):
            setting = _coded_any(episode.type, codes.CARE_SETTING_SYSTEM)
            if setting not in (codes.NURSING_HOME, codes.HOME_CARE):
                continue
            yield {
                "ref": self.index.ref_of(episode),
                "setting": setting,
                "status": episode.status,
                "period": self._period(episode.period, episode, "period"),
                "organization": self.parties.party(
                    episode.managingOrganization, episode, default_sector="municipality"
                ),
            }

    def _care_team_doctors(self) -> Iterator[dict[str, Any]]:
        for team in self.index.of_type("CareTeam", CareTeam):
            for number, participant in enumerate(team.participant):
                if (
                    _coded_any(participant.role, codes.CARE_ROLE_SYSTEM)
                    != codes.NURSING_HOME_DOCTOR
                ):
                    continue
                doctor = self.parties.party(
                    participant.member, team, default_sector="general-practice"
                )
                if doctor is None:
                    continue
                yield {
                    "ref": self.index.ref_of(team),
                    "status": str(team.status),
                    "period": self._period(
                        participant.period, team, f"participant[{number}].period"
                    )
                    if participant.period
                    else self._period(team.period, team, "period"),
                    "doctor": doctor,
                }

    def _dose_dispensing(self) -> Iterator[dict[str, Any]]:
        for request in self.index.of_type("ServiceRequest", ServiceRequest):
            if _coded(request.code, codes.CARE_EVENT_SYSTEM) != codes.DOSE_DISPENSING:
                continue
            period = self._period(request.occurrencePeriod, request, "occurrencePeriod")
            if not period.get("start") and request.occurrenceDateTime:
                period = {
                    "start": self._day(request.occurrenceDateTime, request, "occurrenceDateTime")
                }
            yield {
                "ref": self.index.ref_of(request),
                "status": request.status,
                "period": period,
                "pharmacy": self.parties.party(
                    request.performer[0] if request.performer else None,
                    request,
                    default_sector="pharmacy",
                ),
            }

    def _appointments(self) -> Iterator[dict[str, Any]]:
        for appointment in self.index.of_type("Appointment", Appointment):
            fee_code = _fee_code(appointment.serviceType)
            if fee_code is None:
                continue
            performer = None
            for participant in appointment.participant:
                performer = self.parties.party(participant.actor, appointment)
                if performer is not None:
                    break
            yield {
                "ref": self.index.ref_of(appointment),
                "fee_code": fee_code,
                "resource_type": "Appointment",
                "status": appointment.status,
                "day": self._day(appointment.start, appointment, "start", fhir_type="instant"),
                "performer": performer,
            }

    def _gp_encounters(self) -> Iterator[dict[str, Any]]:
        for encounter in self.index.of_type("Encounter", Encounter):
            fee_code = _fee_code(encounter.type)
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
            yield {
                "ref": self.index.ref_of(encounter),
                "fee_code": fee_code,
                "resource_type": "Encounter",
                "status": encounter.status,
                "day": self._day(start, encounter, "period.start"),
                "performer": performer,
            }

    def _stays(self) -> Iterator[dict[str, Any]]:
        for encounter in self.index.of_type("Encounter", Encounter):
            klass = encounter.class_
            if klass is None or klass.code != codes.INPATIENT_CLASS:
                continue
            if klass.system not in (None, codes.ACT_CODE_SYSTEM):
                continue
            yield {
                "ref": self.index.ref_of(encounter),
                "status": encounter.status,
                "period": self._period(encounter.period, encounter, "period"),
                # The provider of an inpatient stay is a hospital, unless it says otherwise.
                "hospital": self.parties.party(
                    encounter.serviceProvider, encounter, default_sector="hospital"
                ),
            }

    def _reviews(self) -> Iterator[dict[str, Any]]:
        for procedure in self.index.of_type("Procedure", Procedure):
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
            yield {"ref": self.index.ref_of(procedure), "status": procedure.status, "day": day}

    def _conditions(self) -> Iterator[dict[str, Any]]:
        for condition in self.index.of_type("Condition", Condition):
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
                onset = self._period(condition.onsetPeriod, condition, "onsetPeriod").get("start")
            if onset is None:
                onset = self._day(condition.recordedDate, condition, "recordedDate")
            abated = self._day(condition.abatementDateTime, condition, "abatementDateTime")
            if abated is None and condition.abatementPeriod is not None:
                abated = self._period(condition.abatementPeriod, condition, "abatementPeriod").get(
                    "start"
                )
            yield {
                "ref": self.index.ref_of(condition),
                "identity": identity,
                "codes": tuple(
                    f"{coding.system}|{coding.code}"
                    for coding in (concept.coding if concept else ())
                    if coding.code
                ),
                "clinical_status": clinical,
                "verification_status": verification,
                "onset": onset,
                "abated": abated,
            }

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


def _with_start(line: dict[str, Any]) -> dict[str, Any]:
    """A line with no start of its own starts when its earliest dated period does."""
    if line["start"] is None:
        starts = [p["start"] for p in (line["period"], *line["dosage_periods"]) if p.get("start")]
        line["start"] = min(starts) if starts else None
    return line


def _extension(extensions: tuple[Extension, ...], url: str) -> Extension | None:
    return next((extension for extension in extensions if extension.url == url), None)


def _coded(concept: CodeableConcept | None, system: str) -> str | None:
    if concept is None:
        return None
    return next((c.code for c in concept.coding if c.system == system and c.code), None)


def _coded_any(concepts: tuple[CodeableConcept, ...], system: str) -> str | None:
    return next((code for c in concepts if (code := _coded(c, system))), None)


def _fee_code(concepts: tuple[CodeableConcept, ...]) -> str | None:
    code = _coded_any(concepts, codes.GP_FEE_CODE_SYSTEM)
    return code if code in (codes.ANNUAL_CHECK_FEE, codes.OUTREACH_VISIT_FEE) else None
