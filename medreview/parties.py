"""Who a reference names, and in which sector they work (fhir-profile.md, "Sectors and people").

An Organization's sector is its ``type`` in medreview's sector code system; a
PractitionerRole's is that of its organisation; a bare Practitioner's is that of
the first PractitionerRole in the bundle that names it. Anything else is
``unknown``: an unresolved requester is not an error, the assessment says so.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from medreview.bundle_index import BundleIndex, Resource
from medreview.card import Party, Sector
from medreview.codes import SECTOR_SYSTEM, SECTORS

# References to these name the patient's own side, never a professional owner.
_NOT_PROFESSIONALS = frozenset({"Patient", "RelatedPerson", "Device"})


class PartyResolver:
    """Resolves references to parties within one bundle."""

    def __init__(self, index: BundleIndex) -> None:
        self._index = index
        self._role_of_practitioner: dict[int, Resource] | None = None
        # A card names the same few prescribers on every line: resolve each once.
        self._known: dict[tuple[int, str | None, str], Party | None] = {}

    def party(
        self, reference: Any, context: Resource | None = None, *, default_sector: Sector = "unknown"
    ) -> Party | None:
        """The party ``reference`` names; None when it names no professional at all.

        ``default_sector`` applies where the input names someone whose sector it
        does not say but the role implies one (the GP is in general practice).
        """
        if not isinstance(reference, Mapping):
            return None
        resource = self._index.resolve(reference, context)
        display = reference.get("display") if isinstance(reference.get("display"), str) else None
        if resource is None:
            raw = reference.get("reference")
            if not raw and not display and not reference.get("identifier"):
                return None
            if isinstance(raw, str) and raw.split("/", 1)[0] in _NOT_PROFESSIONALS:
                return None
            return Party(
                sector=default_sector,
                reference=raw if isinstance(raw, str) else None,
                display=display,
            )
        key = (id(resource), display, default_sector)
        if key not in self._known:
            self._known[key] = self._party_of(resource, display, default_sector)
        return self._known[key]

    def _party_of(
        self, resource: Resource, display: str | None, default_sector: Sector
    ) -> Party | None:
        if resource.get("resourceType") in _NOT_PROFESSIONALS:
            return None
        sector = self._sector_of(resource)
        return Party(
            sector=default_sector if sector == "unknown" else sector,
            reference=self._index.ref_of(resource),
            display=display or self._name_of(resource),
        )

    def _sector_of(self, resource: Resource) -> Sector:
        resource_type = resource.get("resourceType")
        if resource_type == "Organization":
            return _organization_sector(resource)
        if resource_type == "PractitionerRole":
            organization = self._index.resolve(resource.get("organization"), resource)
            return _organization_sector(organization) if organization else "unknown"
        if resource_type == "Practitioner":
            role = self._role_naming(resource)
            return self._sector_of(role) if role is not None else "unknown"
        return "unknown"

    def _role_naming(self, practitioner: Resource) -> Resource | None:
        if self._role_of_practitioner is None:
            found: dict[int, Resource] = {}
            roles = list(self._index.of_type("PractitionerRole"))
            if self._index.shared is not None:
                roles += self._index.shared.of_type("PractitionerRole")
            for role in roles:
                named = self._index.resolve(role.get("practitioner"), role)
                if named is not None:
                    found.setdefault(id(named), role)
            self._role_of_practitioner = found
        return self._role_of_practitioner.get(id(practitioner))

    def _name_of(self, resource: Resource) -> str | None:
        resource_type = resource.get("resourceType")
        if resource_type == "Organization":
            name = resource.get("name")
            return name if isinstance(name, str) else None
        if resource_type == "Practitioner":
            return human_name(resource.get("name"))
        if resource_type == "PractitionerRole":
            person = self._index.resolve(resource.get("practitioner"), resource)
            place = self._index.resolve(resource.get("organization"), resource)
            parts = [
                self._name_of(person) if person else None,
                self._name_of(place) if place else None,
            ]
            return ", ".join(part for part in parts if part) or None
        return None


def _organization_sector(organization: Resource) -> Sector:
    for concept in organization.get("type") or []:
        for coding in concept.get("coding") or []:
            code = coding.get("code")
            if coding.get("system") == SECTOR_SYSTEM and code in SECTORS:
                sector: Sector = code
                return sector
    return "unknown"


def human_name(names: Any) -> str | None:
    """A person's name as it is written: "Inger Hansen"."""
    if not isinstance(names, list) or not names:
        return None
    official = next((n for n in names if n.get("use") == "official"), names[0])
    if official.get("text"):
        return str(official["text"])
    parts = [*(official.get("given") or []), official.get("family") or ""]
    return " ".join(str(part) for part in parts if part) or None
