"""A generated patient's medication card: fixed, as-needed, paused and ended lines, and
dose dispensing."""

from __future__ import annotations

from datetime import date
from typing import Any

from medreview import codes
from medreview.samples.data import AS_NEEDED_DRUGS, FIXED_DRUGS
from medreview.samples.patient import PatientBase


class MedicatedPatient(PatientBase):
    """Adds the medication card to a generated patient."""

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
