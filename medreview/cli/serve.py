"""``medreview serve``, ``dev-ehr`` and ``feedback``: the CDS Hooks service and its helpers."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from medreview.cli.common import (
    EXIT_INPUT,
    RulesOption,
    app,
    dev_ehr_app,
    exit_codes,
    feedback_app,
    load_rules,
    make_console,
    new_table,
    parse_as_of,
    usage_error,
)
from medreview.errors import InputError, InputProblem

# Where `serve` keeps card feedback and `feedback report` reads it (the same for both).
FEEDBACK_DB = "medreview-feedback.sqlite"
FEEDBACK_DB_ENV = "MEDREVIEW_FEEDBACK_DB"


@app.command()
def serve(
    host: Annotated[str, typer.Option("--host", help="The address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="The port to listen on.")] = 8000,
    rules: RulesOption = None,
    base_url: Annotated[
        str | None,
        typer.Option(
            "--base-url",
            help="The URL the EHR calls the service at (behind a proxy, the public one); each "
            "JWT's aud must be this plus the endpoint's path. Default: http://HOST:PORT.",
        ),
    ] = None,
    trust: Annotated[
        list[str] | None,
        typer.Option(
            "--trust",
            metavar="ISSUER=JWKS",
            help="An EHR that may call: its JWT issuer, and its public keys as a JWKS file or "
            "URL. Repeat for several.",
        ),
    ] = None,
    insecure_no_auth: Annotated[
        bool,
        typer.Option(
            "--insecure-no-auth",
            help="DEVELOPMENT ONLY: accept requests without a JWT. Never in production.",
        ),
    ] = False,
    max_body: Annotated[
        int, typer.Option("--max-body", help="Largest request body, in bytes (413 above it).")
    ] = 5 * 1024 * 1024,
    feedback_db: Annotated[
        Path,
        typer.Option(
            "--feedback-db",
            envvar=FEEDBACK_DB_ENV,
            help="Where card feedback is kept (SQLite); `feedback report` reads it.",
        ),
    ] = Path(FEEDBACK_DB),
    replay_db: Annotated[
        Path,
        typer.Option(
            "--replay-db",
            help="Where the tokens already used are kept (SQLite), so that a token works once "
            "across restarts and every process of the service: give them all the same file.",
        ),
    ] = Path("medreview-replay.sqlite"),
    cors_origin: Annotated[
        list[str] | None,
        typer.Option(
            "--cors-origin",
            metavar="ORIGIN",
            help="A browser-based CDS client's origin (https://ehr.example:8443) that may call "
            "the service from its pages; repeat for several. Default: none.",
        ),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            metavar="YYYY-MM-DD",
            help="Evaluate as of this date, for demonstrations and tests. Default: today.",
        ),
    ] = None,
) -> None:
    """Run the CDS Hooks service (patient-view, order-sign, feedback), /evaluate and the rule
    catalogue (/catalogue).

    Closed by default: every call needs a JWT from an EHR named with --trust. To try it
    without an EHR, make a development one with `medreview dev-ehr create`.
    """
    day = parse_as_of(as_of)
    for store in (feedback_db, replay_db):
        if not store.parent.is_dir():
            usage_error(f"{store}: the folder {store.parent} does not exist")
    for origin in cors_origin or []:
        if not origin.startswith(("https://", "http://")) or origin.rstrip("/") != origin:
            usage_error(f"--cors-origin {origin!r}: write an origin, e.g. https://ehr.example")
    issuers: dict[str, str] = {}
    for item in trust or []:
        issuer, equals, keys = item.partition("=")
        if not equals or not issuer or not keys:
            usage_error(f"--trust {item!r}: write ISSUER=JWKS, e.g. https://ehr.example=jwks.json")
        issuers[issuer] = keys
    if not issuers and not insecure_no_auth:
        usage_error(
            "say which EHRs may call: --trust ISSUER=JWKS (or, in development only, "
            "--insecure-no-auth)"
        )
    with exit_codes():
        import uvicorn

        from medreview.service.app import ServiceSettings, create_app
        from medreview.service.server import freeze_loaded_objects, server_config

        settings = ServiceSettings(
            ruleset=load_rules(rules),
            base_url=base_url or f"http://{host}:{port}",
            issuers=issuers,
            insecure_no_auth=insecure_no_auth,
            max_body_bytes=max_body,
            feedback_db=feedback_db,
            replay_db=replay_db,
            cors_origins=tuple(cors_origin or ()),
            as_of=day,
        )
        import logging

        logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
        service = create_app(settings)
        freeze_loaded_objects()  # this process only serves: what is loaded stays out of GC's way
        uvicorn.Server(server_config(service, host, port)).run()


@dev_ehr_app.command("create")
def dev_ehr_create(
    folder: Annotated[
        Path,
        typer.Argument(metavar="DIR", help="A new folder for the keys and the sample call."),
    ],
    patient: Annotated[
        Path | None,
        typer.Option(
            "--patient",
            help="A patient's Bundle to make the sample patient-view call of. Default: the "
            "bundled nursing-home resident, or a synthetic patient outside a checkout.",
            exists=True,
            dir_okay=False,
        ),
    ] = None,
    port: Annotated[
        int, typer.Option("--port", help="The port the service will listen on.")
    ] = 8000,
) -> None:
    """Make a development EHR: an ES384 key pair, its JWKS, and a sample patient-view call;
    print the `serve` and `curl` lines that use them."""
    if folder.exists() and any(folder.iterdir()):
        usage_error(f"{folder}: the folder exists and is not empty; give a new one")
    if not folder.parent.is_dir():
        usage_error(f"{folder}: the folder {folder.parent} does not exist")
    with exit_codes():
        from medreview.service.dev_ehr import ISSUER, DevEhr, hook_call

        folder.mkdir(exist_ok=True)
        ehr = DevEhr.create(folder)
        bundle = _sample_patient(patient)
        call = folder / "patient-view.json"
        call.write_text(json.dumps(hook_call("patient-view", bundle), indent=1), encoding="utf-8")
        url = f"http://127.0.0.1:{port}/cds-services/medreview-patient-view"
        typer.echo(f"wrote {ehr.private_key}, {ehr.jwks} and {call}", err=True)
        typer.echo(
            f"\n# the service, trusting this EHR:\n"
            f"medreview serve --port {port} --trust {ISSUER}={ehr.jwks}\n"
            f"\n# a call, with a fresh token each time:\n"
            f'curl -s -H "Authorization: Bearer $(medreview dev-ehr token {folder} {url})" '
            f'-H "Content-Type: application/json" -d @{call} {url}'
        )


def _sample_patient(path: Path | None) -> dict[str, object]:
    bundled = Path("fhir_samples/01-plejehjem-fast-laege.json")
    chosen = path or (bundled if bundled.is_file() else None)
    if chosen is not None:
        from medreview.read.source import parse_json

        document = parse_json(chosen.read_bytes())
        if not isinstance(document, dict):
            raise InputError([InputProblem("not a FHIR Bundle")], str(chosen))
        return document
    from medreview.samples.population import PopulationOptions, generate

    first = next(generate(PopulationOptions(patients=1, seed=1, around=date(2026, 6, 15))))
    parsed: dict[str, object] = json.loads(first)
    return parsed


@dev_ehr_app.command("token")
def dev_ehr_token(
    folder: Annotated[Path, typer.Argument(metavar="DIR", help="The development EHR's folder.")],
    audience: Annotated[
        str, typer.Argument(metavar="URL", help="The URL of the endpoint to call.")
    ],
) -> None:
    """Print a fresh signed token (five minutes, used once) for one call to AUDIENCE."""
    if not (folder / "private-key.pem").is_file():
        usage_error(f"{folder}: no private-key.pem; make one with `medreview dev-ehr create`")
    from medreview.service.dev_ehr import DevEhr

    typer.echo(DevEhr(folder).token(audience))


@feedback_app.command("report")
def feedback_report(
    db: Annotated[
        Path,
        typer.Option(
            "--feedback-db",
            envvar=FEEDBACK_DB_ENV,
            help="The feedback file the service was started with (serve's --feedback-db).",
        ),
    ] = Path(FEEDBACK_DB),
) -> None:
    """Per rule: cards issued, accepted, overridden, and the reasons given."""
    if not db.is_file():
        typer.echo(
            f"medreview: {db.absolute()}: no feedback store there; give the file `medreview "
            f"serve` was started with: --feedback-db PATH, or set {FEEDBACK_DB_ENV} for both",
            err=True,
        )
        raise typer.Exit(EXIT_INPUT)
    with exit_codes():
        from medreview.service.feedback import FeedbackStore

        store = FeedbackStore(db)
        table = new_table(f"Feedback in {db}")
        for column in (
            "Regel",
            "Kort",
            "Accepteret",
            "Afvist",
            "Accept",
            "Begrundelser for afvisning",
        ):
            table.add_column(column, no_wrap=column != "Begrundelser for afvisning")
        for row in store.report():
            answered = row.accepted + row.overridden
            share = f"{row.accepted / answered:.0%}" if answered else "-"
            reasons = ", ".join(f"{reason} ({count})" for reason, count in row.reasons) or "-"
            table.add_row(
                row.rule, str(row.issued), str(row.accepted), str(row.overridden), share, reasons
            )
        store.close()
        make_console().print(table)
