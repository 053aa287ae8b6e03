"""``medreview scan``: many patients, as NDJSON, a CSV worklist, HTML pages or FHIR."""

from __future__ import annotations

import os
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from medreview.cli.common import (
    EXIT_INPUT,
    AsOfOption,
    MaxBytesOption,
    MaxEntriesOption,
    RulesOption,
    app,
    check_out_folder,
    exit_codes,
    limits_of,
    load_rules,
    parse_as_of,
    usage_error,
)
from medreview.read.limits import DEFAULT_MAX_BYTES, DEFAULT_MAX_ENTRIES


class ScanFormat(StrEnum):
    ndjson = "ndjson"
    csv = "csv"
    html = "html"
    fhir = "fhir"


def _refuse_out_that_is_read(out: Path | None, read: list[Path]) -> None:
    """--out must not be a file the scan reads: it would be emptied before it is read."""
    if out is None or not out.exists():
        return
    for path in read:
        if str(path) != "-" and path.is_file() and out.samefile(path):
            usage_error(f"--out {out} is {path}, which the scan reads: give another --out")


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
            help="Write here instead of standard output (- is standard output), into a folder "
            "that exists. If it "
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
    day = parse_as_of(as_of)
    limits = limits_of(max_bytes, max_entries)
    if out is not None and str(out) == "-":  # as `scan -` reads standard input
        out = None
    if resume and out is None:
        usage_error("--resume continues an --out file: give the same --out as before")
    if out is not None and out.is_dir() and output.value != "html":
        usage_error(f"--out {out} is a folder: only --format html writes a folder")
    if out is not None and out.is_file() and output.value == "html" and out.suffix != ".html":
        usage_error(
            f"--out {out} is a file: with --format html, a name without .html is a folder of "
            "pages; give a .html file name for one page, or a folder"
        )
    _refuse_out_that_is_read(out, [*paths, *([previous] if previous else [])])
    check_out_folder(out)
    with exit_codes():
        from medreview.read.fhir_dates import today_in_denmark
        from medreview.scan.execution import SchedulerUnavailable
        from medreview.scan.runner import ScanInterrupted, ScanOptions, run_scan
        from medreview.scan.sources import InputNotFound

        options = ScanOptions(
            paths=tuple(paths),
            as_of=day or today_in_denmark(),
            ruleset=load_rules(rules),
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
            usage_error(str(error))
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
