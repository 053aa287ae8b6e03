"""Who may call the service: the JWT that a CDS Client (the EHR) signs for every request.

CDS Hooks 2.0 (Security): the client sends ``Authorization: Bearer <JWT>``,
signed with its private key using an asymmetric algorithm; the service checks it
with the client's public key. Here a request passes only if all of these hold:

- the algorithm is asymmetric (RSA, ECDSA, RSA-PSS, EdDSA): ``none`` and HMAC never;
- ``iss`` is on the allow-list, and the key (``kid``) is in that issuer's JWKS,
  read from a configured file or URL;
- the algorithm is the one the key's JWKS entry states (``alg``), or, where the
  entry states none, one that fits the key's type and curve;
- ``aud`` is exactly the URL of the endpoint called: as a string, or as an array
  of that one URL (a token meant for several audiences could be replayed by any);
- ``exp`` and ``iat`` are numbers, ``exp`` has not passed, lies after ``iat`` and at
  most five minutes after it; ``iat`` is not in the future;
- ``jti`` has not been seen before by any process of this service (until the
  token would have expired anyway): see :mod:`medreview.service.replay`.

A JWKS URL is read with PyJWT's client, never on the event loop (the guard calls
:meth:`TokenVerifier.verify` in a worker thread). Known keys are looked up
without waiting for anything; an unknown ``kid`` refetches the JWKS at most once
per cool-down, only if no fetch is under way, and a kid the last fetch did not
find is remembered, so forged tokens cannot make the service hammer the EHR's
JWKS or hold other callers. If the JWKS cannot be read, the keys last read stay
in use.

A failure is one bare 401 for the caller and one log line for the operator,
naming the reason and never the token.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jwt
from jwt import PyJWK, PyJWKClient, PyJWKSet

from medreview.errors import ServiceError
from medreview.service.replay import ReplayCache

log = logging.getLogger("medreview.service.security")

# Each algorithm, and the key types (and EC curves) it may be used with.
ALGORITHMS: dict[str, tuple[str, str | None]] = {
    "RS256": ("RSA", None),
    "RS384": ("RSA", None),
    "RS512": ("RSA", None),
    "PS256": ("RSA", None),
    "PS384": ("RSA", None),
    "PS512": ("RSA", None),
    "ES256": ("EC", "P-256"),
    "ES384": ("EC", "P-384"),
    "ES512": ("EC", "P-521"),
    "EdDSA": ("OKP", None),
}
MAX_LIFETIME_SECONDS = 300
LEEWAY_SECONDS = 30
MAX_TOKEN_BYTES = 16 * 1024  # a CDS Hooks JWT is a few hundred bytes; refuse before parsing
MAX_JTI_CHARACTERS = 256
REFETCH_COOLDOWN_SECONDS = 30.0  # at most one JWKS refetch per cool-down for unknown kids
JWKS_LIFESPAN_SECONDS = 300.0  # read a JWKS URL again after this, for rotated keys
JWKS_TIMEOUT_SECONDS = 5.0
UNKNOWN_KIDS_REMEMBERED = 1024


class Unauthorized(ServiceError):
    """The request's JWT does not pass; the reason is for the log, not for the caller."""


@dataclass(frozen=True)
class _Keys:
    """One reading of a JWKS: its keys by kid, and when it was read."""

    by_kid: dict[str | None, PyJWK]
    read_at: float


def _keys_of(document: Any) -> dict[str | None, PyJWK]:
    if not isinstance(document, dict):
        raise ValueError("the JWKS is not a JSON object")
    keys = PyJWKSet.from_dict(document).keys
    by_kid: dict[str | None, PyJWK] = {
        key.key_id: key for key in keys if key.key_id and key.public_key_use in ("sig", None)
    }
    if not by_kid and len(keys) == 1:
        by_kid = {None: keys[0]}  # a JWKS of one key, no kid
    return by_kid


@dataclass
class KeySource:
    """One trusted issuer's public keys: a JWKS file (read once) or URL (read as needed)."""

    location: str
    cooldown: float = REFETCH_COOLDOWN_SECONDS
    lifespan: float = JWKS_LIFESPAN_SECONDS
    timeout: float = JWKS_TIMEOUT_SECONDS
    _keys: _Keys | None = None
    _last_attempt: float = float("-inf")
    _fetching: threading.Lock = field(default_factory=threading.Lock)
    _unknown: OrderedDict[str, float] = field(default_factory=OrderedDict)
    _unknown_lock: threading.Lock = field(default_factory=threading.Lock)
    _client: PyJWKClient | None = None

    def __post_init__(self) -> None:
        if self.is_url:
            # PyJWT's client: http(s) only, no redirects, a timeout. Caching is done here,
            # where a known key never waits for a fetch.
            self._client = PyJWKClient(self.location, cache_jwk_set=False, timeout=self.timeout)

    @property
    def is_url(self) -> bool:
        return self.location.startswith(("https://", "http://"))

    def warm(self) -> None:
        """Read the keys now (at start-up), so that the first call does not wait for them."""
        try:
            self._refresh(wait=True)
        except Unauthorized as problem:
            log.warning("JWKS %s not read at start-up: %s", self.location, problem)

    def key(self, kid: str | None) -> PyJWK:
        keys = self._keys
        if keys is None:
            # Nothing read yet: wait (in this worker thread) for the one fetch under way.
            keys = self._refresh(wait=True)
            if keys is None:
                raise Unauthorized("the issuer's JWKS could not be read lately")
        elif self.is_url and time.monotonic() - keys.read_at > self.lifespan:
            keys = self._refresh(wait=False) or keys  # stale: read again, others go on
        if kid is None and len(keys.by_kid) == 1:
            return next(iter(keys.by_kid.values()))
        found = keys.by_kid.get(kid)
        if found is not None:
            return found
        if self.is_url and kid is not None and not self._known_unknown(kid):
            refreshed = self._refresh(wait=False)
            if refreshed is not None:
                found = refreshed.by_kid.get(kid)
                if found is not None:
                    return found
                self._remember_unknown(kid)
        raise Unauthorized(f"no key {kid!r} in the issuer's JWKS")

    def _known_unknown(self, kid: str) -> bool:
        """The last fetch did not find this kid, and the JWKS has not been read since."""
        seen = self._unknown.get(kid)
        return seen is not None and self._keys is not None and seen >= self._keys.read_at

    def _remember_unknown(self, kid: str) -> None:
        with self._unknown_lock:
            self._unknown[kid] = time.monotonic()
            self._unknown.move_to_end(kid)
            while len(self._unknown) > UNKNOWN_KIDS_REMEMBERED:
                self._unknown.popitem(last=False)

    def _refresh(self, *, wait: bool) -> _Keys | None:
        """Read the JWKS again, unless another thread is reading it or one tried lately.

        With ``wait`` (nothing read yet), wait for a fetch under way; without, give up at
        once. Returns the keys read, or None where nothing new was read.
        """
        if wait:
            acquired = self._fetching.acquire(timeout=self.timeout + 1)
        else:
            acquired = self._fetching.acquire(blocking=False)
        if not acquired:
            if self._keys is None:
                raise Unauthorized("the issuer's JWKS is being read; try again")
            return None
        try:
            if wait and self._keys is not None:
                return self._keys  # read by the thread we waited for
            if time.monotonic() - self._last_attempt < self.cooldown:
                if self._keys is None:
                    raise Unauthorized("the issuer's JWKS could not be read lately")
                return None
            self._last_attempt = time.monotonic()
            try:
                by_kid = _keys_of(self._read())
            except (OSError, ValueError, RecursionError, jwt.PyJWTError) as error:
                if self._keys is None:
                    raise Unauthorized(f"the issuer's JWKS cannot be read ({error})") from None
                log.warning(
                    "JWKS %s not read (%s); keeping the keys read before", self.location, error
                )
                return None
            self._keys = _Keys(by_kid, time.monotonic())
            return self._keys
        finally:
            self._fetching.release()

    def _read(self) -> Any:
        if self._client is not None:
            return self._client.fetch_data()
        return json.loads(Path(self.location).read_text(encoding="utf-8"))


def _algorithm_fits(algorithm: str, key: PyJWK) -> bool:
    """The token's algorithm is the key's: as its JWKS entry states, or by type and curve."""
    data: dict[str, Any] = key._jwk_data if isinstance(key._jwk_data, dict) else {}
    stated = data.get("alg")
    if stated is not None:
        return bool(algorithm == stated)
    key_type, curve = ALGORITHMS[algorithm]
    return data.get("kty") == key_type and (curve is None or data.get("crv") == curve)


def _number(claims: dict[str, Any], name: str) -> float:
    value = claims.get(name)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise Unauthorized(f"the {name} claim is not a number")
    return float(value)


@dataclass
class TokenVerifier:
    """Checks a request's bearer JWT against the trusted issuers."""

    issuers: dict[str, KeySource]
    replays: ReplayCache

    def verify(self, authorization: str | None, audience: str) -> dict[str, Any]:
        """The token's claims, or Unauthorized saying why (for the log)."""
        if not authorization or not authorization.startswith("Bearer "):
            raise Unauthorized("no bearer token")
        token = authorization.removeprefix("Bearer ").strip()
        if len(token) > MAX_TOKEN_BYTES:
            raise Unauthorized(f"the token is longer than {MAX_TOKEN_BYTES} bytes")
        try:
            header = jwt.get_unverified_header(token)
            unverified = jwt.decode(token, options={"verify_signature": False})
        except jwt.PyJWTError as error:
            raise Unauthorized(f"not a JWT ({type(error).__name__})") from None
        algorithm = header.get("alg")
        if not isinstance(algorithm, str) or algorithm not in ALGORITHMS:
            raise Unauthorized(f"algorithm {algorithm!r} is not an asymmetric one")
        issuer = unverified.get("iss")
        source = self.issuers.get(issuer) if isinstance(issuer, str) else None
        if source is None:
            raise Unauthorized(f"issuer {issuer!r} is not trusted")
        kid = header.get("kid")
        if kid is not None and not isinstance(kid, str):
            raise Unauthorized("the kid is not a string")
        key = source.key(kid)
        if not _algorithm_fits(algorithm, key):
            raise Unauthorized(f"algorithm {algorithm} is not the one of key {kid!r}")
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
        except (TypeError, ValueError) as error:  # a key PyJWT cannot use for this token
            raise Unauthorized(f"the token cannot be checked ({type(error).__name__})") from None
        aud = claims["aud"]
        if aud != audience and aud != [audience]:
            raise Unauthorized("aud names more than this endpoint")
        expires, issued = _number(claims, "exp"), _number(claims, "iat")
        if expires <= issued:
            raise Unauthorized("the token expires before it was issued")
        if expires - issued > MAX_LIFETIME_SECONDS:
            raise Unauthorized("the token lives longer than five minutes")
        jti = claims["jti"]
        if not isinstance(jti, str) or not jti or len(jti) > MAX_JTI_CHARACTERS:
            raise Unauthorized("the jti is not a short string")
        if not self.replays.first_time(f"{issuer} {jti}", expires + LEEWAY_SECONDS):
            raise Unauthorized("the jti has been used before (a replay)")
        return claims
