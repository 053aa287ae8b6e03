"""Reading a patient's input: a file (``.json`` or gzip-compressed), or standard input.

Never more than ``max_bytes`` of JSON is held (:mod:`medreview.read.limits`): a plain
file's size is checked before it is read, and gzip is inflated a chunk at a time,
stopping as soon as the limit is passed.
"""

from __future__ import annotations

import gzip
import io
import os
import re
import stat
import sys
import zlib
from pathlib import Path
from typing import Any, BinaryIO

import orjson

from medreview.errors import InputError, InputProblem
from medreview.read.decoding import count_entries
from medreview.read.fhir_validation import check_is_bundle
from medreview.read.limits import (
    DEFAULT_LIMITS,
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_ENTRIES,
    Limits,
    too_many_bytes,
    too_many_entries,
)

_GZIP_MAGIC = b"\x1f\x8b"
CHUNK = 1 << 20
_ARRAY = re.compile(rb"[ \t\r\n]*\[")  # JSON's whitespace, then an array's opening bracket
_ARRAY_TEXT = re.compile(r"[ \t\r\n]*\[")


def read_bytes(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The raw bytes of ``path`` (``-`` is standard input), decompressed if gzip.

    InputTooLarge, having read no further, if there are more than ``max_bytes``.
    """
    name = source_name(path)
    try:
        if str(path) == "-":
            return _read_limited(sys.stdin.buffer, max_bytes, name)
        with Path(path).open("rb") as handle:
            info = os.fstat(handle.fileno())
            size = info.st_size if stat.S_ISREG(info.st_mode) else None
            return _read_limited(handle, max_bytes, name, size)
    except FileNotFoundError:
        raise InputError([InputProblem("no such file")], name) from None
    except IsADirectoryError:
        raise InputError(
            [InputProblem("is a folder; check takes one bundle file (scan reads folders)")], name
        ) from None
    except OSError as error:
        raise InputError([InputProblem(f"cannot read: {error.strerror}")], name) from None


def _read_limited(stream: BinaryIO, max_bytes: int, name: str, size: int | None = None) -> bytes:
    """All of ``stream``, inflated if it is gzip, if that is at most ``max_bytes``.

    ``size`` is the stream's, where it is known: a plain file too large is refused unread.
    """
    head = stream.read(2)
    if head == _GZIP_MAGIC:
        try:
            with gzip.GzipFile(mode="rb", fileobj=_Rejoined(head, stream)) as inflating:
                data = _take(inflating, max_bytes)
        except (OSError, EOFError, zlib.error) as error:
            raise InputError([InputProblem(f"not a readable gzip file ({error})")], name) from None
        if data is None:
            raise too_many_bytes(max_bytes, how="inflates to").with_source(name)
        return data
    if size is not None and size > max_bytes:
        raise too_many_bytes(max_bytes, found=size, then="not read").with_source(name)
    rest = _take(stream, max_bytes - len(head))
    if rest is None:
        raise too_many_bytes(max_bytes).with_source(name)
    return head + rest


def _take(stream: BinaryIO | gzip.GzipFile, limit: int) -> bytes | None:
    """All of ``stream`` if it holds at most ``limit`` bytes, else None (one byte more read)."""
    buffer = io.BytesIO()
    while chunk := stream.read(min(CHUNK, limit + 1 - buffer.tell())):
        buffer.write(chunk)
        if buffer.tell() > limit:
            return None
    return buffer.getvalue()  # no copy: BytesIO hands over its buffer


class _Rejoined:
    """A stream whose first bytes were read to tell what it is, with them put back."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        self._head, self._rest = head, rest

    def read(self, size: int = -1) -> bytes:
        if not self._head:
            return self._rest.read(size)
        cut = len(self._head) if size < 0 else size
        part, self._head = self._head[:cut], self._head[cut:]
        return part

    def seek(self, offset: int, /) -> int:
        raise io.UnsupportedOperation("read once, from the start")  # gzip seeks only to rewind


def parse_json(raw: bytes | str, source: str | None = None) -> Any:
    """Parse JSON, or refuse it saying where it breaks."""
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError as error:
        reason = "not JSON: the input is empty" if not raw.strip() else f"not JSON: {error}"
        raise InputError([InputProblem(reason)], source) from None


def is_json_array(raw: bytes | str) -> bool:
    """Whether ``raw`` holds a JSON array (or starts as one), from its first byte alone."""
    if isinstance(raw, str):
        return _ARRAY_TEXT.match(raw) is not None
    return _ARRAY.match(raw) is not None


def parse_bundle(
    raw: bytes | str, source: str | None = None, *, max_entries: int = DEFAULT_MAX_ENTRIES
) -> Any:
    """Parse a Bundle's JSON, refusing first, from the bytes, what is not worth building.

    An array (a Bundle is an object), and a bundle of more than ``max_entries``
    entries: 64 MB of JSON costs half a gigabyte of Python objects.
    """
    try:
        if is_json_array(raw):
            check_is_bundle([])  # the words it gives for a parsed array
        count = count_entries(raw)
        if count is not None and count > max_entries:
            raise too_many_entries(count, max_entries)
    except InputError as error:
        raise error.with_source(source) if source else error from None
    return parse_json(raw, source)


def load_document(path: str | Path, *, limits: Limits = DEFAULT_LIMITS) -> Any:
    """Read and parse one Bundle's JSON from ``path``, within ``limits``."""
    raw = read_bytes(path, max_bytes=limits.max_bytes)
    return parse_bundle(raw, source_name(path), max_entries=limits.max_entries)


def source_name(path: str | Path) -> str:
    return "<stdin>" if str(path) == "-" else str(path)
