"""A development EHR: a key pair, its JWKS, and signed CDS Hooks calls for trying the service.

``medreview serve`` trusts only EHRs it is told about (``--trust ISSUER=JWKS``). On a
developer's machine there is no EHR, so this module plays one: it makes an ES384
key pair, publishes the public half as a JWKS file for ``--trust``, signs a fresh
token per call (CDS Hooks 2.0: ``aud`` the endpoint, five minutes, a new ``jti``), and
turns a patient's Bundle into the prefetch an EHR would send. Never for production:
the private key lies in a plain file.
"""

from __future__ import annotations

import json
import os
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from medreview.service.prefetch import PREFETCH

ISSUER = "https://dev-ehr.localhost"
KEY_ID = "dev-ehr-1"
ALGORITHM = "ES384"
TOKEN_SECONDS = 300

# Which prefetch key each resource type is sent under (what no template asks for is not sent).
_PREFETCH_KEY = {
    "Organization": "generalPractitioners",
    "Practitioner": "generalPractitioners",
    "PractitionerRole": "generalPractitioners",
    "MedicationRequest": "medicationRequests",
    "Medication": "medicationStatements",
    "MedicationStatement": "medicationStatements",
    "Encounter": "encounters",
    "EpisodeOfCare": "episodesOfCare",
    "CareTeam": "careTeams",
    "Appointment": "appointments",
    "ServiceRequest": "serviceRequests",
    "Procedure": "medicationReviews",
    "Condition": "conditions",
}


@dataclass(frozen=True)
class DevEhr:
    """A development EHR's folder: ``private-key.pem`` and ``jwks.json``."""

    folder: Path

    @property
    def private_key(self) -> Path:
        return self.folder / "private-key.pem"

    @property
    def jwks(self) -> Path:
        return self.folder / "jwks.json"

    @classmethod
    def create(cls, folder: Path) -> DevEhr:
        """Make a new key pair in ``folder`` (which must exist), replacing none."""
        ehr = cls(folder)
        for path in (ehr.private_key, ehr.jwks):
            if path.exists():
                raise FileExistsError(f"{path} exists; use another folder or remove it")
        key = ec.generate_private_key(ec.SECP384R1())
        pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        descriptor = os.open(ehr.private_key, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(pem)
        public = json.loads(jwt.algorithms.ECAlgorithm.to_jwk(key.public_key()))
        jwks = {"keys": [{**public, "kid": KEY_ID, "alg": ALGORITHM, "use": "sig"}]}
        ehr.jwks.write_text(json.dumps(jwks, indent=2) + "\n", encoding="utf-8")
        return ehr

    def token(self, audience: str) -> str:
        """A fresh token for one call to ``audience`` (the endpoint's URL)."""
        key = serialization.load_pem_private_key(self.private_key.read_bytes(), password=None)
        claims = call_claims(ISSUER, audience)
        return jwt.encode(claims, key, algorithm=ALGORITHM, headers={"kid": KEY_ID})  # type: ignore[arg-type]


def call_claims(issuer: str, audience: str, seconds: int = TOKEN_SECONDS) -> dict[str, Any]:
    """The claims CDS Hooks 2.0 asks of a call's token: for one endpoint, short, used once."""
    now = int(time.time())
    return {
        "iss": issuer,
        "sub": "dev-ehr",
        "aud": audience,
        "iat": now,
        "exp": now + seconds,
        "jti": str(uuid.uuid4()),
    }


def prefetch_of(bundle: dict[str, Any]) -> dict[str, Any]:
    """The prefetch a CDS Client would send for this patient, by discovery's templates."""
    prefetch: dict[str, Any] = {
        key: {"resourceType": "Bundle", "type": "searchset", "entry": []}
        for key in PREFETCH
        if key != "patient"
    }
    for entry in bundle.get("entry") or []:
        resource = entry.get("resource") or {}
        if resource.get("resourceType") == "Patient":
            prefetch["patient"] = resource
            prefetch["generalPractitioners"]["entry"].append({"resource": resource})
            continue
        key = _PREFETCH_KEY.get(str(resource.get("resourceType")))
        if key is not None:
            prefetch[key]["entry"].append({"fullUrl": entry.get("fullUrl"), "resource": resource})
    return {key: prefetch[key] for key in PREFETCH if key in prefetch}  # discovery's order


def hook_call(hook: str, bundle: dict[str, Any], **extra: Any) -> dict[str, Any]:
    """A CDS Hooks call for ``hook`` about the bundle's patient, everything prefetched."""
    resources = [entry.get("resource") or {} for entry in bundle.get("entry") or []]
    patient = next((r for r in resources if r.get("resourceType") == "Patient"), None)
    if patient is None:
        raise ValueError("the bundle has no Patient")
    call: dict[str, Any] = {
        "hook": hook,
        "hookInstance": str(uuid.uuid4()),
        "context": {"userId": "Practitioner/dev-ehr-user", "patientId": patient["id"]},
        "prefetch": prefetch_of(bundle),
    }
    call["context"].update(extra.pop("context", {}))
    call.update(extra)
    return call
