"""The patient's data for a hook call: from the prefetch, else from the client's FHIR server.

medreview asks the CDS Client to prefetch everything the rules read. What the
client did not prefetch (absent, null, or an OperationOutcome saying it failed)
is fetched from ``fhirServer`` with the access token the client gave; with no
``fhirServer``, the call cannot be answered correctly, and the service says so
with 412 and an OperationOutcome naming what is missing.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import httpx

from medreview.codes import CARE_EVENT_SYSTEM, MEDICATION_REVIEW_SNOMED, SNOMED_SYSTEM

# Everything the rules read, as FHIR searches a CDS Client can run for us.
PREFETCH: dict[str, str] = {
    "patient": "Patient?_id={{context.patientId}}&_include=Patient:general-practitioner",
    "medicationRequests": "MedicationRequest?patient={{context.patientId}}"
    "&_include=MedicationRequest:medication&_include=MedicationRequest:requester",
    "medicationStatements": "MedicationStatement?patient={{context.patientId}}"
    "&_include=MedicationStatement:medication&_include=MedicationStatement:source",
    "encounters": "Encounter?patient={{context.patientId}}"
    "&_include=Encounter:service-provider&_include=Encounter:participant",
    "episodesOfCare": "EpisodeOfCare?patient={{context.patientId}}"
    "&_include=EpisodeOfCare:organization",
    "careTeams": "CareTeam?patient={{context.patientId}}&status=active"
    "&_include=CareTeam:participant&_include:iterate=PractitionerRole:organization",
    "appointments": "Appointment?patient={{context.patientId}}&status=booked"
    "&_include=Appointment:actor",
    "serviceRequests": f"ServiceRequest?patient={{{{context.patientId}}}}"
    f"&code={CARE_EVENT_SYSTEM}|dose-dispensing&_include=ServiceRequest:performer",
    "medicationReviews": f"Procedure?patient={{{{context.patientId}}}}"
    f"&code={SNOMED_SYSTEM}|{MEDICATION_REVIEW_SNOMED}",
    # Every condition: medreview decides which are active (clinical status, abatement).
    "conditions": "Condition?patient={{context.patientId}}",
}
MAX_PAGES = 20


class MissingData(Exception):
    """The data a hook call needs is neither prefetched nor fetchable."""

    def __init__(self, missing: list[str], reason: str) -> None:
        super().__init__(reason)
        self.missing = missing
        self.reason = reason


def _absent(prefetch: Mapping[str, Any], key: str) -> bool:
    """Not prefetched: the key is left out, or the client sent an error for it.

    A key whose value is null is present: CDS Hooks 2.0 has the client send null
    when it has no data for the template (e.g. the patient has no conditions).
    """
    if key not in prefetch:
        return True
    value = prefetch[key]
    if value is None:
        return False
    return not isinstance(value, Mapping) or value.get("resourceType") == "OperationOutcome"


def gather(
    context: Mapping[str, Any],
    prefetch: Mapping[str, Any] | None,
    fhir_server: str | None,
    authorization: Mapping[str, Any] | None,
    timeout: float = 10.0,
) -> dict[str, Any]:
    """A collection Bundle of every resource the prefetch holds or the FHIR server gives."""
    prefetch = prefetch or {}
    missing = [key for key in PREFETCH if _absent(prefetch, key)]
    found = {
        key: prefetch[key]
        for key in PREFETCH
        if key not in missing and prefetch[key] is not None  # null: no data
    }
    if missing:
        if not fhir_server:
            raise MissingData(missing, "not prefetched, and no fhirServer to fetch it from")
        patient = context.get("patientId")
        if not isinstance(patient, str) or not patient:
            raise MissingData(missing, "context.patientId is needed to fetch it")
        found.update(_fetch(missing, patient, fhir_server, authorization, timeout))
    resources: dict[tuple[str, str], Mapping[str, Any]] = {}
    anonymous: list[Mapping[str, Any]] = []
    for value in found.values():
        for resource in _resources(value):
            key = (str(resource.get("resourceType")), str(resource.get("id") or ""))
            if key[1]:
                resources.setdefault(key, resource)
            else:
                anonymous.append(resource)
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [{"resource": r} for r in [*resources.values(), *anonymous]],
    }


def _resources(value: Mapping[str, Any]) -> Iterator[Mapping[str, Any]]:
    if value.get("resourceType") == "Bundle":
        for entry in value.get("entry") or []:
            resource = entry.get("resource") if isinstance(entry, Mapping) else None
            if isinstance(resource, Mapping) and resource.get("resourceType") != "OperationOutcome":
                yield resource
    else:
        yield value


def _fetch(
    keys: list[str],
    patient: str,
    server: str,
    authorization: Mapping[str, Any] | None,
    timeout: float,
) -> dict[str, Any]:
    headers = {"Accept": "application/fhir+json"}
    if authorization and authorization.get("access_token"):
        headers["Authorization"] = f"Bearer {authorization['access_token']}"
    fetched: dict[str, Any] = {}
    with httpx.Client(
        base_url=server.rstrip("/") + "/", headers=headers, timeout=timeout
    ) as client:
        for key in keys:
            query = PREFETCH[key].replace("{{context.patientId}}", patient)
            try:
                fetched[key] = _all_pages(client, query)
            except (httpx.HTTPError, ValueError) as error:
                raise MissingData([key], f"fhirServer did not give it ({error})") from None
    return fetched


def _all_pages(client: httpx.Client, query: str) -> dict[str, Any]:
    response = client.get(query)
    response.raise_for_status()
    bundle: dict[str, Any] = response.json()
    entries = list(bundle.get("entry") or [])
    for _ in range(MAX_PAGES):
        following = next(
            (
                link.get("url")
                for link in bundle.get("link") or []
                if link.get("relation") == "next"
            ),
            None,
        )
        if not following:
            break
        response = client.get(following)
        response.raise_for_status()
        bundle = response.json()
        entries.extend(bundle.get("entry") or [])
    return {"resourceType": "Bundle", "type": "searchset", "entry": entries}
