"""The CDS Hooks service: medreview inside the EHR, over HTTP (FastAPI).

- ``GET /cds-services``: discovery, with the prefetch templates of each service;
- ``POST /cds-services/medreview-patient-view``: cards when a doctor opens a patient;
- ``POST /cds-services/medreview-order-sign``: cards about draft orders before signing;
- ``POST /cds-services/{id}/feedback``: what the doctor did with the cards;
- ``POST /evaluate``: a Bundle in, the contract's assessment (or ``?format=fhir``, a
  Bundle of Tasks and DetectedIssues) out.

Every request carries a JWT from a trusted EHR (see :mod:`medreview.service.security`),
unless the service was started with the development flag that turns this off.
The rule set is loaded once, at start-up; requests are served from many threads.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

import orjson
from fastapi import Body, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from medreview.errors import InputError
from medreview.evaluation import Engine, Evaluation
from medreview.fhir_dates import today_in_denmark
from medreview.fhir_output import workflow_bundle
from medreview.readers import read_fast, read_full
from medreview.ruleset import RuleSet
from medreview.service.cards import review_cards
from medreview.service.feedback import FeedbackStore
from medreview.service.order_sign import drafts_of, order_sign_cards, with_drafts
from medreview.service.prefetch import PREFETCH, MissingData, gather
from medreview.service.security import KeySource, TokenVerifier, Unauthorized

log = logging.getLogger("medreview.service")
GUARDED_PATHS = ("/cds-services", "/evaluate")
PATIENT_VIEW = "medreview-patient-view"
ORDER_SIGN = "medreview-order-sign"
SERVICES = {
    PATIENT_VIEW: {
        "hook": "patient-view",
        "title": "medreview: medicingennemgang",
        "description": "Siger, om en medicingennemgang er påkrævet, anbefalet eller kan "
        "overvejes for patienten, hvem der ejer den og hvornår, og hvad der ellers bør gøres "
        "ved medicinkortet. / Whether a medication review is due for the patient, who owns it "
        "and by when, and what else the medication card needs.",
    },
    ORDER_SIGN: {
        "hook": "order-sign",
        "title": "medreview: før ordinationen underskrives",
        "description": "Hvad de nye ordinationer ændrer: over seks faste lægemidler, PN eller "
        "ny dosis i dosisdispensering, ordination uden dosering. / What the draft orders "
        "change: above six fixed drugs, as-needed lines or new doses in dose dispensing, "
        "lines without dosage.",
    },
}


@dataclass
class ServiceSettings:
    """How the service runs; see ``medreview serve --help``."""

    ruleset: RuleSet
    base_url: str = "http://127.0.0.1:8000"
    issuers: dict[str, str] = field(default_factory=dict)  # iss -> JWKS file or URL
    insecure_no_auth: bool = False
    max_body_bytes: int = 5 * 1024 * 1024
    feedback_db: Path = Path("medreview-feedback.sqlite")
    as_of: date | None = None  # for demonstrations and tests; else today in Denmark
    fhir_timeout: float = 10.0


class CdsRequest(BaseModel):
    """A CDS Hooks service call."""

    model_config = ConfigDict(extra="allow")

    hook: str
    hookInstance: str
    fhirServer: str | None = None
    fhirAuthorization: dict[str, Any] | None = None
    context: dict[str, Any]
    prefetch: dict[str, Any] | None = None


class Coding(BaseModel):
    system: str | None = None
    code: str
    display: str | None = None


class Source(BaseModel):
    label: str
    url: str | None = None
    topic: Coding | None = None


class Action(BaseModel):
    type: Literal["create", "update", "delete"]
    description: str
    resource: dict[str, Any] | None = None


class Suggestion(BaseModel):
    label: str
    uuid: str | None = None
    isRecommended: bool | None = None
    actions: list[Action] | None = None


class Card(BaseModel):
    uuid: str | None = None
    summary: str = Field(max_length=140)
    detail: str | None = None
    indicator: Literal["info", "warning", "critical"]
    source: Source
    suggestions: list[Suggestion] | None = None
    selectionBehavior: Literal["at-most-one", "any"] | None = None
    overrideReasons: list[Coding] | None = None


class CdsResponse(BaseModel):
    cards: list[Card]


class DiscoveryService(BaseModel):
    hook: str
    title: str
    description: str
    id: str
    prefetch: dict[str, str]


class Discovery(BaseModel):
    services: list[DiscoveryService]


class OverrideReason(BaseModel):
    reason: Coding | None = None
    userComment: str | None = None


class AcceptedSuggestion(BaseModel):
    id: str


class FeedbackItem(BaseModel):
    card: str
    outcome: Literal["accepted", "overridden"]
    acceptedSuggestions: list[AcceptedSuggestion] | None = None
    overrideReason: OverrideReason | None = None
    outcomeTimestamp: str


class FeedbackRequest(BaseModel):
    feedback: list[FeedbackItem]


class _Guard:
    """Lets a request through only with a valid JWT, before anything reads its body.

    Checked ahead of routing and validation, so that a caller without a token learns
    nothing, not even whether its request was well formed.
    """

    def __init__(self, app: ASGIApp, verifier: TokenVerifier, base_url: str, off: bool) -> None:
        self.app, self.verifier, self.base_url, self.off = app, verifier, base_url.rstrip("/"), off

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        guarded = path.startswith(GUARDED_PATHS)
        if scope["type"] != "http" or self.off or not guarded:
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        authorization = headers.get(b"authorization", b"").decode("latin-1") or None
        try:
            self.verifier.verify(authorization, self.base_url + path)
        except Unauthorized as reason:
            # The reason, never the token: it could be replayed from a log.
            log.warning("401 %s %s: %s", scope.get("method"), path, reason)
            await send(
                {
                    "type": "http.response.start",
                    "status": 401,
                    "headers": [(b"www-authenticate", b"Bearer"), (b"content-length", b"0")],
                }
            )
            await send({"type": "http.response.body", "body": b""})
            return
        await self.app(scope, receive, send)


class _BodyLimit:
    """Refuses request bodies over ``limit`` bytes with 413, before reading them whole."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = dict(scope.get("headers") or []).get(b"content-length")
        if length is not None and length.isdigit() and int(length) > self.limit:
            await _too_large(send)
            return
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.limit:
                raise _TooLarge
            return message

        try:
            await self.app(scope, limited, send)
        except _TooLarge:
            await _too_large(send)


class _TooLarge(Exception):
    pass


async def _too_large(send: Send) -> None:
    await send({"type": "http.response.start", "status": 413, "headers": []})
    await send({"type": "http.response.body", "body": b""})


def operation_outcome(code: str, text: str) -> dict[str, Any]:
    return {
        "resourceType": "OperationOutcome",
        "issue": [{"severity": "error", "code": code, "diagnostics": text}],
    }


# What a hook call may answer besides its cards (for the OpenAPI description).
HOOK_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"description": "The data is not valid FHIR R4"},
    401: {"description": "No valid JWT"},
    412: {"description": "Prefetch missing and no fhirServer"},
}


def create_app(settings: ServiceSettings) -> FastAPI:
    """The service, its rule set loaded and compiled once."""
    engine = Engine(settings.ruleset)
    store = FeedbackStore(settings.feedback_db)
    verifier = TokenVerifier({iss: KeySource(where) for iss, where in settings.issuers.items()})
    if settings.insecure_no_auth:
        log.warning(
            "AUTHENTICATION IS OFF (--insecure-no-auth): any caller can reach patient data "
            "through this service. Never run it so outside development."
        )
    app = FastAPI(
        title="medreview",
        version="0.1.0",
        description="CDS Hooks 2.0 services for medication review (medicingennemgang) in "
        "Danish health care, and an evaluation endpoint.",
    )

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, error: RequestValidationError) -> Response:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in error.errors()
        )
        return JSONResponse(operation_outcome("invalid", problems or "invalid request"), 400)

    def as_of() -> date:
        return settings.as_of or today_in_denmark()

    def evaluate(bundle: dict[str, Any], *, strict: bool = False) -> Evaluation:
        """Hooks read fast (the EHR's own FHIR, checked where the rules read it, as scans do);
        /evaluate validates fully, as ``check`` does."""
        card = read_full(bundle) if strict else read_fast(orjson.dumps(bundle))
        return engine.explain_card(card, as_of=as_of())

    def respond(service: str, cards: list[dict[str, Any]]) -> dict[str, Any]:
        store.issued(service, [(card["uuid"], card.pop("_rule")) for card in cards])
        return {"cards": cards}

    def gathered(call: CdsRequest) -> dict[str, Any] | JSONResponse:
        try:
            return gather(
                call.context,
                call.prefetch,
                call.fhirServer,
                call.fhirAuthorization,
                settings.fhir_timeout,
            )
        except MissingData as missing:
            text = f"{', '.join(missing.missing)}: {missing.reason}"
            return JSONResponse(operation_outcome("incomplete", text), status_code=412)

    def refused(error: InputError) -> JSONResponse:
        return JSONResponse(
            {
                "resourceType": "OperationOutcome",
                "issue": [
                    {
                        "severity": "error",
                        "code": "invalid",
                        "diagnostics": str(problem),
                        **(
                            {"expression": [f"{problem.resource}.{problem.field}"]}
                            if problem.resource and problem.field
                            else {}
                        ),
                    }
                    for problem in error.problems
                ],
            },
            status_code=400,
        )

    @app.get(
        "/cds-services",
        response_model=Discovery,
        response_model_exclude_none=True,
    )
    def discovery() -> dict[str, Any]:
        """CDS Hooks discovery: the services, their hooks and prefetch templates."""
        return {
            "services": [
                {**about, "id": service, "prefetch": PREFETCH}
                for service, about in SERVICES.items()
            ]
        }

    @app.post(
        f"/cds-services/{PATIENT_VIEW}",
        response_model=CdsResponse,
        response_model_exclude_none=True,
        responses=HOOK_ERRORS,
    )
    def patient_view(call: CdsRequest) -> Any:
        """Cards for the patient being opened: the review verdict, then each other finding."""
        bundle = gathered(call)
        if isinstance(bundle, JSONResponse):
            return bundle
        try:
            evaluation = evaluate(bundle)
        except InputError as error:
            return refused(error)
        return respond(PATIENT_VIEW, review_cards(evaluation, settings.ruleset))

    @app.post(
        f"/cds-services/{ORDER_SIGN}",
        response_model=CdsResponse,
        response_model_exclude_none=True,
        responses=HOOK_ERRORS,
    )
    def order_sign(call: CdsRequest) -> Any:
        """Cards about what the draft orders would change, before they are signed."""
        bundle = gathered(call)
        if isinstance(bundle, JSONResponse):
            return bundle
        drafts = drafts_of(call.context.get("draftOrders"))
        try:
            before = evaluate(bundle)
            after = evaluate(with_drafts(bundle, drafts, as_of()))
        except InputError as error:
            return refused(error)
        return respond(ORDER_SIGN, order_sign_cards(engine, before, after, drafts))

    @app.post(
        "/cds-services/{service_id}/feedback",
        responses={404: {"description": "No such service"}},
    )
    def feedback(service_id: str, body: FeedbackRequest) -> Response:
        """What the clinician did with the cards: accepted, or overridden and why."""
        if service_id not in SERVICES:
            return JSONResponse(operation_outcome("not-found", f"no service {service_id}"), 404)
        store.record(service_id, [item.model_dump(exclude_none=True) for item in body.feedback])
        return Response(status_code=200)

    @app.post(
        "/evaluate",
        responses={
            200: {"description": "The assessment, or with format=fhir a Bundle"},
            400: {"description": "Not a valid FHIR R4 Bundle"},
        },
    )
    def evaluate_bundle(
        bundle: Annotated[dict[str, Any], Body(description="One patient's FHIR R4 Bundle")],
        format: Annotated[Literal["json", "fhir"], Query()] = "json",
    ) -> Response:
        """A patient's Bundle in; the contract's assessment (or, with format=fhir, a Bundle of
        Tasks and DetectedIssues) out."""
        try:
            evaluation = evaluate(bundle, strict=True)
        except InputError as error:
            return refused(error)
        data = evaluation.assessment.to_dict()
        payload = workflow_bundle(data, settings.ruleset) if format == "fhir" else data
        media = "application/fhir+json" if format == "fhir" else "application/json"
        return Response(orjson.dumps(payload), media_type=media)

    # Added last, runs first: no body is read before the caller is known.
    app.add_middleware(_BodyLimit, limit=settings.max_body_bytes)
    app.add_middleware(
        _Guard, verifier=verifier, base_url=settings.base_url, off=settings.insecure_no_auth
    )
    app.state.engine, app.state.feedback = engine, store
    return app
