"""Code systems, extensions and value sets that medreview reads (see fhir-profile.md).

Where no Danish or international convention exists, medreview uses codes of its
own under one base URL, ``MR_BASE``; a deployment that publishes them elsewhere
changes this one constant.
"""

from __future__ import annotations

from typing import Final, Literal, get_args

MR_BASE: Final = "https://medreview.example/fhir"

# medreview's own code systems and extensions
SECTOR_SYSTEM: Final = f"{MR_BASE}/CodeSystem/sector"
CARE_ROLE_SYSTEM: Final = f"{MR_BASE}/CodeSystem/care-role"
CARE_SETTING_SYSTEM: Final = f"{MR_BASE}/CodeSystem/care-setting"
CARE_EVENT_SYSTEM: Final = f"{MR_BASE}/CodeSystem/care-event"
GP_FEE_CODE_SYSTEM: Final = f"{MR_BASE}/CodeSystem/gp-fee-code"
DOSE_DISPENSED_URL: Final = f"{MR_BASE}/StructureDefinition/dose-dispensed"
REASSESSMENT_DATE_URL: Final = f"{MR_BASE}/StructureDefinition/reassessment-date"

NURSING_HOME_DOCTOR: Final = "nursing-home-doctor"
NURSING_HOME: Final = "nursing-home"
HOME_CARE: Final = "home-care"
DOSE_DISPENSING: Final = "dose-dispensing"
ANNUAL_CHECK_FEE: Final = "0120"
OUTREACH_VISIT_FEE: Final = "0121"

# Danish and international systems
CPR_SYSTEM: Final = "urn:oid:1.2.208.176.1.2"
SOR_SYSTEM: Final = "urn:oid:1.2.208.176.1.1"
ATC_SYSTEM: Final = "http://www.whocc.no/atc"
LMS01_DRUG_ID_SYSTEM: Final = "https://laegemiddelstyrelsen.dk/LMS01/DrugID"
LMS30_SUBSTANCE_SYSTEM: Final = "https://laegemiddelstyrelsen.dk/LMS30/Substans"
FMK_SUBSTANCE_SYSTEM: Final = (
    "http://www.dkma.dk/medicinecard/xml.schema/2015/06/01/ActiveSubstance"
)
FMK_DOSAGE_TYPE_SYSTEM: Final = (
    "http://www.dkma.dk/medicinecard/xml.schema/2015/01/01/DosageTypeType"
)
RXNORM_SYSTEM: Final = "http://www.nlm.nih.gov/research/umls/rxnorm"
SNOMED_SYSTEM: Final = "http://snomed.info/sct"
ACT_CODE_SYSTEM: Final = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
COURSE_OF_THERAPY_SYSTEM: Final = (
    "http://terminology.hl7.org/CodeSystem/medicationrequest-course-of-therapy"
)
EFFECTIVE_DOSE_PERIOD_URL: Final = (
    "http://hl7.org/fhir/5.0/StructureDefinition/extension-MedicationRequest.effectiveDosePeriod"
)

MEDICATION_REVIEW_SNOMED: Final = "182836005"
CONDITION_CLINICAL_SYSTEM: Final = "http://terminology.hl7.org/CodeSystem/condition-clinical"
CONDITION_VERIFICATION_SYSTEM: Final = "http://terminology.hl7.org/CodeSystem/condition-ver-status"
# Condition.clinicalStatus and .verificationStatus have required bindings to these codes.
CONDITION_CLINICAL_CODES: Final = frozenset(
    {"active", "recurrence", "relapse", "inactive", "remission", "resolved"}
)
CONDITION_VERIFICATION_CODES: Final = frozenset(
    {"unconfirmed", "provisional", "differential", "confirmed", "refuted", "entered-in-error"}
)
INPATIENT_CLASS: Final = "IMP"

FMK_FIXED: Final = "FAST"
FMK_AS_NEEDED: Final = "EFTER_BEHOV"
FMK_COMBINED: Final = "KOMBINERET"

SECTORS: Final = frozenset(
    {"general-practice", "specialist-practice", "hospital", "municipality", "pharmacy"}
)

# Required bindings in FHIR R4 (4.0.1) for the elements medreview reads. fhir.resources
# does not check codes against value sets, so medreview does: the typed models in
# fhir_model use these types, and the full reader checks the same sets.
BundleType = Literal[
    "document",
    "message",
    "transaction",
    "transaction-response",
    "batch",
    "batch-response",
    "history",
    "searchset",
    "collection",
]
Gender = Literal["male", "female", "other", "unknown"]
MedicationRequestStatus = Literal[
    "active", "on-hold", "cancelled", "completed", "entered-in-error", "stopped", "draft", "unknown"
]
MedicationRequestIntent = Literal[
    "proposal",
    "plan",
    "order",
    "original-order",
    "reflex-order",
    "filler-order",
    "instance-order",
    "option",
]
MedicationStatementStatus = Literal[
    "active",
    "completed",
    "entered-in-error",
    "intended",
    "stopped",
    "on-hold",
    "unknown",
    "not-taken",
]
MedicationStatus = Literal["active", "inactive", "entered-in-error"]
EncounterStatus = Literal[
    "planned",
    "arrived",
    "triaged",
    "in-progress",
    "onleave",
    "finished",
    "cancelled",
    "entered-in-error",
    "unknown",
]
AppointmentStatus = Literal[
    "proposed",
    "pending",
    "booked",
    "arrived",
    "fulfilled",
    "cancelled",
    "noshow",
    "entered-in-error",
    "checked-in",
    "waitlist",
]
ParticipationStatus = Literal["accepted", "declined", "tentative", "needs-action"]
ServiceRequestStatus = Literal[
    "draft", "active", "on-hold", "revoked", "completed", "entered-in-error", "unknown"
]
ServiceRequestIntent = Literal[
    "proposal",
    "plan",
    "directive",
    "order",
    "original-order",
    "reflex-order",
    "filler-order",
    "instance-order",
    "option",
]
ProcedureStatus = Literal[
    "preparation",
    "in-progress",
    "not-done",
    "on-hold",
    "stopped",
    "completed",
    "entered-in-error",
    "unknown",
]
EpisodeOfCareStatus = Literal[
    "planned", "waitlist", "active", "onhold", "finished", "cancelled", "entered-in-error"
]
CareTeamStatus = Literal["proposed", "active", "suspended", "inactive", "entered-in-error"]

# By resource type, then a dotted element path ("participant.status" walks a list).
REQUIRED_BINDINGS: Final[dict[str, dict[str, frozenset[str]]]] = {
    resource_type: {path: frozenset(get_args(codes)) for path, codes in paths.items()}
    for resource_type, paths in {
        "Bundle": {"type": BundleType},
        "Patient": {"gender": Gender},
        "MedicationRequest": {"status": MedicationRequestStatus, "intent": MedicationRequestIntent},
        "MedicationStatement": {"status": MedicationStatementStatus},
        "Medication": {"status": MedicationStatus},
        "Encounter": {"status": EncounterStatus},
        "Appointment": {"status": AppointmentStatus, "participant.status": ParticipationStatus},
        "ServiceRequest": {"status": ServiceRequestStatus, "intent": ServiceRequestIntent},
        "Procedure": {"status": ProcedureStatus},
        "EpisodeOfCare": {"status": EpisodeOfCareStatus},
        "CareTeam": {"status": CareTeamStatus},
    }.items()
}
