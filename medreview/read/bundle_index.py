"""Finding the resources of one bundle, and resolving references between them.

FHIR writes references in several ways and real data uses all of them:
relative (``Patient/p1``), absolute (``https://x/fhir/Patient/p1``), ``urn:uuid:``
full URLs (Synthea), conditional (``Practitioner?identifier=system|value``,
Bulk Data exports), contained (``#id``) and logical (an ``identifier`` only).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, TypeVar, cast
from urllib.parse import parse_qs, unquote

from medreview.read.fhir_model import Identifier, Reference, Resource

R = TypeVar("R", bound=Resource)


class BundleIndex:
    """The resources of one bundle, indexed for reference resolution.

    ``shared`` is a second index consulted when a reference does not resolve
    here: the shared resources of a Bulk Data export (organisations, practitioners).
    """

    def __init__(
        self,
        entries: Iterable[tuple[int, str | None, Resource]],
        shared: BundleIndex | None = None,
    ) -> None:
        """``entries`` are (entry number, fullUrl, resource) in bundle order."""
        self.shared = shared
        self._resources: list[Resource] = []
        self._by_type: dict[str, list[Resource]] = {}
        self._by_full_url: dict[str, Resource] = {}
        self._by_type_id: dict[str, Resource] = {}
        self._name: dict[int, str] = {}
        for number, full_url, resource in entries:
            self._add(number, full_url, resource)

    def _add(self, number: int, full_url: str | None, resource: Resource) -> None:
        self._resources.append(resource)
        self._by_type.setdefault(resource.resourceType, []).append(resource)
        if full_url:
            self._by_full_url[full_url] = resource
        if resource.id:
            name = f"{resource.resourceType}/{resource.id}"
            self._by_type_id.setdefault(name, resource)
            self._name[id(resource)] = name
        else:
            # Without an id, a resource is named by its fullUrl, else by its place.
            self._name[id(resource)] = full_url or f"Bundle.entry[{number}]"

    def of_type(self, model: type[R]) -> Sequence[R]:
        """The resources of one type, by its model (one model per type: fhir_model.py)."""
        found = self._by_type.get(model.resourceType, ())
        return cast("Sequence[R]", found)

    def ref_of(self, resource: Resource) -> str:
        """How an assessment names a resource: ``Type/id``, else its fullUrl."""
        return self._name.get(id(resource)) or f"{resource.resourceType}/{resource.id or '?'}"

    def resolve(self, reference: Reference | None, context: Any = None) -> Resource | None:
        """The resource a FHIR Reference points to, or None if it is not here."""
        if reference is None:
            return None
        found: Resource | None = None
        if reference.reference:
            found = self._resolve_string(reference.reference, context)
        elif reference.identifier is not None:
            found = self._by_identifier(reference.type, reference.identifier)
        if found is None and self.shared is not None:
            return self.shared.resolve(reference)
        return found

    def _resolve_string(self, target: str, context: Any) -> Resource | None:
        if target.startswith("#"):
            for contained in getattr(context, "contained", ()):
                if contained.id == target[1:]:
                    return contained  # type: ignore[no-any-return]
            return None
        if target in self._by_full_url:
            return self._by_full_url[target]
        if "?" in target:
            return self._conditional(target)
        if target in self._by_type_id:
            return self._by_type_id[target]
        # An absolute URL, possibly versioned: match on its last Type/id segments.
        parts = [part for part in target.split("/") if part]
        if "_history" in parts:
            parts = parts[: parts.index("_history")]
        if len(parts) >= 2:
            return self._by_type_id.get(f"{parts[-2]}/{parts[-1]}")
        return None

    def _conditional(self, target: str) -> Resource | None:
        resource_type, _, query = target.partition("?")
        wanted = parse_qs(query).get("identifier")
        if not wanted:
            return None
        system, bar, value = unquote(wanted[0]).rpartition("|")
        return self._by_identifier(
            resource_type, Identifier(system=system or None if bar else None, value=value)
        )

    def _by_identifier(self, resource_type: str | None, wanted: Identifier) -> Resource | None:
        candidates = self._by_type.get(resource_type, []) if resource_type else self._resources
        for resource in candidates:
            for own in getattr(resource, "identifier", ()):
                if own.value == wanted.value and (not wanted.system or own.system == wanted.system):
                    return resource
        return None
