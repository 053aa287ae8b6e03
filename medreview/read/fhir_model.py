"""The part of FHIR R4 that medreview reads, as strict typed models (msgspec).

Every element the card reader uses is declared here with its FHIR type, and
statuses with their required value sets (``codes.REQUIRED_BINDINGS``).
Anything not declared is skipped, unread.

Both readers end here. The full reader validates the whole bundle with
fhir.resources and then converts each resource to these models; the fast
reader decodes the JSON bytes straight into them. One card reader maps the
models to the card, so the two readers cannot disagree about what a bundle means.
"""

from __future__ import annotations

import typing
from typing import ClassVar

import msgspec
from msgspec import Struct, field

from medreview import codes
from medreview.read.resource_types import R4_RESOURCE_TYPES

# Dates stay text here: the card reader parses each one it uses, strictly, as FHIR
# writes them (fhir_dates.parse_day), which is also where a bad one is reported.
# Checking them again with the specification's regular expressions cost the fast
# reader twice its parse time.
FhirDate = str
FhirDateTime = str
FhirInstant = str


class Element(Struct, frozen=True, kw_only=True, forbid_unknown_fields=False):
    """A FHIR element: only the declared fields are read; others are skipped."""


class Coding(Element, frozen=True, kw_only=True):
    system: str | None = None
    code: str | None = None
    display: str | None = None


class CodeableConcept(Element, frozen=True, kw_only=True):
    coding: tuple[Coding, ...] = ()
    text: str | None = None


class Identifier(Element, frozen=True, kw_only=True):
    system: str | None = None
    value: str | None = None


class Reference(Element, frozen=True, kw_only=True):
    reference: str | None = None
    type: str | None = None
    identifier: Identifier | None = None
    display: str | None = None


class Period(Element, frozen=True, kw_only=True):
    start: FhirDateTime | None = None
    end: FhirDateTime | None = None


class Extension(Element, frozen=True, kw_only=True):
    url: str
    valueBoolean: bool | None = None
    valueDate: FhirDate | None = None
    valuePeriod: Period | None = None


class HumanName(Element, frozen=True, kw_only=True):
    use: str | None = None
    text: str | None = None
    family: str | None = None
    given: tuple[str, ...] = ()


class TimingRepeat(Element, frozen=True, kw_only=True):
    boundsPeriod: Period | None = None


class Timing(Element, frozen=True, kw_only=True):
    repeat: TimingRepeat | None = None


class Dosage(Element, frozen=True, kw_only=True):
    text: str | None = None
    additionalInstruction: tuple[CodeableConcept, ...] = ()
    timing: Timing | None = None
    asNeededBoolean: bool | None = None
    asNeededCodeableConcept: CodeableConcept | None = None


class Ingredient(Element, frozen=True, kw_only=True):
    itemCodeableConcept: CodeableConcept | None = None
    isActive: bool | None = None


class Resource(Element, frozen=True, kw_only=True, tag_field="resourceType", tag=True):
    """What every resource has: its type and id, for references and evidence.

    The type is the model's tag (its class name): one decoder can then pick each
    entry's model by its ``resourceType``, in the one pass over the bundle.
    """

    id: str | None = None
    resourceType: ClassVar[str] = "Resource"  # each model's own, set below from its tag


class Medication(Resource, frozen=True, kw_only=True):
    identifier: tuple[Identifier, ...] = ()
    status: codes.MedicationStatus | None = None
    code: CodeableConcept | None = None
    ingredient: tuple[Ingredient, ...] = ()


class _MedicationLine(Resource, frozen=True, kw_only=True):
    extension: tuple[Extension, ...] = ()
    # Any resource may be contained (a Medication, its Provenance, an Organization): each is
    # decoded by its type, as the bundle's entries are; a "#id" reference finds it.
    contained: tuple[AnyResource, ...] = ()
    medicationCodeableConcept: CodeableConcept | None = None
    medicationReference: Reference | None = None


class MedicationRequest(_MedicationLine, frozen=True, kw_only=True):
    status: codes.MedicationRequestStatus
    intent: codes.MedicationRequestIntent
    authoredOn: FhirDateTime | None = None
    requester: Reference | None = None
    courseOfTherapyType: CodeableConcept | None = None
    dosageInstruction: tuple[Dosage, ...] = ()
    priorPrescription: Reference | None = None


class MedicationStatement(_MedicationLine, frozen=True, kw_only=True):
    status: codes.MedicationStatementStatus
    effectiveDateTime: FhirDateTime | None = None
    effectivePeriod: Period | None = None
    informationSource: Reference | None = None
    dosage: tuple[Dosage, ...] = ()


class Patient(Resource, frozen=True, kw_only=True):
    identifier: tuple[Identifier, ...] = ()
    name: tuple[HumanName, ...] = ()
    gender: codes.Gender | None = None
    birthDate: FhirDate | None = None
    deceasedBoolean: bool | None = None
    deceasedDateTime: FhirDateTime | None = None
    generalPractitioner: tuple[Reference, ...] = ()


class Organization(Resource, frozen=True, kw_only=True):
    identifier: tuple[Identifier, ...] = ()
    type: tuple[CodeableConcept, ...] = ()
    name: str | None = None


class Practitioner(Resource, frozen=True, kw_only=True):
    identifier: tuple[Identifier, ...] = ()
    name: tuple[HumanName, ...] = ()


class PractitionerRole(Resource, frozen=True, kw_only=True):
    identifier: tuple[Identifier, ...] = ()
    practitioner: Reference | None = None
    organization: Reference | None = None


class EpisodeOfCare(Resource, frozen=True, kw_only=True):
    status: codes.EpisodeOfCareStatus
    type: tuple[CodeableConcept, ...] = ()
    period: Period | None = None
    managingOrganization: Reference | None = None


class CareTeamParticipant(Element, frozen=True, kw_only=True):
    role: tuple[CodeableConcept, ...] = ()
    member: Reference | None = None
    period: Period | None = None


class CareTeam(Resource, frozen=True, kw_only=True):
    status: codes.CareTeamStatus | None = None
    period: Period | None = None
    participant: tuple[CareTeamParticipant, ...] = ()
    managingOrganization: tuple[Reference, ...] = ()  # the nursing home (fhir-profile.md)


class ServiceRequest(Resource, frozen=True, kw_only=True):
    status: codes.ServiceRequestStatus
    intent: codes.ServiceRequestIntent
    code: CodeableConcept | None = None
    occurrencePeriod: Period | None = None
    occurrenceDateTime: FhirDateTime | None = None
    performer: tuple[Reference, ...] = ()


class AppointmentParticipant(Element, frozen=True, kw_only=True):
    actor: Reference | None = None
    status: codes.ParticipationStatus


class Appointment(Resource, frozen=True, kw_only=True):
    status: codes.AppointmentStatus
    serviceType: tuple[CodeableConcept, ...] = ()
    start: FhirInstant | None = None
    participant: tuple[AppointmentParticipant, ...] = ()


class EncounterParticipant(Element, frozen=True, kw_only=True):
    individual: Reference | None = None


class Encounter(Resource, frozen=True, kw_only=True):
    status: codes.EncounterStatus
    class_: Coding | None = field(name="class", default=None)
    type: tuple[CodeableConcept, ...] = ()
    period: Period | None = None
    participant: tuple[EncounterParticipant, ...] = ()
    serviceProvider: Reference | None = None


class Procedure(Resource, frozen=True, kw_only=True):
    status: codes.ProcedureStatus
    code: CodeableConcept | None = None
    performedDateTime: FhirDateTime | None = None
    performedPeriod: Period | None = None


class Condition(Resource, frozen=True, kw_only=True):
    clinicalStatus: CodeableConcept | None = None
    verificationStatus: CodeableConcept | None = None
    category: tuple[CodeableConcept, ...] = ()
    code: CodeableConcept | None = None
    onsetDateTime: FhirDateTime | None = None
    onsetPeriod: Period | None = None
    recordedDate: FhirDateTime | None = None
    abatementDateTime: FhirDateTime | None = None
    abatementPeriod: Period | None = None


MODELS: dict[str, type[Resource]] = {
    model.__name__: model
    for model in (
        Patient,
        Organization,
        Practitioner,
        PractitionerRole,
        Medication,
        MedicationRequest,
        MedicationStatement,
        EpisodeOfCare,
        CareTeam,
        ServiceRequest,
        Appointment,
        Encounter,
        Procedure,
        Condition,
    )
}

# The types medreview does not read, as empty placeholders that the one-pass decoder
# drops: Observation, Claim... (only their id is checked, as the stepwise decoder does).
_UNREAD: tuple[type[Resource], ...] = tuple(
    typing.cast(
        "type[Resource]", msgspec.defstruct(name, [], bases=(Resource,), frozen=True, kw_only=True)
    )
    for name in R4_RESOURCE_TYPES
    if name not in MODELS
)
UNREAD_TYPES = frozenset(_UNREAD)
for _model in (*MODELS.values(), *_UNREAD):
    _model.resourceType = str(_model.__struct_config__.tag)  # a class attribute: read often

# Any resource, decoded into the model its resourceType names: msgspec picks the model
# from this union by its tag. (For the type checker, just "a Resource".)
if typing.TYPE_CHECKING:
    AnyResource = Resource
else:
    AnyResource = typing.Union[(*MODELS.values(), *_UNREAD)]
