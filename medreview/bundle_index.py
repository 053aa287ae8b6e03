"""Finding the resources of one bundle, and resolving references between them.

FHIR writes references in several ways and real data uses all of them:
relative (``Patient/p1``), absolute (``https://x/fhir/Patient/p1``), ``urn:uuid:``
full URLs (Synthea), conditional (``Practitioner?identifier=system|value``,
Bulk Data exports), contained (``#id``) and logical (an ``identifier`` only).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import parse_qs, unquote

Resource = Mapping[str, Any]


class BundleIndex:
    """The resources of one bundle, indexed for reference resolution.

    ``shared`` is a second index consulted when a reference does not resolve
    here: the shared resources of a Bulk Data export (organisations, practitioners).
    """

    def __init__(
        self,
        entries: Iterable[tuple[str | None, Resource | None]],
        shared: BundleIndex | None = None,
    ) -> None:
        """``entries`` are (fullUrl, resource) pairs in bundle order; a resource may be None."""
        self.shared = shared
        self._resources: list[Resource] = []
        self._by_type: dict[str, list[Resource]] = {}
        self._by_full_url: dict[str, Resource] = {}
        self._by_type_id: dict[str, Resource] = {}
        self._full_url_of: dict[int, str] = {}
        for position, (full_url, resource) in enumerate(entries):
            if isinstance(resource, Mapping):
                self._add(full_url, resource, position)

    @classmethod
    def of_bundle(cls, bundle: Mapping[str, Any], shared: BundleIndex | None = None) -> BundleIndex:
        entries = bundle.get("entry") or []
        return cls(((entry.get("fullUrl"), entry.get("resource")) for entry in entries), shared)

    def _add(self, full_url: str | None, resource: Resource, position: int) -> None:
        resource_type = resource.get("resourceType")
        if not isinstance(resource_type, str):
            return
        self._resources.append(resource)
        self._by_type.setdefault(resource_type, []).append(resource)
        if full_url:
            self._by_full_url[full_url] = resource
        # With neither id nor fullUrl, a resource is named by its place in the bundle.
        self._full_url_of[id(resource)] = full_url or f"Bundle.entry[{position}]"
        resource_id = resource.get("id")
        if resource_id:
            self._by_type_id.setdefault(f"{resource_type}/{resource_id}", resource)

    def of_type(self, resource_type: str) -> list[Resource]:
        return self._by_type.get(resource_type, [])

    def ref_of(self, resource: Resource) -> str:
        """How an assessment names a resource: ``Type/id``, else its full URL."""
        resource_id = resource.get("id")
        if resource_id:
            return f"{resource['resourceType']}/{resource_id}"
        return self._full_url_of.get(id(resource)) or f"{resource['resourceType']} (contained)"

    def resolve(self, reference: Any, context: Resource | None = None) -> Resource | None:
        """The resource a FHIR ``Reference`` points to, or None if it is not here."""
        if not isinstance(reference, Mapping):
            return None
        found: Resource | None = None
        target = reference.get("reference")
        if isinstance(target, str) and target:
            found = self._resolve_string(target, context)
        elif isinstance(reference.get("identifier"), Mapping):
            found = self._by_identifier(reference.get("type"), reference["identifier"])
        if found is None and self.shared is not None:
            return self.shared.resolve(reference)
        return found

    def _resolve_string(self, target: str, context: Resource | None) -> Resource | None:
        if target.startswith("#"):
            return _contained(context, target[1:])
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
        params = parse_qs(query)
        wanted = params.get("identifier")
        if not wanted:
            return None
        system, bar, value = unquote(wanted[0]).rpartition("|")
        identifier = {"system": system, "value": value} if bar else {"value": value}
        return self._by_identifier(resource_type, identifier)

    def _by_identifier(self, resource_type: Any, identifier: Mapping[str, Any]) -> Resource | None:
        candidates = (
            self.of_type(resource_type) if isinstance(resource_type, str) else self._resources
        )
        for resource in candidates:
            for own in resource.get("identifier") or []:
                if own.get("value") == identifier.get("value") and (
                    not identifier.get("system") or own.get("system") == identifier.get("system")
                ):
                    return resource
        return None


def _contained(context: Resource | None, local_id: str) -> Resource | None:
    if context is None:
        return None
    for resource in context.get("contained") or []:
        if isinstance(resource, Mapping) and resource.get("id") == local_id:
            return resource
    return None
