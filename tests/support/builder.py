"""A small builder of patient bundles for tests and specs, in the shapes of fhir-profile.md.

It writes real FHIR R4 JSON that goes through the real reader, validator and
rules engine; nothing here stands in for medreview's own code.
"""

from __future__ import annotations

import copy
import itertools
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

MR = "https://medreview.example/fhir"
ATC = "http://www.whocc.no/atc"
SKS = "urn:oid:1.2.208.176.2.4"
SNOMED = "http://snomed.info/sct"
ICPC2 = "urn:oid:1.2.208.176.2.31"
FMK_DOSAGE_TYPE = "http://www.dkma.dk/medicinecard/xml.schema/2015/01/01/DosageTypeType"
AS_OF = date(2026, 6, 15)

# Drugs typical of elderly Danish patients: ATC code -> Danish name.
COMMON_DRUGS: dict[str, str] = {
    "C07AB02": "Metoprolol",
    "C10AA05": "Atorvastatin",
    "C08CA01": "Amlodipin",
    "A10BA02": "Metformin",
    "C03CA01": "Furosemid",
    "A02BC02": "Pantoprazol",
    "B01AF02": "Apixaban",
    "N06AB06": "Sertralin",
    "H03AA01": "Levothyroxin",
    "M05BA04": "Alendronsyre",
    "C09AA02": "Enalapril",
    "N06DA02": "Donepezil",
    "G04CA02": "Tamsulosin",
    "A12AX": "Calcium og D-vitamin",
}


def days(n: int) -> date:
    """The day ``n`` days after the as-of date (negative: before)."""
    return AS_OF + timedelta(days=n)


@dataclass
class PatientBuilder:
    """Builds one patient's Bundle, step by step."""

    patient_id: str = "p1"
    birth_date: date = date(1940, 3, 12)
    entries: list[dict[str, Any]] = field(default_factory=list)
    _numbers: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    patient: dict[str, Any] = field(init=False)

    def __post_init__(self) -> None:
        self.patient = {
            "resourceType": "Patient",
            "id": self.patient_id,
            "identifier": [{"system": "urn:oid:1.2.208.176.1.2", "value": "1203401234"}],
            "name": [{"use": "official", "family": "Hansen", "given": ["Inger"]}],
            "gender": "female",
            "birthDate": self.birth_date.isoformat(),
        }
        self.add(self.patient)
        self.add(_organization("clinic", "Lægerne på Torvet", "general-practice"))
        self.add(_practitioner("gp", "Mette", "Lund"))
        self.add(_role("gp-role", "gp", "clinic"))
        self.patient["generalPractitioner"] = [{"reference": "Practitioner/gp"}]

    # --- building blocks -------------------------------------------------------

    def add(self, resource: dict[str, Any]) -> dict[str, Any]:
        self.entries.append(resource)
        return resource

    def ensure(self, resource: dict[str, Any]) -> None:
        """Add ``resource`` unless one of its type and id is already there."""
        if not any(
            r["resourceType"] == resource["resourceType"] and r.get("id") == resource.get("id")
            for r in self.entries
        ):
            self.add(resource)

    def next_id(self, prefix: str) -> str:
        return f"{prefix}{next(self._numbers)}"

    def age(self, years: int) -> PatientBuilder:
        born = date(AS_OF.year - years, 1, 1)
        self.patient["birthDate"] = born.isoformat()
        return self

    def without_gp(self) -> PatientBuilder:
        self.patient.pop("generalPractitioner", None)
        return self

    def hospital(self, org_id: str = "hospital", name: str = "Bispebjerg Hospital") -> str:
        self.ensure(_organization(org_id, name, "hospital"))
        return org_id

    # --- the card --------------------------------------------------------------

    def line(
        self,
        atc: str | None = None,
        name: str | None = None,
        *,
        status: str = "active",
        as_needed: bool = False,
        course: str | None = "continuous",
        dose_dispensed: bool = False,
        reassessment: date | None = None,
        started: date | None = None,
        dosage: bool = True,
        prescriber: str = "Practitioner/gp",
        replaces: str | None = None,
        line_id: str | None = None,
        ended: date | None = None,
    ) -> str:
        """A MedicationRequest (an FMK ordination); returns its id."""
        line_id = line_id or self.next_id("mr")
        resource: dict[str, Any] = {
            "resourceType": "MedicationRequest",
            "id": line_id,
            "status": status,
            "intent": "order",
            "medicationCodeableConcept": _drug_concept(atc, name),
            "subject": {"reference": f"Patient/{self.patient_id}"},
            "authoredOn": (started or days(-400)).isoformat(),
            "requester": {"reference": prescriber},
        }
        if course:
            resource["courseOfTherapyType"] = {
                "coding": [
                    {
                        "system": "http://terminology.hl7.org/CodeSystem/medicationrequest-course-of-therapy",
                        "code": course,
                    }
                ]
            }
        if dosage:
            instruction: dict[str, Any] = {"text": "1 tablet dagligt"}
            if as_needed:
                instruction = {"text": "1 tablet efter behov", "asNeededBoolean": True}
            else:
                instruction["timing"] = {"repeat": {"frequency": 1, "period": 1, "periodUnit": "d"}}
            resource["dosageInstruction"] = [instruction]
        extensions = []
        if dose_dispensed:
            extensions.append(
                {"url": f"{MR}/StructureDefinition/dose-dispensed", "valueBoolean": True}
            )
        if reassessment is not None:
            extensions.append(
                {
                    "url": f"{MR}/StructureDefinition/reassessment-date",
                    "valueDate": reassessment.isoformat(),
                }
            )
        if ended is not None:
            extensions.append(
                {
                    "url": "http://hl7.org/fhir/5.0/StructureDefinition/"
                    "extension-MedicationRequest.effectiveDosePeriod",
                    "valuePeriod": {
                        "start": (started or days(-400)).isoformat(),
                        "end": ended.isoformat(),
                    },
                }
            )
        if extensions:
            resource["extension"] = extensions
        if replaces:
            resource["priorPrescription"] = {"reference": f"MedicationRequest/{replaces}"}
        self.add(resource)
        return line_id

    def fixed_drugs(self, count: int, **options: Any) -> list[str]:
        """``count`` different drugs in fixed treatment."""
        codes = list(COMMON_DRUGS)[:count]
        if len(codes) < count:
            raise ValueError(f"the builder knows {len(COMMON_DRUGS)} drugs, not {count}")
        return [self.line(code, COMMON_DRUGS[code], **options) for code in codes]

    def statement(
        self,
        atc: str,
        name: str,
        *,
        fmk_type: str = "FAST",
        status: str = "active",
        bounds_start: date | None = None,
        bounds_end: date | None = None,
    ) -> str:
        """A MedicationStatement as an FMK card snapshot writes it, with a Medication."""
        med_id = self.next_id("med")
        self.add({"resourceType": "Medication", "id": med_id, "code": _drug_concept(atc, name)})
        line_id = self.next_id("ms")
        bounds: dict[str, str] = {"start": (bounds_start or days(-300)).isoformat()}
        if bounds_end is not None:
            bounds["end"] = bounds_end.isoformat()
        self.add(
            {
                "resourceType": "MedicationStatement",
                "id": line_id,
                "status": status,
                "medicationReference": {"reference": f"Medication/{med_id}"},
                "subject": {"reference": f"Patient/{self.patient_id}"},
                "informationSource": {"reference": "Practitioner/gp"},
                "dosage": [
                    {
                        "text": "efter behov" if fmk_type == "EFTER_BEHOV" else "1 tablet morgen",
                        "additionalInstruction": [
                            {"coding": [{"system": FMK_DOSAGE_TYPE, "code": fmk_type}]}
                        ],
                        "timing": {"repeat": {"boundsPeriod": bounds}},
                    }
                ],
            }
        )
        return line_id

    def condition(
        self,
        text: str,
        code: str,
        *,
        clinical: str | None = "active",
        verification: str = "confirmed",
        abated: date | None = None,
        onset: date | None = None,
        also_coded: tuple[str, str] | None = None,
        system: str = SKS,
    ) -> str:
        """A Condition coded in the Danish ICD-10 (SKS) system, or ``system``; returns its id.

        ``also_coded`` (system, code) puts a second coding first, as another system
        would write the same diagnosis.
        """
        condition_id = self.next_id("condition")
        resource: dict[str, Any] = {
            "resourceType": "Condition",
            "id": condition_id,
            "verificationStatus": {
                "coding": [
                    {
                        "system": "http://terminology.hl7.org/CodeSystem/condition-ver-status",
                        "code": verification,
                    }
                ]
            },
            "code": {
                "coding": [{"system": system, "code": code, "display": text}],
                "text": text,
            },
            "subject": {"reference": f"Patient/{self.patient_id}"},
        }
        if clinical is not None:
            resource["clinicalStatus"] = {
                "coding": [
                    {
                        "system": "http://terminology.hl7.org/CodeSystem/condition-clinical",
                        "code": clinical,
                    }
                ]
            }
        if abated is not None:
            resource["abatementDateTime"] = abated.isoformat()
        if onset is not None:
            resource["onsetDateTime"] = onset.isoformat()
        if also_coded is not None:
            system, other = also_coded
            resource["code"]["coding"].insert(0, {"system": system, "code": other})
        self.add(resource)
        return condition_id

    # --- care events -----------------------------------------------------------

    def review(self, on: date, status: str = "completed") -> str:
        review_id = self.next_id("review")
        self.add(
            {
                "resourceType": "Procedure",
                "id": review_id,
                "status": status,
                "code": {
                    "coding": [
                        {
                            "system": "http://snomed.info/sct",
                            "code": "182836005",
                            "display": "Review of medication",
                        }
                    ]
                },
                "subject": {"reference": f"Patient/{self.patient_id}"},
                "performedDateTime": on.isoformat(),
            }
        )
        return review_id

    def nursing_home(self, since: date, *, fixed_doctor: bool = False) -> str:
        self.ensure(_organization("kommune", "Københavns Kommune", "municipality"))
        episode_id = self.next_id("eoc")
        self.add(_episode(episode_id, "nursing-home", since, self.patient_id))
        if fixed_doctor:
            self.add(_organization("nh-clinic", "Plejehjemslægerne", "general-practice"))
            self.add(_practitioner("nh-doctor", "Søren", "Krogh"))
            self.add(_role("nh-doctor-role", "nh-doctor", "nh-clinic"))
            self.add(
                {
                    "resourceType": "CareTeam",
                    "id": "nh-team",
                    "status": "active",
                    "subject": {"reference": f"Patient/{self.patient_id}"},
                    "participant": [
                        {
                            "role": [
                                {
                                    "coding": [
                                        {
                                            "system": f"{MR}/CodeSystem/care-role",
                                            "code": "nursing-home-doctor",
                                        }
                                    ]
                                }
                            ],
                            "member": {"reference": "Practitioner/nh-doctor"},
                        }
                    ],
                }
            )
        return episode_id

    def home_care(self, since: date) -> str:
        self.ensure(_organization("kommune", "Københavns Kommune", "municipality"))
        episode_id = self.next_id("eoc")
        self.add(_episode(episode_id, "home-care", since, self.patient_id))
        return episode_id

    def admitted(self, since: date) -> str:
        hospital = self.hospital()
        stay_id = self.next_id("stay")
        self.add(
            {
                "resourceType": "Encounter",
                "id": stay_id,
                "status": "in-progress",
                "class": {
                    "system": "http://terminology.hl7.org/CodeSystem/v3-ActCode",
                    "code": "IMP",
                },
                "subject": {"reference": f"Patient/{self.patient_id}"},
                "period": {"start": since.isoformat()},
                "serviceProvider": {"reference": f"Organization/{hospital}"},
            }
        )
        return stay_id

    def discharged(self, on: date, admitted_days: int = 6) -> str:
        hospital = self.hospital()
        stay_id = self.next_id("stay")
        self.add(
            {
                "resourceType": "Encounter",
                "id": stay_id,
                "status": "finished",
                "class": {
                    "system": "http://terminology.hl7.org/CodeSystem/v3-ActCode",
                    "code": "IMP",
                },
                "subject": {"reference": f"Patient/{self.patient_id}"},
                "period": {
                    "start": (on - timedelta(days=admitted_days)).isoformat(),
                    "end": on.isoformat(),
                },
                "serviceProvider": {"reference": f"Organization/{hospital}"},
            }
        )
        return stay_id

    def dose_dispensing(self, start: date, status: str = "active") -> str:
        self.ensure(_organization("pharmacy", "Apoteket Trianglen", "pharmacy"))
        request_id = self.next_id("dd")
        self.add(
            {
                "resourceType": "ServiceRequest",
                "id": request_id,
                "status": status,
                "intent": "order",
                "code": {
                    "coding": [{"system": f"{MR}/CodeSystem/care-event", "code": "dose-dispensing"}]
                },
                "subject": {"reference": f"Patient/{self.patient_id}"},
                "occurrencePeriod": {"start": start.isoformat()},
                "performer": [{"reference": "Organization/pharmacy"}],
            }
        )
        return request_id

    def gp_visit(
        self, fee_code: str, on: date, *, held: bool = False, performer: str = "Practitioner/gp"
    ) -> str:
        """An annual check (0120) or outreach visit (0121): booked, or held if ``held``."""
        visit_id = self.next_id("visit")
        concept = [{"coding": [{"system": f"{MR}/CodeSystem/gp-fee-code", "code": fee_code}]}]
        if held:
            self.add(
                {
                    "resourceType": "Encounter",
                    "id": visit_id,
                    "status": "finished",
                    "class": {
                        "system": "http://terminology.hl7.org/CodeSystem/v3-ActCode",
                        "code": "AMB",
                    },
                    "type": concept,
                    "subject": {"reference": f"Patient/{self.patient_id}"},
                    "participant": [{"individual": {"reference": performer}}],
                    "period": {"start": on.isoformat(), "end": on.isoformat()},
                }
            )
        else:
            self.add(
                {
                    "resourceType": "Appointment",
                    "id": visit_id,
                    "status": "booked",
                    "serviceType": concept,
                    "start": f"{on.isoformat()}T09:00:00+02:00",
                    "end": f"{on.isoformat()}T09:30:00+02:00",
                    "participant": [
                        {
                            "actor": {"reference": f"Patient/{self.patient_id}"},
                            "status": "accepted",
                        },
                        {"actor": {"reference": performer}, "status": "accepted"},
                    ],
                }
            )
        return visit_id

    def hospital_doctor(self) -> str:
        """A doctor at the hospital's outpatient clinic; returns a reference to the role."""
        hospital = self.hospital()
        self.ensure(_practitioner("hospital-doctor", "Ida", "Berg"))
        self.ensure(_role("hospital-doctor-role", "hospital-doctor", hospital))
        return "PractitionerRole/hospital-doctor-role"

    def deceased(self, on: date) -> PatientBuilder:
        self.patient["deceasedDateTime"] = f"{on.isoformat()}T12:00:00+01:00"
        return self

    # --- the result ------------------------------------------------------------

    def bundle(self) -> dict[str, Any]:
        return {
            "resourceType": "Bundle",
            "id": f"bundle-{self.patient_id}",
            "type": "collection",
            "entry": [
                {"fullUrl": f"{MR}/{r['resourceType']}/{r['id']}", "resource": copy.deepcopy(r)}
                for r in self.entries
            ],
        }


def _drug_concept(atc: str | None, name: str | None) -> dict[str, Any]:
    concept: dict[str, Any] = {}
    if atc:
        concept["coding"] = [{"system": ATC, "code": atc, "display": name or atc}]
    if name:
        concept["text"] = name
    return concept


def _organization(org_id: str, name: str, sector: str) -> dict[str, Any]:
    return {
        "resourceType": "Organization",
        "id": org_id,
        "name": name,
        "type": [{"coding": [{"system": f"{MR}/CodeSystem/sector", "code": sector}]}],
    }


def _practitioner(practitioner_id: str, given: str, family: str) -> dict[str, Any]:
    return {
        "resourceType": "Practitioner",
        "id": practitioner_id,
        "name": [{"family": family, "given": [given]}],
    }


def _role(role_id: str, practitioner_id: str, org_id: str) -> dict[str, Any]:
    return {
        "resourceType": "PractitionerRole",
        "id": role_id,
        "practitioner": {"reference": f"Practitioner/{practitioner_id}"},
        "organization": {"reference": f"Organization/{org_id}"},
    }


def _episode(episode_id: str, setting: str, since: date, patient_id: str) -> dict[str, Any]:
    return {
        "resourceType": "EpisodeOfCare",
        "id": episode_id,
        "status": "active",
        "type": [{"coding": [{"system": f"{MR}/CodeSystem/care-setting", "code": setting}]}],
        "patient": {"reference": f"Patient/{patient_id}"},
        "managingOrganization": {"reference": "Organization/kommune"},
        "period": {"start": since.isoformat()},
    }
