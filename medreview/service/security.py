"""Who may call the service: the JWT that a CDS Client (the EHR) signs for every request.

CDS Hooks 2.0 (Security): the client sends ``Authorization: Bearer <JWT>``,
signed with its private key using an asymmetric algorithm; the service checks it
with the client's public key. Here a request passes only if all of these hold:

- the algorithm is asymmetric (RSA, ECDSA, RSA-PSS, EdDSA): ``none`` and HMAC never;
- ``iss`` is on the allow-list, and the key (``kid``) is in that issuer's JWKS,
  read from a configured file or URL (a URL is read again, once, for an unknown kid);
- ``aud`` is exactly the URL of the endpoint called;
- ``exp`` has not passed and lies at most five minutes after ``iat``; ``iat`` is
  not in the future;
- ``jti`` has not been seen before (until the token would have expired anyway).

A failure is one bare 401 for the caller and one log line for the operator,
naming the reason and never the token.
"""

from __future__ import annotations

import json
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jwt
from jwt import PyJWK, PyJWKSet

ALGORITHMS = (
    "RS256",
    "RS384",
    "RS512",
    "ES256",
    "ES384",
    "ES512",
    "PS256",
    "PS384",
    "PS512",
    "EdDSA",
)
MAX_LIFETIME_SECONDS = 300
LEEWAY_SECONDS = 30


class Unauthorized(Exception):
    """The request's JWT does not pass; the reason is for the log, not for the caller."""


@dataclass
class KeySource:
    """One trusted issuer's public keys: a JWKS file or URL."""

    location: str
    _keys: dict[str, PyJWK] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _loaded: bool = False

    def key(self, kid: str | None) -> PyJWK:
        with self._lock:
            if not self._loaded:
                self._load()
            if kid not in self._keys and self.location.startswith(("https://", "http://")):
                self._load()  # a rotated key: read the JWKS once more
            if kid is None and len(self._keys) == 1:
                return next(iter(self._keys.values()))
            if kid not in self._keys:
                raise Unauthorized(f"no key {kid!r} in the issuer's JWKS")
            return self._keys[kid]

    def _load(self) -> None:
        if self.location.startswith(("https://", "http://")):
            with urllib.request.urlopen(self.location, timeout=10) as response:
                document = json.load(response)
        else:
            document = json.loads(Path(self.location).read_text(encoding="utf-8"))
        keys = PyJWKSet.from_dict(document).keys
        self._keys = {key.key_id: key for key in keys if key.key_id}
        if not self._keys and len(keys) == 1:
            self._keys = {None: keys[0]}  # type: ignore[dict-item]  # a JWKS of one key, no kid
        self._loaded = True


class ReplayCache:
    """Every jti seen, kept until its token would have expired anyway."""

    def __init__(self) -> None:
        self._seen: dict[str, float] = {}
        self._lock = threading.Lock()

    def first_time(self, jti: str, expires: float) -> bool:
        now = time.time()
        with self._lock:
            if len(self._seen) > 10_000:
                self._seen = {k: v for k, v in self._seen.items() if v > now}
            if jti in self._seen and self._seen[jti] > now - LEEWAY_SECONDS:
                return False
            self._seen[jti] = expires + LEEWAY_SECONDS
            return True


@dataclass
class TokenVerifier:
    """Checks a request's bearer JWT against the trusted issuers."""

    issuers: dict[str, KeySource]
    replays: ReplayCache = field(default_factory=ReplayCache)

    def verify(self, authorization: str | None, audience: str) -> dict[str, Any]:
        """The token's claims, or Unauthorized saying why (for the log)."""
        if not authorization or not authorization.startswith("Bearer "):
            raise Unauthorized("no bearer token")
        token = authorization.removeprefix("Bearer ").strip()
        try:
            header = jwt.get_unverified_header(token)
            unverified = jwt.decode(token, options={"verify_signature": False})
        except jwt.PyJWTError as error:
            raise Unauthorized(f"not a JWT ({type(error).__name__})") from None
        algorithm = header.get("alg")
        if algorithm not in ALGORITHMS:
            raise Unauthorized(f"algorithm {algorithm!r} is not an asymmetric one")
        issuer = unverified.get("iss")
        source = self.issuers.get(issuer) if isinstance(issuer, str) else None
        if source is None:
            raise Unauthorized(f"issuer {issuer!r} is not trusted")
        key = source.key(header.get("kid"))
        try:
            claims: dict[str, Any] = jwt.decode(
                token,
                key=key.key,
                algorithms=[algorithm],
                audience=audience,
                issuer=issuer,
                leeway=LEEWAY_SECONDS,
                options={"require": ["iss", "aud", "exp", "iat", "jti"]},
            )
        except jwt.PyJWTError as error:
            raise Unauthorized(f"{type(error).__name__}: {error}") from None
        if claims["exp"] - claims["iat"] > MAX_LIFETIME_SECONDS:
            raise Unauthorized("the token lives longer than five minutes")
        if not self.replays.first_time(str(claims["jti"]), float(claims["exp"])):
            raise Unauthorized("the jti has been used before (a replay)")
        return claims
