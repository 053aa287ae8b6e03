"""What a scan reads: patient records, one by one, in a fixed order, from any mix of inputs.

- a bundle file (``.json``, ``.json.gz``): one record;
- an NDJSON file of bundles (``.ndjson``, ``.ndjson.gz``), or ``-`` for standard input
  (plain or gzip): one record per line;
- a folder: every such file below it, in name order; or, if it holds
  ``Patient.ndjson`` / ``Patient.000.ndjson`` files, a FHIR Bulk Data export
  (see :mod:`medreview.scan.bulk_export`).

Records are numbered from 0 across all inputs, in the order the inputs were
given; a scan's output keeps that order, which is what lets ``--resume`` skip
exactly the records already written. Nothing read is lost: a line that cannot be
read, or that is longer than ``--max-bytes`` (:mod:`medreview.read.limits`), becomes a
record that carries its problem instead of a bundle.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from medreview.errors import InputError, ScanError
from medreview.read.limits import DEFAULT_LIMITS, Limits, too_many_bytes
from medreview.read.source import read_bytes, source_name
from medreview.scan.bulk_export import BulkExport, is_bulk_export
from medreview.scan.ndjson import STDIN, ndjson_lines

BUNDLE_SUFFIXES = (".json", ".json.gz")
NDJSON_SUFFIXES = (".ndjson", ".ndjson.gz")


@dataclass(frozen=True, slots=True)
class Record:
    """One patient's input, or the reason it could not be read."""

    position: int
    source: str  # "path" for a bundle file, "path:line" for a line of an NDJSON file
    raw: bytes | None  # the Bundle's JSON; None when ``problem`` says why there is none
    problem: str | None = None
    patient: str | None = None  # a reference to the patient, where it is known
    shared: int | None = None  # which export's shared resources it refers to


@dataclass
class ReadProgress:
    """How far the scan has read, in bytes of input (compressed bytes for .gz)."""

    total_bytes: int = 0
    done_bytes: int = 0
    notes: list[str] = field(default_factory=list)  # what was read but not used, for the summary


class InputNotFound(ScanError):
    """A path given to scan does not exist or holds nothing medreview reads."""


@dataclass(frozen=True, slots=True)
class _Input:
    kind: str  # "bundle", "ndjson" or "bulk"
    path: Path


def discover(paths: Sequence[Path]) -> list[_Input]:
    """The inputs behind ``paths``, in order; InputNotFound names the first bad path."""
    found: list[_Input] = []
    if sum(1 for path in paths if str(path) == STDIN) > 1:
        raise InputNotFound("-: standard input can be read once; give - only once")
    for path in paths:
        if str(path) == STDIN:  # NDJSON of bundles, as from `zcat export.ndjson.gz |`
            found.append(_Input("ndjson", path))
            continue
        if not path.exists():
            raise InputNotFound(f"{path}: no such file or folder")
        if path.is_dir():
            if is_bulk_export(path):
                found.append(_Input("bulk", path))
                continue
            inside = [
                p
                for p in sorted(path.rglob("*"))
                if p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
                and p.name.endswith(BUNDLE_SUFFIXES + NDJSON_SUFFIXES)
            ]
            if not inside:
                raise InputNotFound(
                    f"{path}: holds no .json, .json.gz, .ndjson or .ndjson.gz files "
                    "and is not a Bulk Data export"
                )
            found.extend(_Input(_kind(p), p) for p in inside)
        elif path.name.endswith(BUNDLE_SUFFIXES + NDJSON_SUFFIXES):
            found.append(_Input(_kind(path), path))
        else:
            raise InputNotFound(
                f"{path}: not a .json, .json.gz, .ndjson or .ndjson.gz file, nor a folder"
            )
    return found


def _kind(path: Path) -> str:
    return "ndjson" if path.name.endswith(NDJSON_SUFFIXES) else "bundle"


class Sources:
    """The records of a scan's inputs, with the shared resources of its exports."""

    def __init__(self, paths: Sequence[Path], limits: Limits = DEFAULT_LIMITS) -> None:
        self.inputs = discover(paths)
        self.limits = limits
        self.progress = ReadProgress(total_bytes=sum(_size(i) for i in self.inputs))
        # An export's shared resources are read now: every worker needs them from the start.
        self.exports = {
            source.path: BulkExport(source.path, self.progress, self.limits)
            for source in self.inputs
            if source.kind == "bulk"
        }

    def shared_resources(self) -> tuple[tuple[bytes, ...], ...]:
        """Per export, its shared resources (organisations, practitioners...) as JSON lines."""
        return tuple(export.shared_lines for export in self.exports.values())

    def records(self, skip: int = 0) -> Iterator[Record]:
        """Every record in order, the first ``skip`` of them passed over unread."""
        position = 0
        for source in self.inputs:
            if source.kind == "bundle":
                if position >= skip:
                    yield _bundle_file(source.path, position, self.limits.max_bytes)
                position += 1
                self.progress.done_bytes += _size(source)
            elif source.kind == "ndjson":
                for where, line, problem in self._ndjson_lines(source.path):
                    if position >= skip:
                        yield Record(position, where, line, problem)
                    position += 1
            else:
                shared = list(self.exports).index(source.path)
                for item in self.exports[source.path].patients():
                    if position >= skip:
                        yield Record(
                            position, item.source, item.raw, item.problem, item.patient, shared
                        )
                    position += 1

    def _ndjson_lines(self, path: Path) -> Iterator[tuple[str, bytes | None, str | None]]:
        """(source, line, problem) for each line of an NDJSON file, and where it breaks off."""
        max_bytes = self.limits.max_bytes
        name = source_name(path)  # "<stdin>" for -, as check says
        try:
            for number, line in ndjson_lines(path, self.progress, max_bytes=max_bytes):
                if line is None:
                    (problem,) = too_many_bytes(
                        max_bytes, how="the line is", then="skipped"
                    ).problems
                    yield f"{name}:{number}", None, str(problem)
                else:
                    yield f"{name}:{number}", line, None
        except (OSError, EOFError, zlib.error) as error:
            # Say so, as a record, and go on with the next input.
            yield name, None, f"cannot read further ({error})"


def _bundle_file(path: Path, position: int, max_bytes: int) -> Record:
    try:
        raw = read_bytes(path, max_bytes=max_bytes)
    except InputError as error:
        return Record(position, str(path), None, "; ".join(str(p) for p in error.problems))
    return Record(position, str(path), raw)


def _size(source: _Input) -> int:
    if str(source.path) == STDIN:
        return 0  # not known
    if source.kind == "bulk":
        return sum(p.stat().st_size for p in source.path.iterdir() if p.is_file())
    return source.path.stat().st_size
