"""Reading NDJSON (``.ndjson``, ``.ndjson.gz``) a line at a time, counting the bytes read."""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, Protocol, cast

from medreview.limits import DEFAULT_MAX_BYTES
from medreview.source import CHUNK


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
    with path.open("rb") as raw_file:
        handle = cast(
            BinaryIO, gzip.GzipFile(fileobj=raw_file) if path.name.endswith(".gz") else raw_file
        )
        start = raw_file.tell()
        number = 0
        while line := handle.readline(max_bytes + 2):  # the longest line, and its line end
            number += 1
            text = line.rstrip(b"\r\n")
            too_long = len(text) > max_bytes
            if too_long:
                _skip_line(handle, line)
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
