"""A real medreview service on loopback for tests, an EHR's keys to call it with, and prefetch.

The server is uvicorn in a thread on a socket bound beforehand (so its URL is known
before it starts, and the JWT audience with it); ``started`` is awaited on an
event, not a timer.
"""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import jwt
import pytest
import uvicorn
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from medreview.rules.ruleset import load_ruleset
from medreview.service.app import ServiceSettings, create_app
from medreview.service.dev_ehr import call_claims
from medreview.service.dev_ehr import hook_call as _dev_hook_call
from medreview.service.dev_ehr import prefetch_of as _dev_prefetch_of
from medreview.service.server import server_config

ISSUER = "https://ehr.example.dk"
SAMPLES = Path(__file__).resolve().parents[2] / "fhir_samples"
AS_OF = date(2026, 6, 15)


@dataclass
class Ehr:
    """An EHR that signs its calls: its RSA and EC keys, published as a JWKS file."""

    rsa_key: rsa.RSAPrivateKey
    ec_key: ec.EllipticCurvePrivateKey
    jwks: Path

    @classmethod
    def create(cls, folder: Path) -> Ehr:
        rsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        ec_key = ec.generate_private_key(ec.SECP384R1())
        keys = []
        for kid, key, alg in (("rsa-1", rsa_key, "RS384"), ("ec-1", ec_key, "ES384")):
            public = json.loads(
                jwt.algorithms.get_default_algorithms()[alg].to_jwk(key.public_key())
            )
            keys.append({**public, "kid": kid, "alg": alg, "use": "sig"})
        jwks = folder / "ehr-jwks.json"
        jwks.write_text(json.dumps({"keys": keys}), encoding="utf-8")
        return cls(rsa_key, ec_key, jwks)

    def token(self, audience: str, **changes: Any) -> str:
        """A valid token for ``audience``; ``changes`` make it invalid in one way."""
        claims = call_claims(ISSUER, audience, seconds=120)
        claims.update(changes.pop("claims", {}))
        algorithm = changes.pop("algorithm", "RS384")
        key: Any = changes.pop("key", self.rsa_key if algorithm.startswith("RS") else self.ec_key)
        kid = changes.pop("kid", "rsa-1" if algorithm.startswith("RS") else "ec-1")
        return jwt.encode(claims, key, algorithm=algorithm, headers={"kid": kid})


@dataclass
class Service:
    url: str
    settings: ServiceSettings
    app: Any

    def endpoint(self, path: str) -> str:
        return f"{self.url}{path}"


@contextmanager
def running_service(
    folder: Path, ehr: Ehr | None, *, request_seconds: float = 15.0, **settings: Any
) -> Iterator[Service]:
    """medreview's service, on a free loopback port, until the block ends."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    url = f"http://127.0.0.1:{listener.getsockname()[1]}"
    chosen: dict[str, Any] = {
        "ruleset": load_ruleset(),
        "base_url": url,
        "issuers": {ISSUER: str(ehr.jwks)} if ehr else {},
        "insecure_no_auth": ehr is None,
        "feedback_db": folder / "feedback.sqlite",
        "replay_db": folder / "replay.sqlite",
        "as_of": AS_OF,
    }
    chosen.update(settings)
    config_settings = ServiceSettings(**chosen)
    app = create_app(config_settings)
    started = threading.Event()

    class Server(uvicorn.Server):
        async def startup(self, sockets: Any = None) -> None:
            await super().startup(sockets=sockets)
            started.set()

    config = server_config(
        app, "127.0.0.1", 0, log_level="warning", request_seconds=request_seconds
    )
    server = Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    if not started.wait(timeout=30):
        raise RuntimeError("the service did not start")
    try:
        yield Service(url, config_settings, app)
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        listener.close()


def prefetch_of(bundle: dict[str, Any]) -> dict[str, Any]:
    """The prefetch a CDS Client would send for this patient: by discovery's templates."""
    return _dev_prefetch_of(bundle)


def hook_call(hook: str, bundle: dict[str, Any], **extra: Any) -> dict[str, Any]:
    call: dict[str, Any] = _dev_hook_call(hook, bundle, **extra)
    call["context"]["userId"] = "Practitioner/laege"
    return call


def sample(name: str) -> dict[str, Any]:
    """One of the bundled sample patients, by file name without ``.json``."""
    document: dict[str, Any] = json.loads((SAMPLES / f"{name}.json").read_text(encoding="utf-8"))
    return document


@pytest.fixture(scope="module")
def ehr(tmp_path_factory: pytest.TempPathFactory) -> Ehr:
    """An EHR whose keys the module's service trusts."""
    return Ehr.create(tmp_path_factory.mktemp("ehr"))


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory, ehr: Ehr) -> Iterator[Service]:
    """One service for the module, trusting ``ehr``."""
    with running_service(tmp_path_factory.mktemp("service"), ehr) as running:
        yield running
