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
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any, Literal

import orjson

from medreview.assessment.model import assessment_json
from medreview.errors import OutputError, ScanError
from medreview.read.limits import DEFAULT_LIMITS, Limits
from medreview.render.fhir import workflow_bundle
from medreview.render.outcome import record_refused
from medreview.render.worklists.model import by_home, by_owner
from medreview.render.worklists.pages import PageContext, render_single, write_folder
from medreview.rules.model import RuleSet
from medreview.scan.execution import Executor, executor_for
from medreview.scan.output import LineFile, open_no_link, text_output
from medreview.scan.previous import PreviousScan
from medreview.scan.progress import PLAIN_EVERY_SECONDS, ScanProgress
from medreview.scan.report import ReportTotals
from medreview.scan.sources import Record, Sources
from medreview.scan.summary import ScanSummary
from medreview.scan.work import Outcome, ScanSettings
from medreview.scan.worklist import (
    Row,
    resolved_row,
    rows_of,
    sorted_rows,
    temporary_workdir,
    write_csv,
)

OutputFormat = Literal["ndjson", "csv", "html", "fhir"]
CHUNK_RECORDS = 100
ASSESSMENTS_FILE = "assessments.ndjson"  # in a folder of pages: the scan's NDJSON
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
    previous: Path | None = None  # a previous scan's NDJSON: each task new, open or resolved

    @property
    def folder(self) -> bool:
        """HTML into a folder (an index, a page per owner and per nursing home)."""
        out = self.out
        return (
            self.format == "html"
            and out is not None
            and (out.is_dir() or out.suffix.lower() not in (".html", ".htm"))
        )


class ScanInterrupted(ScanError):
    """Ctrl-C: what was written stands, and ``--resume`` goes on from there."""

    def __init__(self, summary: ScanSummary, path: Path | None) -> None:
        super().__init__("interrupted")
        self.summary, self.path = summary, path


def run_scan(options: ScanOptions) -> ScanSummary:
    """Scan every record of ``options.paths``; the summary says what happened."""
    # Before anything is read or written: a previous file that is not a scan's is refused.
    previous = (
        PreviousScan.read(
            options.previous,
            options.ruleset,
            before=options.as_of.isoformat(),
            max_line_bytes=options.limits.max_bytes,
        )
        if options.previous is not None
        else None
    )
    sources = Sources(options.paths, options.limits)
    settings = ScanSettings(
        options.ruleset,
        options.as_of,
        options.strict,
        sources.shared_resources(),
        # With --previous, FHIR is made here after the comparison, from assessments and names.
        fhir=options.format == "fhir" and previous is None,
        limits=options.limits,
        context=options.format in ("csv", "html") or previous is not None,
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
        summary = _scan(options, sources, executor, target, previous)
        gone = list(previous.remaining()) if previous is not None else []
        if options.format not in LINE_FORMATS and target is not None:
            _render(options, summary, target, gone, previous)
            target.unlink()
    return summary


def _scan(
    options: ScanOptions,
    sources: Sources,
    executor: Executor,
    target: Path | None,
    previous: PreviousScan | None,
) -> ScanSummary:
    spool = options.format not in LINE_FORMATS
    lines = LineFile(target, resume=options.resume, spool=spool)
    summary = ScanSummary(resumed_after=lines.existing)
    if previous is not None:
        summary.tally, summary.previous_as_of = previous.tally, previous.as_of
    for existing in lines.existing_lines():
        parsed = orjson.loads(existing)
        result = parsed["result"] if spool else parsed
        summary.count_line(result)
        if previous is not None:
            _compare(previous, _assessment_of(result), parsed.get("who") if spool else None)
    started = time.monotonic()
    interrupted = finished = False
    try:
        with ScanProgress(
            sources.progress.total_bytes, quiet=options.quiet, every=options.progress_every
        ) as progress:
            records = sources.records(skip=lines.existing)
            chunks = _chunks(records, options.chunk_records, options.limits.max_bytes)
            for outcomes in executor.map_ordered(chunks):
                if previous is not None:
                    outcomes = [_tracked(previous, o, options) for o in outcomes]
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


def _compare(
    previous: PreviousScan, result: dict[str, Any], who: dict[str, Any] | None
) -> tuple[list[tuple[str, str]], list[dict[str, Any]]] | None:
    if "error" in result:
        previous.not_evaluated(result.get("patient"))
        return None
    return previous.compare(result, who)


def _tracked(previous: PreviousScan, outcome: Outcome, options: ScanOptions) -> Outcome:
    """The outcome with ``since`` on each task, and its states and resolved tasks beside it."""
    result = orjson.loads(outcome.line)
    who = orjson.loads(outcome.who) if outcome.who else None
    compared = _compare(previous, result, who)
    if options.format == "fhir":  # the worker gave the assessment: make the FHIR line here
        if compared is None:
            error = result["error"]
            line = record_refused(error["message"], error["problems"], result["source"])
        else:
            names = who["owners"] if who else None
            line = workflow_bundle(result, options.ruleset, names=names)
        return replace(outcome, line=orjson.dumps(line), who=None)
    if compared is None:
        return outcome
    states, resolved = compared
    return replace(
        outcome,
        line=assessment_json(result),
        who=outcome.who if options.format in ("csv", "html") else None,
        track=orjson.dumps({"states": states, "resolved": resolved}),
    )


def _assessment_of(line: dict[str, Any]) -> dict[str, Any]:
    """A resumed line as an assessment to compare: a FHIR line's tasks are not compared."""
    if line.get("resourceType") == "Bundle":
        return {"patient": None, "as_of": "", "findings": [], "tasks": [], "error": "fhir"}
    return line


class _FolderAssessments:
    """A folder of pages keeps the scan's NDJSON of assessments beside them, for the next
    month's ``--previous FOLDER/assessments.ndjson``: the contract's lines, as --format
    ndjson writes them (with ``since`` when this scan had a previous one)."""

    def __init__(self, folder: Path | None, spool: Path) -> None:
        self.path = folder / ASSESSMENTS_FILE if folder is not None else None
        self.spool = spool
        self._handle = None
        if self.path is not None:
            try:
                self._handle = open_no_link(self.path, "wb")
            except OSError as error:
                raise OutputError.from_os(str(self.path), error, kept=str(spool)) from None

    def write(self, result: dict[str, Any]) -> None:
        if self._handle is not None:
            try:
                self._handle.write(orjson.dumps(result) + b"\n")
            except OSError as error:
                raise OutputError.from_os(str(self.path), error, kept=str(self.spool)) from None

    def close(self) -> None:
        if self._handle is not None:
            try:
                self._handle.close()
            except OSError as error:
                raise OutputError.from_os(str(self.path), error, kept=str(self.spool)) from None


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


def _render(
    options: ScanOptions,
    summary: ScanSummary,
    spool_path: Path,
    gone: list[dict[str, Any]],
    previous: PreviousScan | None,
) -> None:
    """The CSV worklist or the HTML pages, from the spool (and the patients gone)."""
    totals = ReportTotals()
    counted = False
    folder = options.out if options.folder else None
    if folder is not None:
        try:
            folder.mkdir(exist_ok=True)
        except OSError as error:
            raise OutputError.from_os(str(folder), error, kept=str(spool_path)) from None
    kept_lines = _FolderAssessments(folder, spool_path)

    def rows() -> Iterator[Row]:
        nonlocal counted
        with spool_path.open("rb") as handle:
            for line in handle:
                spooled = orjson.loads(line)
                if not counted:
                    totals.add(spooled["result"])
                    kept_lines.write(spooled["result"])
                yield from rows_of(spooled, options.ruleset)
        if not counted:
            kept_lines.close()
        counted = True
        for task in gone:
            yield resolved_row(task, {}, {}, options.ruleset)

    kept = spool_path if options.out is not None else None  # else a temporary file
    context = PageContext(
        options.as_of,
        options.ruleset,
        summary,
        totals,
        previous.tally if previous else None,
        previous.as_of if previous else None,
    )
    with temporary_workdir() as workdir:
        if options.format == "csv":
            with text_output(options.out, kept=kept) as handle:
                write_csv(sorted_rows(rows(), Path(workdir)), handle)
        elif options.folder and options.out is not None:
            # sorted_rows reads the whole spool before its first row: the totals are complete.
            write_folder(
                options.out,
                sorted_rows(rows(), Path(workdir), by_owner),
                sorted_rows(rows(), Path(workdir), by_home),
                context,
                lambda path: text_output(path, kept=kept, in_folder=True),
            )
        else:
            page = render_single(sorted_rows(rows(), Path(workdir)), context)
            with text_output(options.out, kept=kept) as handle:
                handle.write(page)
