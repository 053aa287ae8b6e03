"""The scan's line-per-record file: written in input order, safe to interrupt, resumable.

Each record's line is written whole, with its newline, and flushed chunk by
chunk: if the scan is interrupted or killed, every complete line in the file is
valid, and at most the last line is cut short. ``--resume`` cuts that line off,
counts the complete ones, and the scan skips exactly that many records.

For ``--format ndjson`` this file is the output itself. For CSV and HTML it is a
spool (``OUT.partial.ndjson``) whose lines also carry each patient's masked CPR,
from which the worklist and the report are made at the end.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

import orjson

from medreview.scan.work import Outcome


class LineFile:
    """An output of one JSON line per record."""

    def __init__(self, path: Path | None, *, resume: bool, spool: bool) -> None:
        self.path = path
        self.spool = spool
        self.existing = 0
        self._handle: BinaryIO
        if path is None:
            self._handle = sys.stdout.buffer
        elif resume and path.exists():
            self.existing = _cut_to_complete_lines(path)
            self._handle = path.open("ab")
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._handle = path.open("wb")

    def existing_lines(self) -> Iterator[bytes]:
        """The complete lines a resumed scan found, as they are in the file."""
        if self.path is None or not self.existing:
            return
        with self.path.open("rb") as handle:
            for number, line in enumerate(handle):
                if number >= self.existing:
                    break
                yield line.rstrip(b"\n")

    def write(self, outcomes: list[Outcome]) -> None:
        if self.spool:
            data = b"".join(
                b'{"cpr":' + orjson.dumps(o.cpr) + b',"result":' + o.line + b"}\n" for o in outcomes
            )
        else:
            data = b"".join(o.line + b"\n" for o in outcomes)
        self._handle.write(data)
        self._handle.flush()

    def close(self) -> None:
        if self.path is not None:
            self._handle.flush()
            os.fsync(self._handle.fileno())
            self._handle.close()
        else:
            self._handle.flush()


def unwrap(line: bytes, *, spool: bool) -> bytes:
    """The record's own JSON line (without the spool's envelope)."""
    if not spool:
        return line
    return orjson.dumps(orjson.loads(line)["result"])


def _cut_to_complete_lines(path: Path) -> int:
    """Cut off a last line that a kill left unfinished; return the complete lines' count."""
    size = path.stat().st_size
    with path.open("r+b") as handle:
        complete = 0
        end = 0
        offset = 0
        while chunk := handle.read(1 << 20):
            newlines = chunk.count(b"\n")
            if newlines:
                complete += newlines
                end = offset + chunk.rfind(b"\n") + 1
            offset += len(chunk)
        if end != size:
            handle.truncate(end)
    return complete
