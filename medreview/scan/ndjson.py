"""Reading NDJSON (``.ndjson``, ``.ndjson.gz``) a line at a time, counting the bytes read."""

from __future__ import annotations

import gzip
import io
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, Protocol, cast

from medreview.read.limits import DEFAULT_MAX_BYTES
from medreview.read.source import CHUNK

STDIN = "-"  # as a path: NDJSON read from standard input
# A bundle's line is often longer than the default 8 KiB buffer, and readline then reads
# and joins it piece by piece: 64 KiB made reading a 15 KiB line four times faster.
READ_BUFFER = 1 << 16
GZIP_MAGIC = b"\x1f\x8b"


class Progress(Protocol):
    done_bytes: int


def ndjson_lines(
    path: Path, progress: Progress, *, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[tuple[int, bytes | None]]:
    """The non-blank lines of ``path``, numbered from 1, without their line ends.

    A line longer than ``max_bytes`` is given as None, and the rest of it is
    passed over a chunk at a time, never held whole.

    ``progress.done_bytes`` grows with the bytes read from disk (compressed, for
    .gz), so that a progress bar can measure a scan against the input's size.
    A truncated .gz file raises EOFError where it breaks off.
    """
    if str(path) == STDIN:
        yield from _lines(sys.stdin.buffer, None, max_bytes=max_bytes)
        return
    with path.open("rb", buffering=READ_BUFFER) as raw_file:
        yield from _lines(raw_file, progress, max_bytes=max_bytes, gz=path.name.endswith(".gz"))


def _lines(
    raw_file: BinaryIO, progress: Progress | None, *, max_bytes: int, gz: bool | None = None
) -> Iterator[tuple[int, bytes | None]]:
    """The lines of an open file; ``gz`` None: gzip if it starts as gzip does (a pipe)."""
    if gz is None:
        if not hasattr(raw_file, "peek"):
            raw_file = cast(BinaryIO, io.BufferedReader(cast(io.RawIOBase, raw_file)))
        gz = cast(io.BufferedReader, raw_file).peek(2)[:2] == GZIP_MAGIC
    handle = cast(BinaryIO, gzip.GzipFile(fileobj=raw_file) if gz else raw_file)
    start = raw_file.tell() if progress is not None else 0
    number = 0
    while line := handle.readline(max_bytes + 2):  # the longest line, and its line end
        number += 1
        text = line.rstrip(b"\r\n")
        too_long = len(text) > max_bytes
        if too_long:
            _skip_line(handle, line)
        if progress is not None:  # a pipe's size is not known: no share of it is shown
            done = raw_file.tell()
            progress.done_bytes += done - start
            start = done
        if too_long:
            yield number, None
        elif text.strip():
            yield number, text


def _skip_line(handle: BinaryIO, read: bytes) -> None:
    """Read on to the end of a line already ``read`` in part."""
    while not read.endswith(b"\n") and (read := handle.readline(CHUNK)):
        pass
