"""The ``medreview`` command: turns the library's answers into output and exit codes.

Exit codes (contract.md): 0 evaluated, 2 bad usage, 3 input that cannot be
evaluated (also one larger than --max-bytes or --max-entries), 4 a rule set that
does not load, 5 the output cannot be written, 6 ``rules signoff-status``: the rule
set is not approved; 1 is reserved for medreview's own bugs.
"""

from __future__ import annotations

import errno
import json
import os
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from medreview.errors import InputError, InputProblem, OutputError, RuleSetError
from medreview.labels_da import ACTIONS, LEVELS, OWNER_FIELDS
from medreview.read.limits import DEFAULT_MAX_BYTES, DEFAULT_MAX_ENTRIES, Limits

# Each command imports what it uses when it runs (rich, the rule set, fhir.resources,
# durable-rules, the service), so that `medreview --help` and a typo cost no more than
# typer: tests/test_cli.py checks what --help imports, benchmarks/bench_startup.py times it.
if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table

    from medreview.approval.signoff import Approval, Results
    from medreview.approval.specs import Feature
    from medreview.rules.ruleset import Rule, RuleSet, Signal

EXIT_INPUT = 3
EXIT_RULES = 4
EXIT_OUTPUT = 5
EXIT_NOT_APPROVED = 6
EXIT_BUG = 1
# Where `serve` keeps card feedback and `feedback report` reads it (the same for both).
FEEDBACK_DB = "medreview-feedback.sqlite"
FEEDBACK_DB_ENV = "MEDREVIEW_FEEDBACK_DB"

app = typer.Typer(
    name="medreview",
    help="Decide from a patient's FMK medication card (FHIR R4) whether a medication review "
    "(medicingennemgang) is due, and who owns each task.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
rules_app = typer.Typer(
    help="List, show, check and sign off the rule set.",
    no_args_is_help=True,
    add_completion=False,
)
app.add_typer(rules_app, name="rules")
feedback_app = typer.Typer(
    help="What clinicians did with the service's cards.",
    no_args_is_help=True,
    add_completion=False,
)
app.add_typer(feedback_app, name="feedback")
samples_app = typer.Typer(
    help="Make synthetic patients for demonstrations and benchmarks.",
    no_args_is_help=True,
    add_completion=False,
)
app.add_typer(samples_app, name="samples")
dev_ehr_app = typer.Typer(
    help="A development EHR (key pair, JWKS, signed calls) for trying `medreview serve` "
    "without a real one. Never in production.",
    no_args_is_help=True,
    add_completion=False,
)
app.add_typer(dev_ehr_app, name="dev-ehr")


def _show_version(value: bool) -> None:
    if value:
        from medreview import __version__

        typer.echo(f"medreview {__version__}")
        raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            help="Print medreview's version and exit.",
            is_eager=True,
            callback=_show_version,
        ),
    ] = False,
) -> None:
    """The options before a command."""


class Format(StrEnum):
    text = "text"
    json = "json"
    fhir = "fhir"


def _as_of(value: str | None, option: str = "--as-of") -> date | None:
    if value is None:
        return None
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise typer.BadParameter(f"{value!r} is not written YYYY-MM-DD", param_hint=option)
    try:
        return date.fromisoformat(value)
    except ValueError as error:  # written so, but no date: say what is wrong with it
        raise typer.BadParameter(f"{value!r} is no date: {error}", param_hint=option) from None


AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        metavar="YYYY-MM-DD",
        help="The evaluation date. Default: today in Europe/Copenhagen.",
    ),
]
RulesOption = Annotated[
    Path | None,
    typer.Option(
        "--rules",
        help="A rule directory to use instead of the shipped rule set.",
        file_okay=False,
        show_default=False,
    ),
]
MaxBytesOption = Annotated[
    str,
    typer.Option(
        "--max-bytes",
        metavar="BYTES",
        help="The largest bundle (or NDJSON line) read, as JSON once decompressed: bytes, or "
        "with K, M or G (KiB, MiB, GiB). A larger one is refused (exit 3) without being read "
        "further.",
    ),
]
MaxEntriesOption = Annotated[
    int,
    typer.Option(
        "--max-entries",
        metavar="N",
        min=1,
        help="The most entries one bundle may have; one with more is refused (exit 3) before "
        "any entry is validated.",
    ),
]
_BYTES = re.compile(r"^(?P<number>\d+)\s*(?:(?P<unit>[KMG])(?:i?B)?|B)?$", re.IGNORECASE)


def _limits(max_bytes: str, max_entries: int) -> Limits:
    found = _BYTES.match(max_bytes.strip())
    if not found or int(found["number"]) < 1:
        raise typer.BadParameter(
            f"{max_bytes!r} is not a size: write bytes, or e.g. 64M or 1G", param_hint="--max-bytes"
        )
    shift = {"": 0, "K": 10, "M": 20, "G": 30}[(found["unit"] or "").upper()]
    return Limits(max_bytes=int(found["number"]) << shift, max_entries=max_entries)


def _out_folder(out: Path | None) -> None:
    """An --out file goes into a folder that exists: medreview makes none (a typo would hide)."""
    if out is not None and not out.parent.is_dir():
        what = "is not a folder" if out.parent.exists() else "does not exist"
        _usage_error(f"--out {out}: the folder {out.parent} {what}")


@app.command()
def check(
    path: Annotated[
        str,
        typer.Argument(
            metavar="PATH", help="One patient's Bundle: .json or .json.gz; - reads stdin."
        ),
    ],
    as_of: AsOfOption = None,
    output: Annotated[
        Format,
        typer.Option("--format", help="text for people, json for the contract's assessment."),
    ] = Format.text,
    rules: RulesOption = None,
    max_bytes: MaxBytesOption = f"{DEFAULT_MAX_BYTES >> 20}M",
    max_entries: MaxEntriesOption = DEFAULT_MAX_ENTRIES,
) -> None:
    """Evaluate one patient: is a medication review due, by whom, by when, and why."""
    day = _as_of(as_of)
    limits = _limits(max_bytes, max_entries)
    with _exit_codes():
        from medreview.engine import Engine  # imports fhir.resources: only when evaluating

        engine = Engine(rules, limits=limits)
        evaluation = engine.explain(Path(path), as_of=day)  # Path("-") reads standard input
        if output is Format.json:
            _write_stdout(evaluation.assessment.to_json(indent=True) + b"\n")
        elif output is Format.fhir:
            import orjson

            from medreview.render.fhir import workflow_bundle

            bundle = workflow_bundle(evaluation.assessment.to_dict(), engine.ruleset)
            _write_stdout(orjson.dumps(bundle, option=orjson.OPT_INDENT_2) + b"\n")
        else:
            from medreview.render.text import render

            with _stdout():
                render(evaluation, _console())


class ScanFormat(StrEnum):
    ndjson = "ndjson"
    csv = "csv"
    html = "html"
    fhir = "fhir"


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


@app.command()
def scan(
    paths: Annotated[
        list[Path],
        typer.Argument(
            metavar="PATH...",
            help="Bundle files (.json, .json.gz), NDJSON files of bundles (.ndjson, .ndjson.gz), "
            "folders of them, or FHIR Bulk Data export folders; any mix.",
            show_default=False,
        ),
    ],
    as_of: AsOfOption = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            help="Write here instead of standard output, into a folder that exists. If it "
            "cannot be written, exit 5 with only complete lines left, and --resume goes on. "
            "With --format html, a folder (an existing one, or a name without .html) gets an "
            "index and a worklist per owner and per nursing home.",
        ),
    ] = None,
    previous: Annotated[
        Path | None,
        typer.Option(
            "--previous",
            metavar="FILE",
            help="A previous scan's NDJSON output (.ndjson or .ndjson.gz): each task is new or "
            "open since a date (NDJSON adds since to each task, FHIR dates the Task from it), "
            "and the tasks gone are listed as resolved (CSV, HTML; counted on stderr).",
            dir_okay=False,
        ),
    ] = None,
    output: Annotated[
        ScanFormat,
        typer.Option(
            "--format",
            help="ndjson: one assessment (or error) per line; csv: the worklist, one row per "
            "task; html: a self-contained report; fhir: one Bundle of Tasks and DetectedIssues "
            "(or an OperationOutcome) per line.",
        ),
    ] = ScanFormat.ndjson,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers",
            metavar="N",
            min=1,
            help="Local worker processes. Default: the cores available.",
            show_default=False,
        ),
    ] = None,
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            metavar="tcp://HOST:PORT",
            help="Run on this Dask distributed cluster instead of local workers.",
        ),
    ] = None,
    rules: RulesOption = None,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict",
            help="Validate every bundle fully against FHIR R4 (fhir.resources), as check does; "
            "about 10 times slower.",
        ),
    ] = False,
    resume: Annotated[
        bool,
        typer.Option(
            "--resume",
            help="Go on with an interrupted scan into the same --out file, without duplicating "
            "or skipping a patient.",
        ),
    ] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", help="No progress display (the summary is still given).")
    ] = False,
    max_bytes: MaxBytesOption = f"{DEFAULT_MAX_BYTES >> 20}M",
    max_entries: MaxEntriesOption = DEFAULT_MAX_ENTRIES,
) -> None:
    """Scan many patients: one assessment per patient, a worklist, or a report.

    A record that cannot be evaluated (also one larger than --max-bytes or
    --max-entries) gets an error line, and the scan goes on; exit 3 at the end.
    """
    day = _as_of(as_of)
    limits = _limits(max_bytes, max_entries)
    if resume and out is None:
        _usage_error("--resume continues an --out file: give the same --out as before")
    if out is not None and out.is_dir() and output.value != "html":
        _usage_error(f"--out {out} is a folder: only --format html writes a folder")
    _out_folder(out)
    with _exit_codes():
        from medreview.read.fhir_dates import today_in_denmark
        from medreview.scan.execution import SchedulerUnavailable
        from medreview.scan.runner import ScanInterrupted, ScanOptions, run_scan
        from medreview.scan.sources import InputNotFound

        options = ScanOptions(
            paths=tuple(paths),
            as_of=day or today_in_denmark(),
            ruleset=_load_ruleset(rules),
            out=out,
            format=output.value,
            workers=workers or _cores(),
            scheduler=scheduler,
            strict=strict,
            resume=resume,
            quiet=quiet,
            limits=limits,
            previous=previous,
        )
        if options.workers <= 1 and not scheduler:
            from medreview.scan.work import tune_garbage_collection

            tune_garbage_collection()  # this process does the work itself
        try:
            summary = run_scan(options)
        except InputNotFound as error:  # as check says of a missing file: input, not usage
            typer.echo(f"medreview: {error}", err=True)
            raise typer.Exit(EXIT_INPUT) from None
        except SchedulerUnavailable as error:
            _usage_error(str(error))
        except ScanInterrupted as stopped:
            typer.echo(stopped.summary.text(), err=True)
            typer.echo(
                f"medreview: interrupted; every complete line of {stopped.path or 'the output'} "
                "is valid; run the same command with --resume to go on.",
                err=True,
            )
            raise typer.Exit(130) from None
        typer.echo(summary.text(), err=True)
        if summary.failed:
            raise typer.Exit(EXIT_INPUT)


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
    day = _as_of(as_of)
    for store in (feedback_db, replay_db):
        if not store.parent.is_dir():
            _usage_error(f"{store}: the folder {store.parent} does not exist")
    for origin in cors_origin or []:
        if not origin.startswith(("https://", "http://")) or origin.rstrip("/") != origin:
            _usage_error(f"--cors-origin {origin!r}: write an origin, e.g. https://ehr.example")
    issuers: dict[str, str] = {}
    for item in trust or []:
        issuer, equals, keys = item.partition("=")
        if not equals or not issuer or not keys:
            _usage_error(f"--trust {item!r}: write ISSUER=JWKS, e.g. https://ehr.example=jwks.json")
        issuers[issuer] = keys
    if not issuers and not insecure_no_auth:
        _usage_error(
            "say which EHRs may call: --trust ISSUER=JWKS (or, in development only, "
            "--insecure-no-auth)"
        )
    with _exit_codes():
        import uvicorn

        from medreview.service.app import ServiceSettings, create_app
        from medreview.service.server import freeze_loaded_objects, server_config

        settings = ServiceSettings(
            ruleset=_load_ruleset(rules),
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
        _usage_error(f"{folder}: the folder exists and is not empty; give a new one")
    if not folder.parent.is_dir():
        _usage_error(f"{folder}: the folder {folder.parent} does not exist")
    with _exit_codes():
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
        _usage_error(f"{folder}: no private-key.pem; make one with `medreview dev-ehr create`")
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
    with _exit_codes():
        from medreview.service.feedback import FeedbackStore

        store = FeedbackStore(db)
        table = _table(f"Feedback in {db}")
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
        _console().print(table)


@samples_app.command("generate")
def samples_generate(
    patients: Annotated[int, typer.Option("--patients", min=1, help="How many patients.")],
    out: Annotated[
        Path, typer.Option("--out", help="An .ndjson or .ndjson.gz file to write.", dir_okay=False)
    ],
    seed: Annotated[int, typer.Option("--seed", help="The same seed gives the same bytes.")] = 1,
    around: Annotated[
        str,
        typer.Option(
            "--around",
            metavar="YYYY-MM-DD",
            help="The date the population's events are placed around; scan with --as-of it.",
        ),
    ] = "2026-06-15",
    narrative: Annotated[
        bool,
        typer.Option(
            "--narrative/--no-narrative",
            help="Give each resource a generated narrative, as exported FHIR has.",
        ),
    ] = True,
) -> None:
    """Write a synthetic Danish population of nursing-home residents and home-care patients."""
    if not out.name.endswith((".ndjson", ".ndjson.gz")):
        _usage_error(f"{out}: --out must end in .ndjson or .ndjson.gz")
    day = _as_of(around, "--around")
    with _exit_codes():
        from medreview.samples.population import PopulationOptions, write

        count = write(
            PopulationOptions(
                patients=patients, seed=seed, around=day or date(2026, 6, 15), narrative=narrative
            ),
            out,
        )
        typer.echo(f"wrote {count:,} patients to {out}", err=True)


@rules_app.command("list")
def rules_list(rules: RulesOption = None) -> None:
    """List the rules: id, level, task and title."""
    with _exit_codes():
        ruleset = _load_ruleset(rules)
        table = _table(f"{ruleset.name} {ruleset.version} ({len(ruleset.rules)} rules)")
        for column in ("Regel", "Niveau", "Opgave", "Ejer", "Titel", "Kilde"):
            table.add_column(column, no_wrap=column in ("Regel", "Niveau"))
        for rule in ruleset.rules:
            table.add_row(
                rule.id,
                LEVELS[rule.level],
                ACTIONS[rule.task.action] if rule.task else "-",
                _owner_words(rule),
                rule.title.da,
                rule.source.cite,
            )
        console = _console()
        console.print(table)
        if ruleset.signals:
            signals = _table(f"Prioritetstegn / priority signals ({len(ruleset.signals)})")
            for column in ("Tegn", "Point", "Titel", "Kilde"):
                signals.add_column(column, no_wrap=column in ("Tegn", "Point"))
            for signal in ruleset.signals:
                signals.add_row(
                    signal.id,
                    str(signal.points),
                    signal.title.da,
                    signal.source.cite if signal.source else "praksis",
                )
            console.print(signals)


@rules_app.command("show")
def rules_show(
    rule_id: Annotated[str, typer.Argument(metavar="ID", help="A rule id, e.g. MGG-POLYPHARMACY.")],
    rules: RulesOption = None,
) -> None:
    """Show one rule in full: both languages, its source, condition and task."""
    with _exit_codes():
        ruleset = _load_ruleset(rules)
        rule = ruleset.by_id.get(rule_id.upper())
        signal = ruleset.signal_by_id.get(rule_id.upper())
        if signal is not None:
            _show_signal(signal, ruleset)
            return
        if rule is None:
            import difflib

            known = [*ruleset.by_id, *ruleset.signal_by_id]
            close = difflib.get_close_matches(rule_id.upper(), known, n=1)
            hint = f"; did you mean {close[0]}?" if close else ""
            _usage_error(f"no rule {rule_id!r} in {ruleset.directory}{hint}")
        _show(rule, ruleset)


@rules_app.command("validate")
def rules_validate(
    directory: Annotated[
        Path, typer.Argument(metavar="DIR", help="The rule directory to check.", file_okay=False)
    ] = Path("rules"),
) -> None:
    """Check a rule directory and say precisely what is wrong (exit 4 if anything is)."""
    with _exit_codes():
        ruleset = _load_ruleset(directory)
        from medreview.engine import Engine

        Engine(ruleset)  # also compiles it on durable-rules
        typer.echo(
            f"ok: {ruleset.name} {ruleset.version}, {len(ruleset.rules)} rules, {ruleset.digest}"
        )


FeaturesOption = Annotated[
    Path | None,
    typer.Option(
        "--features",
        help="The directory of Gherkin specifications (default: the ones shipped with the rules).",
        file_okay=False,
    ),
]
ResultsOption = Annotated[
    Path | None,
    typer.Option(
        "--results",
        help="A cucumber JSON report of the last run of the specs "
        "(pytest --cucumberjson=FILE), to show which scenarios pass.",
        dir_okay=False,
    ),
]


@rules_app.command("catalogue")
def rules_catalogue(
    out: Annotated[
        Path, typer.Option("--out", help="The HTML file to write.", dir_okay=False)
    ] = Path("catalogue.html"),
    rules: RulesOption = None,
    features: FeaturesOption = None,
    results: ResultsOption = None,
) -> None:
    """Write the rule catalogue clinicians approve from: one self-contained HTML page."""
    _out_folder(out)
    with _exit_codes():
        ruleset, found_features, found, run = _approvals(rules, features, results)
        from medreview.approval.catalogue import render_catalogue

        page = render_catalogue(ruleset, found_features, found, run)
        try:
            out.write_text(page, encoding="utf-8")
        except OSError as error:
            if out.is_file():  # never a device such as /dev/full
                with suppress(OSError):
                    out.unlink()  # half a page could pass for the whole catalogue
            raise OutputError.from_os(str(out), error) from None
        blocking = sum(1 for a in found if not a.approved)
        typer.echo(
            f"wrote {out}: {len(found)} rules and signals, {blocking} not approved", err=True
        )


@rules_app.command("signoff-status")
def rules_signoff_status(
    rules: RulesOption = None,
    features: FeaturesOption = None,
    results: ResultsOption = None,
) -> None:
    """Show which rules clinicians have signed off; exit 6 if any is unsigned or stale.

    A deployment that must run only approved rules can run this first and refuse
    on exit 6. With --results, a failing scenario also counts against its rule.
    """
    with _exit_codes():
        ruleset, _, found, run = _approvals(rules, features, results)
        from medreview.approval.signoff import STATUS_DA

        table = _table(f"Godkendelse af {ruleset.name} {ruleset.version}")
        for column in (
            "Regel",
            "Status",
            "Af",
            "Dato",
            "Godkendt digest",
            "Digest nu",
            "Scenarier",
        ):
            table.add_column(column, no_wrap=column != "Status")
        for approval in found:
            latest = approval.latest
            failing = len(approval.failing)
            scenarios = f"{len(approval.scenarios)}" + (f", {failing} fejler" if failing else "")
            table.add_row(
                approval.id,
                STATUS_DA[approval.status].split(":")[0],
                latest.initials if latest else "-",
                latest.day.isoformat() if latest and latest.day else "-",
                _approved_digest(approval),
                approval.digest,
                scenarios if run else f"{len(approval.scenarios)} (ikke kørt)",
            )
        _console().print(table)
        _print_sign_off_problems(found)
        blocking = [a for a in found if not a.approved]
        if blocking:
            typer.echo(
                f"medreview: {len(blocking)} of {len(found)} rules and signals are not approved: "
                f"{', '.join(a.id for a in blocking[:8])}{' ...' if len(blocking) > 8 else ''}",
                err=True,
            )
            raise typer.Exit(EXIT_NOT_APPROVED)
        typer.echo(f"ok: all {len(found)} rules and signals are signed off", err=True)


@rules_app.command("sign")
def rules_sign(
    rule_ids: Annotated[
        list[str],
        typer.Argument(
            metavar="RULE_ID...",
            help="The rules or priority signals to sign off, e.g. MGG-POLYPHARMACY.",
            show_default=False,
        ),
    ],
    by: Annotated[
        str,
        typer.Option(
            "--by",
            metavar="INITIALS",
            help="The signing clinician's initials: 2 to 8 letters A-Z, Æ, Ø or Å.",
            show_default=False,
        ),
    ],
    day: Annotated[
        str | None,
        typer.Option(
            "--date",
            metavar="YYYY-MM-DD",
            help="The day of the sign-off, not in the future. Default: today in Denmark.",
        ),
    ] = None,
    results: Annotated[
        Path | None,
        typer.Option(
            "--results",
            help="A cucumber JSON report of the specs (pytest --cucumberjson=FILE): refuse "
            "unless every scenario of each rule passed in it.",
            dir_okay=False,
        ),
    ] = None,
    rules: RulesOption = None,
    features: FeaturesOption = None,
) -> None:
    """Sign rules off: write the sign-off tags, with each rule's current digest, into its
    feature file (exit 2 or 6 and nothing written if it cannot)."""
    with _exit_codes():
        from medreview.approval.signing import SignRefused, plan_sign
        from medreview.approval.signoff import read_results
        from medreview.approval.specs import default_features_dir
        from medreview.approval.tag_lines import write_whole
        from medreview.read.fhir_dates import today_in_denmark

        ruleset = _load_ruleset(rules)
        run = read_results(results) if results is not None else None
        try:
            plan = plan_sign(
                ruleset,
                features or default_features_dir(),
                rule_ids,
                by=by,
                day=day,
                results=run,
                today=today_in_denmark(),
            )
        except SignRefused as refused:
            if refused.kind == "usage":
                _usage_error(refused.message)
            typer.echo(f"medreview: {refused.message}", err=True)
            raise typer.Exit(EXIT_NOT_APPROVED) from None
        write_whole(plan.texts)
        for placed in plan.placed:
            typer.echo(placed.describe())
        if not plan.checked:
            typer.echo(
                "medreview: warning: the scenarios were not checked (no --results). Run "
                "`pytest tests/test_specs.py --cucumberjson=specs.cucumber.json` and sign with "
                "--results specs.cucumber.json; `medreview rules signoff-status --results "
                "specs.cucumber.json` shows a failing scenario.",
                err=True,
            )


def _print_sign_off_problems(found: list[Approval]) -> None:
    """Why a sign-off is incomplete: each malformed set of tags once, where it stands."""
    seen: set[tuple[str, int]] = set()
    for approval in found:
        for sign_off in approval.sign_offs:
            if sign_off.complete or (sign_off.file, sign_off.line) in seen:
                continue
            seen.add((sign_off.file, sign_off.line))
            for problem in sign_off.problems:
                typer.echo(f"{sign_off.file}:{sign_off.line}: {problem}", err=True)


def _approved_digest(approval: Approval) -> str:
    """The digest the sign-off recorded: the current one, else the ones it names."""
    latest = approval.latest
    if approval.status == "signed":
        return approval.digest
    return ", ".join(sorted(latest.digests)) if latest and latest.digests else "-"


def _approvals(
    rules: Path | None, features: Path | None, results: Path | None
) -> tuple[RuleSet, list[Feature], list[Approval], Results | None]:
    from medreview.approval.signoff import approvals, read_results
    from medreview.approval.specs import default_features_dir, read_features

    ruleset = _load_ruleset(rules)
    found_features = read_features(features or default_features_dir())
    run = read_results(results) if results is not None else None
    return ruleset, found_features, approvals(ruleset, found_features, run), run


@rules_app.command("facts")
def rules_facts() -> None:
    """List the facts rule conditions can test, with their meaning."""
    from medreview.facts.derive import FactKind, vocabulary

    console = _console()
    kinds: tuple[FactKind, ...] = ("patient", "line", "event")
    for kind in kinds:
        table = _table(f"{kind} fact")
        for column in ("Field", "Type", "Role", "Meaning"):
            table.add_column(column, no_wrap=column != "Meaning")
        for spec in vocabulary(kind).values():
            table.add_row(spec.name, spec.type, spec.role, spec.doc)
        console.print(table)


def _owner_words(rule: Rule) -> str:
    if rule.task is None:
        return "-"
    return OWNER_FIELDS.get(rule.task.owner, rule.task.owner)


def _show(rule: Rule, ruleset: RuleSet) -> None:
    console = _console()
    console.print(f"[bold]{rule.id}[/bold]  {LEVELS[rule.level]} ({rule.level})")
    console.print(f"  {rule.title.da}\n  [dim]{rule.title.en}[/dim]\n")
    console.print(f"Besked / message:\n  {rule.message.da}\n  [dim]{rule.message.en}[/dim]\n")
    console.print(f"Kilde / source: {rule.source.document}, {rule.source.section}")
    if rule.source.quote:
        console.print(f"  »{rule.source.quote}«")
    console.print(f"\nBetingelse / condition (on each {rule.fact} fact):")
    console.print(json.dumps(rule.when, ensure_ascii=False, indent=2), markup=False)
    console.print(f"\nGrundlag / evidence: {', '.join(rule.evidence) or '-'}")
    if rule.task:
        due = rule.task.due
        when = (
            f"the event's date if ahead, else as-of + {due.days} days"
            if due.from_event
            else (f"as-of + {due.days} days")
        )
        console.print(
            f"Opgave / task: {rule.task.action} ({ACTIONS[rule.task.action]}), "
            f"owner {rule.task.owner} ({_owner_words(rule)}), due {when}"
        )
    else:
        console.print("Opgave / task: none")
    if rule.exclusive:
        console.print("Exclusive: when it fires, it is the only finding and no task is raised.")
    if rule.choice:
        console.print(f"\nValg / choice:\n  {rule.choice.da}\n  [dim]{rule.choice.en}[/dim]")
    console.print(
        f"\n[dim]{rule.file}:{rule.line} · family {rule.family} · rule digest "
        f"{rule.digest[:12]} · {ruleset.name} {ruleset.version}[/dim]"
    )


def _show_signal(signal: Signal, ruleset: RuleSet) -> None:
    console = _console()
    console.print(f"[bold]{signal.id}[/bold]  prioritetstegn, {signal.points} point")
    console.print(f"  {signal.title.da}\n  [dim]{signal.title.en}[/dim]\n")
    console.print(f"Grund / reason:\n  {signal.reason.da}\n  [dim]{signal.reason.en}[/dim]\n")
    if signal.source:
        console.print(f"Kilde / source: {signal.source.document}, {signal.source.section}")
        if signal.source.quote:
            console.print(f"  »{signal.source.quote}«")
    if signal.basis:
        console.print(f"Praksis / practice:\n  {signal.basis.da}\n  [dim]{signal.basis.en}[/dim]")
    if signal.when is not None:
        console.print(f"\nBetingelse / condition (on each {signal.fact} fact):")
        console.print(json.dumps(signal.when, ensure_ascii=False, indent=2), markup=False)
    if signal.fired is not None:
        console.print(f"\nFund / findings: {signal.fired.model_dump(exclude_defaults=True)}")
    console.print(
        f"\n[dim]{signal.file}:{signal.line} · family {signal.family} · digest "
        f"{signal.digest[:12]} · {ruleset.name} {ruleset.version}[/dim]"
    )


def _load_ruleset(rules: Path | None) -> RuleSet:
    from medreview.rules.ruleset import load_ruleset

    return load_ruleset(rules)


def _table(title: str) -> Table:
    from rich import box
    from rich.table import Table

    return Table(title=title, box=box.SIMPLE_HEAD, title_justify="left")


def _console() -> Console:
    from rich.console import Console

    class _Console(Console):
        def on_broken_pipe(self) -> None:
            # rich would exit 1, the code of a bug: the reader went away, so exit 5.
            raise OutputError(None, os.strerror(errno.EPIPE))

    # Piped output is read in files and terminals wider than rich's default of 80 columns.
    width = None if sys.stdout.isatty() or os.environ.get("COLUMNS") else 140
    return _Console(highlight=False, width=width)


@contextmanager
def _stdout() -> Iterator[None]:
    """Writing to standard output: a failed write is an OutputError (exit 5), not a bug."""
    try:
        yield
        sys.stdout.flush()
    except OSError as error:
        raise OutputError.from_os(None, error) from None


def _write_stdout(data: bytes) -> None:
    with _stdout():
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()


def _silence_stdout() -> None:
    """After a failed write: what is still buffered goes nowhere, so the exit stays quiet."""
    try:
        fileno = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):  # not a real file (tests capture it)
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fileno)
    os.close(devnull)


def _usage_error(message: str) -> NoReturn:
    typer.echo(f"medreview: {message}", err=True)
    raise typer.Exit(2)


@contextmanager
def _exit_codes() -> Iterator[None]:
    """Translate medreview's errors into one message on stderr and the contract's exit code."""
    try:
        yield
    except InputError as error:
        typer.echo(f"medreview: {error.message}", err=True)
        raise typer.Exit(EXIT_INPUT) from None
    except RuleSetError as error:
        typer.echo(f"medreview: {error.message}", err=True)
        raise typer.Exit(EXIT_RULES) from None
    except OutputError as error:
        if error.path is None:
            _silence_stdout()
        typer.echo(f"medreview: {error.message}", err=True)
        raise typer.Exit(EXIT_OUTPUT) from None
    except (typer.Exit, typer.Abort, SystemExit, KeyboardInterrupt):
        raise
    except Exception as error:
        if _is_spec_error(error):
            typer.echo(f"medreview: {error}", err=True)
            raise typer.Exit(EXIT_INPUT) from None
        if os.environ.get("MEDREVIEW_DEBUG"):
            import traceback

            traceback.print_exc()
        typer.echo(
            f"medreview: internal error ({type(error).__name__}: {error}). This is a bug in "
            "medreview; set MEDREVIEW_DEBUG=1 for details and please report it.",
            err=True,
        )
        raise typer.Exit(EXIT_BUG) from None


def _is_spec_error(error: Exception) -> bool:
    """A Gherkin specification that does not read (only once medreview.approval.specs was
    imported)."""
    specs: Any = sys.modules.get("medreview.approval.specs")
    return specs is not None and isinstance(error, specs.SpecError)


def main() -> None:
    """The console script."""
    app()
