"""What both parts of the card reader share: the bundle, dates and periods as the rules
read them, and small helpers for codes and extensions (fhir-profile.md)."""

from __future__ import annotations

from datetime import date

from medreview import codes
from medreview.card.data import NO_PERIOD, FeeCode, PeriodData
from medreview.card.parties import PartyResolver
from medreview.errors import InputProblem
from medreview.read.bundle_index import BundleIndex
from medreview.read.fhir_dates import not_a_date, parse_day
from medreview.read.fhir_model import (
    CodeableConcept,
    Extension,
    Period,
    Resource,
)

FMK_TYPES = (codes.FMK_FIXED, codes.FMK_COMBINED, codes.FMK_AS_NEEDED)


class Reading:
    """A bundle being read into a card; the problems found so far."""

    def __init__(self, index: BundleIndex) -> None:
        self.index = index
        self.parties = PartyResolver(index)
        self.problems: list[InputProblem] = []

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

    def _period(self, period: Period | None, resource: Resource, field: str) -> PeriodData:
        if period is None:
            return NO_PERIOD
        return PeriodData(
            start=self._day(period.start, resource, f"{field}.start"),
            end=self._day(period.end, resource, f"{field}.end", end=True),
        )


def start_of(
    start: date | None, period: PeriodData, dosage_periods: tuple[PeriodData, ...]
) -> date | None:
    """A line with no start of its own starts when its earliest dated period does."""
    if start is not None:
        return start
    starts = [p.start for p in (period, *dosage_periods) if p.start]
    return min(starts) if starts else None


def extension_of(extensions: tuple[Extension, ...], url: str) -> Extension | None:
    return next((extension for extension in extensions if extension.url == url), None)


def coded(concept: CodeableConcept | None, system: str) -> str | None:
    if concept is None:
        return None
    return next((c.code for c in concept.coding if c.system == system and c.code), None)


def coded_any(concepts: tuple[CodeableConcept, ...], system: str) -> str | None:
    return next((code for c in concepts if (code := coded(c, system))), None)


def fee_code_of(concepts: tuple[CodeableConcept, ...]) -> FeeCode | None:
    code = coded_any(concepts, codes.GP_FEE_CODE_SYSTEM)
    if code == codes.ANNUAL_CHECK_FEE:
        return "0120"
    if code == codes.OUTREACH_VISIT_FEE:
        return "0121"
    return None
