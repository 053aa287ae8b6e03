"""What makes two lines "the same drug" when medreview counts different drugs.

fhir-profile.md: the ATC code if present; else the substance code (LMS30 or
FMK active substance); else RxNorm; else the Danish drug id; else the
normalised text. A combination product has one ATC code, so it is one drug;
two strengths of one substance share an ATC code, so they are one drug.
RxNorm and LMS01 codes name products, not substances: two strengths coded
only that way count as two drugs, which is why ATC is preferred.

A line whose card gives no ATC code gets one from its name where the name
list allows it (:mod:`medreview.card.drug_names`: "Oxapax 15 mg" is oxazepam,
N05BA04), and that code is then its identity too, as if the card had given it:
"Oxapax 15 mg" and a coded oxazepam line are one drug for the count, two lines
of one substance for DRUG-SAME-SUBSTANCE-LINES and DRUG-THERAPEUTIC-DUPLICATION,
and every rule that reads the ATC code reads it. The line still says where the
code came from (``Drug.atc_source``, ``Drug.lookup``), and DATA-NO-ATC names it.
A name the list does not resolve keeps the identity above.

Both readers (full and fast) build the card's lines through
:func:`medreview.card.reader.read_card`, and so through :func:`drug_of`: they
cannot disagree about a drug. The list is the shipped rule directory's: the card
is read before, and apart from, the rules that judge it.
"""

from __future__ import annotations

from collections.abc import Iterable

from medreview.card.data import DrugData, NameLookupData
from medreview.card.drug_names import drug_names
from medreview.codes import (
    ATC_SYSTEM,
    FMK_SUBSTANCE_SYSTEM,
    LMS01_DRUG_ID_SYSTEM,
    LMS30_SUBSTANCE_SYSTEM,
    RXNORM_SYSTEM,
)
from medreview.read.fhir_model import CodeableConcept, Coding, Medication

_SUBSTANCE_SYSTEMS = (LMS30_SUBSTANCE_SYSTEM, FMK_SUBSTANCE_SYSTEM)
_UNCODED = "uncoded:"


# A population's cards name the same few hundred drugs, coded the same way: each is worked
# out once per process. Only a line's own code is remembered (a Medication resource is
# each card's own), only when it is short, and only so many: a hostile caller's long
# texts are not kept, and memory stays within a few megabytes.
_KNOWN: dict[CodeableConcept, DrugData] = {}
_KNOWN_AT_MOST = 8_192
_LONGEST_KEPT = 256  # characters of text in a concept


def drug_of(
    concept: CodeableConcept | None, medication: Medication | None, line_ref: str
) -> DrugData:
    """The drug of a line (as card data), from its medicationCodeableConcept or Medication."""
    if medication is not None or concept is None:
        return _drug_of(concept, medication, line_ref)
    known = _KNOWN.get(concept)
    if known is not None:
        return known
    drug = _drug_of(concept, None, line_ref)
    # An uncoded drug is its own line's; a long text is not kept.
    if not drug.identity.startswith(_UNCODED) and _text_in(concept) <= _LONGEST_KEPT:
        if len(_KNOWN) >= _KNOWN_AT_MOST:
            _KNOWN.clear()
        _KNOWN[concept] = drug
    return drug


def _text_in(concept: CodeableConcept) -> int:
    return len(concept.text or "") + sum(
        len(c.system or "") + len(c.code or "") + len(c.display or "") for c in concept.coding
    )


def _drug_of(
    concept: CodeableConcept | None, medication: Medication | None, line_ref: str
) -> DrugData:
    if medication is not None:
        concept = medication.code
    codings = concept.coding if concept is not None else ()
    name = (concept.text if concept is not None else None) or next(
        (c.display for c in codings if c.display), None
    )
    atc = _first_code(codings, ATC_SYSTEM)
    if atc:
        atc = atc.strip().upper()
        display = next((c.display for c in codings if c.system == ATC_SYSTEM and c.display), None)
        return DrugData(identity=atc, atc=atc, name=display or name, atc_source="card")
    lookup = NameLookupData(**drug_names().lookup(name))
    if lookup.atc:
        return DrugData(
            identity=lookup.atc, atc=lookup.atc, name=name, atc_source="name", lookup=lookup
        )
    identity, known_name = _identity_without_atc(codings, medication, name, line_ref)
    return DrugData(identity=identity, name=known_name, lookup=lookup)


def _identity_without_atc(
    codings: tuple[Coding, ...],
    medication: Medication | None,
    name: str | None,
    line_ref: str,
) -> tuple[str, str | None]:
    """The identity of a drug with no ATC code, and its name."""
    substances = sorted(set(_substance_codes(codings, medication)))
    if substances:
        return "substance:" + "+".join(substances), name
    for system, prefix in ((RXNORM_SYSTEM, "rxnorm"), (LMS01_DRUG_ID_SYSTEM, "lms01")):
        code = _first_code(codings, system)
        if code:
            return f"{prefix}:{code.strip()}", name
    if name:
        return "text:" + " ".join(name.casefold().split()), name
    # Nothing says what the drug is: it cannot be the same as any other line.
    return f"{_UNCODED}{line_ref}", None


def _first_code(codings: Iterable[Coding], system: str) -> str | None:
    for coding in codings:
        if coding.system == system and coding.code and coding.code.strip():
            return coding.code
    return None


def _substance_codes(codings: Iterable[Coding], medication: Medication | None) -> Iterable[str]:
    for system in _SUBSTANCE_SYSTEMS:
        code = _first_code(codings, system)
        if code:
            yield code.strip().upper()
    if medication is None:
        return
    for ingredient in medication.ingredient:
        if ingredient.isActive is False or ingredient.itemCodeableConcept is None:
            continue
        for coding in ingredient.itemCodeableConcept.coding:
            if coding.system in _SUBSTANCE_SYSTEMS and coding.code:
                yield coding.code.strip().upper()
