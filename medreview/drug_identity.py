"""What makes two lines "the same drug" when medreview counts different drugs.

fhir-profile.md: the ATC code if present; else the substance code (LMS30 or
FMK active substance); else RxNorm; else the Danish drug id; else the
normalised text. A combination product has one ATC code, so it is one drug;
two strengths of one substance share an ATC code, so they are one drug.
RxNorm and LMS01 codes name products, not substances: two strengths coded
only that way count as two drugs, which is why ATC is preferred.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from medreview.card import Drug
from medreview.codes import (
    ATC_SYSTEM,
    FMK_SUBSTANCE_SYSTEM,
    LMS01_DRUG_ID_SYSTEM,
    LMS30_SUBSTANCE_SYSTEM,
    RXNORM_SYSTEM,
)

_SUBSTANCE_SYSTEMS = (LMS30_SUBSTANCE_SYSTEM, FMK_SUBSTANCE_SYSTEM)


def drug_of(
    concept: Mapping[str, Any] | None, medication: Mapping[str, Any] | None, line_ref: str
) -> Drug:
    """The drug of a line, from its ``medicationCodeableConcept`` or its Medication."""
    if medication is not None:
        concept = medication.get("code") or {}
    concept = concept or {}
    codings = [c for c in concept.get("coding") or [] if isinstance(c, Mapping)]
    atc = _first_code(codings, ATC_SYSTEM)
    name = _display(codings, concept)
    if atc:
        atc = atc.strip().upper()
        return Drug(identity=atc, atc=atc, name=_display_of(codings, ATC_SYSTEM) or name)
    substances = sorted(set(_substance_codes(codings, medication)))
    if substances:
        return Drug(identity="substance:" + "+".join(substances), name=name)
    rxnorm = _first_code(codings, RXNORM_SYSTEM)
    if rxnorm:
        return Drug(identity=f"rxnorm:{rxnorm.strip()}", name=name)
    drug_id = _first_code(codings, LMS01_DRUG_ID_SYSTEM)
    if drug_id:
        return Drug(identity=f"lms01:{drug_id.strip()}", name=name)
    if name:
        return Drug(identity="text:" + " ".join(name.casefold().split()), name=name)
    # Nothing says what the drug is: it cannot be the same as any other line.
    return Drug(identity=f"uncoded:{line_ref}", name=None)


def _first_code(codings: Iterable[Mapping[str, Any]], system: str) -> str | None:
    for coding in codings:
        code = coding.get("code")
        if coding.get("system") == system and isinstance(code, str) and code.strip():
            return code
    return None


def _display_of(codings: Iterable[Mapping[str, Any]], system: str) -> str | None:
    for coding in codings:
        if coding.get("system") == system and coding.get("display"):
            return str(coding["display"])
    return None


def _display(codings: list[Mapping[str, Any]], concept: Mapping[str, Any]) -> str | None:
    if concept.get("text"):
        return str(concept["text"])
    for coding in codings:
        if coding.get("display"):
            return str(coding["display"])
    return None


def _substance_codes(
    codings: list[Mapping[str, Any]], medication: Mapping[str, Any] | None
) -> Iterable[str]:
    for system in _SUBSTANCE_SYSTEMS:
        code = _first_code(codings, system)
        if code:
            yield code.strip().upper()
    if medication is None:
        return
    for ingredient in medication.get("ingredient") or []:
        if ingredient.get("isActive") is False:
            continue
        item = ingredient.get("itemCodeableConcept") or {}
        for coding in item.get("coding") or []:
            if coding.get("system") in _SUBSTANCE_SYSTEMS and coding.get("code"):
                yield str(coding["code"]).strip().upper()
