"""A synthetic Danish population of nursing-home residents and home-care patients.

``medreview samples generate`` writes it as NDJSON bundles, one patient a line,
so that anyone can benchmark and demonstrate a scan of any size. It is built
from one seeded random generator and a fixed reference date: the same seed
and options give the same bytes, on any machine, on any day.

What it holds, roughly as in Danish elderly care: ages 67 to 101 (residents
older), about 60 % women; 4 to 14 drugs in fixed treatment drawn from the ATC
codes elderly Danes use most, as-needed (PN) lines, paused and ended lines, the
odd second strength of one substance; dose dispensing for about a third;
admissions in progress, recent discharges, booked annual checks and outreach
visits, past medication reviews; a fixed nursing-home doctor for most residents;
and, as FHIR exported from clinical systems, a generated narrative on each resource.
All names, CPR-shaped numbers and addresses are made up.
"""

from __future__ import annotations

import gzip
import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any, BinaryIO, cast

import orjson

from medreview import codes
from medreview.samples.homes import nursing_home_of

REFERENCE_DATE = date(2026, 6, 15)
MR = codes.MR_BASE

# ATC code, Danish product, dose text, weight (how often elderly Danes have it).
FIXED_DRUGS: tuple[tuple[str, str, str, int], ...] = (
    ("B01AC06", "Hjertemagnyl 75 mg", "1 tablet morgen", 30),
    ("C10AA05", 'Atorvastatin "Krka" 40 mg', "1 tablet til natten", 35),
    ("C10AA01", 'Simvastatin "Teva" 20 mg', "1 tablet til natten", 10),
    ("A02BC02", 'Pantoprazol "Actavis" 20 mg', "1 tablet morgen", 30),
    ("A02BC05", 'Esomeprazol "Krka" 20 mg', "1 tablet morgen", 8),
    ("C03CA01", "Furix 40 mg", "1 tablet morgen", 25),
    ("C03AB01", "Centyl med kaliumklorid", "1 tablet morgen", 8),
    ("C08CA01", 'Amlodipin "Sandoz" 5 mg', "1 tablet morgen", 25),
    ("C07AB02", 'Metoprolol "Hexal" 50 mg', "1 tablet morgen", 22),
    ("C09AA02", 'Enalapril "Alternova" 10 mg', "1 tablet morgen", 12),
    ("C09CA01", 'Losartan "Teva" 50 mg', "1 tablet morgen", 14),
    ("C09DA01", "Cozaar Comp 50 mg/12,5 mg", "1 tablet morgen", 6),
    ("B01AF02", "Eliquis 2,5 mg", "1 tablet 2 gange dagligt", 16),
    ("B01AF01", "Xarelto 15 mg", "1 tablet morgen", 8),
    ("A10BA02", 'Metformin "Actavis" 500 mg', "1 tablet 2 gange dagligt", 16),
    ("A10AE04", "Lantus 100 E/ml", "16 enheder til natten", 5),
    ("H03AA01", "Eltroxin 50 mikrogram", "1 tablet morgen fastende", 14),
    ("N06AB06", 'Sertralin "Stada" 50 mg', "1 tablet morgen", 14),
    ("N06AB04", 'Citalopram "Teva" 20 mg', "1 tablet morgen", 10),
    ("N06AX11", 'Mirtazapin "Krka" 15 mg', "1 tablet til natten", 12),
    ("N06DA02", 'Donepezil "Orion" 10 mg', "1 tablet til natten", 8),
    ("N05AH04", 'Quetiapin "Accord" 25 mg', "1 tablet til natten", 5),
    ("M05BA04", 'Alendronat "Teva" 70 mg', "1 tablet en gang ugentligt", 10),
    (
        "A12AX",
        'Calcium og D3-vitamin "Orifarm" 400 mg/19 mikrogram',
        "1 tablet 2 gange dagligt",
        25,
    ),
    ("A11CC05", "D-vitamin 20 mikrogram", "1 tablet dagligt", 10),
    ("N02BE01", "Pinex 1 g", "1 tablet 3 gange dagligt", 22),
    ("G04CA02", 'Tamsulosin "Sandoz" 0,4 mg', "1 kapsel morgen", 8),
    ("R03AK08", "Bufomix Easyhaler 160/4,5", "1 inhalation 2 gange dagligt", 6),
    ("B03BA01", "Cyanocobalamin injektion", "1 ml hver 3. måned", 5),
    ("N02AA05", "OxyContin 10 mg", "1 tablet 2 gange dagligt", 5),
)
AS_NEEDED_DRUGS: tuple[tuple[str, str, str], ...] = (
    ("N02BE01", "Pinex 500 mg", "1-2 tabletter efter behov, højst 4 gange dagligt"),
    ("A06AD11", 'Laktulose "Medic" 667 mg/ml', "15 ml efter behov"),
    ("A06AD65", "Movicol pulver", "1 brev efter behov"),
    ("N02AA05", "OxyNorm 5 mg", "1 kapsel efter behov"),
    ("N05CF01", "Imovane 7,5 mg", "1/2 tablet til natten efter behov"),
    ("N05BA04", "Oxapax 15 mg", "1 tablet efter behov"),
    ("A03FA01", "Metoclopramid 10 mg", "1 tablet efter behov"),
)
FEMALE_NAMES = (
    "Inger",
    "Kirsten",
    "Else",
    "Birthe",
    "Karen",
    "Hanne",
    "Grethe",
    "Anna",
    "Ruth",
    "Lis",
    "Bente",
    "Jytte",
    "Ingrid",
    "Edith",
    "Gerda",
    "Kamma",
    "Tove",
    "Ulla",
    "Aase",
    "Lene",
)
MALE_NAMES = (
    "Jens",
    "Poul",
    "Niels",
    "Erik",
    "Knud",
    "Hans",
    "Bent",
    "Ole",
    "Svend",
    "Jørgen",
    "Arne",
    "Henning",
    "Finn",
    "Leif",
    "Kaj",
    "Preben",
    "Verner",
    "Børge",
    "Carl",
    "Aage",
)
SURNAMES = (
    "Jensen",
    "Nielsen",
    "Hansen",
    "Pedersen",
    "Andersen",
    "Christensen",
    "Larsen",
    "Sørensen",
    "Rasmussen",
    "Jørgensen",
    "Petersen",
    "Madsen",
    "Kristensen",
    "Olsen",
    "Thomsen",
    "Christiansen",
    "Poulsen",
    "Johansen",
    "Møller",
    "Mortensen",
)
TOWNS = (
    ("2400", "København NV", "Københavns Kommune"),
    ("2500", "Valby", "Københavns Kommune"),
    ("2650", "Hvidovre", "Hvidovre Kommune"),
    ("2610", "Rødovre", "Rødovre Kommune"),
    ("2750", "Ballerup", "Ballerup Kommune"),
    ("3400", "Hillerød", "Hillerød Kommune"),
    ("4600", "Køge", "Køge Kommune"),
    ("4700", "Næstved", "Næstved Kommune"),
    ("8000", "Aarhus C", "Aarhus Kommune"),
    ("5000", "Odense C", "Odense Kommune"),
)
STREETS = (
    "Tuborgvej",
    "Hvidovrevej",
    "Nørregade",
    "Søndergade",
    "Vestergade",
    "Skolevej",
    "Kirkevej",
    "Stationsvej",
    "Egevej",
    "Bøgevej",
    "Ringstedgade",
    "Slotsgade",
)


@dataclass(frozen=True)
class PopulationOptions:
    patients: int
    seed: int = 1
    around: date = REFERENCE_DATE
    narrative: bool = True


def generate(options: PopulationOptions) -> Iterator[bytes]:
    """One bundle per patient, as compact JSON bytes, in a fixed order."""
    rng = random.Random(options.seed)
    clinics = [_Clinic(rng, number) for number in range(max(3, options.patients // 1500 + 3))]
    for number in range(options.patients):
        yield orjson.dumps(_Patient(rng, number, clinics, options).bundle())


def write(options: PopulationOptions, out: Path) -> int:
    """Write the population to ``out`` (``.ndjson``, or ``.ndjson.gz`` compressed)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with out.open("wb") as raw:
        # mtime=0: a gzip header carries no timestamp, so that the same seed gives the same bytes
        handle = cast(
            BinaryIO,
            gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0)
            if out.name.endswith(".gz")
            else raw,
        )
        try:
            for line in generate(options):
                handle.write(line + b"\n")
                count += 1
        finally:
            if handle is not raw:
                handle.close()
    return count


class _Clinic:
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


class _Patient:
    def __init__(
        self, rng: random.Random, number: int, clinics: list[_Clinic], options: PopulationOptions
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

    def bundle(self) -> dict[str, Any]:
        rng = self.rng
        self._people()
        prescribers = [self.ref("Practitioner", self.gp[0])]
        if self.resident and rng.random() < 0.85:
            self._nursing_home_doctor()
            prescribers.append(self.ref("Practitioner", self.nh_doctor[0]))
        self._residence()
        dispensed = rng.random() < 0.33
        self._card(prescribers, dispensed)
        if dispensed:
            self._dose_dispensing()
        self._events()
        return {
            "resourceType": "Bundle",
            "id": f"bundle-{self.pid}",
            "type": "collection",
            "timestamp": f"{self.today.isoformat()}T06:00:00+02:00",
            "entry": [
                {"fullUrl": f"{MR}/{r['resourceType']}/{r['id']}", "resource": r}
                for r in self.resources
            ],
        }

    # --- people and places -----------------------------------------------------------

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

    # --- the card --------------------------------------------------------------------

    def _card(self, prescribers: list[dict[str, str]], dispensed: bool) -> None:
        rng = self.rng
        count = max(1, min(16, round(rng.gauss(8.5 if self.resident else 6.5, 2.6))))
        weights = [w for *_, w in FIXED_DRUGS]
        chosen: list[tuple[str, str, str, int]] = []
        while len(chosen) < count:
            drug = rng.choices(FIXED_DRUGS, weights=weights)[0]
            if drug not in chosen:
                chosen.append(drug)
        for atc, product, dose, _ in chosen:
            status = "on-hold" if rng.random() < 0.04 else "active"
            self._line(
                atc, product, dose, rng.choice(prescribers), status=status, dispensed=dispensed
            )
            if rng.random() < 0.03:  # a second strength of the same substance
                self._line(
                    atc,
                    product + " (anden styrke)",
                    dose,
                    rng.choice(prescribers),
                    dispensed=dispensed,
                )
        for atc, product, dose in rng.sample(
            AS_NEEDED_DRUGS, k=min(len(AS_NEEDED_DRUGS), rng.choice((0, 1, 1, 2, 2, 3)))
        ):
            self._line(
                atc,
                product,
                dose,
                rng.choice(prescribers),
                as_needed=True,
                dispensed=dispensed and rng.random() < 0.15,
            )
        for atc, product, dose, _ in rng.sample(FIXED_DRUGS, k=rng.choice((0, 1, 2))):
            self._line(
                atc,
                product,
                dose,
                rng.choice(prescribers),
                status=rng.choice(("stopped", "completed")),
            )
        if rng.random() < 0.08:
            self._line(
                "J01CE02",
                "Primcillin 800 mg",
                "1 tablet 3 gange dagligt i 7 dage",
                rng.choice(prescribers),
                course="acute",
                started=self.day(-10, 0),
            )

    def _line(
        self,
        atc: str,
        product: str,
        dose: str,
        prescriber: dict[str, str],
        *,
        status: str = "active",
        as_needed: bool = False,
        dispensed: bool = False,
        course: str = "continuous",
        started: date | None = None,
    ) -> None:
        rng = self.rng
        line_id = f"{self.pid}-ord-{len(self.resources)}"
        if started is None:
            started = self.day(-1500, -29) if rng.random() > 0.06 else self.day(-28, 0)
        instruction: dict[str, Any] = {"text": dose}
        if as_needed:
            instruction["asNeededBoolean"] = True
        else:
            instruction["timing"] = {
                "repeat": {
                    "frequency": 2 if "2 gange" in dose else 1,
                    "period": 1,
                    "periodUnit": "wk" if "ugentligt" in dose else "d",
                }
            }
        resource: dict[str, Any] = {
            "resourceType": "MedicationRequest",
            "id": line_id,
            "identifier": [
                {"system": "https://fmk-online.dk/drug-medication", "value": self.uuid()}
            ],
            "status": status,
            "intent": "order",
            "medicationCodeableConcept": {
                "coding": [{"system": codes.ATC_SYSTEM, "code": atc, "display": product}],
                "text": product,
            },
            "subject": self.ref("Patient", self.pid),
            "authoredOn": started.isoformat(),
            "requester": prescriber,
            "courseOfTherapyType": {
                "coding": [{"system": codes.COURSE_OF_THERAPY_SYSTEM, "code": course}]
            },
            "dosageInstruction": [instruction],
        }
        extensions = []
        if dispensed:
            extensions.append({"url": codes.DOSE_DISPENSED_URL, "valueBoolean": True})
        if not as_needed and rng.random() < 0.12:
            extensions.append(
                {"url": codes.REASSESSMENT_DATE_URL, "valueDate": self.day(-200, 500).isoformat()}
            )
        if extensions:
            resource["extension"] = extensions
        kind = "efter behov" if as_needed else "fast"
        self.add(resource, f"{product}: {dose} ({kind}, {status})")

    # --- care events -----------------------------------------------------------------

    def _dose_dispensing(self) -> None:
        start = self.day(-2000, -31) if self.rng.random() > 0.08 else self.day(-30, 30)
        self.add(
            {
                "resourceType": "Organization",
                "id": "apotek",
                "type": [{"coding": [{"system": codes.SECTOR_SYSTEM, "code": "pharmacy"}]}],
                "name": f"{self.town[1]} Apotek",
            },
            f"{self.town[1]} Apotek",
        )
        self.add(
            {
                "resourceType": "ServiceRequest",
                "id": f"{self.pid}-dd",
                "status": "active",
                "intent": "order",
                "code": {
                    "coding": [{"system": codes.CARE_EVENT_SYSTEM, "code": codes.DOSE_DISPENSING}]
                },
                "subject": self.ref("Patient", self.pid),
                "occurrencePeriod": {"start": start.isoformat()},
                "performer": [self.ref("Organization", "apotek")],
            },
            f"Dosisdispensering fra {start.isoformat()}",
        )

    def _events(self) -> None:
        rng = self.rng
        roll = rng.random()
        if roll < 0.85:
            day = self.day(-1200, -1)
            self.add(
                {
                    "resourceType": "Procedure",
                    "id": f"{self.pid}-mgg",
                    "status": "completed",
                    "code": {
                        "coding": [
                            {
                                "system": codes.SNOMED_SYSTEM,
                                "code": codes.MEDICATION_REVIEW_SNOMED,
                                "display": "Review of medication",
                            }
                        ]
                    },
                    "subject": self.ref("Patient", self.pid),
                    "performedDateTime": day.isoformat(),
                },
                f"Medicingennemgang {day.isoformat()}",
            )
        if rng.random() < 0.03:
            self._stay("in-progress", self.day(-10, 0), None)
        elif rng.random() < 0.08:
            end = self.day(-60, 0)
            self._stay("finished", end - timedelta(days=rng.randint(1, 14)), end)
        for fee, share in ((codes.ANNUAL_CHECK_FEE, 0.12), (codes.OUTREACH_VISIT_FEE, 0.05)):
            if rng.random() < share:
                day = self.day(-40, 45)
                self.add(
                    {
                        "resourceType": "Appointment",
                        "id": f"{self.pid}-aftale-{fee}",
                        "status": "booked",
                        "serviceType": [
                            {"coding": [{"system": codes.GP_FEE_CODE_SYSTEM, "code": fee}]}
                        ],
                        "start": f"{day.isoformat()}T09:00:00+02:00",
                        "participant": [
                            {"actor": self.ref("Patient", self.pid), "status": "accepted"},
                            {"actor": self.ref("Practitioner", self.gp[0]), "status": "accepted"},
                        ],
                    },
                    f"Ydelse {fee} {day.isoformat()}",
                )

    def _stay(self, status: str, start: date, end: date | None) -> None:
        self.add(
            {
                "resourceType": "Organization",
                "id": "hospital",
                "type": [{"coding": [{"system": codes.SECTOR_SYSTEM, "code": "hospital"}]}],
                "name": "Regionshospitalet, Medicinsk Afdeling",
            },
            "Regionshospitalet",
        )
        period = {"start": start.isoformat()} | ({"end": end.isoformat()} if end else {})
        self.add(
            {
                "resourceType": "Encounter",
                "id": f"{self.pid}-indl",
                "status": status,
                "class": {"system": codes.ACT_CODE_SYSTEM, "code": codes.INPATIENT_CLASS},
                "subject": self.ref("Patient", self.pid),
                "period": period,
                "serviceProvider": self.ref("Organization", "hospital"),
            },
            f"Indlæggelse {start.isoformat()}",
        )
