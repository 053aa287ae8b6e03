"""The CDS Hooks service on a real HTTP server on loopback, called as an EHR would call it."""

from __future__ import annotations

import json
import logging
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import httpx
import jwt
import pytest
from conftest import SAMPLES
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.operationoutcome import OperationOutcome
from fhir.resources.R4B.task import Task
from support.builder import PatientBuilder, days
from support.service_harness import (
    AS_OF,
    Ehr,
    Service,
    hook_call,
    prefetch_of,
    running_service,
    sample,
)
from typer.testing import CliRunner

from medreview.cli import app as cli
from medreview.engine import Engine

PATIENT_VIEW = "/cds-services/medreview-patient-view"
ORDER_SIGN = "/cds-services/medreview-order-sign"


def call(service: Service, ehr: Ehr, path: str, body: Any, **token: Any) -> httpx.Response:
    headers = {"Authorization": f"Bearer {ehr.token(service.endpoint(path), **token)}"}
    return httpx.post(service.endpoint(path), json=body, headers=headers, timeout=60)


# --- discovery and patient-view --------------------------------------------------------


def test_discovery_lists_both_services_with_their_prefetch(service: Service, ehr: Ehr) -> None:
    """Discovery lists patient-view and order-sign, each titled and with its prefetch templates."""
    response = httpx.get(
        service.endpoint("/cds-services"),
        headers={"Authorization": f"Bearer {ehr.token(service.endpoint('/cds-services'))}"},
    )
    assert response.status_code == 200
    services = {s["id"]: s for s in response.json()["services"]}
    assert services["medreview-patient-view"]["hook"] == "patient-view"
    assert services["medreview-order-sign"]["hook"] == "order-sign"
    for described in services.values():
        assert described["title"] and described["description"]
        assert "{{context.patientId}}" in described["prefetch"]["medicationRequests"]


def test_patient_view_gives_the_verdict_card_then_one_per_other_finding(
    service: Service, ehr: Ehr
) -> None:
    """A nursing-home resident: polypharmacy (recommended) and a passed reassessment date."""
    response = call(
        service, ehr, PATIENT_VIEW, hook_call("patient-view", sample("01-plejehjem-fast-laege"))
    )
    assert response.status_code == 200, response.text
    verdict, reassess, *_ = response.json()["cards"]
    assert len(verdict["summary"]) < 140
    assert verdict["summary"].startswith("Medicingennemgang anbefalet, frist 13. juli 2026")
    assert "fast tilknyttet plejehjemslæge Søren Krogh" in verdict["summary"]
    assert verdict["indicator"] == "warning"  # recommended; required is critical
    assert "001 §6.2.5" in verdict["source"]["label"]
    assert verdict["source"]["topic"]["code"] == "MGG-POLYPHARMACY"
    assert "Lægemidler i fast behandling (9)" in verdict["detail"]
    assert "- C07AB02: Metoprolol" in verdict["detail"]
    (suggestion,) = verdict["suggestions"]
    (action,) = suggestion["actions"]
    assert action["type"] == "create"
    task = Task.model_validate(action["resource"])
    assert task.code.coding[0].code == "182836005"
    assert task.owner.reference == "Practitioner/plejehjemslaege"
    assert reassess["source"]["topic"]["code"] == "DRUG-REASSESSMENT-OVERDUE"
    assert reassess["indicator"] == "info" and "003" in reassess["source"]["label"]
    assert all(
        value not in (None, "", [], {}) for card in (verdict, reassess) for value in card.values()
    )


def test_cards_agree_with_the_library(service: Service, ehr: Ehr) -> None:
    """For every sample, the cards' rules are the assessment's findings."""
    engine = Engine()
    for path in sorted(SAMPLES.glob("*.json")):
        bundle = json.loads(path.read_text(encoding="utf-8"))
        expected = engine.evaluate(bundle, as_of=AS_OF)
        cards = call(service, ehr, PATIENT_VIEW, hook_call("patient-view", bundle)).json()["cards"]
        topics = {card["source"]["topic"]["code"] for card in cards}
        others = {f.rule for f in expected.findings if not f.rule.startswith("MGG-")}
        assert others <= topics, path.name
        assert (expected.review.status != "none") == any(
            card["summary"].startswith("Medicingennemgang") for card in cards
        ), path.name


def test_missing_prefetch_without_a_fhir_server_is_412(service: Service, ehr: Ehr) -> None:
    """Prefetch missing or failed and no fhirServer to fetch it from: 412 naming each key."""
    body = hook_call("patient-view", sample("03-fmk-medicinkort"))
    del body["prefetch"]["appointments"]
    # The client could not prefetch encounters and says so with an OperationOutcome.
    body["prefetch"]["encounters"] = {
        "resourceType": "OperationOutcome",
        "issue": [{"severity": "error", "code": "timeout"}],
    }
    response = call(service, ehr, PATIENT_VIEW, body)
    assert response.status_code == 412
    outcome = OperationOutcome.model_validate(response.json())
    assert "encounters" in outcome.issue[0].diagnostics
    assert "appointments" in outcome.issue[0].diagnostics


def test_a_null_prefetch_key_means_no_data_not_missing(service: Service, ehr: Ehr) -> None:
    """CDS Hooks 2.0: a client with no data for a template sends null for its key."""
    bundle = sample("15-nye-smertestillende")
    body = hook_call("patient-view", bundle)
    body["prefetch"]["conditions"] = None
    body["prefetch"]["appointments"] = None
    response = call(service, ehr, PATIENT_VIEW, body)
    assert response.status_code == 200, response.text
    topics = {card["source"]["topic"]["code"] for card in response.json()["cards"]}
    assert "DRUG-NSAID-ELDERLY" in topics
    verdict = next(c for c in response.json()["cards"] if c["summary"].startswith("Medicin"))
    assert "Årlig overblikskonsultation" not in verdict["detail"]  # no conditions: no overview
    assert "Prioritet 3 (1 er mest akut)" in verdict["detail"]


class _FhirServer(BaseHTTPRequestHandler):
    """A FHIR server with one patient: every search answers with the resources of its type."""

    resources: ClassVar[dict[str, list[dict[str, Any]]]] = {}
    seen: ClassVar[list[tuple[str, str | None]]] = []

    def do_GET(self) -> None:
        wanted = self.path.split("?")[0].rstrip("/").rsplit("/", 1)[-1]
        type(self).seen.append((self.path, self.headers.get("Authorization")))
        entries = [{"resource": r} for r in self.resources.get(wanted, [])]
        if wanted == "Patient":  # the GP, practitioners and organisations come with the patient
            for kind in ("Organization", "Practitioner", "PractitionerRole", "Medication"):
                entries += [{"resource": r} for r in self.resources.get(kind, [])]
        body = json.dumps(
            {"resourceType": "Bundle", "type": "searchset", "entry": entries}
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/fhir+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        """Quiet."""


def test_missing_prefetch_is_fetched_from_the_fhir_server(service: Service, ehr: Ehr) -> None:
    """Missing prefetch is fetched from fhirServer with the EHR's token, giving the same cards."""
    bundle = sample("06-aarskontrol-booket")
    by_type: dict[str, list[dict[str, Any]]] = {}
    for entry in bundle["entry"]:
        by_type.setdefault(entry["resource"]["resourceType"], []).append(entry["resource"])
    _FhirServer.resources, _FhirServer.seen = by_type, []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _FhirServer)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with_prefetch = call(service, ehr, PATIENT_VIEW, hook_call("patient-view", bundle)).json()
        body = hook_call("patient-view", bundle)
        body["prefetch"] = {"patient": body["prefetch"]["patient"]}
        body["fhirServer"] = f"http://127.0.0.1:{server.server_address[1]}/fhir"
        body["fhirAuthorization"] = {
            "access_token": "ehr-issued-token",
            "token_type": "Bearer",
            "expires_in": 300,
            "scope": "patient/*.read",
            "subject": "x",
        }
        fetched = call(service, ehr, PATIENT_VIEW, body)
    finally:
        server.shutdown()
        server.server_close()
    assert fetched.status_code == 200, fetched.text

    def strip(cards: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [{k: v for k, v in c.items() if k not in ("uuid", "suggestions")} for c in cards]

    assert strip(fetched.json()["cards"]) == strip(with_prefetch["cards"])
    assert fetched.json()["cards"][0]["summary"].startswith(
        "Medicingennemgang påkrævet, frist 1. juli 2026"
    )
    assert {auth for _, auth in _FhirServer.seen} == {"Bearer ehr-issued-token"}
    assert any(path.startswith("/fhir/Appointment?patient=p-lars") for path, _ in _FhirServer.seen)


def test_invalid_fhir_in_the_prefetch_is_400_with_an_operation_outcome(
    service: Service, ehr: Ehr
) -> None:
    """A prefetch resource with a code FHIR R4 does not define is refused with 400, naming it."""
    bundle = sample("06-aarskontrol-booket")
    body = hook_call("patient-view", bundle)
    body["prefetch"]["medicationRequests"]["entry"][0]["resource"]["status"] = "paused"
    response = call(service, ehr, PATIENT_VIEW, body)
    assert response.status_code == 400
    assert "'paused' is not a code FHIR R4 defines" in response.text


# --- order-sign ----------------------------------------------------------------------------


def _drafts(*resources: dict[str, Any]) -> dict[str, Any]:
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [{"resource": r} for r in resources],
    }


def _draft(
    draft_id: str,
    atc: str,
    name: str,
    *,
    as_needed: bool = False,
    dispensed: bool = False,
    dosage: bool = True,
) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": "MedicationRequest",
        "id": draft_id,
        "status": "draft",
        "intent": "order",
        "medicationCodeableConcept": {
            "coding": [{"system": "http://www.whocc.no/atc", "code": atc}],
            "text": name,
        },
        "subject": {"reference": "Patient/p1"},
        "requester": {"reference": "Practitioner/gp"},
    }
    if dosage:
        resource["dosageInstruction"] = [
            {"text": "1 efter behov", "asNeededBoolean": True}
            if as_needed
            else {
                "text": "1 dagligt",
                "timing": {"repeat": {"frequency": 1, "period": 1, "periodUnit": "d"}},
            }
        ]
    if dispensed:
        resource["extension"] = [
            {
                "url": "https://medreview.example/fhir/StructureDefinition/dose-dispensed",
                "valueBoolean": True,
            }
        ]
    return resource


def test_order_sign_warns_when_a_new_drug_takes_the_patient_above_six(
    service: Service, ehr: Ehr
) -> None:
    """A draft order that makes a seventh fixed drug gets one card suggesting a review Task."""
    builder = PatientBuilder()
    builder.fixed_drugs(6)
    body = hook_call(
        "order-sign",
        builder.bundle(),
        context={"draftOrders": _drafts(_draft("new-1", "N06AX11", "Mirtazapin"))},
    )
    cards = call(service, ehr, ORDER_SIGN, body).json()["cards"]
    (card,) = cards
    assert card["summary"].startswith("Med den nye ordination: 7 faste lægemidler (før 6)")
    assert card["suggestions"][0]["actions"][0]["type"] == "create"
    Task.model_validate(card["suggestions"][0]["actions"][0]["resource"])


def test_order_sign_says_nothing_about_a_seventh_drug_already_there(
    service: Service, ehr: Ehr
) -> None:
    """A new drug for a recently reviewed patient already on eight drugs gets no card."""
    builder = PatientBuilder()
    builder.fixed_drugs(8)
    builder.review(days(-30))
    body = hook_call(
        "order-sign",
        builder.bundle(),
        context={"draftOrders": _drafts(_draft("new-1", "N06AX11", "Mirtazapin"))},
    )
    assert call(service, ehr, ORDER_SIGN, body).json()["cards"] == []


def test_order_sign_flags_pn_and_new_doses_going_into_dose_dispensing(
    service: Service, ehr: Ehr
) -> None:
    """Drafts flagged at order-sign: PN or new dose into dose dispensing, and no dosage at all."""
    builder = PatientBuilder()
    builder.fixed_drugs(3, dose_dispensed=True)
    builder.review(days(-30))
    drafts = _drafts(
        _draft("pn-1", "A06AD11", "Laktulose", as_needed=True, dispensed=True),
        _draft("new-2", "N06AB06", "Sertralin", dispensed=True),
        _draft("nodose-3", "C03CA01", "Furosemid", dosage=False),
    )
    cards = call(
        service,
        ehr,
        ORDER_SIGN,
        hook_call("order-sign", builder.bundle(), context={"draftOrders": drafts}),
    ).json()["cards"]
    by_rule = {}
    for card in cards:
        by_rule.setdefault(card["source"]["topic"]["code"], []).append(card)
    assert "MedicationRequest/pn-1" in by_rule["DD-AS-NEEDED-IN-DD"][0]["detail"]
    update = by_rule["DD-AS-NEEDED-IN-DD"][0]["suggestions"][0]["actions"][0]
    assert update["type"] == "update" and "extension" not in update["resource"]
    unstable = {c["detail"] for c in by_rule["DD-UNSTABLE-DOSE"]}
    assert any("MedicationRequest/new-2" in d for d in unstable)
    assert "MedicationRequest/nodose-3" in by_rule["DATA-UNSPECIFIED-DOSAGE"][0]["detail"]


# --- feedback ------------------------------------------------------------------------------


def test_feedback_is_stored_and_reported_per_rule(tmp_path: Path, ehr: Ehr) -> None:
    """Card feedback is stored and `feedback report` counts it per rule, with override reasons."""
    with running_service(tmp_path, ehr) as own:
        cards = call(
            own, ehr, PATIENT_VIEW, hook_call("patient-view", sample("01-plejehjem-fast-laege"))
        ).json()["cards"]
        verdict, reassess, *_ = cards
        feedback = {
            "feedback": [
                {
                    "card": verdict["uuid"],
                    "outcome": "accepted",
                    "acceptedSuggestions": [{"id": verdict["suggestions"][0]["uuid"]}],
                    "outcomeTimestamp": "2026-06-15T10:00:00Z",
                },
                {
                    "card": reassess["uuid"],
                    "outcome": "overridden",
                    "overrideReason": {
                        "reason": {
                            "code": "not-relevant",
                            "display": "Ikke relevant for denne patient",
                            "system": "https://medreview.example/fhir/CodeSystem/override-reason",
                        },
                        "userComment": "Aftalt med patienten",
                    },
                    "outcomeTimestamp": "2026-06-15T10:01:00Z",
                },
            ]
        }
        path = "/cds-services/medreview-patient-view/feedback"
        assert call(own, ehr, path, feedback).status_code == 200
        assert call(own, ehr, "/cds-services/nobody/feedback", feedback).status_code == 404
    report = CliRunner().invoke(
        cli,
        ["feedback", "report", "--feedback-db", str(tmp_path / "feedback.sqlite")],
        env={"COLUMNS": "160"},
    )
    assert report.exit_code == 0, report.stderr
    rows = {
        line.split()[0]: line.split()
        for line in report.stdout.splitlines()
        if line.strip().startswith(("MGG", "DRUG"))
    }
    assert rows["MGG-POLYPHARMACY"][1:5] == ["1", "1", "0", "100%"]
    assert rows["DRUG-REASSESSMENT-OVERDUE"][1:5] == ["1", "0", "1", "0%"]
    assert "Ikke relevant for denne patient (1)" in report.stdout


# --- /evaluate -------------------------------------------------------------------------------


def test_evaluate_gives_the_contract_assessment_or_fhir(service: Service, ehr: Ehr) -> None:
    """/evaluate returns what `check --format json` prints, or a FHIR Bundle with ?format=fhir."""
    bundle = sample("02-indlagt-dosisdispensering")
    response = call(service, ehr, "/evaluate", bundle)
    assert response.status_code == 200
    expected = CliRunner().invoke(
        cli,
        [
            "check",
            str(SAMPLES / "02-indlagt-dosisdispensering.json"),
            "--as-of",
            AS_OF.isoformat(),
            "--format",
            "json",
        ],
    )
    assert response.json() == json.loads(expected.stdout)
    path = "/evaluate?format=fhir"
    fhir = httpx.post(
        service.endpoint(path),
        json=bundle,
        timeout=60,
        headers={"Authorization": f"Bearer {ehr.token(service.endpoint('/evaluate'))}"},
    )
    assert fhir.headers["content-type"] == "application/fhir+json"
    parsed = Bundle.model_validate(fhir.json())
    assert sum(e.resource.get_resource_type() == "Task" for e in parsed.entry or []) == 2


def test_evaluate_refuses_what_check_refuses_with_400(service: Service, ehr: Ehr) -> None:
    """/evaluate refuses what is not a FHIR Bundle with 400, as `check` does."""
    response = call(service, ehr, "/evaluate", {"resourceType": "Patient", "id": "x"})
    assert response.status_code == 400
    assert "not a FHIR Bundle" in response.json()["issue"][0]["diagnostics"]


def test_a_body_over_the_limit_is_413(tmp_path: Path, ehr: Ehr) -> None:
    """A request body over the configured size limit is refused with 413."""
    with running_service(tmp_path, ehr, max_body_bytes=10_000) as small:
        big = {"resourceType": "Bundle", "type": "collection", "entry": [], "padding": "x" * 20_000}
        assert call(small, ehr, "/evaluate", big).status_code == 413


# --- security ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("case", "changes"),
    [
        ("none", {"algorithm": "none", "key": None}),
        (
            "HS256",
            {
                "algorithm": "HS256",
                "key": "a-shared-secret-long-enough-for-hmac-sha256!",
                "kid": "rsa-1",
            },
        ),
        ("wrong audience", {"claims": {"aud": "https://elsewhere.example/cds-services/x"}}),
        ("expired", {"claims": {"iat": 1_700_000_000, "exp": 1_700_000_100}}),
        ("unknown issuer", {"claims": {"iss": "https://intruder.example"}}),
        ("unknown key", {"kid": "no-such-key"}),
        ("lives too long", {"claims": {"exp": 4_000_000_000}}),
    ],
)
def test_a_bad_token_gets_a_bare_401(
    service: Service, ehr: Ehr, case: str, changes: dict[str, Any]
) -> None:
    """Unsigned, HS256, misaddressed, expired, unknown or long-lived tokens get an empty 401."""
    response = call(service, ehr, "/evaluate", sample("04-urn-uuid-transaktion"), **changes)
    assert response.status_code == 401, case
    assert response.content == b""


def test_a_valid_token_passes_once_and_a_replay_does_not(service: Service, ehr: Ehr) -> None:
    """A valid token is accepted once; replaying the same token is refused with 401."""
    token = ehr.token(service.endpoint("/evaluate"), algorithm="ES384")
    headers = {"Authorization": f"Bearer {token}"}
    body = sample("04-urn-uuid-transaktion")
    assert httpx.post(service.endpoint("/evaluate"), json=body, headers=headers).status_code == 200
    assert httpx.post(service.endpoint("/evaluate"), json=body, headers=headers).status_code == 401


def test_no_token_at_all_gets_401(service: Service) -> None:
    """A call with no Authorization header at all is refused with 401."""
    assert httpx.get(service.endpoint("/cds-services")).status_code == 401


def test_no_token_or_cpr_number_reaches_the_log(
    service: Service, ehr: Ehr, caplog: pytest.LogCaptureFixture
) -> None:
    """Refused calls are logged, but never with a token, valid or forged, nor a CPR number."""
    caplog.set_level(logging.DEBUG)
    bundle = sample("01-plejehjem-fast-laege")
    cpr = next(
        e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Patient"
    )["identifier"][0]["value"]
    good = ehr.token(service.endpoint(PATIENT_VIEW))
    expired = ehr.token(
        service.endpoint(PATIENT_VIEW), claims={"iat": 1_700_000_000, "exp": 1_700_000_100}
    )
    forged = jwt.encode(
        {"iss": "x"}, "a-shared-secret-long-enough-for-hmac-sha256!", algorithm="HS256"
    )
    for token in (good, good, expired, forged):
        httpx.post(
            service.endpoint(PATIENT_VIEW),
            json=hook_call("patient-view", bundle),
            headers={"Authorization": f"Bearer {token}"},
            timeout=60,
        )
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "401 POST /cds-services/medreview-patient-view" in logged  # failures are logged...
    for secret in (good, expired, forged, cpr, cpr[:6]):
        assert secret not in logged  # ...without the token, and no CPR number anywhere


# --- concurrency --------------------------------------------------------------------------------


_CONCURRENT_CLIENT = """
import asyncio, json, sys

import httpx

calls = json.load(sys.stdin)


async def fire():
    limits = httpx.Limits(max_connections=200)
    async with httpx.AsyncClient(timeout=120, limits=limits) as client:

        async def one(call):
            response = await client.post(
                call["url"], content=call["body"].encode(), headers=call["headers"]
            )
            return response.json()

        return await asyncio.gather(*(one(call) for call in calls))


json.dump(asyncio.run(fire()), sys.stdout)
"""


def test_two_hundred_concurrent_requests_each_get_their_own_answer(
    service: Service, ehr: Ehr
) -> None:
    """210 calls at once from 200 connections: each gets its own patient's assessment.

    The client runs in its own process, as an EHR does. In this process it shared the GIL
    with the service's evaluation threads and, on a loaded machine, took more than the 15 s
    a connection has to send its request (the slowloris guard, counted from the connection)
    between connecting and sending: the service rightly closed it (httpx.ReadError)."""
    import subprocess
    import sys

    engine = Engine()
    bundles = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(SAMPLES.glob("*.json"))]
    expected = [engine.evaluate(b, as_of=AS_OF).to_dict() for b in bundles]
    url = service.endpoint("/evaluate")
    calls = [
        {
            "url": url,
            "body": json.dumps(bundles[number % len(bundles)]),
            "headers": {
                "Authorization": f"Bearer {ehr.token(url)}",
                "Content-Type": "application/json",
            },
        }
        for number in range(210)
    ]
    done = subprocess.run(
        [sys.executable, "-c", _CONCURRENT_CLIENT],
        input=json.dumps(calls),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    for number, answer in enumerate(json.loads(done.stdout)):
        assert answer == expected[number % len(bundles)], number


# --- the published API ----------------------------------------------------------------------------


def test_openapi_is_published(service: Service) -> None:
    """The OpenAPI schema is published and lists discovery, both hooks and /evaluate."""
    schema = httpx.get(service.endpoint("/openapi.json")).json()
    assert {"/cds-services", PATIENT_VIEW, ORDER_SIGN, "/evaluate"} <= set(schema["paths"])


def test_the_prefetch_holds_every_resource_the_rules_read() -> None:
    """The test EHR's prefetch sends what the templates ask for: all that medreview reads."""
    from medreview.read.fhir_model import MODELS
    from medreview.service.prefetch import gather

    bundle = sample("06-aarskontrol-booket")
    prefetch = prefetch_of(bundle)
    assert prefetch["patient"]["resourceType"] == "Patient"  # Patient/{{context.patientId}}
    read = {
        (e["resource"]["resourceType"], e["resource"]["id"])
        for e in bundle["entry"]
        if e["resource"]["resourceType"] in MODELS
    }
    gathered = gather({"patientId": prefetch["patient"]["id"]}, prefetch, None, None)
    assert {(e["resource"]["resourceType"], e["resource"]["id"]) for e in gathered["entry"]} == read


def test_cards_link_to_their_rule_in_the_catalogue_the_service_serves(
    service: Service, ehr: Ehr
) -> None:
    """A required review is critical; each card's source and link lead to its rule's entry."""
    response = call(
        service, ehr, PATIENT_VIEW, hook_call("patient-view", sample("06-aarskontrol-booket"))
    )
    cards = response.json()["cards"]
    assert cards[0]["summary"].startswith("Medicingennemgang påkrævet")
    assert cards[0]["indicator"] == "critical"
    catalogue = httpx.get(service.endpoint("/catalogue"))  # public: no patient data in it
    assert catalogue.status_code == 200
    for card in cards:
        rule = card["source"]["topic"]["code"]
        assert card["source"]["url"] == service.endpoint(f"/catalogue#{rule}")
        assert card["links"] == [
            {
                "label": f"Regel {rule} i medreviews regelkatalog",
                "url": card["source"]["url"],
                "type": "absolute",
            }
        ]
        assert f"<article id='{rule}'" in catalogue.text
