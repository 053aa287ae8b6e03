"""The patient's data for a hook call: from the prefetch, else from the client's FHIR server.

medreview asks the CDS Client to prefetch everything the rules read. What the
client did not prefetch (absent, null, or an OperationOutcome saying it failed)
is fetched from ``fhirServer`` with the access token the client gave; with no
``fhirServer``, the call cannot be answered correctly, and the service says so
with 412 and an OperationOutcome naming what is missing.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator, Mapping
from typing import Any
from urllib.parse import quote

import httpx
import orjson

from medreview.codes import CARE_EVENT_SYSTEM, MEDICATION_REVIEW_SNOMED, SNOMED_SYSTEM
from medreview.errors import InputError, InputProblem, ServiceError

# Everything the rules read, as FHIR searches a CDS Client can run for us.
PREFETCH: dict[str, str] = {
    # A read, as CDS Hooks writes it; the GP is resolved from generalPractitioners below.
    "patient": "Patient/{{context.patientId}}",
    "generalPractitioners": "Patient?_id={{context.patientId}}"
    "&_include=Patient:general-practitioner",
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
# Asked for, but answered without where the client sends neither it nor a fhirServer:
# only the GP's name and sector come from it (the reference alone says general practice).
OPTIONAL = frozenset({"generalPractitioners"})
MAX_PAGES = 20
MAX_PAGE_BYTES = 20 * 1024 * 1024  # one page from fhirServer; more is refused, not buffered
# A FHIR id (R4 datatypes): the only thing that goes into a search from the caller.
FHIR_ID = re.compile(r"[A-Za-z0-9\-.]{1,64}")


class MissingData(ServiceError):
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
    if missing and not fhir_server:
        missing = [key for key in missing if key not in OPTIONAL]
    if missing:
        if not fhir_server:
            raise MissingData(missing, "not prefetched, and no fhirServer to fetch it from")
        patient = context.get("patientId")
        if not isinstance(patient, str) or not patient:
            raise MissingData(missing, "context.patientId is needed to fetch it")
        if not FHIR_ID.fullmatch(patient) or not patient.strip("."):
            raise MissingData(missing, "context.patientId is not a FHIR id, so it is not fetched")
        found.update(_fetch(missing, patient, fhir_server, authorization, timeout))
    resources: dict[tuple[str, str], Mapping[str, Any]] = {}
    anonymous: list[Mapping[str, Any]] = []
    for value in found.values():
        for resource in _resources(value):
            key = (str(resource.get("resourceType")), str(resource.get("id") or ""))
            if not key[1]:
                anonymous.append(resource)
            elif resources.setdefault(key, resource) != resource:
                # Two versions of one resource: which is current is not ours to guess.
                raise InputError(
                    [InputProblem("sent twice, with different contents", f"{key[0]}/{key[1]}")]
                )
    patient_id = context.get("patientId")
    others = [id_ for kind, id_ in resources if kind == "Patient" and id_ != patient_id]
    if isinstance(patient_id, str) and others:
        raise InputError(
            [InputProblem(f"the data is about Patient/{others[0]}, the call about {patient_id}")]
        )
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [{"resource": r} for r in [*resources.values(), *anonymous]],
    }


def _resources(value: Any) -> Iterator[Mapping[str, Any]]:
    if not isinstance(value, Mapping):
        return
    if value.get("resourceType") == "Bundle":
        entries = value.get("entry")
        for entry in entries if isinstance(entries, list) else []:
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
    token = (authorization or {}).get("access_token")
    if isinstance(token, str) and token:
        headers["Authorization"] = f"Bearer {token}"
    try:
        base = httpx.URL(server.rstrip("/") + "/")
    except httpx.InvalidURL:
        raise MissingData(keys, "fhirServer is not a URL") from None
    if base.scheme not in ("http", "https") or not base.host:
        raise MissingData(keys, "fhirServer is not an http(s) URL")
    if base.userinfo:
        raise MissingData(keys, "fhirServer holds a user name or password; give a plain URL")
    deadline = time.monotonic() + timeout  # for the whole call, however slowly a server answers
    fetched: dict[str, Any] = {}
    # No redirects, no proxy from the environment: the token is for fhirServer alone.
    with httpx.Client(base_url=base, headers=headers, timeout=timeout, trust_env=False) as client:
        for key in keys:
            query = PREFETCH[key].replace("{{context.patientId}}", quote(patient, safe=""))
            try:
                fetched[key] = _all_pages(client, base, query, deadline)
            except httpx.TimeoutException:
                raise MissingData(
                    [key], f"fhirServer did not answer within {timeout:g} s"
                ) from None
            except httpx.HTTPStatusError as error:
                status = error.response.status_code
                raise MissingData([key], f"fhirServer answered {status}") from None
            except httpx.HTTPError:
                # Not the details: they would map the EHR's network for whoever calls.
                raise MissingData([key], "fhirServer could not be reached") from None
            except ValueError as error:
                raise MissingData([key], f"fhirServer did not give it ({error})") from None
    return fetched


def _same_origin(url: httpx.URL, base: httpx.URL) -> bool:
    return (url.scheme, url.host, url.port) == (base.scheme, base.host, base.port)


def _page(client: httpx.Client, base: httpx.URL, url: str, deadline: float) -> Any:
    """One answer from fhirServer, read up to MAX_PAGE_BYTES and until ``deadline``, as JSON."""
    target = base.join(url)
    if not _same_origin(target, base):
        # The access token is fhirServer's: it never goes to another host.
        raise ValueError("a link leads away from fhirServer")
    with client.stream("GET", target, timeout=_left(deadline)) as response:
        response.raise_for_status()
        body = bytearray()
        for chunk in response.iter_bytes():
            body += chunk
            if len(body) > MAX_PAGE_BYTES:
                raise ValueError(f"an answer larger than {MAX_PAGE_BYTES} bytes")
            _left(deadline)
    try:
        return orjson.loads(bytes(body))
    except orjson.JSONDecodeError as error:
        raise ValueError(f"not JSON: {error}") from None


def _left(deadline: float) -> float:
    """The time left until ``deadline``; a timeout once it has passed."""
    left = deadline - time.monotonic()
    if left <= 0:
        raise httpx.ReadTimeout("the call's time for fhirServer is up")
    return left


def _next_link(bundle: Mapping[str, Any]) -> str | None:
    links = bundle.get("link")
    if not isinstance(links, list):
        return None
    for link in links:
        if isinstance(link, Mapping) and link.get("relation") == "next":
            url = link.get("url")
            return url if isinstance(url, str) and url else None
    return None


def _all_pages(client: httpx.Client, base: httpx.URL, query: str, deadline: float) -> Any:
    """A resource (for a read), or one searchset Bundle of every page's entries."""
    bundle = _page(client, base, query, deadline)
    if not isinstance(bundle, dict):
        raise ValueError("the answer is not a FHIR resource")
    if bundle.get("resourceType") != "Bundle":
        return bundle
    entries = _entries(bundle)
    for _ in range(MAX_PAGES):
        following = _next_link(bundle)
        if following is None:
            break
        bundle = _page(client, base, following, deadline)
        if not isinstance(bundle, dict) or bundle.get("resourceType") != "Bundle":
            raise ValueError("a next page is not a Bundle")
        entries.extend(_entries(bundle))
    else:
        if _next_link(bundle) is not None:
            raise ValueError(f"more than {MAX_PAGES + 1} pages")
    return {"resourceType": "Bundle", "type": "searchset", "entry": entries}


def _entries(bundle: Mapping[str, Any]) -> list[Any]:
    entries = bundle.get("entry")
    if entries is None:
        return []
    if not isinstance(entries, list):
        raise ValueError("Bundle.entry is not a list")
    return entries
