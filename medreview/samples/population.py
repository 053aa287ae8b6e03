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
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any, BinaryIO, cast

import orjson

from medreview import codes
from medreview.samples.data import MR, PopulationOptions
from medreview.samples.medication import MedicatedPatient
from medreview.samples.patient import Clinic

__all__ = ["PopulationOptions", "generate", "write"]


def generate(options: PopulationOptions) -> Iterator[bytes]:
    """One bundle per patient, as compact JSON bytes, in a fixed order."""
    rng = random.Random(options.seed)
    clinics = [Clinic(rng, number) for number in range(max(3, options.patients // 1500 + 3))]
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


class _Patient(MedicatedPatient):
    """A whole generated patient: the card, the care events, and the bundle."""

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
