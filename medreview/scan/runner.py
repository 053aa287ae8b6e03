"""``medreview scan``: every patient of the inputs, through the engine, into one output.

Reads records in order, evaluates them in chunks (here, in local worker
processes, or on a Dask cluster), writes one line per record in input order,
shows progress, and ends with a summary. CSV and HTML are made at the end from
a spool of those lines. An output that cannot be written stops the scan with
:class:`~medreview.errors.OutputError`, leaving only complete lines behind.
"""

from __future__ import annotations

import contextlib
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Literal

import orjson

from medreview.limits import DEFAULT_LIMITS, Limits
from medreview.ruleset import RuleSet
from medreview.scan.execution import Executor, executor_for
from medreview.scan.output import LineFile, text_output
from medreview.scan.progress import PLAIN_EVERY_SECONDS, ScanProgress
from medreview.scan.report import ReportTotals, render_report
from medreview.scan.sources import Record, Sources
from medreview.scan.summary import ScanSummary
from medreview.scan.work import ScanSettings
from medreview.scan.worklist import rows_of, sorted_rows, temporary_workdir, write_csv

OutputFormat = Literal["ndjson", "csv", "html", "fhir"]
CHUNK_RECORDS = 100
LINE_FORMATS = ("ndjson", "fhir")  # written as they come; CSV and HTML are made at the end


@dataclass(frozen=True)
class ScanOptions:
    paths: tuple[Path, ...]
    as_of: date
    ruleset: RuleSet
    out: Path | None = None
    format: OutputFormat = "ndjson"
    workers: int = 1
    scheduler: str | None = None
    strict: bool = False
    resume: bool = False
    quiet: bool = False
    chunk_records: int = CHUNK_RECORDS
    progress_every: float = PLAIN_EVERY_SECONDS  # seconds between plain progress lines
    limits: Limits = DEFAULT_LIMITS


class ScanInterrupted(Exception):
    """Ctrl-C: what was written stands, and ``--resume`` goes on from there."""

    def __init__(self, summary: ScanSummary, path: Path | None) -> None:
        super().__init__("interrupted")
        self.summary, self.path = summary, path


def run_scan(options: ScanOptions) -> ScanSummary:
    """Scan every record of ``options.paths``; the summary says what happened."""
    sources = Sources(options.paths, options.limits)
    settings = ScanSettings(
        options.ruleset,
        options.as_of,
        options.strict,
        sources.shared_resources(),
        fhir=options.format == "fhir",
        limits=options.limits,
    )
    # Before any output is opened: a scheduler that does not answer must not cost a file.
    executor = executor_for(settings, options.workers, options.scheduler)
    with contextlib.ExitStack() as stack:
        if options.format in LINE_FORMATS:
            target = options.out
        elif options.out is not None:
            target = options.out.with_name(options.out.name + ".partial.ndjson")
        else:  # to standard output: no resume, so the spool can be anywhere
            target = Path(stack.enter_context(tempfile.TemporaryDirectory())) / "spool.ndjson"
        summary = _scan(options, sources, executor, target)
        if options.format not in LINE_FORMATS and target is not None:
            _render(options, summary, target)
            target.unlink()
    return summary


def _scan(
    options: ScanOptions, sources: Sources, executor: Executor, target: Path | None
) -> ScanSummary:
    spool = options.format not in LINE_FORMATS
    lines = LineFile(target, resume=options.resume, spool=spool)
    summary = ScanSummary(resumed_after=lines.existing)
    for existing in lines.existing_lines():
        parsed = orjson.loads(existing)
        summary.count_line(parsed["result"] if spool else parsed)
    started = time.monotonic()
    interrupted = finished = False
    try:
        with ScanProgress(
            sources.progress.total_bytes, quiet=options.quiet, every=options.progress_every
        ) as progress:
            records = sources.records(skip=lines.existing)
            chunks = _chunks(records, options.chunk_records, options.limits.max_bytes)
            for outcomes in executor.map_ordered(chunks):
                lines.write(outcomes)
                for outcome in outcomes:
                    summary.count(outcome.ok, outcome.review, outcome.sector)
                progress.update(summary.read - summary.resumed_after, sources.progress.done_bytes)
        finished = True
    except KeyboardInterrupt:
        interrupted = True
    finally:
        executor.close(cancel=not finished)  # stopped, or the output failed: waste no work
        lines.close()
        summary.seconds = time.monotonic() - started
        summary.notes.extend(sources.progress.notes)
    if interrupted:
        raise ScanInterrupted(summary, target)
    return summary


def _chunks(records: Iterator[Record], size: int, max_bytes: int) -> Iterator[list[Record]]:
    """``size`` records at a time, or fewer once they hold ``max_bytes`` of JSON.

    Chunks in flight are what a scan holds: large records make small chunks, so that
    memory stays bounded by the limit rather than by ``size`` times it.
    """
    chunk: list[Record] = []
    held = 0
    for record in records:
        chunk.append(record)
        held += len(record.raw or b"")
        if len(chunk) >= size or held >= max_bytes:
            yield chunk
            chunk, held = [], 0
    if chunk:
        yield chunk


def _render(options: ScanOptions, summary: ScanSummary, spool_path: Path) -> None:
    """The CSV worklist or the HTML report, from the spool."""
    totals = ReportTotals()

    def rows() -> Iterator:  # type: ignore[type-arg]
        with spool_path.open("rb") as handle:
            for line in handle:
                spooled = orjson.loads(line)
                totals.add(spooled["result"])
                yield from rows_of(spooled, options.ruleset)

    kept = spool_path if options.out is not None else None  # else a temporary file
    with temporary_workdir() as workdir:
        ordered = sorted_rows(rows(), Path(workdir))
        if options.format == "csv":
            with text_output(options.out, kept=kept) as handle:
                write_csv(ordered, handle)
        else:
            # sorted_rows reads the whole spool before its first row: the totals are complete.
            page = render_report(summary, totals, ordered, options.ruleset, options.as_of)
            with text_output(options.out, kept=kept) as handle:
                handle.write(page)
