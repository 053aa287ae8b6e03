"""The service under attack: each attack a security review found, replayed on a real server.

Every test here failed on the service as it was before the review (issue 9); the
hostile corpus at the end sends each route bodies, headers and tokens no EHR would,
and asserts that none gets a 5xx, a traceback in the log, or a leaked secret.
"""

from __future__ import annotations

import json
import logging
import multiprocessing
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from support.service_harness import ISSUER, Ehr, Service, hook_call, running_service, sample

from medreview.service.replay import ReplayCache

PATIENT_VIEW = "/cds-services/medreview-patient-view"


def post(
    service: Service, path: str, body: Any, token: str | None, **kwargs: Any
) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    headers.update(kwargs.pop("headers", {}))
    return httpx.post(service.endpoint(path), json=body, headers=headers, timeout=60, **kwargs)


@contextmanager
def http_server(handle: Callable[[BaseHTTPRequestHandler], None]) -> Iterator[str]:
    """A small HTTP server on loopback whose every GET is answered by ``handle``."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            handle(self)

        def log_message(self, *args: Any) -> None:
            """Quiet."""

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def answer(handler: BaseHTTPRequestHandler, body: Any, status: int = 200) -> None:
    data = json.dumps(body).encode()
    handler.send_response(status)
    handler.send_header("Content-Type", "application/json")
    handler.send_header("Content-Length", str(len(data)))
    handler.end_headers()
    handler.wfile.write(data)


def no_traceback(caplog: pytest.LogCaptureFixture) -> None:
    for record in caplog.records:
        assert record.exc_info is None, record.getMessage()
        assert record.levelno < logging.ERROR, record.getMessage()


# --- 1. the JWKS URL: no denial of service without a credential --------------------------------


def test_forged_kids_neither_hold_other_calls_nor_flood_the_ehrs_jwks(
    tmp_path: Path, ehr: Ehr
) -> None:
    """50 tokens with unknown kids while the JWKS answers nothing: a valid call still passes."""
    jwks = json.loads(ehr.jwks.read_text())
    fetches: list[float] = []
    first_served = threading.Event()
    release = threading.Event()

    def jwks_endpoint(handler: BaseHTTPRequestHandler) -> None:
        fetches.append(time.monotonic())
        if first_served.is_set():
            release.wait(timeout=60)  # a JWKS that hangs, until the test is done
        first_served.set()
        answer(handler, jwks)

    with (
        http_server(jwks_endpoint) as jwks_url,
        running_service(tmp_path, ehr, issuers={ISSUER: f"{jwks_url}/jwks.json"}) as service,
    ):
        try:
            url = service.endpoint("/evaluate")
            bundle = sample("04-urn-uuid-transaktion")
            assert post(service, "/evaluate", bundle, ehr.token(url)).status_code == 200
            assert first_served.is_set()

            def forged(number: int) -> int:
                return post(
                    service, "/evaluate", bundle, ehr.token(url, kid=f"forged-{number}")
                ).status_code

            results: list[int] = []
            threads = [
                threading.Thread(target=lambda n=n: results.append(forged(n))) for n in range(50)
            ]
            for thread in threads:
                thread.start()
            # While the forged calls are in and the JWKS hangs, valid calls and others pass.
            assert post(service, "/evaluate", bundle, ehr.token(url)).status_code == 200
            assert httpx.get(service.endpoint("/openapi.json"), timeout=30).status_code == 200
            for thread in threads:
                thread.join(timeout=60)
        finally:
            release.set()
    assert results == [401] * 50
    assert len(fetches) <= 2  # the first reading, and at most one refetch for all 50 kids


def test_a_jwks_that_cannot_be_read_gives_401_not_500(
    tmp_path: Path, ehr: Ehr, caplog: pytest.LogCaptureFixture
) -> None:
    """With the JWKS URL unreachable, tokens are refused with 401, not a 500 or a traceback."""
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        nowhere = f"http://127.0.0.1:{closed.getsockname()[1]}/jwks.json"
    with running_service(tmp_path, ehr, issuers={ISSUER: nowhere}) as service:
        url = service.endpoint("/evaluate")
        for kid in ("rsa-1", "no-such-key"):
            response = post(service, "/evaluate", {}, ehr.token(url, kid=kid))
            assert response.status_code == 401
    no_traceback(caplog)


# --- 2 and 7. tokens that are almost right -----------------------------------------------------


def _mismatched(ehr: Ehr, url: str, case: str) -> str:
    now = int(time.time())
    claims = {"iss": ISSUER, "aud": url, "iat": now, "exp": now + 60, "jti": str(uuid.uuid4())}
    if case == "ES384 header, RSA kid":
        return jwt.encode(claims, ehr.ec_key, algorithm="ES384", headers={"kid": "rsa-1"})
    if case == "RS384 header, EC kid":
        return jwt.encode(claims, ehr.rsa_key, algorithm="RS384", headers={"kid": "ec-1"})
    if case == "RS256 for a key published as RS384":
        return jwt.encode(claims, ehr.rsa_key, algorithm="RS256", headers={"kid": "rsa-1"})
    if case == "PS256 for a key published as RS384":
        return jwt.encode(claims, ehr.rsa_key, algorithm="PS256", headers={"kid": "rsa-1"})
    if case == "ES256 with a P-384 key":
        other = ec.generate_private_key(ec.SECP256R1())
        return jwt.encode(claims, other, algorithm="ES256", headers={"kid": "ec-1"})
    raise AssertionError(case)


@pytest.mark.parametrize(
    "case",
    [
        "ES384 header, RSA kid",
        "RS384 header, EC kid",
        "RS256 for a key published as RS384",
        "PS256 for a key published as RS384",
        "ES256 with a P-384 key",
    ],
)
def test_an_algorithm_that_is_not_the_keys_gets_401(
    service: Service, ehr: Ehr, case: str, caplog: pytest.LogCaptureFixture
) -> None:
    """A token whose alg (or curve) differs from its key's is refused with 401, not accepted."""
    url = service.endpoint("/evaluate")
    response = post(service, "/evaluate", {}, _mismatched(ehr, url, case))
    assert response.status_code == 401, case
    no_traceback(caplog)


@pytest.mark.parametrize(
    ("case", "claims"),
    [
        ("exp as a string", {"exp": "9999999999"}),
        ("iat as a string", {"iat": "1"}),
        ("exp a boolean", {"exp": True}),
        ("exp before iat", {"exp": int(time.time()) + 10, "iat": int(time.time()) + 20}),
        ("jti a number", {"jti": 12345}),
        ("jti empty", {"jti": ""}),
        ("jti a kilobyte", {"jti": "j" * 1000}),
        ("aud names another audience too", {"aud": ["https://other.example/x", "URL"]}),
        ("aud of two, this endpoint twice", {"aud": ["URL", "URL"]}),
        ("aud an object", {"aud": {"url": "URL"}}),
    ],
)
def test_claims_of_the_wrong_shape_get_401(
    service: Service, ehr: Ehr, case: str, claims: dict[str, Any], caplog: pytest.LogCaptureFixture
) -> None:
    """Tokens with mistyped exp/iat/jti or an aud naming others are refused with 401, no crash."""
    url = service.endpoint("/evaluate")
    resolved = {
        key: (
            [url if v == "URL" else v for v in value]
            if isinstance(value, list)
            else dict.fromkeys(value, url)
            if isinstance(value, dict)
            else value
        )
        for key, value in claims.items()
    }
    response = post(service, "/evaluate", {}, ehr.token(url, claims=resolved))
    assert response.status_code == 401, case
    no_traceback(caplog)


@pytest.mark.parametrize("form", ["string", "one-element array"])
def test_aud_as_the_endpoint_or_an_array_of_it_passes(
    service: Service, ehr: Ehr, form: str
) -> None:
    """CDS Hooks allows both forms; both must keep working."""
    url = service.endpoint("/evaluate")
    aud: Any = url if form == "string" else [url]
    token = ehr.token(url, claims={"aud": aud})
    assert post(service, "/evaluate", sample("04-urn-uuid-transaktion"), token).status_code == 200


def test_a_token_in_the_query_string_is_not_written_to_the_log(
    service: Service, ehr: Ehr, caplog: pytest.LogCaptureFixture
) -> None:
    """A token in the query string is refused with 401 and never written to the service's log."""
    caplog.set_level(logging.DEBUG)
    token = ehr.token(service.endpoint("/cds-services"))
    response = httpx.get(service.endpoint(f"/cds-services?access_token={token}&jwt={token}"))
    assert response.status_code == 401  # a token goes in the Authorization header only
    logged = "\n".join(  # the service's log (the test client's own httpx log shows the URL)
        record.getMessage()
        for record in caplog.records
        if record.name.startswith(("medreview", "uvicorn"))
    )
    assert "GET /cds-services 401" in logged
    assert token not in logged and token[:40] not in logged


# --- 3. the EHR's FHIR server and its access token ---------------------------------------------


def _fetch_call(bundle: dict[str, Any], server: str, patient: str | None = None) -> dict[str, Any]:
    body = hook_call("patient-view", bundle)
    body["prefetch"] = {}
    body["fhirServer"] = server
    body["fhirAuthorization"] = {"access_token": "ehr-secret-access", "token_type": "Bearer"}
    if patient is not None:
        body["context"]["patientId"] = patient
    return body


def test_the_access_token_never_follows_a_link_to_another_host(service: Service, ehr: Ehr) -> None:
    """A FHIR page linking to another host gets 412; the EHR's access token is never sent there."""
    elsewhere: list[str | None] = []

    def thief(handler: BaseHTTPRequestHandler) -> None:
        elsewhere.append(handler.headers.get("Authorization"))
        answer(handler, {"resourceType": "Bundle", "type": "searchset"})

    with http_server(thief) as thief_url:

        def fhir(handler: BaseHTTPRequestHandler) -> None:
            answer(
                handler,
                {
                    "resourceType": "Bundle",
                    "type": "searchset",
                    "link": [{"relation": "next", "url": f"{thief_url}/steal?page=2"}],
                },
            )

        with http_server(fhir) as fhir_url:
            body = _fetch_call(sample("06-aarskontrol-booket"), f"{fhir_url}/fhir")
            response = post(service, PATIENT_VIEW, body, ehr.token(service.endpoint(PATIENT_VIEW)))
    assert response.status_code == 412
    assert "leads away from fhirServer" in response.text
    assert elsewhere == []


def test_a_patient_id_cannot_rewrite_the_search(service: Service, ehr: Ehr) -> None:
    """A patientId smuggling '&subject=' into the FHIR search is refused with 412, never sent."""
    seen: list[str] = []

    def fhir(handler: BaseHTTPRequestHandler) -> None:
        seen.append(handler.path)
        answer(handler, {"resourceType": "Bundle", "type": "searchset"})

    with http_server(fhir) as fhir_url:
        body = _fetch_call(sample("06-aarskontrol-booket"), fhir_url, "p1&subject=Patient/other")
        response = post(service, PATIENT_VIEW, body, ehr.token(service.endpoint(PATIENT_VIEW)))
    assert response.status_code == 412
    assert "not a FHIR id" in response.text
    assert not any("subject=Patient/other" in path for path in seen)


@pytest.mark.parametrize(
    ("case", "page"),
    [
        ("a list", [1, 2, 3]),
        ("a string", "Bundle"),
        ("links as strings", {"resourceType": "Bundle", "link": ["next", "self"]}),
        ("entry a string", {"resourceType": "Bundle", "entry": "none"}),
        ("link url a number", {"resourceType": "Bundle", "link": [{"relation": "next", "url": 5}]}),
        ("not JSON", None),
    ],
)
def test_a_fhir_server_that_answers_nonsense_gets_412_not_500(
    service: Service, ehr: Ehr, case: str, page: Any
) -> None:
    """A fhirServer answering non-Bundles or non-JSON never causes a 500; a refusal says why."""

    def fhir(handler: BaseHTTPRequestHandler) -> None:
        if page is None:
            handler.send_response(200)
            handler.send_header("Content-Length", "5")
            handler.end_headers()
            handler.wfile.write(b"{nope")
        else:
            answer(handler, page)

    with http_server(fhir) as fhir_url:
        body = _fetch_call(sample("06-aarskontrol-booket"), fhir_url)
        response = post(service, PATIENT_VIEW, body, ehr.token(service.endpoint(PATIENT_VIEW)))
    assert response.status_code < 500, (case, response.status_code, response.text)
    if response.status_code != 200:  # refused, saying why
        assert response.json()["resourceType"] == "OperationOutcome", case


# --- 4 and 5. bodies and headers ---------------------------------------------------------------


def _nested(depth: int) -> dict[str, Any]:
    value: dict[str, Any] = {"url": "http://example.org/x"}
    for _ in range(depth):
        value = {"url": "http://example.org/x", "extension": [value]}
    return value


def test_a_deeply_nested_prefetch_is_refused_with_400(service: Service, ehr: Ehr) -> None:
    """A prefetch nested 300 extensions deep is refused with a 400 OperationOutcome, no crash."""
    body = hook_call("patient-view", sample("01-plejehjem-fast-laege"))
    body["prefetch"]["patient"]["extension"] = [_nested(300)]
    response = post(service, PATIENT_VIEW, body, ehr.token(service.endpoint(PATIENT_VIEW)))
    assert response.status_code == 400, response.text
    assert response.json()["resourceType"] == "OperationOutcome"


def test_a_lone_surrogate_is_refused_with_400(service: Service, ehr: Ehr) -> None:
    """A body with a lone UTF-16 surrogate in a string is refused with a 400 OperationOutcome."""
    body = json.dumps(hook_call("patient-view", sample("01-plejehjem-fast-laege")))
    body = body.replace('"p-inger"', '"\\ud800"', 1)
    response = httpx.post(
        service.endpoint(PATIENT_VIEW),
        content=body.encode(),
        headers={
            "Authorization": f"Bearer {ehr.token(service.endpoint(PATIENT_VIEW))}",
            "Content-Type": "application/json",
        },
    )
    assert response.status_code == 400, response.text
    assert response.json()["resourceType"] == "OperationOutcome"


def test_a_chunked_body_over_the_limit_is_413(tmp_path: Path, ehr: Ehr) -> None:
    """A chunked body streaming past the size limit is refused with 413 'too-long'."""
    with running_service(tmp_path, ehr, max_body_bytes=10_000) as small:

        def chunks() -> Iterator[bytes]:
            yield b'{"resourceType": "Bundle", "type": "collection", "padding": "'
            for _ in range(100):
                yield b"x" * 1000
            yield b'"}'

        url = small.endpoint("/evaluate")
        response = httpx.post(
            url,
            content=chunks(),
            headers={
                "Authorization": f"Bearer {ehr.token(url)}",
                "Content-Type": "application/json",
            },
        )
    assert response.status_code == 413
    assert response.json()["issue"][0]["code"] == "too-long"


def test_a_huge_header_is_refused_before_it_is_buffered(service: Service) -> None:
    """A request head over 64 KiB: refused with 400, and the service goes on serving."""
    host, port = service.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=30) as connection:
        connection.sendall(b"GET /cds-services HTTP/1.1\r\nHost: x\r\nX-Big: ")
        sent = 0
        try:
            while sent < 8 * 1024 * 1024:
                connection.sendall(b"a" * 65536)
                sent += 65536
        except OSError:
            pass  # the server closed the connection: what we want
        answered = connection.recv(200)
    assert answered == b"" or answered.startswith(b"HTTP/1.1 400")
    assert sent < 8 * 1024 * 1024 or answered.startswith(b"HTTP/1.1 400")
    assert httpx.get(service.endpoint("/openapi.json")).status_code == 200


# --- 6. replays across restarts and processes --------------------------------------------------


def test_a_used_token_is_refused_after_a_restart(tmp_path: Path, ehr: Ehr) -> None:
    """A token used before a restart is still refused as a replay (401) after the restart."""
    bundle = sample("04-urn-uuid-transaktion")
    base = "http://medreview.test"
    token = ehr.token(f"{base}/evaluate")
    with running_service(tmp_path, ehr, base_url=base) as first:
        assert post(first, "/evaluate", bundle, token).status_code == 200
    with running_service(tmp_path, ehr, base_url=base) as second:
        assert post(second, "/evaluate", bundle, token).status_code == 401


def _claim_all(path: str, jtis: list[str], results: Any) -> None:
    cache = ReplayCache(path)
    results.put(sum(cache.first_time(jti, time.time() + 60) for jti in jtis))


def test_processes_sharing_the_replay_store_accept_each_token_once(tmp_path: Path) -> None:
    """Four processes claim the same 200 jtis at once: exactly 200 claims win in all."""
    jtis = [str(uuid.uuid4()) for _ in range(200)]
    ReplayCache(tmp_path / "replay.sqlite")  # the schema, before the race
    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    workers = [
        context.Process(target=_claim_all, args=(str(tmp_path / "replay.sqlite"), jtis, results))
        for _ in range(4)
    ]
    for worker in workers:
        worker.start()
    won = [results.get(timeout=120) for _ in workers]
    for worker in workers:
        worker.join(timeout=60)
    assert sum(won) == 200


def test_an_expired_jti_is_forgotten(tmp_path: Path) -> None:
    """A jti is forgotten once its token has expired; reusing a live one is still refused."""
    cache = ReplayCache(tmp_path / "replay.sqlite")
    assert cache.first_time("a", time.time() - 1)
    assert cache.first_time("a", time.time() + 60)  # its old entry had expired
    assert not cache.first_time("a", time.time() + 60)


# --- 8. feedback only for cards this service issued --------------------------------------------


def _first_card(service: Service, ehr: Ehr) -> str:
    """The uuid of the first card the service issues for the nursing-home resident."""
    cards = post(
        service,
        PATIENT_VIEW,
        hook_call("patient-view", sample("01-plejehjem-fast-laege")),
        ehr.token(service.endpoint(PATIENT_VIEW)),
    ).json()["cards"]
    uuid_: str = cards[0]["uuid"]
    return uuid_


def _feedback(service: Service, ehr: Ehr, items: list[dict[str, Any]]) -> httpx.Response:
    path = "/cds-services/medreview-patient-view/feedback"
    return post(service, path, {"feedback": items}, ehr.token(service.endpoint(path)))


def test_feedback_on_a_card_never_issued_is_refused_and_not_stored(
    service: Service, ehr: Ehr
) -> None:
    """Feedback on a card the service never issued is refused with 404 and changes no report."""
    before = service.app.state.feedback.report()
    made_up = str(uuid.uuid4())
    item = {"card": made_up, "outcome": "overridden", "outcomeTimestamp": "2026-06-15T10:00:00Z"}
    response = _feedback(service, ehr, [item])
    assert response.status_code == 404
    assert made_up in response.json()["issue"][0]["diagnostics"]
    assert service.app.state.feedback.report() == before


@pytest.mark.parametrize("stamp", ["yesterday", "2026-13-45T99:00:00Z", "2026-06-15", "", "12"])
def test_feedback_with_a_timestamp_that_is_not_one_is_400(
    service: Service, ehr: Ehr, stamp: str
) -> None:
    """Feedback whose outcomeTimestamp is not a date-time is refused with 400 naming the field."""
    item = {"card": _first_card(service, ehr), "outcome": "accepted", "outcomeTimestamp": stamp}
    response = _feedback(service, ehr, [item])
    assert response.status_code == 400
    assert "outcomeTimestamp" in response.text


def test_the_stores_are_in_wal_mode(service: Service) -> None:
    """The feedback and replay stores use WAL, so concurrent calls don't block on each other."""
    import sqlite3
    from contextlib import closing

    for name in ("feedback.sqlite", "replay.sqlite"):
        path = service.settings.feedback_db.parent / name
        # closing(): a connection's own `with` commits but does not close (3.13 warns).
        with closing(sqlite3.connect(path)) as db:
            assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal", name


# --- the hostile corpus: no 5xx for anything ---------------------------------------------------

_DEEP_ARRAY = b"[" * 100_000 + b"]" * 100_000
HOSTILE_BODIES: list[tuple[str, bytes]] = [
    ("empty", b""),
    ("not JSON", b"{nope"),
    ("a JSON string", b'"hello"'),
    ("a JSON list", b"[1, 2]"),
    ("null", b"null"),
    ("100 000 nested arrays", _DEEP_ARRAY),
    ("lone surrogate in a key", b'{"\\udfff": 1}'),
    ("invalid UTF-8", b'{"hook": "\xff\xfe"}'),
    ("a huge number", b'{"hook": 1' + b"0" * 5000 + b"}"),
    ("context a string", b'{"hook": "patient-view", "hookInstance": "x", "context": "p1"}'),
    (
        "prefetch a list",
        b'{"hook": "patient-view", "hookInstance": "x", "context": {"patientId": "p"},'
        b' "prefetch": [1]}',
    ),
    (
        "prefetch values of every type",
        b'{"hook": "patient-view", "hookInstance": "x", "context": {"patientId": "p"},'
        b' "prefetch": {"patient": 1, "medicationRequests": "x", "encounters": [],'
        b' "conditions": {"resourceType": "Bundle", "entry": "x"}}}',
    ),
    (
        "access_token a number",
        b'{"hook": "patient-view", "hookInstance": "x", "context": {"patientId": "p"},'
        b' "fhirServer": "http://127.0.0.1:9/", "fhirAuthorization": {"access_token": 5}}',
    ),
    (
        "fhirServer a file URL",
        b'{"hook": "patient-view", "hookInstance": "x", "context": {"patientId": "p"},'
        b' "fhirServer": "file:///etc/passwd"}',
    ),
    (
        "draftOrders of the wrong shape",
        b'{"hook": "order-sign", "hookInstance": "x", "context": {"patientId": "p",'
        b' "draftOrders": [1, "x", {"resourceType": 5}]}, "prefetch": {}}',
    ),
    (
        "a bundle of entries of every type",
        b'{"resourceType": "Bundle", "entry": [1, "x", null, []]}',
    ),
    (
        "a resource of the wrong type everywhere",
        b'{"resourceType": "Bundle", "type": "collection", "entry": [{"resource":'
        b' {"resourceType": "MedicationRequest", "id": 5, "status": [], "intent": {},'
        b' "subject": "Patient/p", "dosageInstruction": "daily"}}]}',
    ),
    ("feedback of the wrong shape", b'{"feedback": [{"card": 5, "outcome": "maybe"}]}'),
    ("feedback a string", b'{"feedback": "all good"}'),
    (
        "a prefetch Bundle whose entry is a number",
        b'{"hook": "patient-view", "hookInstance": "x", "context": {"patientId": "p"},'
        b' "prefetch": {"medicationRequests": {"resourceType": "Bundle", "entry": 5}}}',
    ),
    (
        "draftOrders whose entry is true",
        b'{"hook": "order-sign", "hookInstance": "x", "context": {"patientId": "p",'
        b' "draftOrders": {"resourceType": "Bundle", "entry": true}}, "prefetch": {}}',
    ),
]
ROUTES = [
    PATIENT_VIEW,
    "/cds-services/medreview-order-sign",
    "/cds-services/medreview-patient-view/feedback",
    "/cds-services/no-such-service/feedback",
    "/evaluate",
    "/evaluate?format=fhir",
    "/evaluate?format=%00",
]


@pytest.mark.parametrize("route", ROUTES)
def test_no_hostile_body_gets_a_server_error(
    service: Service, ehr: Ehr, route: str, caplog: pytest.LogCaptureFixture
) -> None:
    """Malformed or hostile bodies on every route get a 4xx OperationOutcome, never a 5xx."""
    path = route.split("?")[0]
    for case, body in HOSTILE_BODIES:
        response = httpx.post(
            service.endpoint(route),
            content=body,
            headers={
                "Authorization": f"Bearer {ehr.token(service.endpoint(path))}",
                "Content-Type": "application/json",
            },
            timeout=60,
        )
        assert 400 <= response.status_code < 500, (route, case, response.status_code)
        assert response.json()["resourceType"] == "OperationOutcome", (route, case)
    no_traceback(caplog)


HOSTILE_AUTHORIZATIONS = [
    "Bearer",
    "Bearer  x",
    "Bearer " + "a" * 100_000,
    "Bearer a.b.c",
    "Bearer ..",
    "Bearer eyJhbGciOiJub25lIn0.e30.",
    "Basic dXNlcjpwYXNz",
    "Bearer \u00e6\u00f8\u00e5",
    "Bearer eyJhbGciOiJSUzM4NCIsImtpZCI6WzFdfQ.e30.AAAA",  # kid a list
    "Bearer eyJhbGciOlsxXX0.e30.AAAA",  # alg a list
]


@pytest.mark.parametrize("authorization", HOSTILE_AUTHORIZATIONS)
def test_no_hostile_authorization_gets_anything_but_401(
    service: Service, authorization: str, caplog: pytest.LogCaptureFixture
) -> None:
    """A malformed, oversized or non-Bearer Authorization header gets 401, never a 5xx."""
    response = httpx.post(
        service.endpoint("/evaluate"),
        content=b"{}",
        headers={
            "Authorization": authorization.encode("utf-8"),
            "Content-Type": "application/json",
        },
    )
    assert response.status_code == 401
    no_traceback(caplog)


# --- found by a second attack, on the fixed service ---------------------------------------------


def test_a_client_that_sends_half_a_request_is_cut_off(tmp_path: Path, ehr: Ehr) -> None:
    """Slowloris: a request head that never ends holds its connection only for a while."""
    with running_service(tmp_path, ehr, request_seconds=0.5) as service:
        host, port = service.url.removeprefix("http://").split(":")
        with socket.create_connection((host, int(port)), timeout=30) as connection:
            connection.sendall(b"GET /catalogue HTTP/1.1\r\nHost: x\r\n")  # and nothing more
            assert connection.recv(100) == b""  # the server closed it
        assert httpx.get(service.endpoint("/catalogue")).status_code == 200


def test_a_fhir_server_that_trickles_is_given_up_on_in_time(tmp_path: Path, ehr: Ehr) -> None:
    """One byte a while: the hook call ends when its time for fhirServer is up, not later."""
    release = threading.Event()

    def trickle(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Length", "1000")
        handler.end_headers()
        while not release.wait(timeout=0.2):  # a byte at a time, until the test is over
            try:
                handler.wfile.write(b" ")
                handler.wfile.flush()
            except OSError:
                return

    with (
        http_server(trickle) as fhir_url,
        running_service(tmp_path, ehr, fhir_timeout=1.0) as service,
    ):
        try:
            body = _fetch_call(sample("06-aarskontrol-booket"), fhir_url)
            token = ehr.token(service.endpoint(PATIENT_VIEW))
            response = httpx.post(
                service.endpoint(PATIENT_VIEW),
                json=body,
                headers={"Authorization": f"Bearer {token}"},
                timeout=httpx.Timeout(30),  # would be hit if the service waited per byte
            )
        finally:
            release.set()
    assert response.status_code == 412
    assert "did not answer within 1 s" in response.text


@pytest.mark.parametrize(
    "server", ["http://user:secret@127.0.0.1:9/fhir", "http://[::1", "http://127.0.0.1:99999/"]
)
def test_a_fhir_server_url_with_a_password_or_broken_is_refused(
    service: Service, ehr: Ehr, server: str
) -> None:
    """A fhirServer URL with a password, or malformed, gets 412 without echoing the password."""
    body = _fetch_call(sample("06-aarskontrol-booket"), server)
    response = post(service, PATIENT_VIEW, body, ehr.token(service.endpoint(PATIENT_VIEW)))
    assert response.status_code == 412
    assert "secret" not in response.text


@pytest.mark.parametrize("patient", [".", "..", "p-lars/../other"])
def test_a_patient_id_of_dots_is_not_fetched(service: Service, ehr: Ehr, patient: str) -> None:
    """A patientId of dots (path traversal on fhirServer) is refused with 412 as not a FHIR id."""
    body = _fetch_call(sample("06-aarskontrol-booket"), "http://127.0.0.1:9/fhir", patient)
    response = post(service, PATIENT_VIEW, body, ehr.token(service.endpoint(PATIENT_VIEW)))
    assert response.status_code == 412
    assert "not a FHIR id" in response.text


def test_two_versions_of_one_resource_are_refused(service: Service, ehr: Ehr) -> None:
    """A stopped copy of each line before the active one: not ours to pick one, so 400."""
    body = hook_call("patient-view", sample("01-plejehjem-fast-laege"))
    requests = body["prefetch"]["medicationRequests"]["entry"]
    stopped = [{"resource": {**e["resource"], "status": "stopped"}} for e in requests]
    body["prefetch"]["medicationRequests"]["entry"] = stopped + requests
    response = post(service, PATIENT_VIEW, body, ehr.token(service.endpoint(PATIENT_VIEW)))
    assert response.status_code == 400
    assert "sent twice, with different contents" in response.text


def test_data_about_another_patient_than_the_call_is_refused(service: Service, ehr: Ehr) -> None:
    """A prefetch about another patient than the call's patientId is refused with 400."""
    body = hook_call("patient-view", sample("01-plejehjem-fast-laege"))
    body["context"]["patientId"] = "someone-else"
    response = post(service, PATIENT_VIEW, body, ehr.token(service.endpoint(PATIENT_VIEW)))
    assert response.status_code == 400
    assert "the call about someone-else" in response.text


def test_feedback_counts_each_card_once_by_its_last_outcome(tmp_path: Path, ehr: Ehr) -> None:
    """Feedback sent 1000 times counts once; a card's latest outcome is the one reported."""
    with running_service(tmp_path, ehr) as service:
        card = _first_card(service, ehr)
        accepted = {"card": card, "outcome": "accepted", "outcomeTimestamp": "2026-06-15T10:00Z"}
        assert _feedback(service, ehr, [accepted] * 1000).status_code == 200
        overridden = {**accepted, "outcome": "overridden"}
        assert _feedback(service, ehr, [overridden]).status_code == 200
        report = {r.rule: r for r in service.app.state.feedback.report()}
    polypharmacy = report["MGG-POLYPHARMACY"]
    assert (polypharmacy.accepted, polypharmacy.overridden) == (0, 1)


def test_a_jwks_nested_past_any_parser_gives_401(
    tmp_path: Path, ehr: Ehr, caplog: pytest.LogCaptureFixture
) -> None:
    """A JWKS nested 100 000 arrays deep makes tokens fail with 401, not crash the service."""

    def deep(handler: BaseHTTPRequestHandler) -> None:
        data = b'{"keys": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
        handler.send_response(200)
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)

    with (
        http_server(deep) as jwks_url,
        running_service(tmp_path, ehr, issuers={ISSUER: f"{jwks_url}/jwks.json"}) as service,
    ):
        url = service.endpoint("/evaluate")
        assert post(service, "/evaluate", {}, ehr.token(url)).status_code == 401
    no_traceback(caplog)
