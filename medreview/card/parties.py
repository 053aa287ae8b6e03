"""Who a reference names, and in which sector they work (fhir-profile.md, "Sectors and people").

An Organization's sector is its ``type`` in medreview's sector code system; a
PractitionerRole's is that of its organisation; a bare Practitioner's is that of
the first PractitionerRole in the bundle that names it. Anything else is
``unknown``: an unresolved requester is not an error, the assessment says so.
"""

from __future__ import annotations

from typing import Any

from medreview.card.data import PartyData
from medreview.card.model import Sector
from medreview.codes import SECTOR_SYSTEM, SECTORS
from medreview.read.bundle_index import BundleIndex
from medreview.read.fhir_model import (
    HumanName,
    Organization,
    Practitioner,
    PractitionerRole,
    Reference,
    Resource,
)

# References to these name the patient's own side, never a professional owner.
_NOT_PROFESSIONALS = frozenset({"Patient", "RelatedPerson", "Device"})


class PartyResolver:
    """Resolves references to parties within one bundle."""

    def __init__(self, index: BundleIndex) -> None:
        self._index = index
        self._role_of_practitioner: dict[int, PractitionerRole] | None = None
        # A card names the same few prescribers on every line: resolve each once, by the
        # reference as written (a contained "#id" depends on where it stands: not kept).
        self._by_reference: dict[tuple[str, str | None, str], PartyData | None] = {}

    def party(
        self,
        reference: Reference | None,
        context: Any = None,
        *,
        default_sector: Sector = "unknown",
    ) -> PartyData | None:
        """The party ``reference`` names; None when it names no professional at all.

        ``default_sector`` applies where the input names someone whose sector it
        does not say but the role implies one (the GP is in general practice).
        """
        if reference is None:
            return None
        written = reference.reference
        if not written or written.startswith("#"):
            return self._resolved(reference, context, default_sector)
        key = (written, reference.display, default_sector)
        if key not in self._by_reference:
            self._by_reference[key] = self._resolved(reference, context, default_sector)
        return self._by_reference[key]

    def _resolved(
        self, reference: Reference, context: Any, default_sector: Sector
    ) -> PartyData | None:
        resource = self._index.resolve(reference, context)
        if resource is None:
            raw = reference.reference
            if not raw and not reference.display and reference.identifier is None:
                return None
            if raw and raw.split("/", 1)[0] in _NOT_PROFESSIONALS:
                return None
            return PartyData(sector=default_sector, reference=raw, display=reference.display)
        return self._party_of(resource, reference.display, default_sector)

    def _party_of(
        self, resource: Resource, display: str | None, default_sector: Sector
    ) -> PartyData | None:
        if resource.resourceType in _NOT_PROFESSIONALS:
            return None
        sector = self._sector_of(resource)
        return PartyData(
            sector=default_sector if sector == "unknown" else sector,
            reference=self._index.ref_of(resource),
            display=display or self._name_of(resource),
        )

    def _sector_of(self, resource: Resource | None) -> Sector:
        if isinstance(resource, Organization):
            return organization_sector(resource)
        if isinstance(resource, PractitionerRole):
            return self._sector_of(self._index.resolve(resource.organization, resource))
        if isinstance(resource, Practitioner):
            return self._sector_of(self._role_naming(resource))
        return "unknown"

    def _role_naming(self, practitioner: Practitioner) -> PractitionerRole | None:
        if self._role_of_practitioner is None:
            found: dict[int, PractitionerRole] = {}
            roles = [*self._index.of_type(PractitionerRole)]
            if self._index.shared is not None:
                roles += self._index.shared.of_type(PractitionerRole)
            for role in roles:
                named = self._index.resolve(role.practitioner, role)
                if named is not None:
                    found.setdefault(id(named), role)
            self._role_of_practitioner = found
        return self._role_of_practitioner.get(id(practitioner))

    def _name_of(self, resource: Resource | None) -> str | None:
        if isinstance(resource, Organization):
            return resource.name
        if isinstance(resource, Practitioner):
            return human_name(resource.name)
        if isinstance(resource, PractitionerRole):
            person = self._name_of(self._index.resolve(resource.practitioner, resource))
            place = self._name_of(self._index.resolve(resource.organization, resource))
            return ", ".join(part for part in (person, place) if part) or None
        return None


def organization_sector(organization: Organization) -> Sector:
    for concept in organization.type:
        for coding in concept.coding:
            if coding.system == SECTOR_SYSTEM and coding.code in SECTORS:
                sector: Sector = coding.code  # type: ignore[assignment]  # checked just above
                return sector
    return "unknown"


def human_name(names: tuple[HumanName, ...]) -> str | None:
    """A person's name as it is written: "Inger Hansen"."""
    if not names:
        return None
    official = next((n for n in names if n.use == "official"), names[0])
    if official.text:
        return official.text
    return " ".join(part for part in (*official.given, official.family or "") if part) or None
