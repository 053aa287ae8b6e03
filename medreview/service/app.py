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
import threading
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

import orjson
from fastapi import Body, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, Response
from starlette.middleware.cors import CORSMiddleware

from medreview import __version__
from medreview.engine import Evaluation, ReadOptions, engine_for
from medreview.errors import InputError
from medreview.read.fhir_dates import today_in_denmark
from medreview.render.fhir import workflow_bundle
from medreview.render.outcome import input_refused, refused
from medreview.rules.model import RuleSet
from medreview.service.cds_cards import review_cards
from medreview.service.feedback import FeedbackStore, UnknownCards
from medreview.service.messages import CdsRequest, CdsResponse, Discovery, FeedbackRequest
from medreview.service.middleware import (
    AccessLog,
    BodyLimit,
    Guard,
    JsonRoute,
    printable,
)
from medreview.service.order_sign import drafts_of, order_sign_cards, with_drafts
from medreview.service.prefetch import PREFETCH, MissingData, gather
from medreview.service.replay import ReplayCache
from medreview.service.security import KeySource, TokenVerifier

log = logging.getLogger("medreview.service")
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
    replay_db: Path = Path("medreview-replay.sqlite")  # every jti seen, for all processes
    cors_origins: tuple[str, ...] = ()  # browser-based CDS clients allowed to call
    as_of: date | None = None  # for demonstrations and tests; else today in Denmark
    fhir_timeout: float = 10.0


# What a hook call may answer besides its cards (for the OpenAPI description).
HOOK_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"description": "The data is not valid FHIR R4"},
    401: {"description": "No valid JWT"},
    412: {"description": "Prefetch missing and no fhirServer"},
}


def create_app(settings: ServiceSettings) -> FastAPI:
    """The service, its rule set loaded and compiled once."""
    engine = engine_for(settings.ruleset)
    store = FeedbackStore(settings.feedback_db)
    sources = {iss: KeySource(where) for iss, where in settings.issuers.items()}
    verifier = TokenVerifier(sources, ReplayCache(settings.replay_db))
    for source in sources.values():
        if source.is_url:  # read each JWKS URL now, off the way of the first calls
            threading.Thread(target=source.warm, name="jwks-warm", daemon=True).start()
    catalogue_page = _catalogue(settings.ruleset)
    base_url = settings.base_url.rstrip("/")
    if settings.insecure_no_auth:
        log.warning(
            "AUTHENTICATION IS OFF (--insecure-no-auth): any caller can reach patient data "
            "through this service. Never run it so outside development."
        )
    app = FastAPI(
        title="medreview",
        version=__version__,
        description="CDS Hooks 2.0 services for medication review (medicingennemgang) in "
        "Danish health care, and an evaluation endpoint.",
    )
    app.router.route_class = JsonRoute

    # One handler per kind of refusal; a route only raises.
    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, error: RequestValidationError) -> Response:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in error.errors()
        )
        return _fhir_json(refused("invalid", problems or "invalid request"), 400)

    @app.exception_handler(InputError)
    async def _refused(request: Request, error: InputError) -> Response:
        return _fhir_json(input_refused(error), 400)

    @app.exception_handler(MissingData)
    async def _missing(request: Request, missing: MissingData) -> Response:
        text = f"{', '.join(missing.missing)}: {missing.reason}"
        return _fhir_json(refused("incomplete", text), 412)

    @app.exception_handler(UnknownCards)
    async def _unknown_cards(request: Request, unknown: UnknownCards) -> Response:
        text = f"this service issued no card {', '.join(unknown.cards)}; nothing was stored"
        return _fhir_json(refused("not-found", text), 404)

    @app.exception_handler(Exception)
    async def _bug(request: Request, error: Exception) -> Response:
        # A bug in medreview: the operator gets the traceback, the caller no detail.
        log.error("500 %s %s", request.method, printable(request.url.path), exc_info=error)
        return _fhir_json(refused("exception", "internal error in medreview"), 500)

    def as_of() -> date:
        return settings.as_of or today_in_denmark()

    def evaluate(bundle: dict[str, Any], *, strict: bool = False) -> Evaluation:
        """Hooks read fast (the EHR's own FHIR, checked where the rules read it, as scans do);
        /evaluate validates fully, as ``check`` does."""
        card = engine.read_data(bundle, ReadOptions(reader="full" if strict else "fast"))
        return engine.explain_card(card, as_of=as_of())

    def respond(service: str, cards: list[dict[str, Any]]) -> dict[str, Any]:
        for card in cards:
            rule = card["_rule"]
            entry = f"{base_url}/catalogue#{rule}"
            card["source"]["url"] = entry
            label = f"Regel {rule} i medreviews regelkatalog"
            card["links"] = [{"label": label, "url": entry, "type": "absolute"}]
        store.issued(service, [(card["uuid"], card.pop("_rule")) for card in cards])
        return {"cards": cards}

    def gathered(call: CdsRequest) -> dict[str, Any]:
        timeout = settings.fhir_timeout
        return gather(call.context, call.prefetch, call.fhirServer, call.fhirAuthorization, timeout)

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
        evaluation = evaluate(gathered(call))
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
        drafts = drafts_of(call.context.get("draftOrders"))
        before = evaluate(bundle)
        after = evaluate(with_drafts(bundle, drafts, as_of()))
        return respond(ORDER_SIGN, order_sign_cards(engine, before, after, drafts))

    @app.post(
        "/cds-services/{service_id}/feedback",
        responses={404: {"description": "No such service, or a card it did not issue"}},
    )
    def feedback(service_id: str, body: FeedbackRequest) -> Response:
        """What the clinician did with the cards: accepted, or overridden and why."""
        if service_id not in SERVICES:
            return _fhir_json(refused("not-found", f"no service {service_id}"), 404)
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
        evaluation = evaluate(bundle, strict=True)
        data = evaluation.assessment.to_dict()
        payload = workflow_bundle(data, settings.ruleset) if format == "fhir" else data
        media = "application/fhir+json" if format == "fhir" else "application/json"
        return Response(orjson.dumps(payload), media_type=media)

    @app.get("/catalogue", response_class=HTMLResponse)
    def catalogue() -> HTMLResponse:
        """The rule catalogue: every rule, its source and its sign-off; the cards link here."""
        return HTMLResponse(catalogue_page)

    # Added last, runs first: no body is read before the caller is known, and a browser's
    # preflight is answered (and every answer, 401 too, carries CORS headers) before the guard.
    app.add_middleware(BodyLimit, limit=settings.max_body_bytes)
    app.add_middleware(
        Guard, verifier=verifier, base_url=settings.base_url, off=settings.insecure_no_auth
    )
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "POST", "OPTIONS"],
            allow_headers=["Authorization", "Content-Type"],
            max_age=600,
        )
    app.add_middleware(AccessLog)
    app.state.engine, app.state.feedback = engine, store
    return app


def _fhir_json(content: dict[str, Any], status: int) -> Response:
    return Response(orjson.dumps(content), status_code=status, media_type="application/fhir+json")


def _catalogue(ruleset: RuleSet) -> str:
    """The rule catalogue page, made once at start-up."""
    from medreview.approval.catalogue import render_catalogue
    from medreview.approval.signoff import approvals
    from medreview.approval.specs import default_features_dir, read_features

    features = read_features(default_features_dir())
    return render_catalogue(ruleset, features, approvals(ruleset, features, None), None)
