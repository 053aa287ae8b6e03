"""The scan's line-per-record file: written in input order, safe to interrupt, resumable.

Each record's line is written whole, with its newline, chunk by chunk: if the
scan is interrupted or killed, every complete line in the file is valid, and at
most the last line is cut short. ``--resume`` cuts that line off, counts the
complete ones, and the scan skips exactly that many records.

When a write fails (disk full, file too large, read-only), the file is cut back
to the end of its last complete line at once, and :class:`OutputError` says how
many complete records it holds, from which ``--resume`` goes on.

For ``--format ndjson`` this file is the output itself. For CSV and HTML it is a
spool (``OUT.partial.ndjson``) whose lines also carry each patient's masked CPR, the
worklist context (names, nursing home: scan/people.py) and, with ``--previous``, each
task's state and the tasks gone, from which the worklist and the pages are made at the end.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, BinaryIO

import orjson

from medreview.errors import MedreviewError, OutputError
from medreview.scan.work import Outcome


class LineFile:
    """An output of one JSON line per record."""

    def __init__(self, path: Path | None, *, resume: bool, spool: bool) -> None:
        self.path = path
        self.spool = spool
        self.existing = 0
        self.written = 0  # complete lines written by this scan
        self._failed = False
        self._handle: BinaryIO
        if path is None:
            self._handle = sys.stdout.buffer
            return
        try:
            if resume and path.exists():
                self.existing = _cut_to_complete_lines(path)
                handle = path.open("ab", buffering=0)
            else:
                handle = path.open("wb", buffering=0)  # unbuffered: each write is whole lines
        except OSError as error:
            raise OutputError.from_os(str(path), error) from None
        self._handle = handle
        info = os.fstat(handle.fileno())
        self._regular = stat.S_ISREG(info.st_mode)
        self._end = info.st_size if self._regular else 0  # where the complete lines end

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
                b'{"cpr":'
                + orjson.dumps(o.cpr)
                + b',"who":'
                + (o.who or b"null")
                + b',"track":'
                + (o.track or b"null")
                + b',"result":'
                + o.line
                + b"}\n"
                for o in outcomes
            )
        else:
            data = b"".join(o.line + b"\n" for o in outcomes)
        if self.path is None:
            try:
                self._handle.write(data)
                self._handle.flush()
            except OSError as error:
                self._failed = True
                raise OutputError.from_os(None, error) from None
            return
        done = 0
        try:
            while done < len(data):
                done += self._handle.write(memoryview(data)[done:])
        except OSError as error:
            self._failed = True
            raise OutputError.from_os(
                str(self.path), error, complete=self._cut_back(data[:done])
            ) from None
        self._end += len(data)
        self.written += len(outcomes)

    def _cut_back(self, written: bytes) -> int | None:
        """Cut a failed write back to its last whole line; the complete lines' count, if known."""
        if not self._regular:  # a device or a pipe: what went out cannot be taken back
            return None
        try:
            os.ftruncate(self._handle.fileno(), self._end + written.rfind(b"\n") + 1)
        except OSError:
            return None
        return self.existing + self.written + written.count(b"\n")

    def close(self) -> None:
        if self.path is None:
            if not self._failed:
                try:
                    self._handle.flush()
                except OSError as error:
                    raise OutputError.from_os(None, error) from None
            return
        try:
            if self._regular and not self._failed:
                os.fsync(self._handle.fileno())
        except OSError as error:
            raise OutputError.from_os(str(self.path), error) from None
        finally:
            self._handle.close()


class _WriteFailed(MedreviewError):
    def __init__(self, error: OSError) -> None:
        super().__init__(error)
        self.error = error


class TextOutput:
    """A text output whose failed writes are told apart from any other error."""

    def __init__(self, handle: IO[str]) -> None:
        self._handle = handle

    def write(self, text: str) -> int:
        try:
            return self._handle.write(text)
        except OSError as error:
            raise _WriteFailed(error) from None

    def finish(self, *, close: bool) -> None:
        """Write out what is buffered (and close)."""
        try:
            if close:
                self._handle.close()
            else:
                self._handle.flush()
        except OSError as error:
            raise _WriteFailed(error) from None


@contextlib.contextmanager
def text_output(
    path: Path | None, *, kept: Path | None, in_folder: bool = False
) -> Iterator[TextOutput]:
    """The CSV or HTML output, to write whole; if that fails, nothing incomplete is left.

    A file that is not written in full is removed (a worklist missing its last
    rows would look complete); OutputError names ``kept``, the spool it can be
    made again from. A page of a folder (``in_folder``) is never written through a
    symbolic link: one planted in the folder would send it elsewhere.
    """
    if path is None:
        output = TextOutput(sys.stdout)
        try:
            yield output
            output.finish(close=False)
        except _WriteFailed as failed:
            raise OutputError.from_os(None, failed.error) from None
        return
    try:
        handle = open_no_link(path) if in_folder else path.open("w", encoding="utf-8", newline="")
    except OSError as error:
        raise OutputError.from_os(str(path), error, kept=str(kept) if kept else None) from None
    regular = stat.S_ISREG(os.fstat(handle.fileno()).st_mode)  # never remove /dev/full
    output = TextOutput(handle)
    try:
        yield output
        output.finish(close=True)
    except BaseException as failed:
        with contextlib.suppress(OSError):
            handle.close()  # its buffer may fail to flush again
        if regular:
            with contextlib.suppress(OSError):
                path.unlink()
        if isinstance(failed, _WriteFailed):
            raise OutputError.from_os(
                str(path), failed.error, kept=str(kept) if kept else None
            ) from None
        raise


def open_no_link(path: Path, mode: str = "w") -> IO[Any]:
    """``path`` opened for writing ("w" text, "wb" bytes), refusing a symbolic link."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0)
    try:
        descriptor = os.open(path, flags, 0o666)
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise OSError(
                error.errno, "a symbolic link; medreview writes a folder's pages only as files"
            ) from None
        raise
    if mode == "wb":
        return os.fdopen(descriptor, "wb")
    return os.fdopen(descriptor, "w", encoding="utf-8", newline="")


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
