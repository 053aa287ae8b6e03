"""Reading a patient's input: a file (``.json`` or gzip-compressed), or standard input."""

from __future__ import annotations

import gzip
import sys
import zlib
from pathlib import Path
from typing import Any

import orjson

from medreview.errors import InputError, InputProblem

_GZIP_MAGIC = b"\x1f\x8b"


def read_bytes(path: str | Path) -> bytes:
    """The raw bytes of ``path`` (``-`` is standard input), decompressed if gzip."""
    name = str(path)
    try:
        raw = sys.stdin.buffer.read() if name == "-" else Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError([InputProblem("no such file")], source_name(path)) from None
    except IsADirectoryError:
        raise InputError(
            [InputProblem("is a folder; check takes one bundle file (scan reads folders)")],
            source_name(path),
        ) from None
    except OSError as error:
        raise InputError([InputProblem(f"cannot read: {error.strerror}")], name) from None
    if raw.startswith(_GZIP_MAGIC):
        try:
            return gzip.decompress(raw)
        except (OSError, EOFError, zlib.error) as error:
            raise InputError(
                [InputProblem(f"not a readable gzip file ({error})")], source_name(path)
            ) from None
    return raw


def parse_json(raw: bytes | str, source: str | None = None) -> Any:
    """Parse JSON, or refuse it saying where it breaks."""
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError as error:
        reason = "not JSON: the input is empty" if not raw.strip() else f"not JSON: {error}"
        raise InputError([InputProblem(reason)], source) from None


def load_document(path: str | Path) -> Any:
    """Read and parse one JSON document from ``path``."""
    return parse_json(read_bytes(path), source_name(path))


def source_name(path: str | Path) -> str:
    return "<stdin>" if str(path) == "-" else str(path)
