"""Reading NDJSON (``.ndjson``, ``.ndjson.gz``) a line at a time, counting the bytes read."""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, Protocol, cast


class Progress(Protocol):
    done_bytes: int


def ndjson_lines(path: Path, progress: Progress) -> Iterator[tuple[int, bytes]]:
    """The non-blank lines of ``path``, numbered from 1, without their line ends.

    ``progress.done_bytes`` grows with the bytes read from disk (compressed, for
    .gz), so that a progress bar can measure a scan against the input's size.
    A truncated .gz file raises EOFError where it breaks off.
    """
    with path.open("rb") as raw_file:
        handle = cast(
            BinaryIO, gzip.GzipFile(fileobj=raw_file) if path.name.endswith(".gz") else raw_file
        )
        start = raw_file.tell()
        for number, line in enumerate(handle, start=1):
            done = raw_file.tell()
            progress.done_bytes += done - start
            start = done
            if line.strip():
                yield number, line.rstrip(b"\r\n")
