"""Every bundle the readers are tried on (the samples and the real data beside them), and
what a reader makes of one."""

from __future__ import annotations

import gzip
from pathlib import Path

import orjson
from conftest import REALDATA, SAMPLES

from medreview import InputError
from medreview.card.model import Card
from medreview.read.readers import read_fast, read_full

CORPUS = sorted(SAMPLES.glob("*.json")) + sorted(
    path
    for folder in ("dk", "synthea-smart-r4", "hl7-r4-examples")
    for path in (REALDATA / folder).glob("*.json*")
    if path.name.endswith((".json", ".json.gz"))
)


def raw_of(path: Path) -> bytes:
    """A file's JSON bytes, unzipped where it is gzip."""
    raw = path.read_bytes()
    return gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw


def outcome(reader: str, raw: bytes) -> Card | tuple[str, ...]:
    """The card a reader makes, or the problems it refuses the bundle with."""
    try:
        return read_full(orjson.loads(raw)) if reader == "full" else read_fast(raw)
    except InputError as error:
        return tuple(str(problem) for problem in error.problems)
