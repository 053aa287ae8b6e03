"""A generated patient: who they are, where they live, and who cares for them (the GP and
the practice, a fixed nursing-home doctor, home care or a nursing home)."""

from __future__ import annotations

import random
import uuid
from datetime import date, timedelta
from typing import Any

from medreview import codes
from medreview.samples.data import (
    FEMALE_NAMES,
    MALE_NAMES,
    STREETS,
    SURNAMES,
    TOWNS,
    PopulationOptions,
)
from medreview.samples.homes import nursing_home_of


class Clinic:
    """A general practice with a few GPs; some of them are fixed nursing-home doctors."""

    def __init__(self, rng: random.Random, number: int) -> None:
        town = rng.choice(TOWNS)
        self.id = f"klinik-{number}"
        self.name = f"Lægerne i {town[1]}" + (f" {number}" if number >= len(TOWNS) else "")
        self.sor = f"4{rng.randrange(10**14, 10**15 - 1)}"
        self.doctors = [
            (f"laege-{number}-{index}", rng.choice(FEMALE_NAMES + MALE_NAMES), rng.choice(SURNAMES))
            for index in range(rng.randint(2, 5))
        ]


class PatientBase:
    """A patient being generated: the random choices, the resources made so far, and the
    people around them."""

    def __init__(
        self, rng: random.Random, number: int, clinics: list[Clinic], options: PopulationOptions
    ) -> None:
        self.rng = rng
        self.options = options
        self.today = options.around
        self.pid = f"p{number}"
        self.number = number
        self.resources: list[dict[str, Any]] = []
        self.clinic = rng.choice(clinics)
        self.gp = rng.choice(self.clinic.doctors)
        self.resident = rng.random() < 0.55  # nursing home, else home care
        self.female = rng.random() < 0.6
        low, high = (78, 101) if self.resident else (67, 95)
        self.birth = self.today - timedelta(days=rng.randint(low * 365, high * 365))

    def day(self, low: int, high: int) -> date:
        return self.today + timedelta(days=self.rng.randint(low, high))

    def uuid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def ref(self, resource_type: str, resource_id: str) -> dict[str, str]:
        return {"reference": f"{resource_type}/{resource_id}"}

    def add(self, resource: dict[str, Any], summary: str) -> dict[str, Any]:
        if self.options.narrative:
            resource["text"] = {
                "status": "generated",
                "div": f'<div xmlns="http://www.w3.org/1999/xhtml"><p>{summary}</p></div>',
            }
        self.resources.append(resource)
        return resource

    def _people(self) -> None:
        rng = self.rng
        given = rng.choice(FEMALE_NAMES if self.female else MALE_NAMES)
        family = rng.choice(SURNAMES)
        town = rng.choice(TOWNS)
        self.town = town
        # CPR: the serial's last digit is even for women, odd for men.
        serial = rng.randrange(500, 5000) * 2 + (0 if self.female else 1)
        cpr = f"{self.birth:%d%m%y}{serial:04d}"
        patient: dict[str, Any] = {
            "resourceType": "Patient",
            "id": self.pid,
            "identifier": [{"use": "official", "system": codes.CPR_SYSTEM, "value": cpr}],
            "name": [{"use": "official", "family": family, "given": [given]}],
            "gender": "female" if self.female else "male",
            "birthDate": self.birth.isoformat(),
            "address": [
                {
                    "use": "home",
                    "line": [f"{rng.choice(STREETS)} {rng.randint(1, 240)}"],
                    "postalCode": town[0],
                    "city": town[1],
                    "country": "DK",
                }
            ],
            "generalPractitioner": [self.ref("Practitioner", self.gp[0])],
        }
        if rng.random() < 0.01:
            patient["deceasedDateTime"] = f"{self.day(-120, -1).isoformat()}T03:00:00+01:00"
        self.add(patient, f"{given} {family}, født {self.birth.isoformat()}")
        self.add(
            {
                "resourceType": "Organization",
                "id": self.clinic.id,
                "identifier": [{"system": codes.SOR_SYSTEM, "value": self.clinic.sor}],
                "type": [{"coding": [{"system": codes.SECTOR_SYSTEM, "code": "general-practice"}]}],
                "name": self.clinic.name,
            },
            self.clinic.name,
        )
        self._doctor(self.gp, self.clinic.id)
        self.add(
            {
                "resourceType": "Organization",
                "id": "kommune",
                "type": [{"coding": [{"system": codes.SECTOR_SYSTEM, "code": "municipality"}]}],
                "name": town[2],
            },
            town[2],
        )
        self.home = "kommune"
        if self.resident:  # a municipal nursing home (fhir-profile.md, "which nursing home")
            self.home, name = nursing_home_of(town[2], self.number)
            self.add(
                {
                    "resourceType": "Organization",
                    "id": self.home,
                    "type": [{"coding": [{"system": codes.SECTOR_SYSTEM, "code": "municipality"}]}],
                    "name": name,
                    "partOf": self.ref("Organization", "kommune"),
                },
                name,
            )

    def _doctor(self, doctor: tuple[str, str, str], clinic_id: str) -> None:
        self.add(
            {
                "resourceType": "Practitioner",
                "id": doctor[0],
                "name": [{"use": "official", "family": doctor[2], "given": [doctor[1]]}],
            },
            f"{doctor[1]} {doctor[2]}",
        )
        self.add(
            {
                "resourceType": "PractitionerRole",
                "id": f"{doctor[0]}-rolle",
                "practitioner": self.ref("Practitioner", doctor[0]),
                "organization": self.ref("Organization", clinic_id),
            },
            f"{doctor[1]} {doctor[2]}, praktiserende læge",
        )

    def _nursing_home_doctor(self) -> None:
        self.nh_doctor = self.rng.choice(self.clinic.doctors)
        if self.nh_doctor != self.gp:
            self._doctor(self.nh_doctor, self.clinic.id)
        self.add(
            {
                "resourceType": "CareTeam",
                "id": f"{self.pid}-team",
                "status": "active",
                "subject": self.ref("Patient", self.pid),
                "managingOrganization": [self.ref("Organization", self.home)],
                "participant": [
                    {
                        "role": [
                            {
                                "coding": [
                                    {
                                        "system": codes.CARE_ROLE_SYSTEM,
                                        "code": codes.NURSING_HOME_DOCTOR,
                                    }
                                ]
                            }
                        ],
                        "member": self.ref("Practitioner", self.nh_doctor[0]),
                    }
                ],
            },
            "Fast tilknyttet plejehjemslæge",
        )

    def _residence(self) -> None:
        setting = codes.NURSING_HOME if self.resident else codes.HOME_CARE
        start = self.day(-2500, -1) if self.rng.random() > 0.04 else self.day(-40, 0)
        self.add(
            {
                "resourceType": "EpisodeOfCare",
                "id": f"{self.pid}-bolig",
                "status": "active",
                "type": [{"coding": [{"system": codes.CARE_SETTING_SYSTEM, "code": setting}]}],
                "patient": self.ref("Patient", self.pid),
                "managingOrganization": self.ref("Organization", self.home),
                "period": {"start": start.isoformat()},
            },
            ("Plejebolig" if self.resident else "Hjemmepleje") + f" fra {start.isoformat()}",
        )
